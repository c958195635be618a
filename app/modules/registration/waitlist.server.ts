// Waiting list: sold-out ticket types queue people; freed seats are offered in turn.
//
// An OFFERED entry owns its seats: offerFreedSeats takes them with takeSeats, an order placed
// on the offer uses them without taking more, and only the entry leaving OFFERED settles
// them: ACCEPTED (its order paid: the seats are sold) or EXPIRED / CANCELLED (given back
// with releaseSeats + offerFreedSeats, i.e. freeSeats, exactly once, in the same guarded
// transaction).
import type { Prisma } from "~/generated/prisma/client.ts";
import { formatDateRange, formatDateTime } from "~/shared/dates.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { pageCount } from "~/shared/pagination.ts";
import { hashToken, randomToken } from "~/shared/tokens.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { enqueueEmail } from "../email/outbox.server.ts";
import { renderEmail } from "../email/templates.server.ts";
import { saleState } from "./catalogue.server.ts";
import type { MailSettings } from "./confirmation.server.ts";
import { releaseSeats, takeSeats } from "./seats.server.ts";
import { SETTINGS_DEFAULTS } from "./settings.schema.ts";
import { offerTokenSchema } from "./waitlist.schema.ts";

/** Entries per page of the organiser's queue. */
export const WAITLIST_PAGE_SIZE = 50;
/** Entries one sweep handles per step; the next sweep takes the rest. */
const SWEEP_BATCH = 200;

/** Seats of a ticket type nobody holds, within the event-wide limit when there is one. */
function seatsLeft(
  ticket: { capacity: number; taken: number },
  settings: { capacity: number | null; seatsTaken: number } | null,
): number {
  const eventLeft = settings?.capacity == null ? Number.POSITIVE_INFINITY : settings.capacity - settings.seatsTaken;
  return Math.max(0, Math.min(ticket.capacity - ticket.taken, eventLeft));
}

/** Active entries ahead of this one in its ticket type's queue (earlier, still waiting). */
function countAhead(db: DbTx, entry: { id: string; ticketTypeId: string; createdAt: Date }) {
  return db.waitlistEntry.count({
    where: {
      ticketTypeId: entry.ticketTypeId,
      status: "WAITING",
      OR: [{ createdAt: { lt: entry.createdAt } }, { createdAt: entry.createdAt, id: { lt: entry.id } }],
    },
  });
}

// ---------------------------------------------------------------- joining and leaving

export type JoinRequest = {
  eventId: string;
  ticketTypeId: string;
  user: { id: string; name: string; email: string };
  /** 1, or 2 for two seats together (a patient and their caregiver). */
  seats: number;
  now?: Date;
};

/**
 * Puts the user in the queue of a sold-out ticket type. One active (waiting or offered)
 * entry per person and ticket type. Returns the entry and how many are waiting ahead.
 */
export async function joinWaitlist(db: Db, { eventId, ticketTypeId, user, seats, now = new Date() }: JoinRequest) {
  if (seats !== 1 && seats !== 2) throw new RuleViolation("Choose one seat or two seats together.", "seats");
  const ticket = await db.ticketType.findFirst({
    where: { id: ticketTypeId, eventId, archived: false, visibility: { not: "HIDDEN" }, event: { published: true } },
    include: { event: { select: { endsAt: true } } },
  });
  if (!ticket) throw new RuleViolation("That ticket is not offered for this event.", "ticketTypeId");
  if (seats > ticket.maxPerOrder)
    throw new RuleViolation(`One order can hold only ${ticket.maxPerOrder} × ${ticket.name}: wait for one seat.`, "seats");

  return db.$transaction(async (tx) => {
    // Serialises this person's joins for this ticket type, so a double submit can't queue twice.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`waitlist:${user.id}:${ticketTypeId}`}))`;
    const existing = await tx.waitlistEntry.findFirst({
      where: { userId: user.id, ticketTypeId, status: { in: ["WAITING", "OFFERED"] } },
    });
    if (existing)
      throw new RuleViolation(
        existing.status === "OFFERED"
          ? `Seats of ${ticket.name} are already being held for you: see My waiting lists.`
          : `You're already on the waiting list for ${ticket.name}.`,
        "ticketTypeId",
      );
    const [fresh, settings] = await Promise.all([
      tx.ticketType.findUniqueOrThrow({ where: { id: ticket.id } }),
      tx.registrationSettings.findUnique({ where: { eventId } }),
    ]);
    const state = saleState(fresh, seatsLeft(fresh, settings), ticket.event.endsAt, now);
    if (state === "on-sale")
      throw new RuleViolation(`${ticket.name} still has seats: register now instead of waiting.`, "ticketTypeId");
    if (state === "not-yet")
      throw new RuleViolation(`${ticket.name} is not on sale yet, so there is no waiting list for it.`, "ticketTypeId");
    if (state === "ended") throw new RuleViolation(`Sales of ${ticket.name} have ended.`, "ticketTypeId");

    const entry = await tx.waitlistEntry.create({
      data: { eventId, ticketTypeId, userId: user.id, name: user.name, email: user.email.toLowerCase(), seats },
    });
    return { entry, ticketName: ticket.name, ahead: await countAhead(tx, entry) };
  });
}

