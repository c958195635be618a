// Registration demo data. The summit sells five ticket types, asks four questions, knows
// its network members and two promo codes, and has about 150 registrations in every state,
// bought over the last 45 days so the sales dashboard has a curve. The boot camp is sold
// out with a waiting list. Everything is fictional and comes from one seeded generator, so
// every seed is the same. Orders are built in memory and inserted in a few statements
// (ordersFactory), so the first `npm start` stays quick; seat counters move only through
// takeSeats, never by hand.

import type { AccessibilityNeed, OrderStatus, RegistrationStatus } from "~/generated/prisma/enums.ts";
import { validUntilInstant } from "~/modules/registration/network-member.schema.ts";
import { type PriceList, priceSeats } from "~/modules/registration/pricing.ts";
import type { PromoForPricing } from "~/modules/registration/promo-codes.server.ts";
import { redeemPromoCode } from "~/modules/registration/promo-codes.server.ts";
import type { DbTx } from "~/shared/db.server.ts";
import {
  type OrderRows,
  ordersFactory,
  promoCodeFactory,
  refundFactory,
  registrationQuestionFactory,
  registrationSettingsFactory,
  ticketTypeFactory,
  transferredRegistrationFactory,
  waitlistEntryFactory,
} from "../tests/factories/index.ts";

export const DEMO_SALES_DAYS = 45;
export const DEMO_PROMO_CODES = { earlyBird: "EARLYBIRD", speaker: "SPEAKER100" } as const;
/** The organisation member: everyone with an email at this domain pays member prices. */
export const DEMO_MEMBER_DOMAIN = "lakeshorehealth.example";
export const DEMO_BOOT_CAMP_SEATS = 24;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** mulberry32: a small seeded generator, so the demo is the same on every machine. */
export function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    between: (min: number, max: number) => min + int(max - min + 1),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)],
  };
}
export type Random = ReturnType<typeof generator>;

export const FIRST_NAMES = (
  "Aaliyah Abdul Adaeze Ana Andrea Anil Beatriz Ben Camila Chidi Chloe Daniel Deepa Diego Elif Emily " +
  "Emeka Fatima Gabriel Grace Hana Hiroshi Ines Isaac Jada James Jin Joanna Jorge Kavya Keith Lakshmi " +
  "Laura Leon Lucia Malik Marcus Maria Mei Michael Mira Nadia Naomi Nikhil Olga Omar Patrick Quinn " +
  "Rachel Rafael Rosa Samir Sarah Sean Tamara Thanh Tyrone Valentina Yusuf Zoe"
).split(" ");
export const LAST_NAMES = (
  "Abernathy Adeyemi Aguilar Andersen Baptiste Bennett Brennan Castillo Chaudhry Cohen Dubois Ekwueme " +
  "Fischer Fontaine Garcia Gupta Haddad Hansen Ibrahim Ito Jablonski Johnson Kaur Kim Kowalczyk Larsen " +
  "Lee Lopez MacLeod Mahmoud Martin Moreau Nakamura Nguyen Novak O'Brien Okonkwo Olsen Park Patel " +
  "Pereira Quintero Reyes Richter Rossi Sato Schmidt Shapiro Silva Singh Sokolova Tanaka Thompson " +
  "Torres Tran Vasquez Walker Washington Williams Yilmaz"
).split(" ");

type Organisation = { name: string; domain: string; students?: boolean };
const ORGANISATIONS: Organisation[] = [
  { name: "Lakeshore Regional Health", domain: DEMO_MEMBER_DOMAIN },
  { name: "Coastal Children's Hospital", domain: "coastalchildrens.example" },
  { name: "Northfield College of Nursing", domain: "northfield.example", students: true },
  { name: "Riverbend Family Clinic", domain: "riverbendclinic.example" },
  { name: "Pinecrest Health", domain: "pinecresthealth.example" },
  { name: "Bayside Cancer Institute", domain: "baysidecancer.example" },
  { name: "Ironwood Medical Center", domain: "ironwoodmedical.example" },
  { name: "Eastbrook University", domain: "eastbrook.example", students: true },
  { name: "Valle Verde Health Collective", domain: "valleverde.example" },
  { name: "Willow Creek Health", domain: "willowcreek.example" },
  { name: "Crescent Community Pharmacy", domain: "crescentpharmacy.example" },
];
/** Patients, caregivers and independents register with personal addresses and no organisation. */
const PERSONAL: Organisation = { name: "", domain: "mail.example" };

