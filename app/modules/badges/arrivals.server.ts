// The organisers' arrivals dashboard: people arriving per 15 minutes (their first scan of the
// day on any of the event's lists, in the event's zone), checked in against expected per list,
// who hasn't come, and the duplicates two offline devices made. Aggregates run in the
// database, so the page costs the same at 50 or 5,000 arrivals.
import { DateTime } from "luxon";
import { getRegistrationEvent } from "~/modules/registration/ticket-types.server.ts";
import { eventDays, formatTime, zoneAbbreviation } from "~/shared/dates.ts";
import type { Db } from "~/shared/db.server.ts";
import { pageCount } from "~/shared/pagination.ts";
import { dayLabel, listProgress, listPurpose } from "./check-in-lists.server.ts";

export const SLOT_MINUTES = 15;
const SLOT_SECONDS = SLOT_MINUTES * 60;
export const NO_SHOWS_PAGE_SIZE = 50;
const DUPLICATES_SHOWN = 50;

export type ArrivalSlot = { label: string; longLabel: string; arrivals: number };

type DashboardQuery = { day?: string; noShowListId?: string; page: number };

/** Arrivals per (local day, 15-minute slot), slots as multiples of 15 minutes since the epoch. */
async function arrivalSlots(db: Db, eventId: string, zone: string) {
  // Every real zone's offset is a multiple of 15 minutes, so UTC slots are local slots.
  return db.$queryRaw<{ day: string; slot: number; arrivals: number }[]>`
    WITH firsts AS (
      SELECT c."registrationId",
        to_char((c."scannedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${zone}, 'YYYY-MM-DD') AS day,
        MIN(c."scannedAt") AS first
      FROM "CheckIn" c JOIN "CheckInList" l ON l.id = c."listId"
      WHERE l."eventId" = ${eventId}
      GROUP BY 1, 2
    )
    SELECT day, floor(extract(epoch FROM first) / ${SLOT_SECONDS})::int AS slot, COUNT(*)::int AS arrivals
    FROM firsts
    GROUP BY day, slot
    ORDER BY slot`;
}

/** The day's slots from a quarter before the first arrival to a quarter after the last, at least two hours. */
function slotsOfDay(rows: { slot: number; arrivals: number }[], zone: string): ArrivalSlot[] {
  if (rows.length === 0) return [];
  const counts = new Map(rows.map((r) => [r.slot, r.arrivals]));
  const first = rows[0].slot - 1;
  const last = Math.max(rows[rows.length - 1].slot + 1, first + (120 / SLOT_MINUTES - 1));
  const seen = new Set<string>();
  const slots: ArrivalSlot[] = [];
  for (let slot = first; slot <= last; slot++) {
    const from = new Date(slot * SLOT_SECONDS * 1000);
    const to = new Date((slot + 1) * SLOT_SECONDS * 1000);
    let label = DateTime.fromJSDate(from, { zone }).toFormat("h:mm a");
    // The hour a clock change repeats: tell the two apart.
    if (seen.has(label)) label = `${label} ${zoneAbbreviation(from, zone)}`;
    seen.add(label);
    slots.push({ label, longLabel: `${formatTime(from, zone)} to ${formatTime(to, zone)}`, arrivals: counts.get(slot) ?? 0 });
  }
  return slots;
}

