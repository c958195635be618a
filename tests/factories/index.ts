// Factories with traits, shared by the tests and prisma/seed.ts.
import { DateTime } from "luxon";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { EventKind, Role } from "~/generated/prisma/enums.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { newOrderReference } from "~/modules/registration/reference.ts";
import type { AttendeeForm } from "~/modules/registration/registration.schema.ts";
import { takeSeats } from "~/modules/registration/seats.server.ts";
import type { DbTx } from "~/shared/db.server.ts";

let sequence = 0;
const next = () => ++sequence;

export const CAMPUSES = {
  rochester: {
    name: "Rochester",
    city: "Rochester, MN",
    address: "200 First Street SW, Rochester, MN 55905",
    timeZone: "America/Chicago",
  },
  jacksonville: {
    name: "Jacksonville",
    city: "Jacksonville, FL",
    address: "4500 San Pablo Road S, Jacksonville, FL 32224",
    timeZone: "America/New_York",
  },
  scottsdale: {
    name: "Scottsdale",
    city: "Scottsdale, AZ",
    address: "13400 East Shea Boulevard, Scottsdale, AZ 85259",
    timeZone: "America/Phoenix",
  },
} as const;

export function campusFactory(db: DbTx, overrides: Partial<Prisma.CampusUncheckedCreateInput> = {}) {
  const n = next();
  return db.campus.create({
    data: {
      name: `Campus ${n}`,
      city: "Rochester, MN",
      address: `${n} Main Street, Rochester, MN 55901`,
      timeZone: "America/Chicago",
      ...overrides,
    },
  });
}

type EventTrait = "published" | "past";
type EventOverrides = Partial<Omit<Prisma.EventUncheckedCreateInput, "startsAt" | "endsAt">> & {
  /** Wall-clock start in the event's zone, e.g. "2027-09-27T08:00". */
  localStart?: string;
  localEnd?: string;
  traits?: EventTrait[];
};

/** An event; times given as wall-clock in the event's zone, like an organiser types them. */
export async function eventFactory(db: DbTx, { traits = [], localStart, localEnd, ...overrides }: EventOverrides = {}) {
  const n = next();
  const campusId = overrides.campusId ?? (await campusFactory(db)).id;
  const campus = await db.campus.findUniqueOrThrow({ where: { id: campusId } });
  const timeZone = overrides.timeZone ?? campus.timeZone;
  const start = localStart
    ? DateTime.fromISO(localStart, { zone: timeZone })
    : DateTime.now()
        .setZone(timeZone)
        .plus({ months: traits.includes("past") ? -2 : 2 })
        .set({ hour: 8, minute: 0, second: 0, millisecond: 0 });
  const end = localEnd ? DateTime.fromISO(localEnd, { zone: timeZone }) : start.plus({ hours: 9 });
  return db.event.create({
    data: {
      slug: `event-${n}`,
      name: `Event ${n}`,
      kind: "WORKSHOP" satisfies EventKind,
      description: "A day of practical sessions.",
      published: traits.includes("published"),
      ...overrides,
      campusId,
      timeZone,
      startsAt: start.toJSDate(),
      endsAt: end.toJSDate(),
    },
  });
}

type UserTrait = "verified" | "organizer" | "reviewer" | "staff" | "admin";
const TRAIT_ROLES: Record<Exclude<UserTrait, "verified">, Role> = {
  organizer: "ORGANIZER",
  reviewer: "REVIEWER",
  staff: "STAFF",
  admin: "ADMIN",
};

export const DEFAULT_PASSWORD = "correct-horse-battery";

export async function userFactory(
  db: DbTx,
  {
    traits = [],
    password = DEFAULT_PASSWORD,
    ...overrides
  }: Partial<Prisma.UserCreateInput> & { traits?: UserTrait[]; password?: string } = {},
) {
  const n = next();
  const roles: Role[] = [
    "ATTENDEE",
    ...traits.filter((t): t is Exclude<UserTrait, "verified"> => t !== "verified").map((t) => TRAIT_ROLES[t]),
  ];
  return db.user.create({
    data: {
      email: `person${n}-${Date.now().toString(36)}@example.org`,
      name: `Person ${n}`,
      roles,
      emailVerifiedAt: traits.includes("verified") ? new Date() : null,
      passwordHash: await hashPassword(password),
      ...overrides,
    },
  });
}