type Person = { name: string; email: string; organisation: string; patientOrCaregiver: boolean; member: boolean };

/** Makes up people with unique addresses at the given organisation; `memberEmails` learns the members. */
function people(random: Random, taken: Set<string>) {
  return (org: Organisation, memberEmails: Set<string>): Person => {
    for (;;) {
      const first = random.pick(FIRST_NAMES);
      const last = random.pick(LAST_NAMES);
      const local = `${first}.${last}`
        .normalize("NFD")
        .replace(/[^A-Za-z.]/g, "")
        .toLowerCase();
      const email = `${local}@${org.domain}`;
      if (taken.has(email)) continue;
      taken.add(email);
      // Like findMemberEmails: everyone at the member organisation's domain is a member.
      if (org.domain === DEMO_MEMBER_DOMAIN) memberEmails.add(email);
      return {
        name: `${first} ${last}`,
        email,
        organisation: org.name,
        patientOrCaregiver: org === PERSONAL,
        member: memberEmails.has(email),
      };
    }
  };
}

const QUESTIONS = {
  heard: {
    label: "How did you hear about us?",
    kind: "SINGLE_CHOICE",
    options: ["A colleague", "Social media", "Email newsletter", "Our website", "I came last year", "Somewhere else"],
    required: true,
  },
  workshops: {
    label: "Which workshops interest you?",
    help: "Workshop seats are limited; this helps us choose rooms. You can still reserve seats on the agenda.",
    kind: "MULTI_CHOICE",
    options: [
      "Short video for clinicians",
      "Writing in plain language",
      "Moderating online communities",
      "Measuring what matters",
      "Crisis communication",
    ],
    required: false,
  },
  patient: {
    label: "Are you a patient or caregiver?",
    help: "We invite patients and caregivers to a meet-up on the first evening. It never appears on your badge.",
    kind: "YES_NO",
    options: [],
    required: false,
  },
  notes: { label: "Anything else we should know?", kind: "TEXT", options: [], required: false },
} as const;

const NOTES = [
  "First time at the summit — excited!",
  "I may need to leave early on the last day.",
  "Happy to help with the patient meet-up.",
  "Please send the invoice to our accounts team.",
  "Travelling with a colleague on a different ticket.",
];

const DIETARY_NOTES = ["Vegetarian", "Vegan", "Gluten-free (coeliac)", "Severe nut allergy", "Halal", "Kosher"];
const OTHER_NOTES = [
  "I use a wheelchair; an aisle seat near the front, please.",
  "Large-print handouts would help.",
  "I may need to step out for medication at set times.",
];
const SIMPLE_NEEDS: AccessibilityNeed[] = ["STEP_FREE", "CAPTIONING_ASL", "QUIET_ROOM", "SERVICE_ANIMAL"];

type TicketKey = "inPerson" | "member" | "student" | "virtual" | "complimentary";
type Tickets = Record<TicketKey, string>;

/** What an attendee tells the form: answers, ~15% with accessibility needs, ~10% saying no to photos. */
function attendeeDetails(random: Random, person: Person, questions: Record<keyof typeof QUESTIONS, string>) {
  const answers: Record<string, string | string[]> = {
    [questions.heard]: random.pick(QUESTIONS.heard.options),
    [questions.patient]: person.patientOrCaregiver ? "yes" : "no",
  };
  const workshops = QUESTIONS.workshops.options.filter(() => random.chance(0.3));
  if (workshops.length > 0) answers[questions.workshops] = workshops;
  if (random.chance(0.08)) answers[questions.notes] = random.pick(NOTES);

  let accessibilityNeeds: AccessibilityNeed[] = [];
  let accessibilityNotes = "";
  if (random.chance(0.17)) {
    const roll = random.next();
    if (roll < 0.35) {
      accessibilityNeeds = ["DIETARY"];
      accessibilityNotes = random.pick(DIETARY_NOTES);
    } else if (roll < 0.5) {
      accessibilityNeeds = ["OTHER", "STEP_FREE"];
      accessibilityNotes = random.pick(OTHER_NOTES);
    } else {
      accessibilityNeeds = [random.pick(SIMPLE_NEEDS)];
    }
  }
  return {
    attendeeName: person.name,
    attendeeEmail: person.email,
    organisation: person.organisation,
    member: person.member,
    answers,
    accessibilityNeeds,
    accessibilityNotes,
    photoConsent: !random.chance(0.1),
  };
}

