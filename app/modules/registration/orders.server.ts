// Placing an order: validate the selection, price it, hold the seats for 30 minutes.
import type { Prisma } from "~/generated/prisma/client.ts";
import type { OrderSource } from "~/generated/prisma/enums.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { UTC_NOW } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { confirmOrder, type MailSettings } from "./confirmation.server.ts";
import { findMemberEmails } from "./network-members.server.ts";
import { priceSeats } from "./pricing.ts";
import { findUsablePromoCode, type PromoForPricing, redeemPromoCode, returnPromoCode } from "./promo-codes.server.ts";
import { validateAnswers } from "./questions.ts";
import { newOrderReference } from "./reference.ts";
import type { AttendeeForm } from "./registration.schema.ts";
import { freeSeats, takeSeats } from "./seats.server.ts";

/**
 * In a rush every request wants a pooled connection at once: wait for one in the queue
 * (Prisma's default gives up after 2 s) rather than fail a buyer who is merely in line.
 */
const RUSH_TRANSACTION = { maxWait: 15_000, timeout: 15_000 };

/** How long seats stay held while the buyer pays (Stripe Checkout's shortest expiry is 30 minutes). */
export const HOLD_MINUTES = 30;

export type OrderRequest = {
  eventId: string;
  /** The event when the caller has just loaded it (saves a query on the hot path). */
  event?: { id: string; name: string; endsAt: Date; published: boolean };
  buyer: { id: string | null; name: string; email: string };
  attendees: AttendeeForm[];
  promoCode?: string;
  source?: OrderSource;
  /** The organiser placing a complimentary or scholarship registration. */
  actorId?: string;
  /** Taking up a waiting-list offer: its seats are already reserved for this buyer. */
  waitlistEntryId?: string;
  now?: Date;
};

const withRegistrations = { registrations: { orderBy: { createdAt: "asc" } } } satisfies Prisma.OrderInclude;
export type PlacedOrder = Prisma.OrderGetPayload<{ include: typeof withRegistrations }>;

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

