// The staff's door pages through the real server: who may open them, what they list, and the
// scanner's installable shell (manifest and service worker) served as browsers need them.
import { describe, expect, it } from "vitest";
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
import { pageText, setupTestServer } from "../support/http.ts";

const t = setupTestDatabase();
const { request, logInAs } = setupTestServer(t);

async function summit() {
  const event = await eventFactory(t.db, {
    name: "Social Media Summit",
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-29T17:00",
  });
  const other = await eventFactory(t.db, { name: "Boot Camp", localStart: "2027-05-10T08:30", localEnd: "2027-05-14T16:30" });
  const inPerson = await ticketTypeFactory(t.db, { eventId: event.id, name: "In person" });
  const list = await checkInListFactory(t.db, { eventId: event.id, name: "Main entrance", ticketTypeIds: [inPerson.id] });
  const order = await orderFactory(t.db, {
    eventId: event.id,
    traits: ["paid"],
    attendees: [
      { ticketTypeId: inPerson.id, attendeeName: "Ana Ortega", attendeeEmail: "ana@clinic.example" },
      { ticketTypeId: inPerson.id, attendeeName: "Ben Okafor", attendeeEmail: "ben@clinic.example" },
    ],
  });
  await checkInFactory(t.db, { listId: list.id, registrationId: order.registrations[0].id });
  const staff = await userFactory(t.db, { traits: ["staff"] });
  await eventStaffFactory(t.db, { eventId: event.id, userId: staff.id });
  return { event, other, list, staff };
}

describe("/staff", () => {
  it("sends visitors to log in and back, and refuses attendees", async () => {
    const anonymous = await request("/staff");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe("/login?redirectTo=%2Fstaff");
    const attendee = await userFactory(t.db);
    expect((await request("/staff", { cookie: await logInAs(attendee.email) })).status).toBe(403);
  });

  it("lists the staff member's events with each list's progress and a link to its scanner, and says when there are none", async () => {
    const { event, list, staff } = await summit();
    const page = await request("/staff", { cookie: await logInAs(staff.email) });
    expect(page.status).toBe(200);
    const text = await pageText(page);
    expect(text).toContain("Social Media Summit");
    expect(text).not.toContain("Boot Camp");
    expect(text).toContain(`href="/staff/events/${event.id}/scan?list=${list.id}"`);
    expect(text).toMatch(/Scan: Main entrance.*1 \/ 2/s);
    expect(text).toContain(">Door</a>");

    const newcomer = await userFactory(t.db, { traits: ["staff"] });
    expect(await pageText(await request("/staff", { cookie: await logInAs(newcomer.email) }))).toContain("No events to scan yet");
  });
});

describe("/staff/events/:eventId/scan", () => {
  it("opens the scanner of a list, installable, and offers the lists when none is chosen", async () => {
    const { event, list, staff } = await summit();
    const cookie = await logInAs(staff.email);
    const scanner = await request(`/staff/events/${event.id}/scan?list=${list.id}`, { cookie });
    expect(scanner.status).toBe(200);
    const text = await pageText(scanner);
    expect(text).toContain("Scan: Main entrance");
    expect(text).toContain('<link rel="manifest" href="/scanner.webmanifest"/>');

    const picker = await pageText(await request(`/staff/events/${event.id}/scan`, { cookie }));
    expect(picker).toContain("Choose your list");
    expect(picker).toContain(`href="/staff/events/${event.id}/scan?list=${list.id}"`);
    // An unknown list id is no list: the picker again, not an error.
    expect(await pageText(await request(`/staff/events/${event.id}/scan?list=nope`, { cookie }))).toContain("Choose your list");
  });

  it("refuses another event's scanner with 403 and an unknown event with 404", async () => {
    const { other, staff } = await summit();
    const cookie = await logInAs(staff.email);
    const forbidden = await request(`/staff/events/${other.id}/scan`, { cookie });
    expect(forbidden.status).toBe(403);
    expect(await pageText(forbidden)).toContain("You are not on the staff of this event.");
    expect((await request("/staff/events/no-such-event/scan", { cookie })).status).toBe(404);
  });

  it("serves the web app manifest and the service worker the scanner installs", async () => {
    const manifest = await request("/scanner.webmanifest");
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get("content-type")).toMatch(/^application\/manifest\+json/);
    expect(await manifest.json()).toMatchObject({ start_url: "/staff", scope: "/staff", display: "standalone" });
    const worker = await request("/scanner-sw.js");
    expect(worker.status).toBe(200);
    expect(worker.headers.get("content-type")).toMatch(/^application\/javascript|^text\/javascript/);
    for (const icon of ["/scanner-icon-192.png", "/scanner-icon-512.png", "/scanner-icon.svg"])
      expect((await request(icon)).status, icon).toBe(200);
  });
});
