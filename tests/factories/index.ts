// Factories with traits, shared by the tests and prisma/seed.ts.
import { DateTime } from "luxon";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { EventKind, Role } from "~/generated/prisma/enums.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { newOrderReference } from "~/modules/registration/reference.ts";
import type { AttendeeForm } from "~/modules/registration/registration.schema.ts";
import { takeSeats } from "~/modules/registration/seats.server.ts";
import { DEFAULT_BOOK_FEE, newBookOrderReference } from "~/modules/scholarships/book-orders.server.ts";
import { priceBookOrder } from "~/modules/scholarships/book-pricing.ts";
import { STARTER_RUBRIC } from "~/modules/scholarships/cycle.schema.ts";
import { checkEntry, ensureFund, FUND_ID, type FundEntryInput } from "~/modules/scholarships/fund-ledger.server.ts";
import { estimateFee, netProceeds, refundDebit } from "~/modules/scholarships/net-proceeds.ts";
import { type StoryKeys, sealOptional } from "~/modules/scholarships/story-crypto.server.ts";
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
    | "pronouns"
    | "badgeRole"
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
    pronouns: "",
    accessibilityNeeds: [],
    accessibilityNotes: "",
    photoConsent: "yes",
    answers: {},
    ...overrides,
  };
}

// ---------------------------------------------------------------- Badges & check-in

/** A check-in list: by default for the whole event, admitting every ticket type the event has now. */
export async function checkInListFactory(
  db: DbTx,
  {
    ticketTypeIds,
    ...overrides
  }: Partial<Prisma.CheckInListUncheckedCreateInput> & { eventId: string; ticketTypeIds?: string[] },
) {
  const n = next();
  const admits =
    ticketTypeIds ??
    (await db.ticketType.findMany({ where: { eventId: overrides.eventId }, select: { id: true } })).map((t) => t.id);
  return db.checkInList.create({
    data: {
      name: `Door list ${n}`,
      kind: "EVENT",
      ...overrides,
      ticketTypes: { create: admits.map((ticketTypeId) => ({ ticketTypeId })) },
    },
  });
}

export function scanDeviceFactory(db: DbTx, overrides: Partial<Prisma.ScanDeviceUncheckedCreateInput> & { eventId: string }) {
  const n = next();
  return db.scanDevice.create({ data: { name: `Door ${n}`, ...overrides } });
}

/** An admission as a scan records it: the CheckIn and its ADMITTED receipt, under one nonce. */
export async function checkInFactory(
  db: DbTx,
  overrides: Partial<Prisma.CheckInUncheckedCreateInput> & { listId: string; registrationId: string },
) {
  const n = next();
  const data = { nonce: `factory-${n}-${Date.now().toString(36)}`, scannedAt: new Date(), ...overrides };
  const checkIn = await db.checkIn.create({ data });
  await db.scanReceipt.create({
    data: {
      nonce: checkIn.nonce,
      listId: checkIn.listId,
      registrationId: checkIn.registrationId,
      deviceId: checkIn.deviceId,
      staffId: checkIn.staffId,
      scannedAt: checkIn.scannedAt,
      offline: checkIn.offline,
      outcome: "ADMITTED",
    },
  });
  return checkIn;
}

/** Assigns a STAFF user to an event, so they may scan its badges. */
export function eventStaffFactory(db: DbTx, data: { eventId: string; userId: string }) {
  return db.eventStaff.create({ data });
}

// ---------------------------------------------------------------- Badges

/** A bulk badge request as requestBadgeBatch stores it (QUEUED for the whole event unless told otherwise). */
export function badgeBatchFactory(db: DbTx, overrides: Partial<Prisma.BadgeBatchUncheckedCreateInput> & { eventId: string }) {
  return db.badgeBatch.create({ data: { layout: "SHEET_LETTER", total: 1, ...overrides } });
}

// ---------------------------------------------------------------- Book store and the scholarship fund

/** A fund entry as the ledger would append it, at any time (`createdAt`) so charts have a history. */
export async function fundEntryFactory(db: DbTx, { createdAt, ...entry }: FundEntryInput & { createdAt?: Date }) {
  checkEntry(entry);
  await ensureFund(db);
  const reason = entry.reason ?? (entry.kind === "DONATION" || entry.kind === "ADJUSTMENT" ? "Recorded by a factory" : "");
  return db.fundEntry.create({ data: { ...entry, reason, memo: entry.memo ?? "", fundId: FUND_ID, createdAt } });
}

