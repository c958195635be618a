// Seat counters: TicketType.taken and RegistrationSettings.seatsTaken count seats that are
// held, offered to the waiting list or sold. Every change is one guarded UPDATE, so
// concurrent buyers can never take more than capacity (no read-then-write race). Taking
// seats runs the database function summit_take_seats (migration 20261121103621_rush_hold):
// guarded UPDATEs of every counter involved, all or nothing, in one statement.

import { Prisma } from "~/generated/prisma/client.ts";
import type { DbTx } from "~/shared/db.server.ts";
import { offerFreedSeats } from "./waitlist.server.ts";

/** Seats wanted per ticket type. */
export type SeatCounts = Map<string, number>;

/**
 * The SQL expression that takes `seats` (and one use of the promo code, if any) for an
 * order, all or nothing. It evaluates to NULL when everything was taken; otherwise nothing
 * changed and it names what refused: a ticket type's id, "event" (the event-wide limit) or
 * "promo". Placing an order writes its rows in the same statement (orders.server.ts).
 */
export function takeSeatsSql(eventId: string, seats: SeatCounts, promoCodeId: string | null = null): Prisma.Sql {
  return Prisma.sql`summit_take_seats(${eventId}, ${[...seats.keys()]}::text[], ${[...seats.values()]}::int[], ${promoCodeId}::text)`;
}

/**
 * Takes `count` seats of a ticket type (and of the event-wide capacity, when set).
 * Returns false, changing nothing, when either would go over capacity. Run it inside the
 * transaction that records who holds the seats.
 */
export async function takeSeats(tx: DbTx, eventId: string, ticketTypeId: string, count: number): Promise<boolean> {
  if (count <= 0) return true;
  const [{ refused }] = await tx.$queryRaw<{ refused: string | null }[]>`
    SELECT ${takeSeatsSql(eventId, new Map([[ticketTypeId, count]]))} AS refused`;
  return refused === null;
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
