// Placing an order: validate the selection, price it, hold the seats for 30 minutes.
import { type Order, Prisma, type Registration } from "~/generated/prisma/client.ts";
import type { OrderSource, TicketVisibility } from "~/generated/prisma/enums.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { UTC_NOW } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { hotSql } from "~/shared/hot-sql.server.ts";
import { newId } from "~/shared/ids.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { confirmOrder, type MailSettings } from "./confirmation.server.ts";
import { currentMembersSql, memberEmailsAmong } from "./network-members.server.ts";
import { priceSeats } from "./pricing.ts";
import { findUsablePromoCode, type PromoForPricing, returnPromoCode } from "./promo-codes.server.ts";
import { type QuestionForAnswers, validateAnswers } from "./questions.ts";
import { newOrderReference } from "./reference.ts";
import type { AttendeeForm } from "./registration.schema.ts";
import { freeSeats, takeSeatsSql } from "./seats.server.ts";

/**
 * In a rush every request wants a pooled connection at once: wait for one in the queue
 * (Prisma's default gives up after 2 s) rather than fail a buyer who is merely in line.
 */
const RUSH_TRANSACTION = { maxWait: 15_000, timeout: 15_000 };

/** How long seats stay held while the buyer pays (Stripe Checkout's shortest expiry is 30 minutes). */
export const HOLD_MINUTES = 30;

export type OrderRequest = (
  | { eventId: string; eventSlug?: undefined }
  /** The public form knows the event by its slug: it is found in the same read as the rest. */
  | { eventSlug: string; eventId?: undefined }
) & {
  buyer: { id: string | null; name: string; email: string };
  attendees: AttendeeForm[];
  promoCode?: string;
  source?: OrderSource;
  /** The organiser placing a complimentary or scholarship registration. */
  actorId?: string;
  /** Taking up a waiting-list offer: its seats are already reserved for this buyer. */
  waitlistEntryId?: string;
  /**
   * Work that commits or rolls back with the order, run once its seats are taken: a
   * scholarship acceptance links its award(s) here, so the award and the seat go together.
   */
  alongside?: (tx: DbTx, order: PlacedOrder) => Promise<void>;
  now?: Date;
};

const withRegistrations = { registrations: true } satisfies Prisma.OrderInclude;
/** An order as stored, with its registrations. */
export type PlacedOrder = Prisma.OrderGetPayload<{ include: typeof withRegistrations }>;

/** An order just placed, with the essentials of each seat: what the statement that wrote it returns. */
export type HeldOrder = Order & {
  registrations: Pick<
    Registration,
    "id" | "ticketTypeId" | "attendeeName" | "attendeeEmail" | "userId" | "status" | "priceCents" | "member"
  >[];
};

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

type OfferedTicket = {
  id: string;
  name: string;
  priceCents: number;
  memberPriceCents: number | null;
  capacity: number;
  taken: number;
  salesStartAt: Date | null;
  salesEndAt: Date | null;
  visibility: TicketVisibility;
  maxPerOrder: number;
  /** A PENDING order of this type is past its hold and nobody has swept it yet. */
  lapsedHolds: boolean;
};

type OrderContext = {
  event: { id: string; name: string; endsAt: Date; published: boolean };
  settings: { capacity: number | null; seatsTaken: number } | null;
  ticketTypes: OfferedTicket[];
  questions: QuestionForAnswers[];
  memberEmails: Set<string>;
};

/** JSON carries our UTC timestamps without a zone. */
const utc = (text: string | null) => (text === null ? null : new Date(`${text}Z`));

/**
 * Everything placing an order reads, in one query (in a rush, every round trip costs): the
 * event, the chosen ticket types with their counters, the event-wide counter, the questions
 * and which attendees are network members. Null when there is no such event.
 */