/** A book on sale: $24.95, printed for $6.40, shipped for $4.50 + $0.35 a copy; 10+ copies 15 % off, 50+ 25 % off. */
export async function bookFactory(
  db: DbTx,
  {
    tiers = [
      { minQuantity: 10, percentOff: 15 },
      { minQuantity: 50, percentOff: 25 },
    ],
    ...overrides
  }: Partial<Prisma.BookCreateInput> & { tiers?: { minQuantity: number; percentOff: number }[] } = {},
) {
  const n = next();
  return db.book.create({
    data: {
      slug: `book-${n}`,
      title: `Book ${n}`,
      authors: "A. Author and B. Author",
      description: "A practical guide.",
      listPriceCents: 2_495,
      unitCostCents: 640,
      shippingBaseCents: 450,
      shippingPerCopyCents: 35,
      ...overrides,
      tiers: { create: tiers },
    },
    include: { tiers: true },
  });
}

type BookOrderTrait = "paid" | "refunded";

/**
 * A book order priced like the store prices it. Traits: pending (default), paid (fee at the
 * configured estimate, net proceeds credited to the fund at paidAt), refunded (paid, then
 * refunded in full at refundedAt: the credit taken back).
 */
export async function bookOrderFactory(
  db: DbTx,
  {
    traits = [],
    quantity = 1,
    refundedAt,
    ...overrides
  }: Partial<Prisma.BookOrderUncheckedCreateInput> & { bookId: string; traits?: BookOrderTrait[]; refundedAt?: Date },
) {
  const n = next();
  const book = await db.book.findUniqueOrThrow({ where: { id: overrides.bookId }, include: { tiers: true } });
  const price = priceBookOrder(book, quantity);
  const paid = traits.includes("paid") || traits.includes("refunded");
  const refunded = traits.includes("refunded");
  const paidAt = overrides.paidAt ? new Date(overrides.paidAt) : new Date();
  const feeCents = overrides.feeCents ?? estimateFee(price.totalCents, DEFAULT_BOOK_FEE);
  const proceeds = netProceeds({ ...price, feeCents });
  const order = await db.bookOrder.create({
    data: {
      reference: newBookOrderReference(),
      buyerName: `Reader ${n}`,
      buyerEmail: `reader${n}@example.org`,
      quantity,
      currency: book.currency,
      unitPriceCents: price.listPriceCents,
      discountCents: price.discountCents,
      totalCents: price.totalCents,
      unitCostCents: price.unitCostCents,
      shippingCostCents: price.shippingCostCents,
      shipName: `Reader ${n}`,
      shipLine1: `${n} Harbor Road`,
      shipCity: "Jacksonville",
      shipRegion: "FL",
      shipPostalCode: "32224",
      shipCountry: "US",
      status: refunded ? "REFUNDED" : paid ? "PAID" : "PENDING",
      ...(paid
        ? {
            feeCents,
            feeEstimated: overrides.feeEstimated ?? true,
            netProceedsCents: proceeds.netProceedsCents,
            stripePaymentIntentId: `pi_factory${n}${Date.now().toString(36)}`,
            refundedCents: refunded ? price.totalCents : 0,
          }
        : {}),
      ...overrides,
      paidAt: paid ? paidAt : null,
    },
  });
  if (paid && proceeds.creditedCents > 0)
    await fundEntryFactory(db, {
      kind: "BOOK_SALE",
      amountCents: proceeds.creditedCents,
      memo: `Order ${order.reference}: ${quantity} ${quantity === 1 ? "copy" : "copies"}`,
      bookOrderId: order.id,
      createdAt: paidAt,
    });
  const debit = refundDebit({
    creditedCents: proceeds.creditedCents,
    totalCents: price.totalCents,
    refundedBeforeCents: 0,
    refundCents: price.totalCents,
  });
  if (refunded && debit > 0)
    await fundEntryFactory(db, {
      kind: "BOOK_REFUND",
      amountCents: debit,
      memo: `Order ${order.reference}: refunded in full`,
      reason: "Requested by the buyer",
      bookOrderId: order.id,
      createdAt: refundedAt ?? paidAt,
    });
  return order;
}