export async function placeOrder(db: Db, mail: MailSettings, request: OrderRequest): Promise<PlacedOrder> {
  const now = request.now ?? new Date();
  const source = request.source ?? "ONLINE";
  const online = source === "ONLINE";
  const attendees = request.attendees;
  if (attendees.length === 0) throw new RuleViolation("Add at least one attendee.", "attendees");

  const event =
    request.event ??
    (await db.event.findUnique({
      where: { id: request.eventId },
      select: { id: true, name: true, endsAt: true, published: true },
    }));
  if (!event || event.id !== request.eventId || (online && !event.published)) throw new NotFoundError("No such event.");
  if (online && event.endsAt <= now) throw new RuleViolation(`Registration for ${event.name} has closed.`, "tickets");

  const ticketTypeIds = [...new Set(attendees.map((a) => a.ticketTypeId))];
  const [ticketTypes, settings] = await Promise.all([
    db.ticketType.findMany({ where: { id: { in: ticketTypeIds }, eventId: event.id, archived: false } }),
    db.registrationSettings.findUnique({ where: { eventId: event.id }, select: { capacity: true, seatsTaken: true } }),
  ]);
  if (!request.waitlistEntryId) await refuseIfSoldOut(db, attendees, ticketTypes, settings, now);

  const [questions, memberEmails, accounts] = await Promise.all([
    db.registrationQuestion.findMany({ where: { eventId: event.id }, orderBy: { position: "asc" } }),
    findMemberEmails(
      db,
      attendees.map((a) => a.email),
    ),
    db.user.findMany({
      where: { email: { in: attendees.map((a) => a.email.toLowerCase()) } },
      select: { id: true, email: true },
    }),
  ]);
  const promo: PromoForPricing | null = request.promoCode
    ? await findUsablePromoCode(db, event.id, request.promoCode, now)
    : null;
  const byId = new Map(ticketTypes.map((t) => [t.id, t]));

  attendees.forEach((attendee, i) => {
    const ticket = byId.get(attendee.ticketTypeId);
    if (!ticket) throw new RuleViolation("That ticket is not offered for this event.", `attendees[${i}].ticketTypeId`);
    const field = `attendees[${i}].ticketTypeId`;
    if (online) {
      if (ticket.salesStartAt && ticket.salesStartAt > now) throw new RuleViolation(`${ticket.name} is not on sale yet.`, field);
      if (ticket.salesEndAt && ticket.salesEndAt <= now) throw new RuleViolation(`Sales of ${ticket.name} have ended.`, field);
      if (ticket.visibility === "HIDDEN" && !promo?.ticketTypeIds.includes(ticket.id))
        throw new RuleViolation(`${ticket.name} needs a promo code.`, field);
      if (ticket.visibility === "MEMBERS" && !memberEmails.has(attendee.email.toLowerCase()))
        throw new RuleViolation(
          `${ticket.name} is for network members; ${attendee.email} is not on the member list. Choose another ticket or use the email your membership is under.`,
          `attendees[${i}].email`,
        );
    }
    const answers = validateAnswers(questions, attendee.answers);
    if (!answers.ok) throw new RuleViolation(answers.message, `attendees[${i}].answers.${answers.questionId}`);
  });
  for (const [ticketTypeId, count] of countBy(attendees, (a) => a.ticketTypeId)) {
    const ticket = byId.get(ticketTypeId);
    if (ticket && online && count > ticket.maxPerOrder)
      throw new RuleViolation(`One order can hold at most ${ticket.maxPerOrder} × ${ticket.name}.`, "tickets");
  }

  const priced = online
    ? priceSeats(
        attendees.map((a) => ({ ticketTypeId: a.ticketTypeId, email: a.email })),
        new Map(ticketTypes.map((t) => [t.id, t])),
        memberEmails,
        promo,
      )
    : null;
  const total = priced?.totalCents ?? 0;
  const accountByEmail = new Map(accounts.map((u) => [u.email.toLowerCase(), u.id]));

  const create = (tx: DbTx) => holdAndCreate(tx, mail, { request, now, source, priced, promo, accountByEmail, total });
  try {
    return await db.$transaction(create, RUSH_TRANSACTION);
  } catch (error) {
    // Sold out may only mean lapsed holds nobody has swept yet: sweep this type and try once more.
    if (!(error instanceof SoldOut)) throw error;
    const freed = await expireLapsedHolds(db, { now, ticketTypeId: error.ticketTypeId });
    if (freed.length === 0) throw error.violation();
    try {
      return await db.$transaction(create, RUSH_TRANSACTION);
    } catch (retryError) {
      throw retryError instanceof SoldOut ? retryError.violation() : retryError;
    }
  }
}

/**
 * In a rush most requests arrive after the last seat went: refuse them from one read,
 * without a transaction or row locks. The counters may be a moment stale, which only
 * matters for a "yes" — and a yes is decided by the guarded UPDATE, not here. A lapsed
 * hold nobody has swept yet still counts as taken, so then we go on and let the
 * transaction's sold-out path sweep it.
 */
async function refuseIfSoldOut(
  db: Db,
  attendees: AttendeeForm[],
  ticketTypes: { id: string; name: string; capacity: number; taken: number }[],
  settings: { capacity: number | null; seatsTaken: number } | null,
  now: Date,
) {
  const eventLeft = settings?.capacity == null ? Number.POSITIVE_INFINITY : settings.capacity - settings.seatsTaken;
  for (const [ticketTypeId, count] of countBy(attendees, (a) => a.ticketTypeId)) {
    const ticket = ticketTypes.find((t) => t.id === ticketTypeId);
    if (!ticket || count <= Math.min(ticket.capacity - ticket.taken, eventLeft)) continue;
    const lapsed = await db.order.findFirst({
      where: { status: "PENDING", holdExpiresAt: { lte: now }, registrations: { some: { ticketTypeId } } },
      select: { id: true },
    });
    if (!lapsed) throw new SoldOut(ticketTypeId, ticket.name, count).violation();
  }
}