/**
 * Takes an entry off the list (the person leaving, or an organiser). An offered entry's
 * seats go back and straight on to the next people. Refused while an order on the offer
 * is still being paid for: those seats are that order's.
 */
async function withdrawEntry(tx: DbTx, entryId: string, now: Date) {
  await tx.$queryRaw`SELECT id FROM "WaitlistEntry" WHERE id = ${entryId} FOR UPDATE`;
  const entry = await tx.waitlistEntry.findUniqueOrThrow({ where: { id: entryId }, include: { ticketType: true } });
  if (entry.status !== "WAITING" && entry.status !== "OFFERED")
    throw new RuleViolation("This entry is no longer on the waiting list.");
  if (entry.status === "OFFERED") {
    const paying = await tx.order.count({
      where: { waitlistEntryId: entry.id, status: "PENDING", holdExpiresAt: { gt: now } },
    });
    if (paying > 0)
      throw new RuleViolation(
        "An order for these seats is waiting for payment: pay for it, or wait until its hold lapses, before leaving.",
      );
  }
  await tx.waitlistEntry.update({ where: { id: entry.id }, data: { status: "CANCELLED" } });
  if (entry.status === "OFFERED") {
    await releaseSeats(tx, entry.eventId, entry.ticketTypeId, entry.seats);
    await offerFreedSeats(tx, { eventId: entry.eventId, ticketTypeId: entry.ticketTypeId, now });
  }
  return entry;
}

/** The user leaves one of their own entries; another person's entry is "not found". */
export async function leaveWaitlist(
  db: Db,
  { userId, entryId, now = new Date() }: { userId: string; entryId: string; now?: Date },
) {
  const owned = await db.waitlistEntry.findFirst({ where: { id: entryId, userId }, select: { id: true } });
  if (!owned) throw new NotFoundError("We couldn't find that waiting-list entry.");
  return db.$transaction((tx) => withdrawEntry(tx, owned.id, now));
}

/** An organiser removes an entry from the event's waiting list. */
export async function removeWaitlistEntry(
  db: Db,
  actorId: string,
  { eventId, entryId, now = new Date() }: { eventId: string; entryId: string; now?: Date },
) {
  const found = await db.waitlistEntry.findFirst({ where: { id: entryId, eventId }, select: { id: true } });
  if (!found) throw new NotFoundError("We couldn't find that waiting-list entry.");
  return db.$transaction(async (tx) => {
    const entry = await withdrawEntry(tx, found.id, now);
    await recordAudit(tx, {
      actorId,
      action: "waitlist.removed",
      subjectType: "WaitlistEntry",
      subjectId: entry.id,
      detail: { ticketType: entry.ticketType.name, email: entry.email, seats: entry.seats, was: entry.status },
    });
    return entry;
  });
}

// ---------------------------------------------------------------- offers