export type StatementLineInput = {
  copies: number;
  netCents: number;
  title?: string;
  isbn?: string;
  format?: string;
  soldOn?: Date;
};

/** An imported royalty statement with its lines and its STATEMENT_IMPORT credit (dated `createdAt`). */
export async function royaltyStatementFactory(
  db: DbTx,
  {
    lines = [{ copies: 10, netCents: 5_990 }],
    ...overrides
  }: Partial<Prisma.RoyaltyStatementUncheckedCreateInput> & { lines?: StatementLineInput[] },
) {
  const n = next();
  const createdAt = overrides.createdAt ? new Date(overrides.createdAt) : new Date();
  const statement = await db.royaltyStatement.create({
    data: {
      retailer: "Meridian Book Distributors",
      statementRef: `STMT-${n}-${Date.now().toString(36)}`,
      periodStart: new Date("2026-01-01T00:00:00Z"),
      periodEnd: new Date("2026-03-31T00:00:00Z"),
      copies: lines.reduce((sum, l) => sum + l.copies, 0),
      netCents: lines.reduce((sum, l) => sum + l.netCents, 0),
      ...overrides,
      createdAt,
      lines: { create: lines.map((line, i) => ({ rowNumber: i + 2, ...line })) },
    },
  });
  if (statement.netCents > 0)
    await fundEntryFactory(db, {
      kind: "STATEMENT_IMPORT",
      amountCents: statement.netCents,
      memo: `${statement.retailer} statement ${statement.statementRef}`,
      statementId: statement.id,
      createdById: statement.importedById,
      createdAt,
    });
  return statement;
}

// ---------------------------------------------------------------- Scholarship applications and review

/** The story key of tests: HTTP test servers get it as SCHOLARSHIP_STORY_KEYS (TEST_STORY_KEYS_ENV). */
export const TEST_STORY_KEYS: StoryKeys = [{ id: "test", key: "c3VtbWl0LXRlc3Qtc3Rvcnkta2V5LTMyLWJ5dGVzISE" }];
export const TEST_STORY_KEYS_ENV = TEST_STORY_KEYS.map((k) => `${k.id}:${k.key}`).join(",");

type CycleTrait = "open" | "closed" | "upcoming";

/**
 * A scholarship cycle with its rubric (the starter rubric unless `criteria`) and its hidden
 * ticket type. Open by default: opened a week ago, closes in two weeks.
 */
export async function scholarshipCycleFactory(
  db: DbTx,
  {
    traits = [],
    criteria = STARTER_RUBRIC,
    seats = 20,
    ticketType: ticketOverrides = {},
    ...overrides
  }: Partial<Prisma.ScholarshipCycleUncheckedCreateInput> & {
    eventId: string;
    traits?: CycleTrait[];
    criteria?: { name: string; description?: string; weight: number }[];
    seats?: number;
    /** The hidden ticket type's name, price (the waiver's value)… */
    ticketType?: Partial<Prisma.TicketTypeUncheckedCreateInput>;
  },
) {
  const n = next();
  const day = 24 * 60 * 60_000;
  const now = Date.now();
  const opensAt = traits.includes("closed") ? now - 30 * day : traits.includes("upcoming") ? now + 7 * day : now - 7 * day;
  const closesAt = traits.includes("closed") ? now - day : opensAt + 21 * day;
  const ticketType = await ticketTypeFactory(db, {
    eventId: overrides.eventId,
    name: `Registration (complimentary) ${n}`,
    visibility: "HIDDEN",
    capacity: seats,
    maxPerOrder: 2,
    ...ticketOverrides,
  });
  return db.scholarshipCycle.create({
    data: {
      name: `Scholarships ${n}`,
      opensAt: new Date(opensAt),
      closesAt: new Date(closesAt),
      decisionAt: new Date(closesAt + 7 * day),
      replyBy: new Date(closesAt + 14 * day),
      maxAwardCents: 150_000,
      reviewersPerApplication: 2,
      blindReview: true,
      ticketTypeId: ticketType.id,
      ...overrides,
      criteria: { create: criteria.map((c, position) => ({ description: "", ...c, position })) },
    },
    include: { criteria: { orderBy: { position: "asc" } } },
  });
}

type ApplicationTrait = "draft" | "submitted" | "withdrawn";