// ---------------------------------------------------------------- Agenda

const TRACK_COLOURS = ["#0b5cad", "#a23b72", "#1f7a4d", "#b45309", "#6d28d9"];

export function trackFactory(db: DbTx, overrides: Partial<Prisma.TrackUncheckedCreateInput> & { eventId: string }) {
  const n = next();
  return db.track.create({
    data: { name: `Track ${n}`, color: TRACK_COLOURS[n % TRACK_COLOURS.length], position: n, ...overrides },
  });
}

export function roomFactory(db: DbTx, overrides: Partial<Prisma.RoomUncheckedCreateInput> & { eventId: string }) {
  const n = next();
  return db.room.create({ data: { name: `Room ${n}`, capacity: 200, stepFree: true, position: n, ...overrides } });
}

export function speakerFactory(db: DbTx, overrides: Partial<Prisma.SpeakerUncheckedCreateInput> & { eventId: string }) {
  const n = next();
  return db.speaker.create({
    data: {
      name: `Speaker ${n}`,
      title: "Physician",
      organisation: "Health System",
      bio: "Works on patient communication.",
      ...overrides,
    },
  });
}

type AgendaSessionTrait = "published" | "cancelled";

/**
 * A session; `localStart`/`localEnd` are wall-clock in the event's zone.
 * `speakerIds` links speakers in order.
 */
export async function agendaSessionFactory(
  db: DbTx,
  {
    traits = [],
    localStart,
    localEnd,
    speakerIds = [],
    ...overrides
  }: Partial<Omit<Prisma.AgendaSessionUncheckedCreateInput, "startsAt" | "endsAt">> & {
    eventId: string;
    localStart: string;
    localEnd: string;
    speakerIds?: string[];
    traits?: AgendaSessionTrait[];
  },
) {
  const n = next();
  const event = await db.event.findUniqueOrThrow({ where: { id: overrides.eventId } });
  const status = traits.includes("cancelled") ? "CANCELLED" : traits.includes("published") ? "PUBLISHED" : "DRAFT";
  return db.agendaSession.create({
    data: {
      title: `Session ${n}`,
      abstract: "What we learned, and what you can use on Monday.",
      kind: "TALK",
      status,
      ...overrides,
      startsAt: DateTime.fromISO(localStart, { zone: event.timeZone }).toJSDate(),
      endsAt: DateTime.fromISO(localEnd, { zone: event.timeZone }).toJSDate(),
      speakers: { create: speakerIds.map((speakerId, position) => ({ speakerId, position })) },
    },
  });
}

// ---------------------------------------------------------------- Registration & payments

export function registrationSettingsFactory(
  db: DbTx,
  overrides: Partial<Prisma.RegistrationSettingsUncheckedCreateInput> & { eventId: string },
) {
  return db.registrationSettings.create({ data: { ...overrides } });
}

export function ticketTypeFactory(db: DbTx, overrides: Partial<Prisma.TicketTypeUncheckedCreateInput> & { eventId: string }) {
  const n = next();
  return db.ticketType.create({
    data: { name: `Ticket ${n}`, priceCents: 29_500, capacity: 100, position: n, ...overrides },
  });
}

export function registrationQuestionFactory(
  db: DbTx,
  overrides: Partial<Prisma.RegistrationQuestionUncheckedCreateInput> & { eventId: string },
) {
  const n = next();
  return db.registrationQuestion.create({
    data: { label: `Question ${n}`, kind: "TEXT", position: n, ...overrides },
  });
}

export function promoCodeFactory(
  db: DbTx,
  {
    ticketTypeIds = [],
    ...overrides
  }: Partial<Prisma.PromoCodeUncheckedCreateInput> & { eventId: string; ticketTypeIds?: string[] },
) {
  const n = next();
  return db.promoCode.create({
    data: {
      code: `SAVE${n}`,
      kind: "PERCENT",
      percentOff: 20,
      ...overrides,
      ticketTypes: { connect: ticketTypeIds.map((id) => ({ id })) },
    },
  });
}