async function readOrderContext(db: Db, request: OrderRequest, now: Date): Promise<OrderContext | null> {
  const ticketTypeIds = [...new Set(request.attendees.map((a) => a.ticketTypeId))];
  const emails = request.attendees.map((a) => a.email);
  const event = request.eventId === undefined ? Prisma.sql`e.slug = ${request.eventSlug}` : Prisma.sql`e.id = ${request.eventId}`;
  const [row] = await hotSql<{
    id: string;
    name: string;
    endsAt: Date;
    published: boolean;
    eventCapacity: number | null;
    seatsTaken: number | null;
    ticketTypes: (Omit<OfferedTicket, "salesStartAt" | "salesEndAt"> & {
      salesStartAt: string | null;
      salesEndAt: string | null;
    })[];
    questions: QuestionForAnswers[];
    members: { email: string | null; domain: string | null }[];
  }>(
    db,
    Prisma.sql`
    SELECT e.id, e.name, e."endsAt", e.published, s.capacity AS "eventCapacity", s."seatsTaken",
      (SELECT coalesce(json_agg(json_build_object(
          'id', t.id, 'name', t.name, 'priceCents', t."priceCents", 'memberPriceCents', t."memberPriceCents",
          'capacity', t.capacity, 'taken', t.taken, 'salesStartAt', t."salesStartAt", 'salesEndAt', t."salesEndAt",
          'visibility', t.visibility, 'maxPerOrder', t."maxPerOrder",
          'lapsedHolds', EXISTS (
            SELECT FROM "Order" o JOIN "Registration" r ON r."orderId" = o.id
            WHERE o.status = 'PENDING' AND o."holdExpiresAt" <= ${now.toISOString()}::timestamp AND r."ticketTypeId" = t.id))), '[]')
        FROM "TicketType" t
        WHERE t."eventId" = e.id AND t.id = ANY(${ticketTypeIds}::text[]) AND NOT t.archived) AS "ticketTypes",
      (SELECT coalesce(json_agg(json_build_object(
          'id', q.id, 'label', q.label, 'kind', q.kind, 'options', q.options, 'required', q.required) ORDER BY q.position), '[]')
        FROM "RegistrationQuestion" q WHERE q."eventId" = e.id) AS questions,
      (SELECT coalesce(json_agg(m), '[]') FROM (${currentMembersSql(emails)}) m) AS members
    FROM "Event" e LEFT JOIN "RegistrationSettings" s ON s."eventId" = e.id
    WHERE ${event}`,
    request.eventId === undefined ? "order-context-by-slug" : "order-context-by-id",
  );
  if (!row) return null;
  return {
    event: { id: row.id, name: row.name, endsAt: row.endsAt, published: row.published },
    settings: row.seatsTaken === null ? null : { capacity: row.eventCapacity, seatsTaken: row.seatsTaken },
    ticketTypes: row.ticketTypes.map((t) => ({ ...t, salesStartAt: utc(t.salesStartAt), salesEndAt: utc(t.salesEndAt) })),
    questions: row.questions,
    memberEmails: memberEmailsAmong(emails, row.members),
  };
}

/** Places an order (see holdOrder) and reads it back whole. */
export async function placeOrder(db: Db, mail: MailSettings, request: OrderRequest): Promise<PlacedOrder> {
  return readBack(db, await holdOrder(db, mail, request));
}

/** The order as stored, its registrations in the order the attendees were given. */
async function readBack(db: DbTx, held: HeldOrder): Promise<PlacedOrder> {
  const stored = await db.order.findUniqueOrThrow({ where: { id: held.id }, include: withRegistrations });
  const position = new Map(held.registrations.map((r, i) => [r.id, i]));
  stored.registrations.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
  return stored;
}

/**
 * Validates the order, prices it and holds its seats for HOLD_MINUTES (a free order is
 * confirmed at once). Returns what the write returned, without reading the order back:
 * the registration form needs only its id, and in a rush every query counts.
 */
export async function holdOrder(db: Db, mail: MailSettings, request: OrderRequest): Promise<HeldOrder> {
  const now = request.now ?? new Date();
  const source = request.source ?? "ONLINE";
  const online = source === "ONLINE";
  const attendees = request.attendees;
  if (attendees.length === 0) throw new RuleViolation("Add at least one attendee.", "attendees");

  const context = await readOrderContext(db, request, now);
  if (!context || (online && !context.event.published)) throw new NotFoundError("We couldn't find that event.");
  const { event, settings, ticketTypes, questions, memberEmails } = context;
  if (online && event.endsAt <= now) throw new RuleViolation(`Registration for ${event.name} has closed.`, "tickets");
  if (!request.waitlistEntryId) refuseIfSoldOut(attendees, ticketTypes, settings);

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
        byId,
        memberEmails,
        promo,
      )
    : null;
  const order: OrderToWrite = { request, eventId: event.id, now, source, priced, promo, ticketNames: byId };
  // A paid online order is one statement. An offer, a free or an organiser's order, or work
  // alongside, needs a transaction around it.
  const oneStatement = !request.waitlistEntryId && !request.actorId && !request.alongside && (priced?.totalCents ?? 0) > 0;
  const place = () =>
    oneStatement ? writeOrder(db, order) : db.$transaction((tx) => holdAndCreate(tx, mail, order), RUSH_TRANSACTION);
  try {
    return await place();
  } catch (error) {
    // Sold out may only mean lapsed holds nobody has swept yet: sweep this type and try once more.
    if (!(error instanceof SoldOut)) throw error;
    const freed = await expireLapsedHolds(db, { now, ticketTypeId: error.ticketTypeId });
    if (freed.length === 0) throw error.violation();
    try {
      return await place();
    } catch (retryError) {
      throw retryError instanceof SoldOut ? retryError.violation() : retryError;
    }
  }
}