/**
 * An application with its story and financial need sealed through story-crypto (with
 * TEST_STORY_KEYS unless `keys`). A draft by default; a fresh verified applicant unless given.
 */
export async function scholarshipApplicationFactory(
  db: DbTx,
  {
    traits = [],
    story = "Attending would let me meet other patients who manage a chronic illness in public, and learn to share safely.",
    financialNeed = "I work part-time because of my treatment; the registration fee and travel are out of reach.",
    keys = TEST_STORY_KEYS,
    ...overrides
  }: Partial<Omit<Prisma.ScholarshipApplicationUncheckedCreateInput, "storyCipher" | "financialNeedCipher">> & {
    cycleId: string;
    traits?: ApplicationTrait[];
    story?: string | null;
    financialNeed?: string | null;
    keys?: StoryKeys;
  },
) {
  const applicantId = overrides.applicantId ?? (await userFactory(db, { traits: ["verified"] })).id;
  const now = new Date();
  const submitted = traits.includes("submitted") || traits.includes("withdrawn");
  const application = await db.scholarshipApplication.create({
    data: {
      role: "PATIENT",
      status: traits.includes("withdrawn") ? "WITHDRAWN" : submitted ? "SUBMITTED" : "DRAFT",
      submittedAt: submitted ? now : null,
      withdrawnAt: traits.includes("withdrawn") ? now : null,
      requestWaiver: true,
      requestTravelCents: 40_000,
      requestLodgingCents: 30_000,
      consentReviewersRead: true,
      ...overrides,
      applicantId,
    },
  });
  return db.scholarshipApplication.update({
    where: { id: application.id },
    data: {
      storyCipher: sealOptional(keys, story, application.id, "story"),
      financialNeedCipher: sealOptional(keys, financialNeed, application.id, "financialNeed"),
    },
  });
}

type AssignmentTrait = "scored" | "recused";

/**
 * A reviewer's assignment (a fresh REVIEWER unless given). "scored": every criterion of the
 * cycle scored (`scores` in rubric order, 4 each by default) and submitted; "recused": a
 * declared conflict of interest.
 */
export async function reviewAssignmentFactory(
  db: DbTx,
  {
    traits = [],
    scores,
    ...overrides
  }: Partial<Prisma.ReviewAssignmentUncheckedCreateInput> & {
    applicationId: string;
    traits?: AssignmentTrait[];
    scores?: number[];
  },
) {
  const reviewerId = overrides.reviewerId ?? (await userFactory(db, { traits: ["verified", "reviewer"] })).id;
  const scored = traits.includes("scored");
  const criteria = scored
    ? await db.scholarshipCriterion.findMany({
        where: { cycle: { applications: { some: { id: overrides.applicationId } } } },
        orderBy: { position: "asc" },
      })
    : [];
  return db.reviewAssignment.create({
    data: {
      comment: scored ? "A clear case; the story shows why attending matters." : "",
      submittedAt: scored ? new Date() : null,
      ...(traits.includes("recused") ? { conflictDeclaredAt: new Date(), conflictReason: "I know the applicant." } : {}),
      ...overrides,
      reviewerId,
      scores: { create: criteria.map((c, i) => ({ criterionId: c.id, score: scores?.[i] ?? 4 })) },
    },
    include: { scores: true },
  });
}

// ---------------------------------------------------------------- Scholarship awards and stipends

type AwardTrait = "accepted" | "declined" | "lapsed";

/**
 * An award on an application (which becomes AWARDED), its money committed in the ledger as
 * commitAward would (without the balance check: tests fund the ledger as they need). Offered by
 * default. "accepted": registered on the cycle's hidden ticket by a SCHOLARSHIP order (or on the
 * `registrationId` given), the waiver paid; "declined" / "lapsed": the money released.
 */
