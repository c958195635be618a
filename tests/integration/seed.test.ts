import { describe, expect, it } from "vitest";
import { localDay } from "~/modules/agenda/agenda-filter.ts";
import { personalAgenda } from "~/modules/agenda/attendee.server.ts";
import { findConflicts, getPublishedAgenda, listReleases, publishAgenda } from "~/modules/agenda/releases.server.ts";
import type { ReleaseChange } from "~/modules/agenda/snapshot.ts";
import { fundBalance } from "~/modules/scholarships/fund-ledger.server.ts";
import { applicationScores } from "~/modules/scholarships/reviews.server.ts";
import { previewStatement } from "~/modules/scholarships/statements.server.ts";
import { readStory } from "~/modules/scholarships/story-access.server.ts";
import { formatTime } from "~/shared/dates.ts";
import { DEMO_SUMMIT_SLUG, DEMO_WORKSHOP } from "../../prisma/demo-agenda.ts";
import { DEMO_BOOK_TITLE, DEMO_RETAILER } from "../../prisma/demo-fund.ts";
import { DEMO_BOOT_CAMP_SEATS, DEMO_MEMBER_DOMAIN, DEMO_PROMO_CODES, DEMO_SALES_DAYS } from "../../prisma/demo-registration.ts";
import { DEMO_CYCLE_NAME, DEMO_REVIEWERS } from "../../prisma/demo-scholarships.ts";
import { seedDemo, seedIfEmpty } from "../../prisma/seed.ts";
import { TEST_STORY_KEYS } from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
const MAIL = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>" };

async function summit() {
  const event = await t.db.event.findUniqueOrThrow({ where: { slug: DEMO_SUMMIT_SLUG } });
  const published = await getPublishedAgenda(t.db, event.id);
  if (!published) throw new Error("the demo agenda is not published");
  return { event, ...published };
}

/** Row counts that a second seed must leave alone. */
async function counts() {
  const [users, events, sessions, releases, favourites, rsvps, emails] = await Promise.all([
    t.db.user.count(),
    t.db.event.count(),
    t.db.agendaSession.count(),
    t.db.agendaRelease.count(),
    t.db.favourite.count(),
    t.db.rsvp.count(),
    t.db.emailOutbox.count(),
  ]);
  return { users, events, sessions, releases, favourites, rsvps, emails };
}