/**
 * When paid orders came in, as days ago: a launch rush, a quiet middle and a build-up
 * towards today (weights sampled by inverse CDF).
 */
function salesDaySampler(random: Random) {
  const weights = Array.from({ length: DEMO_SALES_DAYS }, (_, daysAgo) => {
    const sinceLaunch = DEMO_SALES_DAYS - 1 - daysAgo;
    return 0.6 + 4 * Math.exp(-sinceLaunch / 3) + 2.2 * Math.exp(-daysAgo / 9);
  });
  const total = weights.reduce((sum, w) => sum + w, 0);
  return () => {
    let r = random.next() * total;
    for (let daysAgo = 0; daysAgo < weights.length; daysAgo++) {
      r -= weights[daysAgo];
      if (r <= 0) return daysAgo;
    }
    return 0;
  };
}

type Outcome = "paid" | "pending" | "expired" | "cancelled" | "refunded" | "transferred" | "partlyRefunded";

/** How many orders end each way: with group orders, about 150 registrations. */
const ORDER_PLAN: [Outcome, number][] = [
  ["paid", 80],
  ["transferred", 4],
  ["partlyRefunded", 1],
  ["pending", 6],
  ["expired", 7],
  ["cancelled", 4],
  ["refunded", 5],
];
const ORDER_STATUS = {
  paid: "PAID",
  transferred: "PAID",
  partlyRefunded: "PAID",
  pending: "PENDING",
  expired: "EXPIRED",
  cancelled: "CANCELLED",
  refunded: "REFUNDED",
} as const satisfies Record<Outcome, OrderStatus>;
const REGISTRATION_STATUS = {
  paid: "CONFIRMED",
  transferred: "CONFIRMED",
  partlyRefunded: "CONFIRMED",
  pending: "PENDING",
  expired: "EXPIRED",
  cancelled: "CANCELLED",
  refunded: "CANCELLED",
} as const satisfies Record<Outcome, RegistrationStatus>;

/** Runs inside the seed's transaction, after the demo accounts exist. */
let demoPayments = 0;
/** Deterministic ids of the demo's card payments. */
function demoPaymentIntentId(): string {
  demoPayments += 1;
  return `pi_demo_${String(demoPayments).padStart(4, "0")}`;
}