class SoldOut extends Error {
  constructor(
    readonly ticketTypeId: string,
    readonly name: string,
    readonly wanted: number,
  ) {
    super("sold out");
  }
  violation() {
    const seats = this.wanted === 1 ? "a seat" : `${this.wanted} seats`;
    return new RuleViolation(`${this.name} is sold out — there isn't ${seats} left. You can join the waiting list.`, "tickets");
  }
}

async function holdAndCreate(
  tx: DbTx,
  mail: MailSettings,
  args: {
    request: OrderRequest;
    now: Date;
    source: OrderSource;
    priced: ReturnType<typeof priceSeats> | null;
    promo: PromoForPricing | null;
    accountByEmail: Map<string, string>;
    total: number;
  },
): Promise<PlacedOrder> {
  const { request, now, source, priced, promo, accountByEmail, total } = args;
  const attendees = request.attendees;

  if (request.waitlistEntryId) {
    await claimWaitlistOffer(tx, request, now);
  } else {
    for (const [ticketTypeId, count] of countBy(attendees, (a) => a.ticketTypeId)) {
      if (!(await takeSeats(tx, request.eventId, ticketTypeId, count))) {
        const ticket = await tx.ticketType.findUniqueOrThrow({ where: { id: ticketTypeId }, select: { name: true } });
        throw new SoldOut(ticketTypeId, ticket.name, count);
      }
    }
  }
  if (promo && !(await redeemPromoCode(tx, promo.id)))
    throw new RuleViolation(`Promo code ${promo.code} has just been used up.`, "promoCode");

  const free = total === 0;
  // Two INSERTs with RETURNING; a nested create would read everything back again.
  const created = await tx.order.create({
    data: {
      reference: newOrderReference(),
      eventId: request.eventId,
      buyerId: request.buyer.id,
      buyerName: request.buyer.name,
      buyerEmail: request.buyer.email.toLowerCase(),
      source,
      subtotalCents: priced?.subtotalCents ?? 0,
      discountCents: priced?.discountCents ?? 0,
      totalCents: total,
      promoCodeId: promo?.id,
      holdExpiresAt: free ? null : new Date(now.getTime() + HOLD_MINUTES * 60_000),
      waitlistEntryId: request.waitlistEntryId,
    },
  });
  const registrations = await tx.registration.createManyAndReturn({
    data: attendees.map((a, i) => ({
      orderId: created.id,
      eventId: request.eventId,
      ticketTypeId: a.ticketTypeId,
      userId: accountByEmail.get(a.email.toLowerCase()) ?? null,
      attendeeName: a.name,
      attendeeEmail: a.email.toLowerCase(),
      organisation: a.organisation,
      priceCents: priced?.seats[i].priceCents ?? 0,
      member: priced?.seats[i].member ?? false,
      accessibilityNeeds: a.accessibilityNeeds,
      accessibilityNotes: a.accessibilityNotes,
      photoConsent: a.photoConsent === "yes",
      answers: a.answers,
    })),
  });
  const order: PlacedOrder = { ...created, registrations };
  if (request.actorId)
    await recordAudit(tx, {
      actorId: request.actorId,
      action: source === "COMPLIMENTARY" ? "registration.complimentary" : "registration.placed",
      subjectType: "Order",
      subjectId: order.id,
      detail: { reference: order.reference, attendees: attendees.length },
    });
  if (free) {
    await confirmOrder(tx, mail, order.id, { now });
    return tx.order.findUniqueOrThrow({ where: { id: order.id }, include: withRegistrations });
  }
  return order;
}

/**
 * A waiting-list offer already holds its seats. The entry's row lock serialises two tabs
 * accepting the same offer; only one PENDING or PAID order may use it.
 */