/**
 * In a rush most requests arrive after the last seat went: refuse them from the counters
 * just read, without writing. The counters may be a moment stale, which only matters for a
 * "yes" — and a yes is decided by the guarded UPDATEs, not here. A lapsed hold nobody has
 * swept yet still counts as taken, so then we go on and let the sold-out path sweep it.
 */
function refuseIfSoldOut(
  attendees: AttendeeForm[],
  ticketTypes: OfferedTicket[],
  settings: { capacity: number | null; seatsTaken: number } | null,
) {
  const eventLeft = settings?.capacity == null ? Number.POSITIVE_INFINITY : settings.capacity - settings.seatsTaken;
  for (const [ticketTypeId, count] of countBy(attendees, (a) => a.ticketTypeId)) {
    const ticket = ticketTypes.find((t) => t.id === ticketTypeId);
    if (!ticket || count <= Math.min(ticket.capacity - ticket.taken, eventLeft)) continue;
    if (!ticket.lapsedHolds) throw soldOut(ticket.name, count);
  }
}

function soldOut(name: string, wanted: number) {
  const seats = wanted === 1 ? "a seat" : `${wanted} seats`;
  return new RuleViolation(`${name} is sold out — there isn't ${seats} left. You can join the waiting list.`, "tickets");
}

/** The write found no seat; placeOrder may sweep lapsed holds of this type and try again. */
class SoldOut extends Error {
  constructor(
    readonly ticketTypeId: string,
    readonly name: string,
    readonly wanted: number,
  ) {
    super("sold out");
  }
  violation() {
    return soldOut(this.name, this.wanted);
  }
}

type OrderToWrite = {
  request: OrderRequest;
  eventId: string;
  now: Date;
  source: OrderSource;
  priced: ReturnType<typeof priceSeats> | null;
  promo: PromoForPricing | null;
  ticketNames: Map<string, { name: string }>;
};

/**
 * Takes the seats (unless a waiting-list offer holds them already) and the promo-code use,
 * and writes the order with its registrations: one statement, so all of it or none of it
 * happens, with no transaction to hold row locks across round trips. Throws SoldOut, or a
 * RuleViolation when the promo code was used up meanwhile.
 */