/**
 * Called in the same transaction that released seats of a ticket type: offers them to the
 * next waiting entries (the seats stay taken by the offer), so a freed seat never looks
 * free to the public while someone is waiting. It sends no email (it has no mail
 * settings); the sweeper's notifyOffers does, within seconds.
 *
 * Queue order is first come, first served among entries that fit: a two-seat entry is
 * offered only when two seats are free together, so when a single seat frees the next
 * one-seat entry behind it gets it. The two-seat entry keeps its place and is offered the
 * first time two seats are free; holding single seats back for it could leave them unsold.
 *
 * Returns how many entries were offered seats.
 */
export async function offerFreedSeats(
  tx: DbTx,
  { eventId, ticketTypeId, now = new Date() }: { eventId: string; ticketTypeId: string; now?: Date },
): Promise<number> {
  const ticket = await tx.ticketType.findFirst({
    where: { id: ticketTypeId, eventId, archived: false },
    include: { event: { select: { endsAt: true } } },
  });
  if (!ticket || ticket.event.endsAt <= now || (ticket.salesEndAt && ticket.salesEndAt <= now)) return 0;
  const settings = await tx.registrationSettings.findUnique({ where: { eventId } });
  const offerMs = (settings?.waitlistOfferHours ?? SETTINGS_DEFAULTS.waitlistOfferHours) * 3_600_000;
  let free = seatsLeft(ticket, settings);
  let offered = 0;
  while (free > 0) {
    // SKIP LOCKED: an entry someone is leaving right now is passed over, never offered twice.
    const [next] = await tx.$queryRaw<{ id: string; seats: number }[]>`
      SELECT id, seats FROM "WaitlistEntry"
      WHERE "ticketTypeId" = ${ticketTypeId} AND status = 'WAITING' AND seats <= ${free}
      ORDER BY "createdAt", id
      LIMIT 1
      FOR UPDATE SKIP LOCKED`;
    if (!next) break;
    if (!(await takeSeats(tx, eventId, ticketTypeId, next.seats))) break;
    await tx.waitlistEntry.update({
      where: { id: next.id },
      data: { status: "OFFERED", offeredAt: now, offerExpiresAt: new Date(now.getTime() + offerMs), offerTokenHash: null },
    });
    free -= next.seats;
    offered++;
  }
  return offered;
}

/** The organiser's "offer now": seats that are free (capacity raised, say) go to the queue at once. */
export async function offerWaitlistNow(
  db: Db,
  actorId: string,
  { eventId, ticketTypeId, now = new Date() }: { eventId: string; ticketTypeId: string; now?: Date },
) {
  const ticket = await db.ticketType.findFirst({ where: { id: ticketTypeId, eventId }, select: { id: true, name: true } });
  if (!ticket) throw new NotFoundError("We couldn't find that ticket type.");
  return db.$transaction(async (tx) => {
    const offered = await offerFreedSeats(tx, { eventId, ticketTypeId, now });
    if (offered > 0)
      await recordAudit(tx, {
        actorId,
        action: "waitlist.offered",
        subjectType: "TicketType",
        subjectId: ticket.id,
        detail: { ticketType: ticket.name, offered },
      });
    return { offered, ticketName: ticket.name };
  });
}

/**
 * Emails each new offer its link, exactly once: the token's hash is set by a guarded
 * UPDATE (only while none is set) in the transaction that queues the email, so several
 * sweepers never mail the same offer twice. Returns how many offers were emailed.
 */
export async function notifyOffers(db: Db, mail: MailSettings, now = new Date()): Promise<number> {
  const due = await db.waitlistEntry.findMany({
    where: { status: "OFFERED", offerTokenHash: null, offerExpiresAt: { gt: now } },
    include: {
      event: { select: { name: true, startsAt: true, endsAt: true, timeZone: true } },
      ticketType: { select: { name: true } },
      user: { select: { name: true, email: true } },
    },
    orderBy: { offeredAt: "asc" },
    take: SWEEP_BATCH,
  });
  let sent = 0;
  for (const entry of due) {
    const token = randomToken();
    const { event } = entry;
    const rendered = await renderEmail("waitlist-offer", {
      name: entry.user?.name ?? entry.name,
      eventName: event.name,
      eventWhen: formatDateRange(event.startsAt, event.endsAt, event.timeZone),
      ticketName: entry.ticketType.name,
      seats: entry.seats,
      expiresLabel: formatDateTime(entry.offerExpiresAt as Date, event.timeZone),
      offerUrl: `${mail.appUrl}/waitlist/offers/${token}`,
      waitlistUrl: `${mail.appUrl}/waitlist`,
    });
    const queued = await db.$transaction(async (tx) => {
      const { count } = await tx.waitlistEntry.updateMany({
        where: { id: entry.id, status: "OFFERED", offerTokenHash: null },
        data: { offerTokenHash: hashToken(token) },
      });
      if (count !== 1) return false;
      await enqueueEmail(tx, { ...rendered, to: entry.user?.email ?? entry.email, from: mail.mailFrom });
      return true;
    });
    if (queued) sent++;
  }
  return sent;
}