export async function seedDemoRegistration(db: DbTx, { summitId, bootCampId }: { summitId: string; bootCampId: string }) {
  demoPayments = 0;
  const [{ id: attendeeId }, { id: organiserId }] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { email: "attendee@summit.test" }, select: { id: true } }),
    db.user.findUniqueOrThrow({ where: { email: "organizer@summit.test" }, select: { id: true } }),
  ]);
  const now = new Date();
  const random = generator(20270927);
  const salesOpen = new Date(now.getTime() - DEMO_SALES_DAYS * DAY);
  salesOpen.setUTCHours(12, 0, 0, 0);

  // ---- Set-up an organiser would do
  await registrationSettingsFactory(db, {
    eventId: summitId,
    capacity: 600,
    refundFullUntilDays: 14,
    detailsEditCutoffDays: 2,
    waitlistOfferHours: 48,
  });
  const ticketRows = {
    inPerson: await ticketTypeFactory(db, {
      eventId: summitId,
      name: "In-person",
      description: "All three days in Jacksonville: keynotes, sessions, workshops, breakfast and lunch.",
      priceCents: 49_500,
      memberPriceCents: 39_500,
      capacity: 420,
      salesStartAt: salesOpen,
      position: 0,
    }),
    member: await ticketTypeFactory(db, {
      eventId: summitId,
      name: "Member",
      description: "For members of the health social-media network, under the email of your membership.",
      priceCents: 29_500,
      capacity: 80,
      visibility: "MEMBERS",
      maxPerOrder: 4,
      salesStartAt: salesOpen,
      position: 1,
    }),
    student: await ticketTypeFactory(db, {
      eventId: summitId,
      name: "Student",
      description: "Full-time students: all three days in person. Bring your student ID to the door.",
      priceCents: 19_500,
      capacity: 60,
      maxPerOrder: 2,
      salesStartAt: salesOpen,
      position: 2,
    }),
    virtual: await ticketTypeFactory(db, {
      eventId: summitId,
      name: "Virtual",
      description: "Live stream of the keynotes and the Harbor Auditorium with captions; recordings for 90 days.",
      priceCents: 9_500,
      capacity: 300,
      salesStartAt: salesOpen,
      position: 3,
    }),
    complimentary: await ticketTypeFactory(db, {
      eventId: summitId,
      name: "Complimentary",
      description: "For speakers and invited guests, unlocked by the code in your invitation.",
      priceCents: 0,
      capacity: 30,
      visibility: "HIDDEN",
      maxPerOrder: 1,
      position: 4,
    }),
  };
  const tickets = Object.fromEntries(Object.entries(ticketRows).map(([k, t]) => [k, t.id])) as Tickets;
  const priceList: PriceList = new Map(Object.values(ticketRows).map((t) => [t.id, t]));

  const questions = {} as Record<keyof typeof QUESTIONS, string>;
  for (const [position, [key, q]] of Object.entries(QUESTIONS).entries()) {
    questions[key as keyof typeof QUESTIONS] = (
      await registrationQuestionFactory(db, { eventId: summitId, ...q, options: [...q.options], position })
    ).id;
  }

  const earlyBird = await promoCodeFactory(db, {
    eventId: summitId,
    code: DEMO_PROMO_CODES.earlyBird,
    kind: "PERCENT",
    percentOff: 15,
    maxUses: 100,
    ticketTypeIds: [tickets.inPerson],
  });
  const speakerCode = await promoCodeFactory(db, {
    eventId: summitId,
    code: DEMO_PROMO_CODES.speaker,
    kind: "PERCENT",
    percentOff: 100,
    maxUses: 30,
    ticketTypeIds: [tickets.complimentary],
  });
  const promo = (row: typeof earlyBird, ticketTypeIds: string[]): PromoForPricing => ({ ...row, ticketTypeIds });
  const earlyBirdPromo = promo(earlyBird, [tickets.inPerson]);
  const speakerPromo = promo(speakerCode, [tickets.complimentary]);

  // ---- Network members: the demo attendee, a few individuals, and one organisation by domain
  const taken = new Set<string>();
  const memberEmails = new Set<string>(["attendee@summit.test"]);
  const person = people(random, taken);
  const individuals = Array.from({ length: 8 }, () => person(random.pick(ORGANISATIONS.slice(1)), memberEmails));
  for (const p of individuals) {
    memberEmails.add(p.email);
    p.member = true;
  }
  // Members through 31 December next year, stored the way the member form stores a last valid day.
  const memberUntil = validUntilInstant(`${now.getUTCFullYear() + 1}-12-31`);
  // The member list is not tied to an event, so it may outlive a wiped demo: add what is missing.
  await db.networkMember.createMany({
    skipDuplicates: true,
    data: [
      { kind: "INDIVIDUAL", name: "Alex Attendee", email: "attendee@summit.test", validUntil: memberUntil },
      ...individuals.map((p) => ({
        kind: "INDIVIDUAL" as const,
        name: p.name,
        email: p.email,
        organisation: p.organisation,
        validUntil: memberUntil,
      })),
      { kind: "ORGANISATION", name: ORGANISATIONS[0].name, organisation: ORGANISATIONS[0].name, domain: DEMO_MEMBER_DOMAIN },
    ],
  });

  // ---- Orders: built in memory, then inserted in one go (ordersFactory takes their seats)
  const sampleDay = salesDaySampler(random);
  const dayTime = (daysAgo: number) => {
    // Between 07:00 and 22:00 US Eastern (11:00–02:00 UTC), never in the future.
    const at = new Date(now.getTime() - daysAgo * DAY);
    at.setUTCHours(11 + random.int(15), random.int(60), random.int(60), 0);
    return new Date(Math.min(at.getTime(), now.getTime() - 2 * HOUR));
  };
  const laterBy = (at: Date, maxMs: number) =>
    new Date(Math.min(at.getTime() + HOUR + random.int(maxMs), now.getTime() - 30 * MINUTE));

  type Planned = {
    outcome: Outcome;
    rows: OrderRows;
    code?: PromoForPricing;
    refund?: { amountCents: number; at: Date; reason: string; byOrganiser: boolean };
  };
  const planned: Planned[] = [];

  /** Prices one order the way placeOrder would have (member prices, promo code) and dates it. */
  function order({
    outcome,
    group,
    ticket,
    createdAt,
    code,
    complimentary = false,
    buyerId = null,
  }: {
    outcome: Outcome;
    group: Person[];
    ticket: TicketKey;
    createdAt: Date;
    code?: PromoForPricing;
    complimentary?: boolean;
    buyerId?: string | null;
  }) {
    const priced = complimentary
      ? null
      : priceSeats(
          group.map((p) => ({ ticketTypeId: tickets[ticket], email: p.email })),
          priceList,
          memberEmails,
          code ?? null,
        );
    const total = priced?.totalCents ?? 0;
    const held = outcome === "pending" || outcome === "expired";
    const paidAt = held ? null : new Date(createdAt.getTime() + random.between(2, 9) * MINUTE);
    const endedAt = outcome === "cancelled" || outcome === "refunded" ? laterBy(paidAt as Date, 12 * DAY) : null;
    // One of two colleagues cancelled their seat: refunded by policy, the seat back on sale.
    const partCancelledAt = outcome === "partlyRefunded" ? laterBy(paidAt as Date, 8 * DAY) : null;
    const registrations = group.map((p, i) => {
      const priceCents = priced?.seats[i].priceCents ?? 0;
      const cancelledAt = endedAt ?? (partCancelledAt && i === 1 ? partCancelledAt : null);
      return {
        ...attendeeDetails(random, p, questions),
        member: priced?.seats[i].member ?? false,
        userId: buyerId && i === 0 ? buyerId : null,
        ticketTypeId: tickets[ticket],
        priceCents,
        status: cancelledAt ? "CANCELLED" : REGISTRATION_STATUS[outcome],
        refundedCents: cancelledAt ? priceCents : 0,
        createdAt,
        confirmedAt: paidAt,
        cancelledAt,
      } satisfies OrderRows["registrations"][number];
    });
    const refundedCents = registrations.reduce((sum, r) => sum + r.refundedCents, 0);
    const refundAt = endedAt ?? partCancelledAt;
    planned.push({
      outcome,
      code,
      refund:
        refundAt && refundedCents > 0
          ? {
              amountCents: refundedCents,
              at: refundAt,
              byOrganiser: outcome === "refunded",
              reason:
                outcome === "refunded"
                  ? random.pick(["Duplicate booking", "Employer paid by invoice instead", "Unable to travel"])
                  : "Cancelled by the attendee before the full-refund deadline",
            }
          : undefined,
      rows: {
        order: {
          buyerId,
          buyerName: group[0].name,
          buyerEmail: group[0].email,
          status: ORDER_STATUS[outcome],
          source: complimentary ? "COMPLIMENTARY" : "ONLINE",
          subtotalCents: priced?.subtotalCents ?? 0,
          discountCents: priced?.discountCents ?? 0,
          totalCents: total,
          refundedCents,
          promoCodeId: code?.id ?? null,
          holdExpiresAt: held ? new Date(createdAt.getTime() + 30 * MINUTE) : null,
          paidAt,
          // A card payment on record, so organisers can refund demo orders (npm start shows them to the fake Stripe).
          stripePaymentIntentId: paidAt && total > 0 ? demoPaymentIntentId() : null,
          cancelledAt: endedAt,
          createdAt,
        },
        registrations,
      },
    });
  }

  /** A paying customer: who they are decides which tickets they can buy. */
  function customer(seats: number): { group: Person[]; ticket: TicketKey } {
    const roll = random.next();
    if (roll < 0.1) return { group: [random.pick(individuals)], ticket: random.chance(0.7) ? "member" : "inPerson" };
    if (roll < 0.25) {
      const org = ORGANISATIONS[0];
      return {
        group: Array.from({ length: seats }, () => person(org, memberEmails)),
        ticket: random.chance(0.5) ? "member" : "inPerson",
      };
    }
    if (roll < 0.38) {
      const org = random.pick(ORGANISATIONS.filter((o) => o.students));
      return { group: Array.from({ length: Math.min(seats, 2) }, () => person(org, memberEmails)), ticket: "student" };
    }
    if (roll < 0.55) return { group: [person(PERSONAL, memberEmails)], ticket: random.chance(0.6) ? "virtual" : "inPerson" };
    const org = random.pick(ORGANISATIONS.slice(1).filter((o) => !o.students));
    return {
      group: Array.from({ length: seats }, () => person(org, memberEmails)),
      ticket: random.chance(0.2) ? "virtual" : "inPerson",
    };
  }
  const groupSize = () => (random.chance(0.72) ? 1 : random.chance(0.7) ? 2 : 3);
  // Individual members buy once each; a second pick of the same member would be a duplicate seat.
  const usedIndividuals = new Set<string>();
  function freshCustomer() {
    for (;;) {
      const c = customer(groupSize());
      if (!c.group.some((p) => individuals.includes(p))) return c;
      if (usedIndividuals.has(c.group[0].email)) continue;
      usedIndividuals.add(c.group[0].email);
      return c;
    }
  }

  for (const [outcome, count] of ORDER_PLAN) {
    for (let i = 0; i < count; i++) {
      const { group, ticket } =
        outcome === "partlyRefunded"
          ? {
              group: [person(ORGANISATIONS[3], memberEmails), person(ORGANISATIONS[3], memberEmails)],
              ticket: "inPerson" as const,
            }
          : freshCustomer();
      const createdAt =
        outcome === "pending"
          ? new Date(now.getTime() - random.between(2, 25) * MINUTE)
          : outcome === "cancelled" || outcome === "refunded"
            ? dayTime(random.between(14, DEMO_SALES_DAYS - 1))
            : dayTime(sampleDay());
      // The early-bird code ran for the first two weeks of sales.
      const early = createdAt.getTime() - salesOpen.getTime() < 14 * DAY;
      const code = ticket === "inPerson" && early && outcome !== "expired" && random.chance(0.6) ? earlyBirdPromo : undefined;
      order({ outcome, group, ticket, createdAt, code });
    }
  }
  // Speakers and guests: free through the invitation code, and organisers' own complimentary seats.
  for (let i = 0; i < 6; i++)
    order({
      outcome: "paid",
      group: [person(random.pick(ORGANISATIONS), memberEmails)],
      ticket: "complimentary",
      createdAt: dayTime(random.between(3, 40)),
      code: speakerPromo,
    });
  for (const outcome of ["paid", "paid", "cancelled"] as const)
    order({
      outcome,
      group: [person(PERSONAL, memberEmails)],
      ticket: "inPerson",
      createdAt: dayTime(random.between(15, 30)),
      complimentary: true,
    });
  // The demo attendee, a network member, bought an in-person ticket at the member price.
  order({
    outcome: "paid",
    group: [{ name: "Alex Attendee", email: "attendee@summit.test", organisation: "", patientOrCaregiver: false, member: true }],
    ticket: "inPerson",
    createdAt: dayTime(21),
    buyerId: attendeeId,
  });

  const orders = await ordersFactory(
    db,
    summitId,
    planned.map((p) => p.rows),
  );
  for (const [i, { outcome, code, refund }] of planned.entries()) {
    const placed = orders[i];
    // A held or paid order counts one use of its code, as in placeOrder.
    if (code && (placed.status === "PAID" || placed.status === "PENDING") && !(await redeemPromoCode(db, code.id)))
      throw new Error(`demo data: promo code ${code.code} is used up`);
    if (refund)
      await refundFactory(db, {
        orderId: placed.id,
        registrationId: outcome === "partlyRefunded" ? placed.registrations.find((r) => r.status === "CANCELLED")?.id : null,
        amountCents: refund.amountCents,
        reason: refund.reason,
        requestedById: refund.byOrganiser ? organiserId : null,
        createdAt: refund.at,
      });
    // Transfers: a colleague takes the seat some days after the purchase.
    if (outcome === "transferred") {
      const from = placed.registrations[0];
      const colleague = person(ORGANISATIONS.find((org) => org.name === from.organisation) ?? PERSONAL, memberEmails);
      const at = laterBy(placed.paidAt as Date, 10 * DAY);
      await transferredRegistrationFactory(db, {
        registrationId: from.id,
        ...attendeeDetails(random, colleague, questions),
        member: from.member,
        createdAt: at,
        confirmedAt: at,
      });
    }
  }

  await giveBadgeDetails(db, summitId);
  await seedBootCamp(db, bootCampId, { random, person, memberEmails, dayTime });
}