export function networkMemberFactory(db: DbTx, overrides: Partial<Prisma.NetworkMemberCreateInput> = {}) {
  const n = next();
  const kind = overrides.kind ?? "INDIVIDUAL";
  return db.networkMember.create({
    data: {
      kind,
      name: kind === "INDIVIDUAL" ? `Member ${n}` : `Organisation ${n}`,
      email: kind === "INDIVIDUAL" ? `member${n}@example.org` : null,
      domain: kind === "ORGANISATION" ? `org${n}.example` : null,
      ...overrides,
    },
  });
}

type OrderTrait = "paid" | "pending" | "expired" | "cancelled" | "refunded" | "complimentary";

export type AttendeeInput = Partial<
  Pick<
    Prisma.RegistrationUncheckedCreateInput,
    | "attendeeName"
    | "attendeeEmail"
    | "organisation"
    | "accessibilityNeeds"
    | "accessibilityNotes"
    | "photoConsent"
    | "answers"
    | "userId"
    | "member"
  >
> & { ticketTypeId: string };

/**
 * An order with one registration per attendee, its seats counted like a real hold or sale.
 * Traits: pending (default; hold running), paid, expired, cancelled, refunded, complimentary (free, paid).
 */
export async function orderFactory(
  db: DbTx,
  {
    traits = [],
    attendees,
    ...overrides
  }: Partial<Prisma.OrderUncheckedCreateInput> & { eventId: string; attendees: AttendeeInput[]; traits?: OrderTrait[] },
) {
  const n = next();
  const complimentary = traits.includes("complimentary");
  const status = traits.includes("refunded")
    ? "REFUNDED"
    : traits.includes("cancelled")
      ? "CANCELLED"
      : traits.includes("expired")
        ? "EXPIRED"
        : traits.includes("paid") || complimentary
          ? "PAID"
          : "PENDING";
  const registrationStatus =
    status === "PAID" ? "CONFIRMED" : status === "PENDING" ? "PENDING" : status === "EXPIRED" ? "EXPIRED" : "CANCELLED";
  const ticketTypes = await db.ticketType.findMany({ where: { id: { in: attendees.map((a) => a.ticketTypeId) } } });
  const priceOf = (id: string) => (complimentary ? 0 : (ticketTypes.find((t) => t.id === id)?.priceCents ?? 0));
  const subtotal = attendees.reduce((sum, a) => sum + priceOf(a.ticketTypeId), 0);
  const buyerEmail = overrides.buyerEmail ?? attendees[0]?.attendeeEmail ?? `buyer${n}@example.org`;
  const now = new Date();
  const order = await db.order.create({
    data: {
      reference: newOrderReference(),
      buyerName: `Buyer ${n}`,
      buyerEmail,
      status,
      source: complimentary ? "COMPLIMENTARY" : "ONLINE",
      subtotalCents: subtotal,
      totalCents: subtotal,
      refundedCents: status === "REFUNDED" ? subtotal : 0,
      holdExpiresAt: status === "PENDING" ? new Date(now.getTime() + 30 * 60_000) : null,
      paidAt: ["PAID", "REFUNDED"].includes(status) ? now : null,
      cancelledAt: ["CANCELLED", "REFUNDED"].includes(status) ? now : null,
      ...overrides,
      registrations: {
        create: attendees.map((attendee, i) => ({
          eventId: overrides.eventId,
          attendeeName: `Attendee ${n}.${i + 1}`,
          attendeeEmail: `attendee${n}-${i + 1}@example.org`,
          priceCents: priceOf(attendee.ticketTypeId),
          refundedCents: status === "REFUNDED" ? priceOf(attendee.ticketTypeId) : 0,
          status: registrationStatus,
          confirmedAt: registrationStatus === "CONFIRMED" ? now : null,
          cancelledAt: registrationStatus === "CANCELLED" ? now : null,
          ...attendee,
        })),
      },
    },
    include: { registrations: true },
  });
  if (status === "PENDING" || status === "PAID") {
    for (const attendee of attendees) {
      if (!(await takeSeats(db, overrides.eventId, attendee.ticketTypeId, 1))) throw new Error("orderFactory: no seats left");
    }
  }
  return order;
}