export async function arrivalsDashboard(db: Db, eventId: string, query: DashboardQuery, now = new Date()) {
  const event = await getRegistrationEvent(db, eventId);
  const zone = event.timeZone;
  const [lists, progress, rows] = await Promise.all([
    db.checkInList.findMany({
      where: { eventId },
      orderBy: [{ archived: "asc" }, { createdAt: "asc" }],
      select: {
        id: true,
        name: true,
        kind: true,
        day: true,
        archived: true,
        session: { select: { title: true, startsAt: true } },
      },
    }),
    listProgress(db, eventId),
    arrivalSlots(db, eventId, zone),
  ]);

  const perDay = new Map<string, number>();
  for (const r of rows) perDay.set(r.day, (perDay.get(r.day) ?? 0) + r.arrivals);
  const known = [...new Set([...eventDays(event.startsAt, event.endsAt, zone), ...perDay.keys()])].sort();
  const today = DateTime.fromJSDate(now, { zone }).toFormat("yyyy-LL-dd");
  const withArrivals = known.filter((d) => perDay.has(d));
  // Asked for a day (any real one), else today if people are arriving, else the latest day anyone came.
  const asked = query.day && DateTime.fromISO(query.day, { zone }).isValid ? query.day : undefined;
  const day = asked ?? (perDay.has(today) ? today : (withArrivals[withArrivals.length - 1] ?? known[0]));
  const dayValues = known.includes(day) ? known : [...known, day].sort();
  const slots = slotsOfDay(
    rows.filter((r) => r.day === day),
    zone,
  );

  const open = lists.filter((l) => !l.archived);
  const noShowList =
    lists.find((l) => l.id === query.noShowListId) ?? open.find((l) => l.kind === "EVENT") ?? open[0] ?? lists[0];
  const [noShows, duplicates] = await Promise.all([
    noShowList ? noShowsOf(db, noShowList.id, query.page) : undefined,
    duplicatesOf(db, eventId),
  ]);

  return {
    event,
    generatedAt: now.toISOString(),
    lists: lists.map((l) => ({
      id: l.id,
      name: l.name,
      archived: l.archived,
      purpose: listPurpose(l, zone),
      checkedIn: progress.get(l.id)?.checkedIn ?? 0,
      expected: progress.get(l.id)?.expected ?? 0,
    })),
    arrivals: {
      day,
      dayLabel: day ? dayLabel(day, zone) : "",
      days: dayValues.map((d) => ({ value: d, label: dayLabel(d, zone), arrivals: perDay.get(d) ?? 0 })),
      slots,
      total: perDay.get(day) ?? 0,
    },
    noShows: noShowList && noShows ? { list: { id: noShowList.id, name: noShowList.name }, ...noShows } : null,
    duplicates,
  };
}

/** Confirmed registrations the list admits that have no check-in on it, by name, one page. */
async function noShowsOf(db: Db, listId: string, page: number) {
  const [people, [{ total }]] = await Promise.all([
    db.$queryRaw<{ id: string; name: string; email: string; ticketType: string; orderReference: string }[]>`
      SELECT r.id, r."attendeeName" AS name, r."attendeeEmail" AS email, t.name AS "ticketType", o.reference AS "orderReference"
      FROM "Registration" r
      JOIN "CheckInListTicketType" lt ON lt."ticketTypeId" = r."ticketTypeId" AND lt."listId" = ${listId}
      JOIN "TicketType" t ON t.id = r."ticketTypeId"
      JOIN "Order" o ON o.id = r."orderId"
      WHERE r.status = 'CONFIRMED'
        AND NOT EXISTS (SELECT 1 FROM "CheckIn" c WHERE c."registrationId" = r.id AND c."listId" = ${listId})
      ORDER BY r."attendeeName", r.id
      LIMIT ${NO_SHOWS_PAGE_SIZE} OFFSET ${(page - 1) * NO_SHOWS_PAGE_SIZE}`,
    db.$queryRaw<{ total: number }[]>`
      SELECT COUNT(*)::int AS total
      FROM "Registration" r
      JOIN "CheckInListTicketType" lt ON lt."ticketTypeId" = r."ticketTypeId" AND lt."listId" = ${listId}
      WHERE r.status = 'CONFIRMED'
        AND NOT EXISTS (SELECT 1 FROM "CheckIn" c WHERE c."registrationId" = r.id AND c."listId" = ${listId})`,
  ]);
  return { people, total, page, pageCount: pageCount(total, NO_SHOWS_PAGE_SIZE) };
}

/** The latest scans that admitted someone already in (offline devices), with the admission that counts. */
function duplicatesOf(db: Db, eventId: string) {
  return db.$queryRaw<
    {
      nonce: string;
      name: string | null;
      listName: string;
      deviceName: string | null;
      scannedAt: Date;
      countedDevice: string | null;
      countedAt: Date | null;
    }[]
  >`
    SELECT sr.nonce, r."attendeeName" AS name, l.name AS "listName", d.name AS "deviceName", sr."scannedAt",
      cd.name AS "countedDevice", c."scannedAt" AS "countedAt"
    FROM "ScanReceipt" sr
    JOIN "CheckInList" l ON l.id = sr."listId"
    LEFT JOIN "Registration" r ON r.id = sr."registrationId"
    LEFT JOIN "ScanDevice" d ON d.id = sr."deviceId"
    LEFT JOIN "CheckIn" c ON c."registrationId" = sr."registrationId" AND c."listId" = sr."listId"
    LEFT JOIN "ScanDevice" cd ON cd.id = c."deviceId"
    WHERE l."eventId" = ${eventId} AND sr.outcome = 'DUPLICATE'
    ORDER BY sr."scannedAt" DESC
    LIMIT ${DUPLICATES_SHOWN}`;
}
