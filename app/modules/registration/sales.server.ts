// The sales dashboard's figures. Each is one aggregate query (GROUP BY in the database),
// so the page costs the same with 50 orders or 50,000.
import { DateTime } from "luxon";
import type { OrderStatus, RegistrationStatus } from "~/generated/prisma/enums.ts";
import { getEventForAdmin } from "~/modules/events/events.server.ts";
import { type Db, UTC_NOW } from "~/shared/db.server.ts";

/** The daily chart covers at most this many days. */
export const SALES_DAYS = 60;

export type SalesDay = { day: string; registrations: number; revenueCents: number };

/**
 * Seats sold and money taken per day (by payment date, in the event's zone), from the day
 * sales opened or SALES_DAYS back, whichever is later, to today (or the event's last day).
 * Revenue is gross (before refunds); a transfer is the same seat, so it is not counted again.
 */
async function salesPerDay(db: Db, event: { id: string; timeZone: string; endsAt: Date }, now: Date): Promise<SalesDay[]> {
  const zone = event.timeZone;
  const rows = await db.$queryRaw<{ day: string; registrations: number; revenueCents: number }[]>`
    SELECT to_char(("paidAt" AT TIME ZONE 'UTC') AT TIME ZONE ${zone}, 'YYYY-MM-DD') AS day,
           SUM((SELECT COUNT(*) FROM "Registration" r WHERE r."orderId" = o.id AND r."transferredFromId" IS NULL))::int AS registrations,
           SUM("totalCents")::int AS "revenueCents"
    FROM "Order" o
    WHERE "eventId" = ${event.id} AND "paidAt" IS NOT NULL
    GROUP BY day
    ORDER BY day`;
  const [{ opened }] = await db.$queryRaw<{ opened: Date | null }[]>`
    SELECT LEAST(
      (SELECT MIN("salesStartAt") FROM "TicketType" WHERE "eventId" = ${event.id}),
      (SELECT MIN("paidAt") FROM "Order" WHERE "eventId" = ${event.id})) AS opened`;
  const lastDay = DateTime.min(DateTime.fromJSDate(now, { zone }), DateTime.fromJSDate(event.endsAt, { zone })).startOf("day");
  const earliest = lastDay.minus({ days: SALES_DAYS - 1 });
  const firstDay = opened ? DateTime.max(earliest, DateTime.fromJSDate(opened, { zone }).startOf("day")) : lastDay;
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const days: SalesDay[] = [];
  for (let d = firstDay; d <= lastDay; d = d.plus({ days: 1 })) {
    const day = d.toFormat("yyyy-LL-dd");
    const row = byDay.get(day);
    days.push({ day, registrations: row?.registrations ?? 0, revenueCents: row?.revenueCents ?? 0 });
  }
  return days;
}

export type TicketCapacity = {
  id: string;
  name: string;
  capacity: number;
  sold: number;
  held: number;
  /** Seats kept for waiting-list offers: taken, but neither sold nor in a running hold. */
  offered: number;
  free: number;
};

async function capacityPerTicketType(db: Db, eventId: string): Promise<TicketCapacity[]> {
  const rows = await db.$queryRaw<{ id: string; name: string; capacity: number; taken: number; sold: number; held: number }[]>`
    SELECT t.id, t.name, t.capacity, t.taken,
           COUNT(r.id) FILTER (WHERE r.status = 'CONFIRMED')::int AS sold,
           COUNT(r.id) FILTER (WHERE r.status = 'PENDING')::int AS held
    FROM "TicketType" t
    LEFT JOIN "Registration" r ON r."ticketTypeId" = t.id
    WHERE t."eventId" = ${eventId}
    GROUP BY t.id
    ORDER BY t.position, t.name`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    capacity: r.capacity,
    sold: r.sold,
    held: r.held,
    offered: Math.max(0, r.taken - r.sold - r.held),
    free: Math.max(0, r.capacity - Math.max(r.taken, r.sold + r.held)),
  }));
}

export type PromoUse = {
  code: string;
  uses: number;
  maxUses: number | null;
  paidOrders: number;
  discountCents: number;
};

/** Uses counts held and paid orders (what the limit counts); the discount is what paid orders got. */
function promoCodeUse(db: Db, eventId: string): Promise<PromoUse[]> {
  return db.$queryRaw<PromoUse[]>`
    SELECT p.code, p.uses, p."maxUses",
           COUNT(o.id) FILTER (WHERE o.status = 'PAID')::int AS "paidOrders",
           COALESCE(SUM(o."discountCents") FILTER (WHERE o.status = 'PAID'), 0)::int AS "discountCents"
    FROM "PromoCode" p
    LEFT JOIN "Order" o ON o."promoCodeId" = p.id
    WHERE p."eventId" = ${eventId}
    GROUP BY p.id
    ORDER BY p.code`;
}

export type SalesTotals = {
  grossCents: number;
  refundedCents: number;
  netCents: number;
  paidOrders: number;
  pendingHolds: number;
  heldSeats: number;
};

/** Gross is every order ever paid (later refunds included); refunds are subtracted for net. */
async function totals(db: Db, eventId: string): Promise<SalesTotals> {
  const [row] = await db.$queryRaw<Omit<SalesTotals, "netCents">[]>`
    SELECT COALESCE(SUM("totalCents") FILTER (WHERE "paidAt" IS NOT NULL), 0)::int AS "grossCents",
           COALESCE(SUM("refundedCents"), 0)::int AS "refundedCents",
           COUNT(*) FILTER (WHERE status = 'PAID')::int AS "paidOrders",
           COUNT(*) FILTER (WHERE status = 'PENDING' AND "holdExpiresAt" > ${UTC_NOW})::int AS "pendingHolds",
           COALESCE(SUM((SELECT COUNT(*) FROM "Registration" r WHERE r."orderId" = o.id))
             FILTER (WHERE status = 'PENDING' AND "holdExpiresAt" > ${UTC_NOW}), 0)::int AS "heldSeats"
    FROM "Order" o
    WHERE "eventId" = ${eventId}`;
  return { ...row, netCents: row.grossCents - row.refundedCents };
}

function registrationsByStatus(db: Db, eventId: string) {
  return db.$queryRaw<{ status: RegistrationStatus; count: number }[]>`
    SELECT status::text AS status, COUNT(*)::int AS count
    FROM "Registration" WHERE "eventId" = ${eventId}
    GROUP BY status`;
}

function ordersByStatus(db: Db, eventId: string) {
  return db.$queryRaw<{ status: OrderStatus; count: number }[]>`
    SELECT status::text AS status, COUNT(*)::int AS count
    FROM "Order" WHERE "eventId" = ${eventId}
    GROUP BY status`;
}

export async function salesDashboard(db: Db, eventId: string, now = new Date()) {
  const event = await getEventForAdmin(db, eventId);
  const [days, capacity, promoCodes, sums, registrationStatuses, orderStatuses] = await Promise.all([
    salesPerDay(db, event, now),
    capacityPerTicketType(db, eventId),
    promoCodeUse(db, eventId),
    totals(db, eventId),
    registrationsByStatus(db, eventId),
    ordersByStatus(db, eventId),
  ]);
  return { event, days, capacity, promoCodes, totals: sums, registrationStatuses, orderStatuses };
}