export async function waitlistEntryFactory(
  db: DbTx,
  overrides: Partial<Prisma.WaitlistEntryUncheckedCreateInput> & { eventId: string; ticketTypeId: string },
) {
  const n = next();
  return db.waitlistEntry.create({ data: { name: `Waiting ${n}`, email: `waiting${n}@example.org`, ...overrides } });
}

export type OrderRows = {
  order: Omit<Prisma.OrderCreateManyInput, "eventId" | "reference">;
  registrations: Omit<Prisma.RegistrationCreateManyInput, "eventId" | "orderId">[];
};

/**
 * Many orders with their registrations in two INSERTs, for data sets too big to build one
 * orderFactory call at a time (the demo seed). Rows are stored as given (statuses, prices,
 * dates); the seats their PENDING and CONFIRMED registrations hold are taken with takeSeats,
 * once per ticket type. Returns the orders in the given order, each with its registrations.
 */
export async function ordersFactory(db: DbTx, eventId: string, rows: OrderRows[]) {
  if (rows.length === 0) return [];
  const references = rows.map(() => newOrderReference());
  const orders = await db.order.createManyAndReturn({
    data: rows.map((r, i) => ({ ...r.order, eventId, reference: references[i] })),
  });
  const byReference = new Map(orders.map((o) => [o.reference, o]));
  const inserted = references.map((reference) => byReference.get(reference) as (typeof orders)[number]);
  const registrations = await db.registration.createManyAndReturn({
    data: rows.flatMap((r, i) => r.registrations.map((registration) => ({ ...registration, eventId, orderId: inserted[i].id }))),
  });
  const seats = new Map<string, number>();
  for (const r of registrations)
    if (r.status === "PENDING" || r.status === "CONFIRMED") seats.set(r.ticketTypeId, (seats.get(r.ticketTypeId) ?? 0) + 1);
  for (const [ticketTypeId, count] of seats)
    if (!(await takeSeats(db, eventId, ticketTypeId, count))) throw new Error("ordersFactory: no seats left");
  return inserted.map((order) => ({ ...order, registrations: registrations.filter((r) => r.orderId === order.id) }));
}

/** Registration `registrationId` given to someone else: it becomes TRANSFERRED and a fresh CONFIRMED one holds the seat. */
export async function transferredRegistrationFactory(
  db: DbTx,
  { registrationId, ...overrides }: Partial<Prisma.RegistrationUncheckedCreateInput> & { registrationId: string },
) {
  const n = next();
  const from = await db.registration.update({ where: { id: registrationId }, data: { status: "TRANSFERRED" } });
  const at = overrides.createdAt ?? new Date();
  // The seat changes hands, so the seat counters stay as they are.
  return db.registration.create({
    data: {
      orderId: from.orderId,
      eventId: from.eventId,
      ticketTypeId: from.ticketTypeId,
      priceCents: from.priceCents,
      attendeeName: `Attendee ${n}`,
      attendeeEmail: `attendee${n}@example.org`,
      status: "CONFIRMED",
      confirmedAt: at,
      ...overrides,
      transferredFromId: from.id,
    },
  });
}

export function refundFactory(
  db: DbTx,
  overrides: Partial<Prisma.RefundUncheckedCreateInput> & { orderId: string; amountCents: number },
) {
  return db.refund.create({ data: { reason: "Requested by the attendee", status: "SUCCEEDED", ...overrides } });
}

/** One attendee as the register form sends them (`AttendeeForm`), with a fresh name and email. */
export function attendeeInput(ticketTypeId: string, overrides: Partial<AttendeeForm> = {}): AttendeeForm {
  const n = Math.random().toString(36).slice(2, 8);
  return {
    ticketTypeId,
    name: `Attendee ${n}`,
    email: `attendee-${n}@example.org`,
    organisation: "",
    accessibilityNeeds: [],
    accessibilityNotes: "",
    photoConsent: "yes",
    answers: {},
    ...overrides,
  };
}