const DEMO_PRONOUNS = ["she/her", "he/him", "they/them", "she/they"];

/**
 * What the summit's badges print beyond the name: pronouns for about a third of the seats
 * (and the demo attendee), and a Speaker, two Staff and an Organizer ribbon among the rest.
 */
async function giveBadgeDetails(db: DbTx, eventId: string) {
  const confirmed = await db.registration.findMany({
    where: { eventId, status: "CONFIRMED", attendeeEmail: { not: "attendee@summit.test" } },
    orderBy: { attendeeEmail: "asc" },
    select: { id: true },
  });
  for (const [k, pronouns] of DEMO_PRONOUNS.entries())
    await db.registration.updateMany({
      where: { id: { in: confirmed.filter((_, i) => i % 3 === 0 && (i / 3) % DEMO_PRONOUNS.length === k).map((r) => r.id) } },
      data: { pronouns },
    });
  await db.registration.updateMany({
    where: { eventId, attendeeEmail: "attendee@summit.test" },
    data: { pronouns: "they/them" },
  });
  const ribbons = [
    ["SPEAKER", 1],
    ["SPEAKER", 4],
    ["STAFF", 2],
    ["STAFF", 7],
    ["ORGANIZER", 5],
  ] as const;
  for (const [badgeRole, i] of ribbons)
    if (confirmed[i]) await db.registration.update({ where: { id: confirmed[i].id }, data: { badgeRole } });
}

