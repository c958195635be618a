// The organisers' door check-in pages through the real server (built app on node:http): who may
// see them, the list and staff forms, and the arrivals dashboard.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
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
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { pageText, setupTestServer } from "../support/http.ts";

const t = setupTestDatabase();
const { request, logInAs } = setupTestServer(t);

async function summit() {
  const campus = await campusFactory(t.db, CAMPUSES.jacksonville);
  const event = await eventFactory(t.db, {
    campusId: campus.id,
    name: "Social Media Summit",
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-29T17:00",
  });
  const inPerson = await ticketTypeFactory(t.db, { eventId: event.id, name: "In person" });
  const virtual = await ticketTypeFactory(t.db, { eventId: event.id, name: "Virtual" });
  const base = `/admin/events/${event.id}/check-in`;
  return { event, inPerson, virtual, base };
}

async function cookieFor(trait?: "organizer" | "staff") {
  return logInAs((await userFactory(t.db, { traits: trait ? [trait] : [] })).email);
}

describe("who may see the check-in pages", () => {
  it("refuses attendees and staff (403), sends visitors to log in, and answers unknown ids with 404", async () => {
    const { base, event } = await summit();
    const list = await checkInListFactory(t.db, { eventId: event.id });
    const pages = ["", "/lists/new", `/lists/${list.id}`, "/staff", "/arrivals"];
    // Even staff assigned to the event: they scan, organisers run the lists.
    const staffUser = await userFactory(t.db, { traits: ["staff"] });
    await eventStaffFactory(t.db, { eventId: event.id, userId: staffUser.id });
    const staff = await logInAs(staffUser.email);
    for (const cookie of [await cookieFor(), staff]) {
      for (const page of pages) expect((await request(`${base}${page}`, { cookie })).status, page).toBe(403);
    }
    const refused = await request(`${base}/lists/new`, {
      cookie: staff,
      form: { intent: "save", name: "Sneaky", kind: "EVENT", ticketTypeIds: event.id },
    });
    expect(refused.status).toBe(403);
    expect(await t.db.checkInList.count()).toBe(1);

    const visitor = await request(`${base}/arrivals`);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`${base}/arrivals`)}`);

    const organiser = await cookieFor("organizer");
    const other = await eventFactory(t.db);
    for (const path of [
      "/admin/events/nope/check-in",
      "/admin/events/nope/check-in/arrivals",
      "/admin/events/nope/check-in/staff",
      "/admin/events/nope/check-in/lists/new",
      `/admin/events/${other.id}/check-in/lists/${list.id}`,
      `${base}/lists/nope`,
    ]) {
      expect((await request(path, { cookie: organiser })).status, path).toBe(404);
    }
  });
});

describe("check-in lists", () => {
  it("shows an empty state, then lists with checked-in against expected", async () => {
    const { base, event, inPerson } = await summit();
    const organiser = await cookieFor("organizer");
    expect(await pageText(await request(base, { cookie: organiser }))).toContain("No check-in lists yet");
    const list = await checkInListFactory(t.db, { eventId: event.id, name: "Main entrance", ticketTypeIds: [inPerson.id] });
    const order = await orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: inPerson.id }, { ticketTypeId: inPerson.id }],
    });
    await checkInFactory(t.db, { listId: list.id, registrationId: order.registrations[0].id });
    const text = await pageText(await request(base, { cookie: organiser }));
    expect(text).toContain("Main entrance");
    expect(text).toContain("Whole event");
    expect(text).toMatch(/1<\/span> of <span[^>]*>2<\/span> checked in/);
  });

  it("creates a day list from the form, and refuses a list without tickets or with a taken name, saving nothing", async () => {
    const { base, event, inPerson, virtual } = await summit();
    const organiser = await cookieFor("organizer");
    const form = { intent: "save", name: "Day 2", kind: "DAY", day: "2027-09-28", ticketTypeIds: [inPerson.id, virtual.id] };
    const created = await request(`${base}/lists/new`, { cookie: organiser, form });
    expect(created.status).toBe(302);
    expect(created.headers.get("Location")).toBe(base);
    const list = await t.db.checkInList.findFirstOrThrow({ include: { ticketTypes: true } });
    expect(list).toMatchObject({ eventId: event.id, name: "Day 2", kind: "DAY", day: "2027-09-28" });
    expect(list.ticketTypes).toHaveLength(2);

    const noTickets = await request(`${base}/lists/new`, {
      cookie: organiser,
      form: { ...form, name: "Day 3", ticketTypeIds: [] },
    });
    expect(noTickets.status).toBe(400);
    expect(await pageText(noTickets)).toContain("Tick at least one ticket type");
    const taken = await request(`${base}/lists/new`, { cookie: organiser, form });
    expect(taken.status).toBe(422);
    expect(await pageText(taken)).toContain("This event already has a list called “Day 2”");
    const outside = await request(`${base}/lists/new`, {
      cookie: organiser,
      form: { ...form, name: "Day 9", day: "2027-10-05" },
    });
    expect(outside.status).toBe(422);
    expect(await pageText(outside)).toContain("Choose a day of the event (2027-09-27 to 2027-09-29)");
    await agendaSessionFactory(t.db, {
      eventId: event.id,
      kind: "WORKSHOP",
      title: "Caption a video",
      localStart: "2027-09-28T13:45",
      localEnd: "2027-09-28T16:15",
    });
    const page = await pageText(await request(`${base}/lists/new`, { cookie: organiser }));
    expect(page).toContain("Caption a video — Tuesday 28 September 2027, 1:45 PM EDT");
    expect(page).toContain("Tuesday 28 September 2027");
    expect(await t.db.checkInList.count()).toBe(1);
  });

  it("edits and archives a list", async () => {
    const { base, event, inPerson } = await summit();
    const list = await checkInListFactory(t.db, { eventId: event.id, name: "Main entrance" });
    const organiser = await cookieFor("organizer");
    const saved = await request(`${base}/lists/${list.id}`, {
      cookie: organiser,
      form: { intent: "save", name: "Front door", kind: "EVENT", ticketTypeIds: [inPerson.id] },
    });
    expect(saved.status).toBe(302);
    expect(await t.db.checkInList.findUniqueOrThrow({ where: { id: list.id }, include: { ticketTypes: true } })).toMatchObject({
      name: "Front door",
      ticketTypes: [expect.objectContaining({ ticketTypeId: inPerson.id })],
    });
    expect((await request(`${base}/lists/${list.id}`, { cookie: organiser, form: { intent: "delete" } })).status).toBe(400);
    const archived = await request(`${base}/lists/${list.id}`, { cookie: organiser, form: { intent: "archive" } });
    expect(archived.status).toBe(302);
    expect((await t.db.checkInList.findUniqueOrThrow({ where: { id: list.id } })).archived).toBe(true);
    const page = await pageText(await request(`${base}/lists/${list.id}`, { cookie: organiser }));
    expect(page).toContain("Archived: staff can't scan this list.");
    expect(page).toContain("Restore list");
  });
});

describe("staff and devices", () => {
  it("assigns a staff member by email, refuses others with a message, removes them, and lists devices", async () => {
    const { base, event } = await summit();
    const organiser = await cookieFor("organizer");
    const sam = await userFactory(t.db, { traits: ["staff"], name: "Sam Staff", email: "sam@summit.example" });
    await userFactory(t.db, { name: "Alex Attendee", email: "alex@summit.example" });
    expect(await pageText(await request(`${base}/staff`, { cookie: organiser }))).toContain("Nobody is assigned yet");

    const assigned = await request(`${base}/staff`, {
      cookie: organiser,
      form: { intent: "assign", email: "Sam@Summit.example" },
    });
    expect(assigned.status).toBe(302);
    expect(await t.db.eventStaff.count({ where: { eventId: event.id, userId: sam.id } })).toBe(1);
    const attendee = await request(`${base}/staff`, {
      cookie: organiser,
      form: { intent: "assign", email: "alex@summit.example" },
    });
    expect(attendee.status).toBe(422);
    expect(await pageText(attendee)).toContain("Alex Attendee doesn't have the Staff role");
    const badEmail = await request(`${base}/staff`, { cookie: organiser, form: { intent: "assign", email: "not an email" } });
    expect(badEmail.status).toBe(400);
    expect(await t.db.eventStaff.count()).toBe(1);

    await scanDeviceFactory(t.db, {
      eventId: event.id,
      name: "Door 1 — Main hall",
      lastSeenAt: DateTime.fromISO("2027-09-27T09:12", { zone: event.timeZone }).toJSDate(),
    });
    const page = await pageText(await request(`${base}/staff`, { cookie: organiser }));
    expect(page).toContain("Sam Staff");
    expect(page).toContain("Door 1 — Main hall");
    expect(page).toContain("27 Sep 2027, 9:12 AM EDT");

    const removed = await request(`${base}/staff`, { cookie: organiser, form: { intent: "remove", userId: sam.id } });
    expect(removed.status).toBe(302);
    expect(await t.db.eventStaff.count()).toBe(0);
    expect((await request(`${base}/staff`, { cookie: organiser, form: { intent: "remove", userId: sam.id } })).status).toBe(404);
  });
});

describe("the arrivals dashboard", () => {
  it("shows arrivals per 15 minutes in the event's zone, progress per list, no-shows and duplicates, with a live summary", async () => {
    const { base, event, inPerson } = await summit();
    const organiser = await cookieFor("organizer");
    const empty = await pageText(await request(`${base}/arrivals`, { cookie: organiser }));
    expect(empty).toContain("Nobody has arrived on Monday 27 September 2027 yet");
    expect(empty).toContain("No check-in lists yet");

    const list = await checkInListFactory(t.db, { eventId: event.id, name: "Main entrance", ticketTypeIds: [inPerson.id] });
    const door = await scanDeviceFactory(t.db, { eventId: event.id, name: "Door 1 — Main hall" });
    const order = await orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      attendees: [
        { ticketTypeId: inPerson.id, attendeeName: "Ana Ortega" },
        { ticketTypeId: inPerson.id, attendeeName: "Ben Okafor" },
        { ticketTypeId: inPerson.id, attendeeName: "Cleo Park" },
      ],
    });
    const at = (local: string) => DateTime.fromISO(local, { zone: event.timeZone }).toJSDate();
    await checkInFactory(t.db, {
      listId: list.id,
      registrationId: order.registrations[0].id,
      deviceId: door.id,
      scannedAt: at("2027-09-27T08:20"),
    });
    await checkInFactory(t.db, {
      listId: list.id,
      registrationId: order.registrations[1].id,
      deviceId: door.id,
      scannedAt: at("2027-09-27T08:40"),
    });
    await t.db.scanReceipt.create({
      data: {
        nonce: "duplicate-http",
        listId: list.id,
        registrationId: order.registrations[0].id,
        deviceId: door.id,
        scannedAt: at("2027-09-27T08:25"),
        outcome: "DUPLICATE",
        offline: true,
      },
    });

    const response = await request(`${base}/arrivals?day=2027-09-27`, { cookie: organiser });
    expect(response.status).toBe(200);
    const html = await pageText(response);
    expect(html).toMatch(
      /role="status" aria-live="polite"[^>]*>2 people arrived on Monday 27 September 2027; 2 of 3 in on Main entrance\./,
    );
    expect(html).toContain("Arrivals on Monday 27 September 2027");
    expect(html).toContain("2 in total over 8 quarter hours");
    // The chart's table for screen readers: quarter hours in the event's zone.
    expect(html).toContain('<th scope="row">8:15 AM EDT to 8:30 AM EDT</th><td>1</td>');
    expect(html).toContain("1 confirmed person on Main entrance not checked in.");
    expect(html).toContain("Cleo Park");
    expect(html).toContain("27 Sep 2027, 8:25 AM EDT · Door 1 — Main hall");
    // A stale or hand-edited link falls back instead of failing.
    expect((await request(`${base}/arrivals?day=yesterday&list=nope&page=x`, { cookie: organiser })).status).toBe(200);
  });
});