describe("seedIfEmpty", () => {
  it("gives the demo summit a realistic, conflict-free three-day agenda in two releases", async () => {
    expect(await seedIfEmpty(t.db, TEST_STORY_KEYS, MAIL)).toBe(true);
    const { event, release, snapshot } = await summit();
    const zone = event.timeZone;

    const live = snapshot.sessions.filter((s) => s.status === "PUBLISHED");
    expect(live.length).toBeGreaterThanOrEqual(30);
    expect(snapshot.tracks.map((tr) => tr.name)).toEqual(["Strategy & Leadership", "Clinicians Online", "Patients & Caregivers"]);
    expect(snapshot.rooms).toHaveLength(4);
    expect(snapshot.speakers.length).toBeGreaterThanOrEqual(23);
    expect(snapshot.speakers.length).toBeLessThanOrEqual(27);
    expect(new Set(live.map((s) => s.kind))).toEqual(new Set(["KEYNOTE", "PANEL", "TALK", "WORKSHOP", "BREAK"]));
    // A keynote every morning at nine, on each of the three days.
    const keynotes = live.filter((s) => s.kind === "KEYNOTE" && formatTime(new Date(s.startsAt), zone) === "9:00 AM EDT");
    expect(keynotes.map((s) => localDay(s.startsAt, zone))).toEqual(["2027-09-27", "2027-09-28", "2027-09-29"]);
    expect((await findConflicts(t.db, event.id)).conflicts).toEqual([]);

    // Release 2 lists what changed since release 1.
    expect(release.number).toBe(2);
    const [second, first] = await listReleases(t.db, event.id);
    expect(first.number).toBe(1);
    const kinds = (second.changes as unknown as ReleaseChange[]).flatMap((c) => c.kinds);
    expect(kinds).toEqual(expect.arrayContaining(["moved", "new room", "cancelled"]));
    expect(snapshot.sessions.filter((s) => s.status === "CANCELLED")).toHaveLength(1);

    // The workshop has limited seats, one of them the demo attendee's.
    const workshop = await t.db.agendaSession.findFirstOrThrow({ where: { eventId: event.id, title: DEMO_WORKSHOP } });
    expect(workshop).toMatchObject({ kind: "WORKSHOP", capacity: 24, rsvpCount: 1 });

    // The demo attendee's agenda has stars, an overlapping pair, the cancelled session and the workshop.
    const attendee = await t.db.user.findUniqueOrThrow({ where: { email: "attendee@summit.test" } });
    const mine = await personalAgenda(t.db, attendee.id, event.id);
    expect(mine.sessions.length).toBeGreaterThanOrEqual(5);
    expect(mine.sessions.filter((s) => s.overlapsWith.length > 0)).toHaveLength(2);
    expect(mine.sessions.some((s) => s.status === "CANCELLED")).toBe(true);
    expect(mine.rsvps).toEqual([workshop.id]);
    // Release 2 changed sessions they starred: one email tells them.
    expect(await t.db.emailOutbox.count({ where: { toAddress: "attendee@summit.test" } })).toBe(1);

    const before = await counts();
    expect(await seedIfEmpty(t.db, TEST_STORY_KEYS, MAIL)).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it("finishes the releases on the next start when a start stopped after the seed's transaction", async () => {
    await t.db.$transaction((tx) => seedDemo(tx, TEST_STORY_KEYS), { timeout: 120_000 });
    expect(await seedIfEmpty(t.db, TEST_STORY_KEYS, MAIL)).toBe(true);
    expect((await summit()).release.number).toBe(2);

    // …or after release 1.
    await t.db.$executeRawUnsafe(`TRUNCATE "User", "Campus", "Book", "StatementColumnMap", "Fund" CASCADE`);
    await t.db.$transaction((tx) => seedDemo(tx, TEST_STORY_KEYS), { timeout: 120_000 });
    const { id } = await t.db.event.findUniqueOrThrow({ where: { slug: DEMO_SUMMIT_SLUG } });
    const organiser = await t.db.user.findUniqueOrThrow({ where: { email: "organizer@summit.test" } });
    await publishAgenda(t.db, organiser.id, id, MAIL);
    expect(await seedIfEmpty(t.db, TEST_STORY_KEYS, MAIL)).toBe(true);
    const { release, snapshot } = await summit();
    expect(release.number).toBe(2);
    expect(snapshot.sessions.filter((s) => s.status === "CANCELLED")).toHaveLength(1);
    expect(await seedIfEmpty(t.db, TEST_STORY_KEYS, MAIL)).toBe(false);
  });

  it("leaves a database seeded before the demo had an agenda alone", async () => {
    await t.db.$transaction((tx) => seedDemo(tx, TEST_STORY_KEYS), { timeout: 120_000 });
    // Before the agenda there was no workshop to keep a door list for.
    await t.db.checkInList.deleteMany({ where: { kind: "SESSION" } });
    await t.db.agendaSession.deleteMany();
    expect(await seedIfEmpty(t.db, TEST_STORY_KEYS, MAIL)).toBe(false);
    expect(await t.db.agendaRelease.count()).toBe(0);
  });
});

describe("registration demo data", () => {
  const seed = () => t.db.$transaction((tx) => seedDemo(tx, TEST_STORY_KEYS), { timeout: 120_000 });
  const eventId = async (slug: string) => (await t.db.event.findUniqueOrThrow({ where: { slug } })).id;

  it("gives the summit its tickets and about 150 registrations in every state", async () => {
    await seed();
    const summitId = await eventId(DEMO_SUMMIT_SLUG);
    const tickets = await t.db.ticketType.findMany({ where: { eventId: summitId }, orderBy: { position: "asc" } });
    expect(tickets.map((tt) => [tt.name, tt.visibility, tt.priceCents, tt.memberPriceCents])).toEqual([
      ["In-person", "PUBLIC", 49_500, 39_500],
      ["Member", "MEMBERS", 29_500, null],
      ["Student", "PUBLIC", 19_500, null],
      ["Virtual", "PUBLIC", 9_500, null],
      ["Complimentary", "HIDDEN", 0, null],
      // The scholarship cycle's seats, worth the regular price (see demo-scholarships.ts).
      ["In-person (complimentary)", "HIDDEN", 49_500, null],
    ]);
    // Every paid card order has a payment on record, so organisers can refund it in the demo.
    expect(
      await t.db.order.count({
        where: { eventId: summitId, paidAt: { not: null }, totalCents: { gt: 0 }, stripePaymentIntentId: null },
      }),
    ).toBe(0);
    expect(
      await t.db.order.count({ where: { eventId: summitId, stripePaymentIntentId: { startsWith: "pi_demo_" } } }),
    ).toBeGreaterThan(50);
    expect(await t.db.registrationSettings.findUniqueOrThrow({ where: { eventId: summitId } })).toMatchObject({
      capacity: 600,
      refundFullUntilDays: 14,
      detailsEditCutoffDays: 2,
      waitlistOfferHours: 48,
    });
    const questions = await t.db.registrationQuestion.findMany({ where: { eventId: summitId } });
    expect(new Set(questions.map((q) => q.kind))).toEqual(new Set(["SINGLE_CHOICE", "MULTI_CHOICE", "YES_NO", "TEXT"]));
    expect(await t.db.networkMember.count({ where: { kind: "ORGANISATION" } })).toBe(1);
    expect(await t.db.networkMember.count({ where: { email: "attendee@summit.test" } })).toBe(1);

    const registrations = await t.db.registration.findMany({ where: { eventId: summitId }, include: { order: true } });
    expect(registrations.length).toBeGreaterThanOrEqual(135);
    expect(registrations.length).toBeLessThanOrEqual(165);
    const byStatus = (status: string) => registrations.filter((r) => r.status === status).length;
    expect(byStatus("CONFIRMED")).toBeGreaterThanOrEqual(100);
    for (const status of ["PENDING", "EXPIRED", "CANCELLED", "TRANSFERRED"]) expect(byStatus(status)).toBeGreaterThan(0);
    const orders = await t.db.order.findMany({ where: { eventId: summitId }, include: { refunds: true } });
    for (const status of ["PAID", "PENDING", "EXPIRED", "CANCELLED", "REFUNDED"] as const)
      expect(orders.filter((o) => o.status === status).length, status).toBeGreaterThan(0);
    expect(orders.some((o) => o.source === "COMPLIMENTARY" && o.status === "PAID")).toBe(true);
    expect(orders.some((o) => o.status === "PAID" && o.refundedCents > 0)).toBe(true);

    // The states agree with each other: holds are running, refunds add up, transfers point both ways.
    const now = Date.now();
    for (const o of orders.filter((o) => o.status === "PENDING")) expect(o.holdExpiresAt?.getTime()).toBeGreaterThan(now);
    for (const o of orders.filter((o) => o.status === "REFUNDED")) {
      expect(o.refundedCents).toBe(o.totalCents);
      expect(o.refunds.reduce((sum, r) => sum + r.amountCents, 0)).toBe(o.refundedCents);
    }
    for (const old of registrations.filter((r) => r.status === "TRANSFERRED")) {
      const successor = registrations.find((r) => r.transferredFromId === old.id);
      expect(successor).toMatchObject({ status: "CONFIRMED", orderId: old.orderId, ticketTypeId: old.ticketTypeId });
      expect(successor?.attendeeEmail).not.toBe(old.attendeeEmail);
    }
    for (const r of registrations) {
      expect(r.createdAt.getTime()).toBeLessThanOrEqual(now);
      if (r.status === "CONFIRMED") expect(r.order.status).toBe("PAID");
    }

    // Sales spread over the last weeks, so the dashboard has a curve.
    const paidDays = new Set(orders.flatMap((o) => (o.paidAt ? [o.paidAt.toISOString().slice(0, 10)] : [])));
    expect(paidDays.size).toBeGreaterThanOrEqual(25);
    const earliest = Math.min(...orders.map((o) => o.createdAt.getTime()));
    expect(now - earliest).toBeLessThanOrEqual((DEMO_SALES_DAYS + 1) * 86_400_000);

    // Realistic details: some accessibility needs, some "no photos", people who are members.
    const share = (n: number) => n / registrations.length;
    expect(share(registrations.filter((r) => r.accessibilityNeeds.length > 0).length)).toBeGreaterThan(0.08);
    expect(share(registrations.filter((r) => r.accessibilityNeeds.length > 0).length)).toBeLessThan(0.25);
    expect(share(registrations.filter((r) => !r.photoConsent).length)).toBeGreaterThan(0.04);
    expect(share(registrations.filter((r) => !r.photoConsent).length)).toBeLessThan(0.2);
    expect(registrations.some((r) => r.member && r.priceCents === 39_500)).toBe(true);
    // Everyone at the member organisation's domain was priced as a member, as placeOrder would.
    const atMemberDomain = registrations.filter((r) => r.attendeeEmail.endsWith(`@${DEMO_MEMBER_DOMAIN}`));
    expect(atMemberDomain.length).toBeGreaterThan(5);
    for (const r of atMemberDomain) expect(r.member, r.attendeeEmail).toBe(true);
    for (const r of atMemberDomain.filter((r) => r.ticketTypeId === tickets[0].id && !r.order.promoCodeId))
      expect(r.priceCents).toBe(39_500);
    expect(registrations.every((r) => !/\bexample\.org$/.test(r.attendeeEmail))).toBe(true);
  });

  it("keeps every seat counter and promo code count equal to what is really held, sold or offered", async () => {
    await seed();
    const rows = await t.db.$queryRaw<{ name: string; taken: number; holding: number }[]>`
      SELECT t.name, t.taken,
        (SELECT COUNT(*) FROM "Registration" r WHERE r."ticketTypeId" = t.id AND r.status IN ('PENDING', 'CONFIRMED'))::int
        + (SELECT COALESCE(SUM(w.seats), 0) FROM "WaitlistEntry" w WHERE w."ticketTypeId" = t.id AND w.status = 'OFFERED')::int
        AS holding
      FROM "TicketType" t`;
    expect(rows.length).toBe(7);
    for (const row of rows) expect(row.taken, row.name).toBe(row.holding);
    const events = await t.db.$queryRaw<{ seatsTaken: number; taken: number }[]>`
      SELECT s."seatsTaken", (SELECT SUM(taken) FROM "TicketType" t WHERE t."eventId" = s."eventId")::int AS taken
      FROM "RegistrationSettings" s`;
    expect(events.length).toBe(2);
    for (const e of events) expect(e.seatsTaken).toBe(e.taken);

    const promos = await t.db.promoCode.findMany({
      include: { _count: { select: { orders: { where: { status: { in: ["PAID", "PENDING"] } } } } } },
    });
    expect(promos.map((p) => p.code).sort()).toEqual([DEMO_PROMO_CODES.earlyBird, DEMO_PROMO_CODES.speaker]);
    for (const p of promos) {
      expect(p.uses, p.code).toBe(p._count.orders);
      expect(p.uses).toBeGreaterThan(0);
    }
  });

  it("gives the demo attendee a paid summit ticket and sells out the boot camp with a waiting list", async () => {
    await seed();
    const attendee = await t.db.user.findUniqueOrThrow({ where: { email: "attendee@summit.test" } });
    const mine = await t.db.registration.findMany({
      where: { userId: attendee.id, eventId: await eventId(DEMO_SUMMIT_SLUG) },
      include: { order: true, ticketType: true },
    });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: "CONFIRMED", member: true, priceCents: 39_500 });
    expect(mine[0].order).toMatchObject({ status: "PAID", buyerId: attendee.id, totalCents: 39_500 });
    expect(mine[0].ticketType.name).toBe("In-person");

    const bootCampId = await eventId("social-media-boot-camp-2027");
    const [seat] = await t.db.ticketType.findMany({ where: { eventId: bootCampId } });
    expect(seat).toMatchObject({ capacity: DEMO_BOOT_CAMP_SEATS, taken: DEMO_BOOT_CAMP_SEATS });
    expect(await t.db.registration.count({ where: { eventId: bootCampId, status: "CONFIRMED" } })).toBe(DEMO_BOOT_CAMP_SEATS);
    const waiting = await t.db.waitlistEntry.findMany({ where: { eventId: bootCampId }, orderBy: { createdAt: "asc" } });
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    expect(waiting.length).toBeLessThanOrEqual(5);
    expect(waiting.every((w) => w.status === "WAITING" && w.ticketTypeId === seat.id)).toBe(true);
    expect(waiting.filter((w) => w.seats === 2)).toHaveLength(1);
  });

  it("is the same on every seed", async () => {
    const picture = async () =>
      (
        await t.db.registration.findMany({
          select: { attendeeName: true, attendeeEmail: true, status: true, priceCents: true, photoConsent: true },
        })
      )
        .map((r) => `${r.attendeeEmail} ${r.attendeeName} ${r.status} ${r.priceCents} ${r.photoConsent}`)
        .sort();
    await seed();
    const first = await picture();
    await t.db.$executeRawUnsafe(`TRUNCATE "User", "Campus", "Book", "StatementColumnMap", "Fund" CASCADE`);
    await seed();
    expect(await picture()).toEqual(first);
  });

  it("opens a scholarship cycle for the summit with forty applications in every state, pairs, reviews and story reads", async () => {
    await seed();
    const summitId = await eventId(DEMO_SUMMIT_SLUG);
    const cycle = await t.db.scholarshipCycle.findFirstOrThrow({
      where: { eventId: summitId, name: DEMO_CYCLE_NAME },
      include: { ticketType: true, criteria: true },
    });
    const now = new Date();
    expect(cycle.opensAt < now && now < cycle.closesAt).toBe(true);
    expect(cycle.replyBy < (await t.db.event.findUniqueOrThrow({ where: { id: summitId } })).startsAt).toBe(true);
    const inPerson = await t.db.ticketType.findFirstOrThrow({ where: { eventId: summitId, name: "In-person" } });
    expect(cycle.ticketType).toMatchObject({
      visibility: "HIDDEN",
      priceCents: inPerson.priceCents,
      name: "In-person (complimentary)",
    });
    expect(cycle.criteria).toHaveLength(3);

    const applications = await t.db.scholarshipApplication.findMany({ where: { cycleId: cycle.id } });
    expect(applications).toHaveLength(40);
    const count = (f: (a: (typeof applications)[number]) => boolean) => applications.filter(f).length;
    expect(count((a) => a.status === "DRAFT")).toBe(8);
    expect(count((a) => a.status === "WITHDRAWN")).toBe(4);
    // Submitted, or since decided by the demo committee (demo-awards.ts).
    expect(count((a) => ["SUBMITTED", "AWARDED", "WAITLISTED", "DECLINED"].includes(a.status))).toBe(28);
    expect(count((a) => a.role === "CAREGIVER")).toBeGreaterThanOrEqual(8);
    const pairIds = [...new Set(applications.flatMap((a) => (a.pairId ? [a.pairId] : [])))];
    const pairs = pairIds.map((id) => applications.filter((a) => a.pairId === id));
    expect(pairs.map((p) => p.map((a) => a.role).sort())).toEqual([
      ["CAREGIVER", "PATIENT"],
      ["CAREGIVER", "PATIENT"],
    ]);
    expect(await t.db.caregiverInvitation.count({ where: { acceptedAt: null } })).toBe(1);

    // Reviewers: the demo account and two more, with balanced work, one recusal.
    const reviewers = await t.db.user.findMany({ where: { roles: { has: "REVIEWER" } }, orderBy: { email: "asc" } });
    expect(reviewers.map((r) => r.email).sort()).toEqual(["reviewer@summit.test", ...DEMO_REVIEWERS.map((r) => r.email)].sort());
    expect(await t.db.reviewAssignment.count({ where: { conflictDeclaredAt: { not: null } } })).toBe(1);
    const scores = await applicationScores(t.db, cycle.id);
    expect([...scores.values()].filter((s) => s.reviews === 2)).toHaveLength(14);
    expect([...scores.values()].filter((s) => s.reviews === 1)).toHaveLength(8);
    const riley = reviewers.find((r) => r.email === "reviewer@summit.test");
    expect(await t.db.reviewAssignment.count({ where: { reviewerId: riley?.id, submittedAt: { not: null } } })).toBeGreaterThan(
      3,
    );

    // The demo attendee's own application is under review; stories open with the app's keys.
    const attendee = await t.db.user.findUniqueOrThrow({ where: { email: "attendee@summit.test" } });
    const theirs = applications.find((a) => a.applicantId === attendee.id);
    expect(theirs).toMatchObject({ status: "SUBMITTED", role: "PATIENT" });
    const story = await readStory(t.db, {
      applicationId: theirs?.id as string,
      reader: attendee,
      purpose: "applicant",
      keys: TEST_STORY_KEYS,
    });
    expect(story.story.length).toBeGreaterThan(100);
    expect(await t.db.auditLog.count({ where: { action: "story.read" } })).toBe(7);
  });
});