/** The boot camp: every seat sold, and people waiting — one of them for two seats together. */
async function seedBootCamp(
  db: DbTx,
  eventId: string,
  {
    random,
    person,
    memberEmails,
    dayTime,
  }: {
    random: Random;
    person: ReturnType<typeof people>;
    memberEmails: Set<string>;
    dayTime: (daysAgo: number) => Date;
  },
) {
  await registrationSettingsFactory(db, { eventId, capacity: DEMO_BOOT_CAMP_SEATS, waitlistOfferHours: 48 });
  const seat = await ticketTypeFactory(db, {
    eventId,
    name: "Boot camp seat",
    description: "All five days in Rochester, hands-on in small groups, with breakfast and lunch.",
    priceCents: 195_000,
    memberPriceCents: 165_000,
    capacity: DEMO_BOOT_CAMP_SEATS,
    maxPerOrder: 4,
    position: 0,
  });
  const prices: PriceList = new Map([[seat.id, seat]]);
  const rows: OrderRows[] = [];
  for (let sold = 0; sold < DEMO_BOOT_CAMP_SEATS; ) {
    const org = random.pick(ORGANISATIONS);
    const group = Array.from({ length: Math.min(random.chance(0.7) ? 1 : 2, DEMO_BOOT_CAMP_SEATS - sold) }, () =>
      person(org, memberEmails),
    );
    const priced = priceSeats(
      group.map((p) => ({ ticketTypeId: seat.id, email: p.email })),
      prices,
      memberEmails,
      null,
    );
    const createdAt = dayTime(random.between(10, 60));
    const paidAt = new Date(createdAt.getTime() + random.between(2, 9) * MINUTE);
    rows.push({
      order: {
        buyerName: group[0].name,
        buyerEmail: group[0].email,
        status: "PAID",
        subtotalCents: priced.subtotalCents,
        totalCents: priced.totalCents,
        createdAt,
        paidAt,
        stripePaymentIntentId: priced.totalCents > 0 ? demoPaymentIntentId() : null,
      },
      registrations: group.map((p, i) => ({
        ticketTypeId: seat.id,
        attendeeName: p.name,
        attendeeEmail: p.email,
        organisation: p.organisation,
        member: priced.seats[i].member,
        priceCents: priced.seats[i].priceCents,
        photoConsent: !random.chance(0.1),
        status: "CONFIRMED",
        createdAt,
        confirmedAt: paidAt,
      })),
    });
    sold += group.length;
  }
  await ordersFactory(db, eventId, rows);

  const waiting: { who: Person; seats: number; daysAgo: number }[] = [
    { who: person(random.pick(ORGANISATIONS), memberEmails), seats: 1, daysAgo: 9 },
    { who: person(PERSONAL, memberEmails), seats: 2, daysAgo: 6 },
    { who: person(random.pick(ORGANISATIONS), memberEmails), seats: 1, daysAgo: 4 },
    { who: person(random.pick(ORGANISATIONS), memberEmails), seats: 1, daysAgo: 1 },
  ];
  for (const { who, seats, daysAgo } of waiting)
    await waitlistEntryFactory(db, {
      eventId,
      ticketTypeId: seat.id,
      name: who.name,
      email: who.email,
      seats,
      createdAt: dayTime(daysAgo),
    });
}