/**
 * Offers whose time ran out move on to the next person: OFFERED → EXPIRED (guarded) and the
 * seats freed, which offers them on in the same transaction. An offer whose order is paid
 * is ACCEPTED by then; one whose order is still within its hold waits for that hold.
 * Returns how many offers expired.
 */
export async function expireLapsedOffers(db: Db, now = new Date()): Promise<number> {
  const lapsed = await db.waitlistEntry.findMany({
    where: { status: "OFFERED", offerExpiresAt: { lte: now } },
    select: { id: true },
    orderBy: { offerExpiresAt: "asc" },
    take: SWEEP_BATCH,
  });
  let expired = 0;
  for (const { id } of lapsed) {
    const done = await db.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "WaitlistEntry" WHERE id = ${id} AND status = 'OFFERED' FOR UPDATE SKIP LOCKED`;
      if (!locked) return false;
      const inUse = await tx.order.count({
        where: { waitlistEntryId: id, OR: [{ status: "PAID" }, { status: "PENDING", holdExpiresAt: { gt: now } }] },
      });
      if (inUse > 0) return false;
      const entry = await tx.waitlistEntry.findUniqueOrThrow({ where: { id } });
      const moved = await tx.waitlistEntry.updateMany({
        where: { id, status: "OFFERED", offerExpiresAt: { lte: now } },
        data: { status: "EXPIRED" },
      });
      if (moved.count !== 1) return false;
      await releaseSeats(tx, entry.eventId, entry.ticketTypeId, entry.seats);
      await offerFreedSeats(tx, { eventId: entry.eventId, ticketTypeId: entry.ticketTypeId, now });
      return true;
    });
    if (done) expired++;
  }
  return expired;
}

export type OpenOffer = { entryId: string; eventSlug: string; ticketTypeId: string; seats: number; offerExpiresAt: Date };

/**
 * The running offer an emailed link names, if it is this user's: what the registration page
 * uses to place the order on the offer's seats. Unknown, malformed, lapsed, taken-up or
 * someone else's tokens are all null.
 */
export async function findOpenOffer(db: DbTx, token: string, userId: string, now = new Date()): Promise<OpenOffer | null> {
  if (!offerTokenSchema.safeParse(token).success) return null;
  const entry = await db.waitlistEntry.findUnique({
    where: { offerTokenHash: hashToken(token) },
    include: { event: { select: { slug: true } } },
  });
  if (!entry || entry.userId !== userId || entry.status !== "OFFERED" || !entry.offerExpiresAt || entry.offerExpiresAt <= now)
    return null;
  return {
    entryId: entry.id,
    eventSlug: entry.event.slug,
    ticketTypeId: entry.ticketTypeId,
    seats: entry.seats,
    offerExpiresAt: entry.offerExpiresAt,
  };
}

/**
 * What the offer link's page shows its owner: the offer while it runs, or what became of
 * it. Null for an unknown token or someone else's (nothing about it is revealed).
 */
export async function offerForLink(db: Db, token: string, userId: string, now = new Date()) {
  if (!offerTokenSchema.safeParse(token).success) return null;
  const entry = await db.waitlistEntry.findUnique({
    where: { offerTokenHash: hashToken(token) },
    include: {
      event: { select: { slug: true, name: true, startsAt: true, endsAt: true, timeZone: true } },
      ticketType: { select: { name: true } },
    },
  });
  if (!entry || entry.userId !== userId) return null;
  const open = entry.status === "OFFERED" && entry.offerExpiresAt !== null && entry.offerExpiresAt > now;
  const state = open ? "open" : entry.status === "ACCEPTED" ? "accepted" : entry.status === "CANCELLED" ? "left" : "expired";
  return {
    state,
    seats: entry.seats,
    ticketName: entry.ticketType.name,
    offerExpiresAt: entry.offerExpiresAt,
    event: entry.event,
  } as const;
}

/**
 * A fresh link to a running offer for its owner (My waiting lists → "Continue to
 * registration"): only the token's hash is kept, so the emailed one can't be shown again;
 * the emailed link stops working. Refused until the offer email has gone out, so that
 * email is never skipped.
 */
export async function renewOfferLink(
  db: Db,
  { userId, entryId, now = new Date() }: { userId: string; entryId: string; now?: Date },
) {
  const entry = await db.waitlistEntry.findFirst({
    where: { id: entryId, userId },
    include: { event: { select: { slug: true } } },
  });
  if (!entry) throw new NotFoundError("We couldn't find that waiting-list entry.");
  if (entry.status !== "OFFERED" || !entry.offerExpiresAt || entry.offerExpiresAt <= now)
    throw new RuleViolation("This offer has ended: it is no longer holding seats for you.");
  if (!entry.offerTokenHash) throw new RuleViolation("We're emailing you this offer right now. Please try again in a minute.");
  const token = randomToken();
  const { count } = await db.waitlistEntry.updateMany({
    where: { id: entry.id, userId, status: "OFFERED", offerTokenHash: { not: null }, offerExpiresAt: { gt: now } },
    data: { offerTokenHash: hashToken(token) },
  });
  if (count !== 1) throw new RuleViolation("This offer has ended: it is no longer holding seats for you.");
  return { token, eventSlug: entry.event.slug };
}

// ---------------------------------------------------------------- pages

const entryWithEvent = {
  event: { select: { slug: true, name: true, startsAt: true, endsAt: true, timeZone: true } },
  ticketType: { select: { name: true } },
} satisfies Prisma.WaitlistEntryInclude;

/** How many past (accepted, expired, left) entries "My waiting lists" shows. */
const PAST_SHOWN = 20;

/** The user's waiting lists: active entries with their place in the queue, then recent past ones. */
export async function myWaitlists(db: Db, userId: string, now = new Date()) {
  const [active, past] = await Promise.all([
    db.waitlistEntry.findMany({
      where: { userId, status: { in: ["WAITING", "OFFERED"] } },
      include: { ...entryWithEvent, orders: { where: { status: "PENDING", holdExpiresAt: { gt: now } }, select: { id: true } } },
      orderBy: { createdAt: "asc" },
    }),
    db.waitlistEntry.findMany({
      where: { userId, status: { in: ["ACCEPTED", "EXPIRED", "CANCELLED"] } },
      include: entryWithEvent,
      orderBy: { updatedAt: "desc" },
      take: PAST_SHOWN,
    }),
  ]);
  const withPlace = await Promise.all(
    active.map(async (entry) => ({
      ...entry,
      ahead: entry.status === "WAITING" ? await countAhead(db, entry) : 0,
      emailed: entry.offerTokenHash !== null,
      pendingOrderId: entry.orders[0]?.id ?? null,
    })),
  );
  return { active: withPlace, past };
}

/** Event and ticket types the join page offers: those sold out right now (not hidden ones). */
export async function waitlistChoices(db: Db, slug: string, userId: string, now = new Date()) {
  const event = await db.event.findUnique({
    where: { slug },
    select: { id: true, slug: true, name: true, startsAt: true, endsAt: true, timeZone: true, published: true },
  });
  if (!event?.published) throw new NotFoundError("We couldn't find that event.");
  const [types, settings, mine] = await Promise.all([
    db.ticketType.findMany({
      where: { eventId: event.id, archived: false, visibility: { not: "HIDDEN" } },
      orderBy: [{ position: "asc" }, { name: "asc" }],
    }),
    db.registrationSettings.findUnique({ where: { eventId: event.id } }),
    db.waitlistEntry.findMany({
      where: { eventId: event.id, userId, status: { in: ["WAITING", "OFFERED"] } },
      select: { ticketTypeId: true, status: true },
    }),
  ]);
  const joined = new Map(mine.map((e) => [e.ticketTypeId, e.status]));
  return {
    event,
    offerHours: settings?.waitlistOfferHours ?? SETTINGS_DEFAULTS.waitlistOfferHours,
    tickets: types.map((t) => ({
      id: t.id,
      name: t.name,
      maxPerOrder: t.maxPerOrder,
      state: saleState(t, seatsLeft(t, settings), event.endsAt, now),
      joined: joined.get(t.id) ?? null,
    })),
  };
}

/**
 * The organiser's view of one event's waiting lists: every ticket type with its free
 * seats and queue sizes, then the chosen type's running offers and its queue (paginated).
 */
export async function waitlistOverview(
  db: Db,
  eventId: string,
  { ticketTypeId, page = 1, now = new Date() }: { ticketTypeId?: string; page?: number; now?: Date } = {},
) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, slug: true, name: true, timeZone: true },
  });
  if (!event) throw new NotFoundError("We couldn't find that event.");
  const [types, settings, counts] = await Promise.all([
    db.ticketType.findMany({ where: { eventId }, orderBy: [{ position: "asc" }, { name: "asc" }] }),
    db.registrationSettings.findUnique({ where: { eventId } }),
    db.waitlistEntry.groupBy({
      by: ["ticketTypeId", "status"],
      where: { eventId, status: { in: ["WAITING", "OFFERED"] } },
      _count: { _all: true },
      _sum: { seats: true },
    }),
  ]);
  const count = (id: string, status: "WAITING" | "OFFERED") =>
    counts.find((c) => c.ticketTypeId === id && c.status === status) ?? { _count: { _all: 0 }, _sum: { seats: 0 } };
  const ticketTypes = types
    .map((t) => ({
      id: t.id,
      name: t.name,
      archived: t.archived,
      capacity: t.capacity,
      taken: t.taken,
      free: seatsLeft(t, settings),
      waiting: count(t.id, "WAITING")._count._all,
      waitingSeats: count(t.id, "WAITING")._sum.seats ?? 0,
      offered: count(t.id, "OFFERED")._count._all,
      offeredSeats: count(t.id, "OFFERED")._sum.seats ?? 0,
    }))
    .filter((t) => !t.archived || t.waiting + t.offered > 0);
  const selected =
    ticketTypes.find((t) => t.id === ticketTypeId) ?? ticketTypes.find((t) => t.waiting + t.offered > 0) ?? ticketTypes[0];
  if (!selected) return { event, ticketTypes, selected: null, offers: [], queue: [], page: 1, pageCount: 1 };

  const pages = pageCount(selected.waiting, WAITLIST_PAGE_SIZE);
  const current = Math.min(page, pages);
  const [offers, queue] = await Promise.all([
    db.waitlistEntry.findMany({
      where: { ticketTypeId: selected.id, status: "OFFERED" },
      include: {
        orders: {
          where: { OR: [{ status: "PAID" }, { status: "PENDING", holdExpiresAt: { gt: now } }] },
          select: { id: true, reference: true, status: true },
        },
      },
      orderBy: { offerExpiresAt: "asc" },
    }),
    db.waitlistEntry.findMany({
      where: { ticketTypeId: selected.id, status: "WAITING" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: (current - 1) * WAITLIST_PAGE_SIZE,
      take: WAITLIST_PAGE_SIZE,
    }),
  ]);
  return {
    event,
    ticketTypes,
    selected,
    offers: offers.map((o) => ({
      id: o.id,
      name: o.name,
      email: o.email,
      seats: o.seats,
      offeredAt: o.offeredAt,
      offerExpiresAt: o.offerExpiresAt,
      emailed: o.offerTokenHash !== null,
      order: o.orders[0] ?? null,
    })),
    queue: queue.map((e, i) => ({
      id: e.id,
      name: e.name,
      email: e.email,
      seats: e.seats,
      createdAt: e.createdAt,
      position: (current - 1) * WAITLIST_PAGE_SIZE + i + 1,
    })),
    page: current,
    pageCount: pages,
  };
}
