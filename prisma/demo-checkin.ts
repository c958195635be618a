// Door check-in demo data: the summit's lists (the whole event, each day, the workshop), two
// named devices, the demo staff account on the summit's staff, and the first morning's
// arrivals — about two thirds of the confirmed in-person attendees between 7:30 and 10:30,
// bunched before the nine o'clock keynote, so the arrivals chart shows a real curve. One
// attendee was let in twice by doors that were offline, to show a duplicate. Seeded, so every
// machine gets the same morning.
import { DateTime } from "luxon";
import { dayLabel } from "~/modules/badges/check-in-lists.server.ts";
import { eventDays } from "~/shared/dates.ts";
import type { DbTx } from "~/shared/db.server.ts";
import { checkInFactory, checkInListFactory, eventStaffFactory, scanDeviceFactory } from "../tests/factories/index.ts";
import { DEMO_WORKSHOP } from "./demo-agenda.ts";
import { generator } from "./demo-registration.ts";

export const DEMO_DEVICES = { main: "Door 1 — Main hall", atrium: "Door 2 — Harbor atrium" } as const;
export const DEMO_WHOLE_EVENT_LIST = "Main entrance (all three days)";
/** Share of the confirmed in-person attendees who arrived on the first morning. */
export const DEMO_ARRIVED_SHARE = 0.65;
const FIRST_ARRIVAL = "07:30";
/**
 * Relative arrivals per quarter hour from 7:30 to 10:30 on the first morning: a bell that
 * peaks at 8:30, just before the 9:00 keynote, with a long tail of latecomers.
 */
const ARRIVALS = [3, 5, 9, 14, 18, 16, 11, 8, 6, 4, 3, 3];

export async function seedDemoCheckIn(db: DbTx, { summitId }: { summitId: string }) {
  const summit = await db.event.findUniqueOrThrow({ where: { id: summitId } });
  const zone = summit.timeZone;
  const [staff, ticketTypes, workshop] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { email: "staff@summit.test" }, select: { id: true } }),
    db.ticketType.findMany({ where: { eventId: summitId }, orderBy: { position: "asc" } }),
    db.agendaSession.findFirstOrThrow({ where: { eventId: summitId, title: DEMO_WORKSHOP } }),
  ]);
  // Everyone with a seat in Jacksonville; virtual tickets never come to a door.
  const inPerson = ticketTypes.filter((t) => t.name !== "Virtual").map((t) => t.id);

  const whole = await checkInListFactory(db, { eventId: summitId, name: DEMO_WHOLE_EVENT_LIST, ticketTypeIds: inPerson });
  const days = eventDays(summit.startsAt, summit.endsAt, zone);
  const dayLists = [];
  for (const [i, day] of days.entries()) {
    const weekday = dayLabel(day, zone).split(" ")[0];
    dayLists.push(
      await checkInListFactory(db, {
        eventId: summitId,
        name: `Day ${i + 1} — ${weekday}`,
        kind: "DAY",
        day,
        ticketTypeIds: inPerson,
      }),
    );
  }
  await checkInListFactory(db, {
    eventId: summitId,
    name: "Workshop: one-minute health video",
    kind: "SESSION",
    sessionId: workshop.id,
    ticketTypeIds: inPerson,
  });

  await eventStaffFactory(db, { eventId: summitId, userId: staff.id });
  const doors = [
    await scanDeviceFactory(db, { eventId: summitId, name: DEMO_DEVICES.main, createdById: staff.id }),
    await scanDeviceFactory(db, { eventId: summitId, name: DEMO_DEVICES.atrium, createdById: staff.id }),
  ];

  const confirmed = await db.registration.findMany({
    where: { eventId: summitId, status: "CONFIRMED", ticketTypeId: { in: inPerson } },
    orderBy: [{ attendeeName: "asc" }, { attendeeEmail: "asc" }],
    select: { id: true },
  });
  const random = generator(20270927 + 5);
  // Who came, in the order they reached the door: the first DEMO_ARRIVED_SHARE of a shuffle.
  // The k-th of n arrives in the quarter hour where the share (k + ½) / n of ARRIVALS falls, at
  // a random minute of it: a smooth curve, the same on every machine.
  const queue = confirmed
    .map((r) => ({ ...r, key: random.next() }))
    .sort((a, b) => a.key - b.key)
    .slice(0, Math.round(confirmed.length * DEMO_ARRIVED_SHARE));
  const firstQuarter = DateTime.fromISO(`${days[0]}T${FIRST_ARRIVAL}`, { zone });
  const weightTotal = ARRIVALS.reduce((sum, w) => sum + w, 0);
  const quarterOf = (share: number) => {
    let upTo = 0;
    for (const [quarter, weight] of ARRIVALS.entries()) {
      upTo += weight / weightTotal;
      if (share < upTo) return quarter;
    }
    return ARRIVALS.length - 1;
  };

  let n = 0;
  for (const [k, { id: registrationId }] of queue.entries()) {
    const quarter = quarterOf((k + 0.5) / queue.length);
    const scannedAt = firstQuarter.plus({ minutes: quarter * 15, seconds: random.int(15 * 60) }).toJSDate();
    const door = doors[random.chance(0.7) ? 0 : 1];
    for (const list of [whole, dayLists[0]]) {
      n += 1;
      await checkInFactory(db, {
        listId: list.id,
        registrationId,
        deviceId: door.id,
        staffId: staff.id,
        nonce: `demo-checkin-${String(n).padStart(4, "0")}`,
        scannedAt,
      });
    }
  }

  for (const door of doors) {
    const last = await db.checkIn.aggregate({ where: { deviceId: door.id }, _max: { scannedAt: true } });
    await db.scanDevice.update({ where: { id: door.id }, data: { lastSeenAt: last._max.scannedAt } });
  }

  // The atrium door was offline for a while and let one early arrival in again.
  const [twice] = queue;
  if (twice) {
    const counted = await db.checkIn.findUniqueOrThrow({
      where: { registrationId_listId: { registrationId: twice.id, listId: whole.id } },
    });
    await db.scanReceipt.create({
      data: {
        nonce: "demo-checkin-duplicate",
        listId: whole.id,
        registrationId: twice.id,
        deviceId: doors[1].id,
        staffId: staff.id,
        scannedAt: new Date(counted.scannedAt.getTime() + 4 * 60_000),
        outcome: "DUPLICATE",
        offline: true,
      },
    });
  }
}