export async function awardFactory(
  db: DbTx,
  {
    traits = [],
    ...overrides
  }: Partial<Omit<Prisma.AwardUncheckedCreateInput, "committedCents">> & { applicationId: string; traits?: AwardTrait[] },
) {
  const application = await db.scholarshipApplication.findUniqueOrThrow({
    where: { id: overrides.applicationId },
    include: { applicant: true, cycle: true },
  });
  const waiverCents = overrides.waiverCents ?? 29_500;
  const travelCents = overrides.travelCents ?? 40_000;
  const lodgingCents = overrides.lodgingCents ?? 30_000;
  const committedCents = waiverCents + travelCents + lodgingCents;
  const status = traits.includes("accepted")
    ? "ACCEPTED"
    : traits.includes("declined")
      ? "DECLINED"
      : traits.includes("lapsed")
        ? "LAPSED"
        : "OFFERED";
  const now = new Date();
  await db.scholarshipApplication.update({
    where: { id: application.id },
    data: { status: "AWARDED", decidedAt: application.decidedAt ?? now },
  });
  let award = await db.award.create({
    data: {
      replyBy: application.cycle.replyBy,
      status,
      respondedAt: status === "ACCEPTED" || status === "DECLINED" ? now : null,
      ...overrides,
      waiverCents,
      travelCents,
      lodgingCents,
      committedCents,
    },
  });
  await fundEntryFactory(db, {
    kind: "AWARD_COMMITTED",
    amountCents: committedCents,
    awardId: award.id,
    memo: `Award to ${application.applicant.name}`,
    createdAt: award.createdAt,
  });
  if (status === "DECLINED" || status === "LAPSED")
    await fundEntryFactory(db, {
      kind: "AWARD_RELEASED",
      amountCents: committedCents,
      awardId: award.id,
      memo: status === "DECLINED" ? "Award declined by the awardee" : "Award lapsed: no reply by the deadline",
    });
  // A pair shares one order: pass the seat (`registrationId`) it already made.
  if (status === "ACCEPTED" && overrides.registrationId) {
    if (waiverCents > 0)
      await fundEntryFactory(db, {
        kind: "STIPEND_PAID",
        amountCents: waiverCents,
        awardId: award.id,
        memo: "Registration fee waived",
      });
    award = await db.award.update({ where: { id: award.id }, data: { paidCents: waiverCents } });
  } else if (status === "ACCEPTED") {
    if (!application.cycle.ticketTypeId) throw new Error("awardFactory: the cycle has no scholarship ticket type");
    const order = await orderFactory(db, {
      eventId: application.cycle.eventId,
      traits: ["complimentary"],
      source: "SCHOLARSHIP",
      buyerId: application.applicantId,
      buyerName: application.applicant.name,
      buyerEmail: application.applicant.email,
      attendees: [
        {
          ticketTypeId: application.cycle.ticketTypeId,
          attendeeName: application.applicant.name,
          attendeeEmail: application.applicant.email,
          userId: application.applicantId,
          accessibilityNeeds: application.accessibilityNeeds,
          accessibilityNotes: application.accessibilityNotes,
        },
      ],
    });
    if (waiverCents > 0)
      await fundEntryFactory(db, {
        kind: "STIPEND_PAID",
        amountCents: waiverCents,
        awardId: award.id,
        memo: "Registration fee waived",
      });
    award = await db.award.update({
      where: { id: award.id },
      data: { registrationId: order.registrations[0].id, paidCents: waiverCents },
    });
  }
  return award;
}

/** The smallest PNG there is (1×1 pixel), for a receipt whose content doesn't matter. */
export const TINY_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

/** A stipend payout on an (accepted) award with its STIPEND_PAID entry; one PNG receipt unless `receipts`. */
export async function stipendPayoutFactory(
  db: DbTx,
  {
    receipts = [{ fileName: "receipt.png", contentType: "image/png", content: TINY_PNG }],
    ...overrides
  }: Partial<Prisma.StipendPayoutUncheckedCreateInput> & {
    awardId: string;
    receipts?: { fileName: string; contentType: string; content: Uint8Array }[];
  },
) {
  const payout = await db.stipendPayout.create({
    data: {
      amountCents: 20_000,
      paidOn: new Date(),
      note: "Travel reimbursed by bank transfer",
      ...overrides,
      receipts: {
        create: receipts.map((r) => ({ ...r, content: Uint8Array.from(r.content), size: r.content.byteLength })),
      },
    },
    include: { receipts: true },
  });
  await fundEntryFactory(db, {
    kind: "STIPEND_PAID",
    amountCents: payout.amountCents,
    awardId: payout.awardId,
    payoutId: payout.id,
    memo: "Stipend",
    createdById: payout.recordedById,
  });
  await db.award.update({ where: { id: payout.awardId }, data: { paidCents: { increment: payout.amountCents } } });
  return payout;
}
