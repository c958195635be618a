// Seat counters: TicketType.taken and RegistrationSettings.seatsTaken count seats that are
// held, offered to the waiting list or sold. Every change is one guarded UPDATE, so
// concurrent buyers can never take more than capacity (no read-then-write race).

import type { DbTx } from "~/shared/db.server.ts";
import { offerFreedSeats } from "./waitlist.server.ts";

/**
 * Takes `count` seats of a ticket type (and of the event-wide capacity, when set).
 * Returns false, changing nothing, when either would go over capacity. Run it inside the
 * transaction that records who holds the seats.
 */
export async function takeSeats(tx: DbTx, eventId: string, ticketTypeId: string, count: number): Promise<boolean> {
  if (count <= 0) return true;
  const ticketRows = await tx.$executeRaw`
    UPDATE "TicketType" SET taken = taken + ${count}
    WHERE id = ${ticketTypeId} AND "eventId" = ${eventId} AND taken + ${count} <= capacity`;
  if (ticketRows !== 1) return false;
  // One round trip: the event-wide take, and whether the event has a limit row at all.
  const [event] = await tx.$queryRaw<{ took: number; limited: number }[]>`
    WITH took AS (
      UPDATE "RegistrationSettings" SET "seatsTaken" = "seatsTaken" + ${count}
      WHERE "eventId" = ${eventId} AND (capacity IS NULL OR "seatsTaken" + ${count} <= capacity)
      RETURNING 1)
    SELECT (SELECT count(*) FROM took)::int AS took,
           (SELECT count(*) FROM "RegistrationSettings" WHERE "eventId" = ${eventId})::int AS limited`;
  if (event.took === 1 || event.limited === 0) return true;
  // The event is full: undo our ticket-type take.
  await tx.$executeRaw`UPDATE "TicketType" SET taken = taken - ${count} WHERE id = ${ticketTypeId}`;
  return false;
}

/** Gives seats back to the counters (never below zero). Callers decide who gets them next. */
export async function releaseSeats(tx: DbTx, eventId: string, ticketTypeId: string, count: number): Promise<void> {
  if (count <= 0) return;
  await tx.$executeRaw`UPDATE "TicketType" SET taken = GREATEST(taken - ${count}, 0) WHERE id = ${ticketTypeId}`;
  await tx.$executeRaw`
    UPDATE "RegistrationSettings" SET "seatsTaken" = GREATEST("seatsTaken" - ${count}, 0) WHERE "eventId" = ${eventId}`;
}

/** Releases seats and offers them to the waiting list first: what cancellations, refunds and lapsed holds call. */
export async function freeSeats(tx: DbTx, eventId: string, ticketTypeId: string, count: number): Promise<void> {
  await releaseSeats(tx, eventId, ticketTypeId, count);
  await offerFreedSeats(tx, { eventId, ticketTypeId });
}
