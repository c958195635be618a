// The organisers' side of door check-in on a real database: lists and their rules, staff
// assignment and who may scan, devices, the arrivals dashboard, and the demo morning.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { deleteSession } from "~/modules/agenda/sessions.server.ts";
import { arrivalsDashboard, NO_SHOWS_PAGE_SIZE } from "~/modules/badges/arrivals.server.ts";
import {
  getCheckInList,
  listCheckInLists,
  saveCheckInList,
  setCheckInListArchived,
} from "~/modules/badges/check-in-lists.server.ts";
import { assignStaff, eventsToScan, listEventStaff, mayScanEvent, unassignStaff } from "~/modules/badges/event-staff.server.ts";
import { registerScanDevice } from "~/modules/badges/scan-devices.server.ts";
import { ForbiddenError, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { DEMO_SUMMIT_SLUG, DEMO_WORKSHOP } from "../../prisma/demo-agenda.ts";
import { DEMO_DEVICES, DEMO_WHOLE_EVENT_LIST } from "../../prisma/demo-checkin.ts";
import { seedDemo } from "../../prisma/seed.ts";
import {
  agendaSessionFactory,
  CAMPUSES,
  campusFactory,
  checkInFactory,
  checkInListFactory,
  eventFactory,
  eventStaffFactory,
  orderFactory,
  scanDeviceFactory,
  TEST_STORY_KEYS,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();

async function summit() {
  const campus = await campusFactory(t.db, CAMPUSES.rochester);
  const event = await eventFactory(t.db, {
    campusId: campus.id,
    name: "Social Media Summit",
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-29T17:00",
  });
  const inPerson = await ticketTypeFactory(t.db, { eventId: event.id, name: "In person" });
  const virtual = await ticketTypeFactory(t.db, { eventId: event.id, name: "Virtual" });
  const workshop = await agendaSessionFactory(t.db, {
    eventId: event.id,
    kind: "WORKSHOP",
    title: "Caption a video",
    localStart: "2027-09-28T13:45",
    localEnd: "2027-09-28T16:15",
  });
  const talk = await agendaSessionFactory(t.db, {
    eventId: event.id,
    kind: "TALK",
    localStart: "2027-09-28T09:00",
    localEnd: "2027-09-28T10:00",
  });
  const organiser = await userFactory(t.db, { traits: ["organizer"] });
  return { event, inPerson, virtual, workshop, talk, organiser };
}

describe("check-in lists", () => {
  it("creates whole-event, day and workshop lists, audited", async () => {
    const s = await summit();
    const save = (input: Parameters<typeof saveCheckInList>[3]) => saveCheckInList(t.db, s.organiser.id, s.event.id, input);
    await save({ name: "Main entrance", kind: "EVENT", ticketTypeIds: [s.inPerson.id, s.virtual.id] });
    // A day list forgets a session sent along with it, and the other way round.
    await save({ name: "Day 2", kind: "DAY", day: "2027-09-28", sessionId: s.workshop.id, ticketTypeIds: [s.inPerson.id] });
    await save({
      name: "Workshop",
      kind: "SESSION",
      sessionId: s.workshop.id,
      day: "2027-09-28",
      ticketTypeIds: [s.inPerson.id],
    });
    const { lists } = await listCheckInLists(t.db, s.event.id);
    expect(lists.map((l) => [l.name, l.kind, l.purpose, l.admits])).toEqual([
      ["Main entrance", "EVENT", "Whole event", ["In person", "Virtual"]],
      ["Day 2", "DAY", "Tuesday 28 September 2027", ["In person"]],
      ["Workshop", "SESSION", "Caption a video (28 Sep 2027, 1:45 PM CDT)", ["In person"]],
    ]);
    const stored = await t.db.checkInList.findMany({ orderBy: { createdAt: "asc" } });
    expect(stored.map((l) => [l.day, l.sessionId])).toEqual([
      [null, null],
      ["2027-09-28", null],
      [null, s.workshop.id],
    ]);
    expect(await t.db.auditLog.count({ where: { action: "check-in-list.create" } })).toBe(3);
  });

  it("refuses days outside the event, sessions that are not its workshops, other events' tickets and taken names", async () => {
    const s = await summit();
    const other = await eventFactory(t.db);
    const otherTicket = await ticketTypeFactory(t.db, { eventId: other.id });
    const otherWorkshop = await agendaSessionFactory(t.db, {
      eventId: other.id,
      kind: "WORKSHOP",
      localStart: "2027-09-28T13:45",
      localEnd: "2027-09-28T16:15",
    });
    await checkInListFactory(t.db, { eventId: s.event.id, name: "Main entrance" });
    const base = { name: "Another", kind: "EVENT" as const, ticketTypeIds: [s.inPerson.id] };
    const cases: [Parameters<typeof saveCheckInList>[3], string][] = [
      [{ ...base, kind: "DAY", day: "2027-09-30" }, "day"],
      [{ ...base, kind: "DAY", day: "2027-09-26" }, "day"],
      [{ ...base, kind: "SESSION", sessionId: s.talk.id }, "sessionId"],
      [{ ...base, kind: "SESSION", sessionId: otherWorkshop.id }, "sessionId"],
      [{ ...base, kind: "SESSION", sessionId: "nope" }, "sessionId"],
      [{ ...base, ticketTypeIds: [s.inPerson.id, otherTicket.id] }, "ticketTypeIds"],
      [{ ...base, name: "Main entrance" }, "name"],
    ];
    for (const [input, field] of cases) {
      const error = await saveCheckInList(t.db, s.organiser.id, s.event.id, input).catch((e) => e);
      expect(error, JSON.stringify(input)).toBeInstanceOf(RuleViolation);
      expect((error as RuleViolation).field).toBe(field);
    }
    expect(await t.db.checkInList.count()).toBe(1);
    expect(await t.db.checkInListTicketType.count()).toBe(2);
  });

  it("edits a list's name and tickets, archives and restores it; another event's list is not found", async () => {
    const s = await summit();
    const list = await checkInListFactory(t.db, { eventId: s.event.id, name: "Main entrance" });
    await saveCheckInList(
      t.db,
      s.organiser.id,
      s.event.id,
      { name: "Front door", kind: "EVENT", ticketTypeIds: [s.virtual.id] },
      list.id,
    );
    expect(await getCheckInList(t.db, s.event.id, list.id)).toMatchObject({ name: "Front door", ticketTypeIds: [s.virtual.id] });
    expect((await setCheckInListArchived(t.db, s.organiser.id, s.event.id, list.id, true)).archived).toBe(true);
    expect((await setCheckInListArchived(t.db, s.organiser.id, s.event.id, list.id, false)).archived).toBe(false);
    const other = await eventFactory(t.db);
    await expect(getCheckInList(t.db, other.id, list.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      saveCheckInList(t.db, s.organiser.id, other.id, { name: "x", kind: "EVENT", ticketTypeIds: [s.inPerson.id] }, list.id),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(setCheckInListArchived(t.db, s.organiser.id, other.id, list.id, true)).rejects.toBeInstanceOf(NotFoundError);
    expect((await t.db.checkInList.findUniqueOrThrow({ where: { id: list.id } })).archived).toBe(false);
  });

  it("keeps a workshop with a door list from being deleted from the agenda, with a message", async () => {
    const s = await summit();
    await checkInListFactory(t.db, { eventId: s.event.id, name: "Workshop door", kind: "SESSION", sessionId: s.workshop.id });
    await expect(deleteSession(t.db, s.organiser.id, s.event.id, s.workshop.id)).rejects.toThrow(
      /has a door check-in list \(“Workshop door”\)/,
    );
    expect(await t.db.agendaSession.count({ where: { id: s.workshop.id } })).toBe(1);
  });

  it("expects the confirmed registrations the list admits and counts who is in", async () => {
    const s = await summit();
    const list = await checkInListFactory(t.db, { eventId: s.event.id, ticketTypeIds: [s.inPerson.id] });
    const paid = await orderFactory(t.db, {
      eventId: s.event.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: s.inPerson.id }, { ticketTypeId: s.inPerson.id }, { ticketTypeId: s.virtual.id }],
    });
    await orderFactory(t.db, { eventId: s.event.id, attendees: [{ ticketTypeId: s.inPerson.id }] });
    await orderFactory(t.db, { eventId: s.event.id, traits: ["cancelled"], attendees: [{ ticketTypeId: s.inPerson.id }] });
    await checkInFactory(t.db, { listId: list.id, registrationId: paid.registrations[0].id });
    const { lists } = await listCheckInLists(t.db, s.event.id);
    expect(lists[0]).toMatchObject({ checkedIn: 1, expected: 2 });
  });
});

describe("event staff", () => {
  it("assigns STAFF accounts by email, refusing others, and decides who may scan", async () => {
    const s = await summit();
    const sam = await userFactory(t.db, { traits: ["staff"], email: "sam@summit.example" });
    const attendee = await userFactory(t.db, { email: "alex@summit.example" });
    const admin = await userFactory(t.db, { traits: ["admin"] });

    expect(await mayScanEvent(t.db, sam, s.event.id)).toBe(false);
    expect(await mayScanEvent(t.db, s.organiser, s.event.id)).toBe(true);
    expect(await mayScanEvent(t.db, admin, s.event.id)).toBe(true);
    expect(await mayScanEvent(t.db, attendee, s.event.id)).toBe(false);

    for (const email of ["nobody@summit.example", "alex@summit.example", s.organiser.email]) {
      await expect(assignStaff(t.db, s.organiser.id, s.event.id, email)).rejects.toBeInstanceOf(RuleViolation);
    }
    await assignStaff(t.db, s.organiser.id, s.event.id, "SAM@summit.example");
    await expect(assignStaff(t.db, s.organiser.id, s.event.id, "sam@summit.example")).rejects.toThrow(
      /already on this event's staff/,
    );
    expect(await mayScanEvent(t.db, sam, s.event.id)).toBe(true);
    expect((await eventsToScan(t.db, sam)).map((e) => e.id)).toEqual([s.event.id]);
    expect((await listEventStaff(t.db, s.event.id)).staff).toEqual([
      expect.objectContaining({ email: "sam@summit.example", stillStaff: true }),
    ]);
    // Losing the Staff role ends scanning even while assigned.
    expect(await mayScanEvent(t.db, { ...sam, roles: ["ATTENDEE"] }, s.event.id)).toBe(false);

    await unassignStaff(t.db, s.organiser.id, s.event.id, sam.id);
    expect(await mayScanEvent(t.db, sam, s.event.id)).toBe(false);
    await expect(unassignStaff(t.db, s.organiser.id, s.event.id, sam.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.db.auditLog.count({ where: { action: { in: ["event-staff.assign", "event-staff.remove"] } } })).toBe(2);
  });
});

describe("scan devices", () => {
  it("gets or creates a device by name for staff of the event", async () => {
    const s = await summit();
    const sam = await userFactory(t.db, { traits: ["staff"] });
    await eventStaffFactory(t.db, { eventId: s.event.id, userId: sam.id });
    const first = await registerScanDevice(t.db, sam, { eventId: s.event.id, name: "Door 1" });
    const again = await registerScanDevice(t.db, s.organiser, { eventId: s.event.id, name: "Door 1" });
    expect(again).toEqual(first);
    const outsider = await userFactory(t.db, { traits: ["staff"] });
    await expect(registerScanDevice(t.db, outsider, { eventId: s.event.id, name: "Door 9" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(registerScanDevice(t.db, sam, { eventId: "nope", name: "Door 9" })).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.db.scanDevice.count()).toBe(1);
    const { devices } = await listEventStaff(t.db, s.event.id);
    expect(devices).toEqual([expect.objectContaining({ name: "Door 1", lastSeenAt: expect.any(Date), checkIns: 0 })]);
  });
});

describe("the arrivals dashboard", () => {
  it("counts each person's first scan of the day per 15 minutes in the event's zone, with no-shows and duplicates", async () => {
    const s = await summit();
    const whole = await checkInListFactory(t.db, { eventId: s.event.id, name: "Main entrance", ticketTypeIds: [s.inPerson.id] });
    const day1 = await checkInListFactory(t.db, {
      eventId: s.event.id,
      name: "Day 1",
      kind: "DAY",
      day: "2027-09-27",
      ticketTypeIds: [s.inPerson.id],
    });
    const door = await scanDeviceFactory(t.db, { eventId: s.event.id, name: "Door 1" });
    const order = await orderFactory(t.db, {
      eventId: s.event.id,
      traits: ["paid"],
      attendees: Array.from({ length: 60 }, (_, i) => ({
        ticketTypeId: s.inPerson.id,
        attendeeName: `Person ${String(i).padStart(2, "0")}`,
      })),
    });
    const at = (local: string) => DateTime.fromISO(local, { zone: "America/Chicago" }).toJSDate();
    const people = order.registrations;
    // 8:00–8:14 two people, 8:15–8:29 one, 9:00–9:14 one (also on the day list, a second later), one on day 2.
    await checkInFactory(t.db, {
      listId: whole.id,
      registrationId: people[0].id,
      deviceId: door.id,
      scannedAt: at("2027-09-27T08:01"),
    });
    await checkInFactory(t.db, {
      listId: whole.id,
      registrationId: people[1].id,
      deviceId: door.id,
      scannedAt: at("2027-09-27T08:14:59"),
    });
    await checkInFactory(t.db, {
      listId: whole.id,
      registrationId: people[2].id,
      deviceId: door.id,
      scannedAt: at("2027-09-27T08:15"),
    });
    await checkInFactory(t.db, {
      listId: whole.id,
      registrationId: people[3].id,
      deviceId: door.id,
      scannedAt: at("2027-09-27T09:10"),
    });
    await checkInFactory(t.db, {
      listId: day1.id,
      registrationId: people[3].id,
      deviceId: door.id,
      scannedAt: at("2027-09-27T09:10:01"),
    });
    await checkInFactory(t.db, {
      listId: day1.id,
      registrationId: people[4].id,
      deviceId: door.id,
      scannedAt: at("2027-09-28T08:40"),
    });
    await t.db.scanReceipt.create({
      data: {
        nonce: "dup-1",
        listId: whole.id,
        registrationId: people[0].id,
        deviceId: door.id,
        scannedAt: at("2027-09-27T08:05"),
        outcome: "DUPLICATE",
        offline: true,
      },
    });

    const dashboard = await arrivalsDashboard(t.db, s.event.id, { day: "2027-09-27", page: 1 }, at("2027-09-27T09:30"));
    expect(dashboard.arrivals.days).toEqual([
      { value: "2027-09-27", label: "Monday 27 September 2027", arrivals: 4 },
      { value: "2027-09-28", label: "Tuesday 28 September 2027", arrivals: 1 },
      { value: "2027-09-29", label: "Wednesday 29 September 2027", arrivals: 0 },
    ]);
    const slots = dashboard.arrivals.slots;
    expect(slots[0]).toEqual({ label: "7:45 AM", longLabel: "7:45 AM CDT to 8:00 AM CDT", arrivals: 0 });
    expect(slots.map((x) => [x.label, x.arrivals]).slice(0, 7)).toEqual([
      ["7:45 AM", 0],
      ["8:00 AM", 2],
      ["8:15 AM", 1],
      ["8:30 AM", 0],
      ["8:45 AM", 0],
      ["9:00 AM", 1],
      ["9:15 AM", 0],
    ]);
    expect(slots.length).toBeGreaterThanOrEqual(8);
    expect(dashboard.arrivals.total).toBe(4);
    expect(dashboard.lists.map((l) => [l.name, l.checkedIn, l.expected])).toEqual([
      ["Main entrance", 4, 60],
      ["Day 1", 2, 60],
    ]);
    // No-shows of the whole-event list, 50 a page, by name.
    expect(dashboard.noShows).toMatchObject({ list: { name: "Main entrance" }, total: 56, pageCount: 2 });
    expect(dashboard.noShows?.people).toHaveLength(NO_SHOWS_PAGE_SIZE);
    expect(dashboard.noShows?.people[0].name).toBe("Person 04");
    const page2 = await arrivalsDashboard(t.db, s.event.id, { day: "2027-09-27", page: 2, noShowListId: day1.id }, new Date());
    expect(page2.noShows).toMatchObject({ list: { name: "Day 1" }, total: 58, page: 2 });
    expect(page2.noShows?.people).toHaveLength(8);
    expect(dashboard.duplicates).toEqual([
      expect.objectContaining({ name: "Person 00", listName: "Main entrance", deviceName: "Door 1", countedDevice: "Door 1" }),
    ]);
    // Without a day: today's, when people arrive today.
    expect((await arrivalsDashboard(t.db, s.event.id, { page: 1 }, at("2027-09-28T12:00"))).arrivals.day).toBe("2027-09-28");
    await expect(arrivalsDashboard(t.db, "nope", { page: 1 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("has empty figures for an event without lists or arrivals", async () => {
    const s = await summit();
    const dashboard = await arrivalsDashboard(t.db, s.event.id, { page: 1 });
    expect(dashboard.arrivals).toMatchObject({ day: "2027-09-27", slots: [], total: 0 });
    expect(dashboard.lists).toEqual([]);
    expect(dashboard.noShows).toBeNull();
    expect(dashboard.duplicates).toEqual([]);
  });
});

describe("the demo summit's door", () => {
  it("has its lists, staff, devices and a first morning of arrivals between 7:30 and 10:30", async () => {
    await t.db.$transaction((tx) => seedDemo(tx, TEST_STORY_KEYS), { timeout: 120_000 });
    const event = await t.db.event.findUniqueOrThrow({ where: { slug: DEMO_SUMMIT_SLUG } });
    const lists = await t.db.checkInList.findMany({
      where: { eventId: event.id },
      orderBy: { createdAt: "asc" },
      include: { session: true },
    });
    expect(lists.map((l) => [l.name, l.kind, l.day])).toEqual([
      [DEMO_WHOLE_EVENT_LIST, "EVENT", null],
      ["Day 1 — Monday", "DAY", "2027-09-27"],
      ["Day 2 — Tuesday", "DAY", "2027-09-28"],
      ["Day 3 — Wednesday", "DAY", "2027-09-29"],
      ["Workshop: one-minute health video", "SESSION", null],
    ]);
    expect(lists[4].session?.title).toBe(DEMO_WORKSHOP);
    const staff = await t.db.user.findUniqueOrThrow({ where: { email: "staff@summit.test" } });
    expect(await mayScanEvent(t.db, staff, event.id)).toBe(true);
    expect((await t.db.scanDevice.findMany({ where: { eventId: event.id } })).map((d) => d.name).sort()).toEqual(
      [DEMO_DEVICES.main, DEMO_DEVICES.atrium].sort(),
    );

    const dashboard = await arrivalsDashboard(t.db, event.id, { page: 1 }, new Date("2026-01-01T00:00:00Z"));
    const [whole, day1] = dashboard.lists;
    expect(whole.checkedIn).toBe(day1.checkedIn);
    const share = whole.checkedIn / whole.expected;
    expect(share).toBeGreaterThan(0.55);
    expect(share).toBeLessThan(0.75);
    expect(dashboard.arrivals.day).toBe("2027-09-27");
    expect(dashboard.arrivals.total).toBe(whole.checkedIn);
    const checkIns = await t.db.checkIn.findMany({ where: { list: { eventId: event.id } } });
    for (const c of checkIns) {
      const local = DateTime.fromJSDate(c.scannedAt, { zone: event.timeZone });
      expect(local.toFormat("yyyy-LL-dd")).toBe("2027-09-27");
      expect(local.toFormat("HH:mm") >= "07:30" && local.toFormat("HH:mm") <= "10:30").toBe(true);
    }
    // A curve, not a plateau: few at 7:30, the most just before the 9:00 keynote, a tail of latecomers.
    const slots = dashboard.arrivals.slots.filter((x) => x.arrivals > 0);
    const busiest = slots.reduce((a, b) => (b.arrivals > a.arrivals ? b : a));
    expect([slots[0].label, busiest.label, slots[slots.length - 1].label]).toEqual(["7:30 AM", "8:30 AM", "10:15 AM"]);
    expect(busiest.arrivals).toBeGreaterThan(3 * slots[0].arrivals);
    expect(dashboard.duplicates).toHaveLength(1);
  });
});
