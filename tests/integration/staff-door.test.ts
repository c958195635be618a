// The staff's door pages: which events and lists someone may scan, with how far check-in has
// got, and the scanner's own event look-up (unknown → 404, not on the staff → 403).
import { describe, expect, it } from "vitest";
import { doorOverview, scannerEvent } from "~/modules/badges/staff-door.server.ts";
import { ForbiddenError, NotFoundError } from "~/shared/errors.ts";
import {
  checkInFactory,
  checkInListFactory,
  eventFactory,
  eventStaffFactory,
  orderFactory,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();

async function twoEvents() {
  const summit = await eventFactory(t.db, { name: "Summit", localStart: "2027-09-27T08:00", localEnd: "2027-09-29T17:00" });
  const workshop = await eventFactory(t.db, { name: "Workshop", localStart: "2027-03-06T09:00", localEnd: "2027-03-06T16:00" });
  const inPerson = await ticketTypeFactory(t.db, { eventId: summit.id, name: "In person" });
  const virtual = await ticketTypeFactory(t.db, { eventId: summit.id, name: "Virtual" });
  const door = await checkInListFactory(t.db, { eventId: summit.id, name: "Main entrance", ticketTypeIds: [inPerson.id] });
  const dayTwo = await checkInListFactory(t.db, {
    eventId: summit.id,
    name: "Day 2",
    kind: "DAY",
    day: "2027-09-28",
    ticketTypeIds: [inPerson.id],
  });
  await checkInListFactory(t.db, { eventId: summit.id, name: "Old door", archived: true, ticketTypeIds: [inPerson.id] });
  const order = await orderFactory(t.db, {
    eventId: summit.id,
    traits: ["paid"],
    attendees: [
      { ticketTypeId: inPerson.id, attendeeName: "Ana Ortega", attendeeEmail: "ana@clinic.example" },
      { ticketTypeId: inPerson.id, attendeeName: "Ben Okafor", attendeeEmail: "ben@clinic.example" },
      { ticketTypeId: virtual.id, attendeeName: "Vic Virtual", attendeeEmail: "vic@clinic.example" },
    ],
  });
  await checkInFactory(t.db, { listId: door.id, registrationId: order.registrations[0].id });
  const staff = await userFactory(t.db, { traits: ["staff"] });
  await eventStaffFactory(t.db, { eventId: summit.id, userId: staff.id });
  return { summit, workshop, door, dayTwo, staff };
}

describe("doorOverview", () => {
  it("shows staff only the events they are on, soonest first, each open list with checked-in / expected", async () => {
    const { summit, door, dayTwo, staff } = await twoEvents();
    expect(await doorOverview(t.db, staff)).toEqual([
      expect.objectContaining({
        id: summit.id,
        name: "Summit",
        checkInLists: [
          { id: door.id, name: "Main entrance", kind: "EVENT", day: null, checkedIn: 1, expected: 2 },
          { id: dayTwo.id, name: "Day 2", kind: "DAY", day: "2027-09-28", checkedIn: 0, expected: 2 },
        ],
      }),
    ]);
  });

  it("shows organisers every event, lists or not, and nobody else anything", async () => {
    const { summit, workshop } = await twoEvents();
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const overview = await doorOverview(t.db, organiser);
    expect(overview.map((e) => e.id)).toEqual([workshop.id, summit.id]);
    expect(overview[0].checkInLists).toEqual([]);
    const unassigned = await userFactory(t.db, { traits: ["staff"] });
    expect(await doorOverview(t.db, unassigned)).toEqual([]);
    const attendee = await userFactory(t.db);
    expect(await doorOverview(t.db, attendee)).toEqual([]);
  });
});

describe("scannerEvent", () => {
  it("gives the scanner its event's name, zone and open lists", async () => {
    const { summit, door, dayTwo, staff } = await twoEvents();
    expect(await scannerEvent(t.db, staff, summit.id)).toEqual({
      id: summit.id,
      name: "Summit",
      timeZone: summit.timeZone,
      checkInLists: [
        { id: door.id, name: "Main entrance", kind: "EVENT", day: null },
        { id: dayTwo.id, name: "Day 2", kind: "DAY", day: "2027-09-28" },
      ],
    });
  });

  it("refuses an unknown event with 404 and another event's staff with 403", async () => {
    const { workshop, staff } = await twoEvents();
    await expect(scannerEvent(t.db, staff, "no-such-event")).rejects.toBeInstanceOf(NotFoundError);
    await expect(scannerEvent(t.db, staff, workshop.id)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