async function claimWaitlistOffer(tx: DbTx, request: OrderRequest, now: Date) {
  const [entry] = await tx.$queryRaw<{ id: string; ticketTypeId: string; seats: number; userId: string | null }[]>`
    SELECT id, "ticketTypeId", seats, "userId" FROM "WaitlistEntry"
    WHERE id = ${request.waitlistEntryId} AND "eventId" = ${request.eventId}
      AND status = 'OFFERED' AND "offerExpiresAt" > ${UTC_NOW}
    FOR UPDATE`;
  if (!entry || (entry.userId && entry.userId !== request.buyer.id))
    throw new RuleViolation("This waiting-list offer has expired or is not yours.", "tickets");
  if (request.attendees.length !== entry.seats || request.attendees.some((a) => a.ticketTypeId !== entry.ticketTypeId))
    throw new RuleViolation(
      `This offer is for ${entry.seats === 1 ? "one seat" : `${entry.seats} seats`} of the ticket you waited for.`,
      "tickets",
    );
  const open = await tx.order.count({
    where: { waitlistEntryId: entry.id, OR: [{ status: "PAID" }, { status: "PENDING", holdExpiresAt: { gt: now } }] },
  });
  if (open > 0) throw new RuleViolation("You already have an order for this offer: finish paying for it.", "tickets");
}

/**
 * Lapses holds whose 30 minutes are over: PENDING → EXPIRED (guarded, so a payment that
 * lands at the same moment wins or loses cleanly), seats freed for the next buyer or the
 * waiting list, promo uses given back. Seats of a waiting-list offer stay reserved for it
 * while the offer runs. Returns the expired orders so their Checkout Sessions can be closed.
 */
export async function expireLapsedHolds(
  db: Db,
  { now = new Date(), ticketTypeId, limit = 200 }: { now?: Date; ticketTypeId?: string; limit?: number } = {},
): Promise<{ orderId: string; stripeCheckoutSessionId: string | null }[]> {
  const lapsed = await db.order.findMany({
    where: {
      status: "PENDING",
      holdExpiresAt: { lte: now },
      ...(ticketTypeId ? { registrations: { some: { ticketTypeId } } } : {}),
    },
    select: { id: true, stripeCheckoutSessionId: true },
    orderBy: { holdExpiresAt: "asc" },
    take: limit,
  });
  const expired: { orderId: string; stripeCheckoutSessionId: string | null }[] = [];
  for (const candidate of lapsed) {
    const done = await db.$transaction(async (tx) => {
      const moved = await tx.order.updateMany({
        where: { id: candidate.id, status: "PENDING", holdExpiresAt: { lte: now } },
        data: { status: "EXPIRED" },
      });
      if (moved.count !== 1) return false;
      await releaseOrderSeats(tx, candidate.id, "EXPIRED", now);
      return true;
    });
    if (done) expired.push({ orderId: candidate.id, stripeCheckoutSessionId: candidate.stripeCheckoutSessionId });
  }
  return expired;
}

/**
 * After an unpaid order moved out of PENDING (lapsed, payment failed, Checkout expired):
 * its registrations take `status`, its seats go back (unless they are a waiting-list
 * offer's) and its promo use is returned. Call in the transaction that moved the order.
 */
export async function releaseOrderSeats(tx: DbTx, orderId: string, status: "EXPIRED" | "CANCELLED", now = new Date()) {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    include: { registrations: { where: { status: "PENDING" } } },
  });
  await tx.registration.updateMany({
    where: { orderId, status: "PENDING" },
    data: { status, ...(status === "CANCELLED" ? { cancelledAt: now } : {}) },
  });
  // An order on a waiting-list offer took no seats: they stay the offer's, and only the entry
  // leaving OFFERED (expiry, leaving) gives them back, so they are never freed twice.
  if (!order.waitlistEntryId) {
    for (const [ticketTypeId, count] of countBy(order.registrations, (r) => r.ticketTypeId))
      await freeSeats(tx, order.eventId, ticketTypeId, count);
  }
  if (order.promoCodeId) await returnPromoCode(tx, order.promoCodeId);
}