async function writeOrder(
  db: DbTx,
  { request, eventId, now, source, priced, promo, ticketNames }: OrderToWrite,
): Promise<HeldOrder> {
  const total = priced?.totalCents ?? 0;
  const seats = request.waitlistEntryId ? new Map<string, number>() : countBy(request.attendees, (a) => a.ticketTypeId);
  const registrations = request.attendees.map((a, i) => ({
    id: newId(),
    ticketTypeId: a.ticketTypeId,
    attendeeName: a.name,
    attendeeEmail: a.email.toLowerCase(),
    organisation: a.organisation,
    pronouns: a.pronouns ?? "",
    priceCents: priced?.seats[i].priceCents ?? 0,
    member: priced?.seats[i].member ?? false,
    accessibilityNeeds: a.accessibilityNeeds,
    accessibilityNotes: a.accessibilityNotes,
    photoConsent: a.photoConsent === "yes",
    answers: a.answers,
  }));
  const holdExpiresAt = total === 0 ? null : new Date(now.getTime() + HOLD_MINUTES * 60_000).toISOString();
  const [row] = await hotSql<HeldOrder & { refused: string | null }>(
    db,
    Prisma.sql`
    WITH taken AS (
      SELECT ${takeSeatsSql(eventId, seats, promo?.id)} AS refused
    ), placed AS (
      INSERT INTO "Order" (id, reference, "eventId", "buyerId", "buyerName", "buyerEmail", source, "subtotalCents",
        "discountCents", "totalCents", "promoCodeId", "holdExpiresAt", "waitlistEntryId", "createdAt", "updatedAt")
      SELECT ${newId()}::text, ${newOrderReference()}::text, ${eventId}::text, ${request.buyer.id}::text, ${request.buyer.name}::text,
        ${request.buyer.email.toLowerCase()}::text, ${source}::"OrderSource", ${priced?.subtotalCents ?? 0}::int,
        ${priced?.discountCents ?? 0}::int, ${total}::int, ${promo?.id ?? null}::text, ${holdExpiresAt}::timestamp,
        ${request.waitlistEntryId ?? null}::text, ${UTC_NOW}, ${UTC_NOW}
      FROM taken WHERE refused IS NULL
      RETURNING *
    ), seated AS (
      INSERT INTO "Registration" (id, "orderId", "eventId", "ticketTypeId", "userId", "attendeeName", "attendeeEmail",
        organisation, pronouns, "priceCents", member, "accessibilityNeeds", "accessibilityNotes", "photoConsent", answers,
        "createdAt", "updatedAt")
      SELECT a.id, placed.id, placed."eventId", a."ticketTypeId",
        (SELECT u.id FROM "User" u WHERE u.email = a."attendeeEmail"),
        a."attendeeName", a."attendeeEmail", a.organisation, a.pronouns, a."priceCents", a.member,
        a."accessibilityNeeds", a."accessibilityNotes", a."photoConsent", a.answers, ${UTC_NOW}, ${UTC_NOW}
      FROM placed, jsonb_to_recordset(${JSON.stringify(registrations)}::jsonb) AS a(
        id text, "ticketTypeId" text, "attendeeName" text, "attendeeEmail" text, organisation text, pronouns text,
        "priceCents" int, member boolean, "accessibilityNeeds" "AccessibilityNeed"[], "accessibilityNotes" text,
        "photoConsent" boolean, answers jsonb)
      RETURNING id, "ticketTypeId", "attendeeName", "attendeeEmail", "userId", status, "priceCents", member
    )
    SELECT taken.refused, placed.*,
      (SELECT json_agg(seated ORDER BY array_position(${registrations.map((r) => r.id)}::text[], seated.id)) FROM seated)
        AS registrations
    FROM taken LEFT JOIN placed ON true`,
    "order-write",
  );
  const { refused, ...order } = row;
  if (refused === "promo") throw new RuleViolation(`Promo code ${promo?.code} has just been used up.`, "promoCode");
  if (refused !== null) {
    // "event": the event-wide limit; name the order's (first) ticket type.
    const ticketTypeId = refused === "event" ? [...seats.keys()][0] : refused;
    throw new SoldOut(ticketTypeId, ticketNames.get(ticketTypeId)?.name ?? "This ticket", seats.get(ticketTypeId) ?? 1);
  }
  return order;
}

/** The slower paths: a waiting-list offer, a free or an organiser's order, work alongside. */
async function holdAndCreate(tx: DbTx, mail: MailSettings, toWrite: OrderToWrite): Promise<HeldOrder> {
  const { request, eventId, now, source } = toWrite;
  if (request.waitlistEntryId) await claimWaitlistOffer(tx, request, eventId, now);
  const order = await writeOrder(tx, toWrite);
  if (request.actorId)
    await recordAudit(tx, {
      actorId: request.actorId,
      action: source === "COMPLIMENTARY" ? "registration.complimentary" : "registration.placed",
      subjectType: "Order",
      subjectId: order.id,
      detail: { reference: order.reference, attendees: request.attendees.length },
    });
  if (order.totalCents === 0) await confirmOrder(tx, mail, order.id, { now });
  else if (!request.alongside) return order;
  // What confirmOrder changed, and the whole order for the work alongside.
  const stored = await readBack(tx, order);
  await request.alongside?.(tx, stored);
  return stored;
}

/**
 * A waiting-list offer already holds its seats. The entry's row lock serialises two tabs
 * accepting the same offer; only one PENDING or PAID order may use it.
 */
async function claimWaitlistOffer(tx: DbTx, request: OrderRequest, eventId: string, now: Date) {
  const [entry] = await tx.$queryRaw<{ id: string; ticketTypeId: string; seats: number; userId: string | null }[]>`
    SELECT id, "ticketTypeId", seats, "userId" FROM "WaitlistEntry"
    WHERE id = ${request.waitlistEntryId} AND "eventId" = ${eventId}
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