describe("book and fund demo data", () => {
  it("sells the book singly and in bulk, imports a statement whose columns are remembered, and fills the fund", async () => {
    await t.db.$transaction((tx) => seedDemo(tx, TEST_STORY_KEYS), { timeout: 120_000 });
    const book = await t.db.book.findFirstOrThrow({
      where: { title: DEMO_BOOK_TITLE },
      include: { tiers: { orderBy: { minQuantity: "asc" } } },
    });
    expect(book).toMatchObject({ active: true, listPriceCents: 2_495 });
    expect(book.tiers.map((tier) => [tier.minQuantity, tier.percentOff])).toEqual([
      [10, 15],
      [50, 25],
    ]);
    const orders = await t.db.bookOrder.findMany({ orderBy: { createdAt: "asc" } });
    expect(orders.filter((o) => o.status === "PAID").length).toBeGreaterThanOrEqual(10);
    expect(orders.filter((o) => o.quantity >= 50)).toHaveLength(1);
    expect(orders.filter((o) => o.status === "REFUNDED")).toHaveLength(1);
    const attendee = await t.db.user.findUniqueOrThrow({ where: { email: "attendee@summit.test" } });
    expect(orders.filter((o) => o.buyerId === attendee.id)).toHaveLength(1);

    // Every paid order's credit is its net proceeds; the refunded one took its credit back.
    const entries = await t.db.fundEntry.findMany();
    for (const order of orders.filter((o) => o.status === "PAID"))
      expect(entries.filter((e) => e.bookOrderId === order.id).map((e) => [e.kind, e.amountCents])).toEqual([
        ["BOOK_SALE", order.netProceedsCents],
      ]);
    const statement = await t.db.royaltyStatement.findFirstOrThrow({ where: { retailer: DEMO_RETAILER } });
    expect(entries.filter((e) => e.statementId === statement.id).map((e) => e.amountCents)).toEqual([statement.netCents]);
    expect(entries.filter((e) => e.kind === "DONATION")).toHaveLength(2);
    const balance = await fundBalance(t.db);
    expect(balance.raisedCents).toBe(
      entries.reduce(
        (sum, e) =>
          sum +
          (e.kind === "BOOK_REFUND"
            ? -e.amountCents
            : ["BOOK_SALE", "STATEMENT_IMPORT", "DONATION", "ADJUSTMENT"].includes(e.kind)
              ? e.amountCents
              : 0),
        0,
      ),
    );
    expect(balance.raisedCents).toBeGreaterThan(500_000);
    // What the demo awards (demo-awards.ts) left for the committee to award.
    expect(balance.availableCents).toBeGreaterThan(300_000);

    // Meridian's next statement maps itself from the remembered columns.
    const next = await previewStatement(
      t.db,
      {
        retailer: DEMO_RETAILER,
        statementRef: "MBD-NEXT",
        periodStart: new Date("2030-01-01T00:00:00Z"),
        periodEnd: new Date("2030-03-31T00:00:00Z"),
      },
      "Sale Date,Title,ISBN,Format,Units,Net Royalty\n2030-01-10,Guide,9798987654323,Paperback,3,17.97\n",
    );
    expect(next).toMatchObject({ mappingSource: "remembered", mappingErrors: [], fileErrors: [], rowCount: 1, netCents: 1_797 });
  });
});

