// The attendees' side of the agenda: what they read is the latest release (never the
// organisers' working copy); stars and seats are theirs and live.
import { getPublicEvent } from "~/modules/events/events.server.ts";
import type { Db } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { findOverlaps } from "./agenda-filter.ts";
import type { SessionIntent } from "./attendee.schema.ts";
import { getPublishedAgenda } from "./releases.server.ts";
import type { SnapshotSession } from "./snapshot.ts";

/**
 * A published event with its latest release. `agenda` is null before the first
 * release: the page then says the programme will appear soon.
 */
export async function publicAgenda(db: Db, slug: string, options: { includeDrafts?: boolean } = {}) {
  const event = await getPublicEvent(db, slug, options);
  const published = await getPublishedAgenda(db, event.id);
  return { event, release: published?.release ?? null, agenda: published?.snapshot ?? null };
}

export type Seats = { capacity: number; left: number };

/**
 * One person's stars and seats for an event (none when logged out), and the free seats of
 * every session that takes RSVPs: live counts from the working copy, not what the release printed.
 */
export async function attendeeState(db: Db, userId: string | null, eventId: string) {
  const [favourites, rsvps, limited] = await Promise.all([
    userId ? db.favourite.findMany({ where: { userId, session: { eventId } }, select: { sessionId: true } }) : [],
    userId ? db.rsvp.findMany({ where: { userId, session: { eventId } }, select: { sessionId: true } }) : [],
    db.agendaSession.findMany({
      where: { eventId, capacity: { not: null } },
      select: { id: true, capacity: true, rsvpCount: true },
    }),
  ]);
  const seats: Record<string, Seats> = {};
  for (const { id, capacity, rsvpCount } of limited) {
    if (capacity !== null) seats[id] = { capacity, left: Math.max(0, capacity - rsvpCount) };
  }
  return { starred: favourites.map((f) => f.sessionId), rsvps: rsvps.map((r) => r.sessionId), seats };
}

/** The session as the latest release shows it; drafts, unknown ids and unreleased sessions are not found. */
async function releasedSession(db: Db, sessionId: string) {
  const row = await db.agendaSession.findUnique({ where: { id: sessionId }, select: { eventId: true } });
  const published = row ? await getPublishedAgenda(db, row.eventId) : null;
  const session = published?.snapshot.sessions.find((s) => s.id === sessionId);
  if (!session) throw new NotFoundError("We couldn't find that session in the published agenda.");
  return session;
}

async function liveSession(db: Db, sessionId: string) {
  const session = await releasedSession(db, sessionId);
  if (session.status === "CANCELLED") throw new RuleViolation(`“${session.title}” is cancelled.`);
  return session;
}

/** Adds a session to the person's agenda; starring it again changes nothing. */
export async function starSession(db: Db, userId: string, sessionId: string): Promise<SnapshotSession> {
  const session = await liveSession(db, sessionId);
  await db.favourite.createMany({ data: [{ userId, sessionId }], skipDuplicates: true });
  return session;
}

/** Always allowed, also for cancelled sessions; an unstarred or unknown session is left as it is. */
export async function unstarSession(db: Db, userId: string, sessionId: string): Promise<void> {
  await db.favourite.deleteMany({ where: { userId, sessionId } });
}

/**
 * Takes a seat. The seat is counted by a guarded UPDATE in the same transaction as
 * the Rsvp row, so concurrent requests can never take more seats than there are; a
 * second RSVP by the same person (a double click) finds its row and takes nothing.
 * An RSVP also stars the session: a seat means it is in the person's agenda.
 */
export async function rsvp(db: Db, userId: string, sessionId: string) {
  const session = await liveSession(db, sessionId);
  const noun = session.kind === "WORKSHOP" ? "workshop" : "session";
  return db.$transaction(async (tx) => {
    const { count } = await tx.rsvp.createMany({ data: [{ userId, sessionId }], skipDuplicates: true });
    if (count === 1) {
      const taken = await tx.$executeRaw`
        UPDATE "AgendaSession" SET "rsvpCount" = "rsvpCount" + 1
        WHERE id = ${sessionId} AND capacity IS NOT NULL AND "rsvpCount" < capacity`;
      if (taken === 0) {
        const { capacity } = await tx.agendaSession.findUniqueOrThrow({ where: { id: sessionId }, select: { capacity: true } });
        throw new RuleViolation(capacity === null ? `This ${noun} needs no RSVP: just come along.` : `This ${noun} is full.`);
      }
    }
    await tx.favourite.createMany({ data: [{ userId, sessionId }], skipDuplicates: true });
    return { session, alreadyHadSeat: count === 0 };
  });
}

/** Gives the seat back; without an RSVP nothing changes. */
export async function cancelRsvp(db: Db, userId: string, sessionId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // Deleting first: of two concurrent cancels only the one that removed the row frees a seat.
    const { count } = await tx.rsvp.deleteMany({ where: { userId, sessionId } });
    if (count === 0) return false;
    await tx.$executeRaw`UPDATE "AgendaSession" SET "rsvpCount" = "rsvpCount" - 1 WHERE id = ${sessionId} AND "rsvpCount" > 0`;
    return true;
  });
}

/** One attendee button, done; the message says what happened. */
export async function applySessionIntent(db: Db, userId: string, intent: SessionIntent, sessionId: string): Promise<string> {
  switch (intent) {
    case "star":
      return `“${(await starSession(db, userId, sessionId)).title}” is in your agenda.`;
    case "unstar":
      await unstarSession(db, userId, sessionId);
      return "Removed from your agenda.";
    case "rsvp": {
      const { session, alreadyHadSeat } = await rsvp(db, userId, sessionId);
      return alreadyHadSeat ? `You already have a seat at “${session.title}”.` : `You have a seat at “${session.title}”.`;
    }
    case "cancel-rsvp":
      return (await cancelRsvp(db, userId, sessionId))
        ? "Your seat is given back. Thank you for letting us know."
        : "You had no seat here.";
  }
}

export type PersonalSession = SnapshotSession & { overlapsWith: string[] };

/**
 * The person's starred sessions as the latest release shows them (cancelled ones
 * included, so they notice), each with the other starred sessions it overlaps.
 */
export async function personalAgenda(db: Db, userId: string, eventId: string) {
  const [published, favourites, rsvps] = await Promise.all([
    getPublishedAgenda(db, eventId),
    db.favourite.findMany({ where: { userId, session: { eventId } }, select: { sessionId: true } }),
    db.rsvp.findMany({ where: { userId, session: { eventId } }, select: { sessionId: true } }),
  ]);
  const starred = new Set(favourites.map((f) => f.sessionId));
  const sessions = published?.snapshot.sessions.filter((s) => starred.has(s.id)) ?? [];
  // Cancelled sessions take no time, so they clash with nothing.
  const overlaps = findOverlaps(sessions.filter((s) => s.status !== "CANCELLED"));
  return {
    release: published?.release ?? null,
    agenda: published?.snapshot ?? null,
    sessions: sessions.map((s): PersonalSession => ({ ...s, overlapsWith: overlaps.get(s.id) ?? [] })),
    rsvps: rsvps.map((r) => r.sessionId),
  };
}

/** Whether the person has a live personal calendar link (only its hash is kept, so not the link itself). */
export function activeFeedSince(db: Db, userId: string, eventId: string) {
  return db.calendarFeedToken
    .findFirst({ where: { userId, eventId, revokedAt: null }, orderBy: { createdAt: "desc" }, select: { createdAt: true } })
    .then((token) => token?.createdAt ?? null);
}