describe("scholarship awards demo data", () => {
  it("has awards in every state within the fund: accepted ones registered (a couple on one order), a stipend with its receipt", async () => {
    await t.db.$transaction((tx) => seedDemo(tx, TEST_STORY_KEYS), { timeout: 120_000 });
    const awards = await t.db.award.findMany({
      include: {
        application: { select: { status: true, pairId: true, applicantId: true } },
        registration: { include: { order: { include: { registrations: true } } } },
        payouts: { include: { receipts: true } },
        fundEntries: true,
      },
    });
    expect(new Set(awards.map((a) => a.status))).toEqual(new Set(["ACCEPTED", "OFFERED", "DECLINED", "LAPSED"]));
    for (const award of awards) {
      expect(award.application.status).toBe("AWARDED");
      const sum = (kind: string) => award.fundEntries.filter((e) => e.kind === kind).reduce((n, e) => n + e.amountCents, 0);
      expect(sum("AWARD_COMMITTED")).toBe(award.committedCents);
      expect(sum("STIPEND_PAID")).toBe(award.paidCents);
      expect(sum("AWARD_RELEASED")).toBe(["DECLINED", "LAPSED"].includes(award.status) ? award.committedCents : 0);
    }
    const accepted = awards.filter((a) => a.status === "ACCEPTED");
    for (const award of accepted) {
      expect(award.registration).toMatchObject({ status: "CONFIRMED", userId: award.application.applicantId, priceCents: 0 });
      expect(award.registration?.order).toMatchObject({ source: "SCHOLARSHIP", status: "PAID", totalCents: 0 });
    }
    const couple = accepted.filter((a) => a.application.pairId);
    expect(couple).toHaveLength(2);
    expect(couple[0].registration?.orderId).toBe(couple[1].registration?.orderId);
    expect(couple[0].registration?.order.registrations).toHaveLength(2);
    const [payout] = awards.flatMap((a) => a.payouts);
    expect(payout.receipts).toHaveLength(1);
    expect(payout.receipts[0]).toMatchObject({ contentType: "application/pdf" });
    expect(Buffer.from(payout.receipts[0].content).subarray(0, 5).toString()).toBe("%PDF-");
    expect(await t.db.scholarshipApplication.count({ where: { status: "WAITLISTED" } })).toBe(2);
    expect(await t.db.scholarshipApplication.count({ where: { status: "DECLINED" } })).toBe(1);
    expect((await fundBalance(t.db)).availableCents).toBeGreaterThan(0);
  });
});
