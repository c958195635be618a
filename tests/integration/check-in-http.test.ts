// The scanner's JSON API through the real server (built app on node:http), as the scanner page
// calls it: same-origin fetches with the session cookie. Every refusal is JSON with a clear
// message and records nothing.
import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { badgeKeyring, issueBadgeToken } from "~/modules/badges/badge-keys.server.ts";
import {
  CAMPUSES,
  campusFactory,
  checkInListFactory,
  eventFactory,
  eventStaffFactory,
  orderFactory,
  scanDeviceFactory,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { setupTestServer } from "../support/http.ts";

const BADGE_SIGNING_KEY = randomBytes(32).toString("base64url");
const ring = badgeKeyring({ badgeSigningKey: BADGE_SIGNING_KEY, badgeRetiredKeys: [] });

const t = setupTestDatabase();
const { request, logInAs } = setupTestServer(t, { env: { BADGE_SIGNING_KEY } });

let n = 0;
const nonce = () => `http-nonce-${++n}-${randomBytes(3).toString("hex")}`;

async function door() {
  const campus = await campusFactory(t.db, CAMPUSES.scottsdale);
  const event = await eventFactory(t.db, { campusId: campus.id, name: "Patient Voices Workshop" });
  const salesStartAt = new Date(Date.now() - 30 * 24 * 3600_000);
  const ticket = await ticketTypeFactory(t.db, { eventId: event.id, name: "In person", salesStartAt });
  const list = await checkInListFactory(t.db, { eventId: event.id, name: "Front door" });
  const device = await scanDeviceFactory(t.db, { eventId: event.id, name: "Door 1 — Main hall" });
  const staffUser = await userFactory(t.db, { traits: ["staff"] });
  await eventStaffFactory(t.db, { eventId: event.id, userId: staffUser.id });
  const order = await orderFactory(t.db, {
    eventId: event.id,
    traits: ["paid"],
    attendees: [
      { ticketTypeId: ticket.id, attendeeName: "Ana Ortega", attendeeEmail: "ana@clinic.example" },
      { ticketTypeId: ticket.id, attendeeName: "Ben Okafor", attendeeEmail: "ben@clinic.example" },
    ],
  });
  const [ana, ben] = order.registrations;
  const badge = (r: { id: string; eventId: string; badgeVersion: number }) => issueBadgeToken(ring, r, event);
  const staff = await logInAs(staffUser.email);
  return { event, ticket, list, device, staffUser, staff, order, ana, ben, badge };
}

/** Another event with its own list, device, staff member and a confirmed registration. */
async function otherDoor() {
  const event = await eventFactory(t.db, { name: "Boot camp" });
  const ticket = await ticketTypeFactory(t.db, { eventId: event.id });
  const list = await checkInListFactory(t.db, { eventId: event.id });
  const device = await scanDeviceFactory(t.db, { eventId: event.id });
  const staffUser = await userFactory(t.db, { traits: ["staff"] });
  await eventStaffFactory(t.db, { eventId: event.id, userId: staffUser.id });
  const [person] = (await orderFactory(t.db, { eventId: event.id, traits: ["paid"], attendees: [{ ticketTypeId: ticket.id }] }))
    .registrations;
  return { event, list, device, staffUser, person, badge: issueBadgeToken(ring, person, event) };
}

async function recorded() {
  return {
    checkIns: await t.db.checkIn.count(),
    receipts: await t.db.scanReceipt.count(),
    devices: await t.db.scanDevice.count(),
  };
}

async function expectJsonError(response: Response, status: number, message: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = await response.json();
  expect(body).toEqual({ error: expect.stringMatching(message) });
}

let d: Awaited<ReturnType<typeof door>>;
beforeEach(async () => {
  d = await door();
});

describe("POST /api/check-in/scan", () => {
  it("admits once, then says already checked in at that door; Server-Timing tells the server's time", async () => {
    const scan = (token: string) =>
      request("/api/check-in/scan", {
        cookie: d.staff,
        json: { listId: d.list.id, deviceId: d.device.id, nonce: nonce(), token },
      });
    const first = await scan(d.badge(d.ana));
    expect(first.status).toBe(200);
    expect(first.headers.get("server-timing")).toMatch(/^verdict;dur=\d+(\.\d+)?$/);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const admitted = await first.json();
    expect(admitted).toMatchObject({ kind: "ADMIT", person: { name: "Ana Ortega", ticketType: "In person" } });
    const second = await (await scan(d.badge(d.ana))).json();
    expect(second).toEqual({
      kind: "ALREADY_CHECKED_IN",
      person: admitted.person,
      checkedInAt: admitted.checkedInAt,
      deviceName: "Door 1 — Main hall",
    });
    expect(await t.db.checkIn.count()).toBe(1);
  });

  it("checks a person in by registration id (manual, from search)", async () => {
    const response = await request("/api/check-in/scan", {
      cookie: d.staff,
      json: { listId: d.list.id, deviceId: d.device.id, nonce: nonce(), registrationId: d.ben.id },
    });
    expect(await response.json()).toMatchObject({ kind: "ADMIT", person: { name: "Ben Okafor" } });
  });

  it("gives a clear NOT_VALID verdict for garbage, oversized and other events' badges, recording nothing", async () => {
    const other = await otherDoor();
    const before = await recorded();
    for (const [token, reason] of [
      ["HELLO WORLD", "MALFORMED"],
      ["https://phish.example/?q=<script>", "MALFORMED"],
      ["A".repeat(1000), "MALFORMED"],
      [other.badge, "OTHER_EVENT"],
    ]) {
      const response = await request("/api/check-in/scan", {
        cookie: d.staff,
        json: { listId: d.list.id, deviceId: d.device.id, nonce: nonce(), token },
      });
      expect(response.status).toBe(200);
      const verdict = await response.json();
      expect(verdict, token.slice(0, 30)).toEqual({ kind: "NOT_VALID", reason, message: expect.any(String) });
    }
    expect(await recorded()).toEqual(before);
  });

  it("answers bad requests with a JSON error naming the problem, recording nothing", async () => {
    const other = await otherDoor();
    const valid = { listId: d.list.id, deviceId: d.device.id, nonce: nonce(), token: d.badge(d.ana) };
    const before = await recorded();
    const post = (options: Parameters<typeof request>[1]) => request("/api/check-in/scan", { cookie: d.staff, ...options });
    const json = { "Content-Type": "application/json" };

    await expectJsonError(await post({ body: "{not json", headers: json }), 400, /not valid JSON/);
    await expectJsonError(await post({ body: "", headers: json }), 400, /empty/);
    await expectJsonError(await post({ json: [] }), 400, /expected object|Invalid/i);
    await expectJsonError(await post({ json: { ...valid, nonce: undefined } }), 400, /^nonce: nonce is required/);
    await expectJsonError(await post({ json: { ...valid, nonce: "short" } }), 400, /^nonce: nonce must be 8 to 64/);
    await expectJsonError(await post({ json: { ...valid, nonce: "spaces are not allowed" } }), 400, /^nonce:/);
    await expectJsonError(await post({ json: { ...valid, listId: undefined } }), 400, /^listId: listId is required/);
    await expectJsonError(await post({ json: { ...valid, token: 42 } }), 400, /^token:/);
    await expectJsonError(await post({ json: { ...valid, registrationId: d.ben.id } }), 400, /either token .* or registrationId/);
    await expectJsonError(await post({ json: { ...valid, token: undefined } }), 400, /either token/);
    await expectJsonError(await post({ json: { ...valid, scannedAt: "yesterday" } }), 400, /^scannedAt: .*ISO 8601/);
    await expectJsonError(
      await post({ json: { ...valid, scannedAt: new Date(Date.now() + 30 * 3600_000).toISOString() } }),
      400,
      /24 hours ahead/,
    );
    await expectJsonError(await post({ json: { ...valid, padding: "x".repeat(20_000) } }), 413, /larger than/);
    await expectJsonError(await post({ json: { ...valid, listId: "no-such-list" } }), 404, /check-in list doesn't exist/);
    await expectJsonError(await post({ json: { ...valid, deviceId: "no-such-device" } }), 404, /device/);
    // Another event's list: not this staff member's event; an organiser may scan it, but not with this event's device.
    await expectJsonError(await post({ json: { ...valid, listId: other.list.id } }), 403, /not on the staff/);
    const organiser = await logInAs((await userFactory(t.db, { traits: ["organizer"] })).email);
    await expectJsonError(
      await request("/api/check-in/scan", { cookie: organiser, json: { ...valid, listId: other.list.id } }),
      404,
      /device isn't registered for the list's event/,
    );
    await expectJsonError(
      await request("/api/check-in/scan", { cookie: await logInAs(other.staffUser.email), json: valid }),
      403,
      /not on the staff of this event/,
    );
    await expectJsonError(await request("/api/check-in/scan", { json: valid }), 401, /^Sign in again$/);
    await expectJsonError(await request("/api/check-in/scan", { cookie: d.staff }), 405, /Use POST/);
    // The scan signs its caller in within its own query: an expired or revoked session is 401,
    // and says so before anything about the body.
    const lateStaff = await userFactory(t.db, { traits: ["staff"] });
    await eventStaffFactory(t.db, { eventId: d.event.id, userId: lateStaff.id });
    const late = await logInAs(lateStaff.email);
    const asLate = (json: unknown) => request("/api/check-in/scan", { cookie: late, json });
    await t.db.session.updateMany({ where: { userId: lateStaff.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectJsonError(await asLate(valid), 401, /^Sign in again$/);
    await expectJsonError(await asLate({ ...valid, token: 42 }), 401, /^Sign in again$/);
    await t.db.session.deleteMany({ where: { userId: lateStaff.id } });
    await expectJsonError(await asLate(valid), 401, /^Sign in again$/);
    await expectJsonError(await asLate({ ...valid, listId: "no-such-list" }), 401, /^Sign in again$/);
    await t.db.checkInList.update({ where: { id: d.list.id }, data: { archived: true } });
    await expectJsonError(await post({ json: valid }), 409, /archived/);
    expect(await recorded()).toEqual(before);
  });

  it("refuses a post from another site before it reaches the app", async () => {
    const response = await request("/api/check-in/scan", {
      cookie: d.staff,
      origin: "https://evil.example",
      json: { listId: d.list.id, deviceId: d.device.id, nonce: nonce(), token: d.badge(d.ana) },
    });
    expect(response.status).toBe(403);
    expect(await t.db.checkIn.count()).toBe(0);
  });
});

describe("POST /api/check-in/devices", () => {
  it("gets or creates a named device for an event the user may scan", async () => {
    const name = "Door 2 — Atrium";
    const first = await request("/api/check-in/devices", { cookie: d.staff, json: { eventId: d.event.id, name } });
    expect(first.status).toBe(200);
    const device = await first.json();
    expect(device).toEqual({ id: expect.any(String), name });
    const again = await request("/api/check-in/devices", { cookie: d.staff, json: { eventId: d.event.id, name: ` ${name} ` } });
    expect(await again.json()).toEqual(device);
    expect(await t.db.scanDevice.findUniqueOrThrow({ where: { id: device.id } })).toMatchObject({
      eventId: d.event.id,
      createdById: d.staffUser.id,
    });
  });

  it("refuses bad names, unknown events and other events' staff, creating nothing", async () => {
    const other = await otherDoor();
    const before = await recorded();
    const post = (json: unknown, cookie = d.staff) => request("/api/check-in/devices", { cookie, json });
    await expectJsonError(await post({ eventId: d.event.id, name: "   " }), 400, /^name: Name the device/);
    await expectJsonError(await post({ eventId: d.event.id, name: "x".repeat(61) }), 400, /at most 60 characters/);
    await expectJsonError(await post({ name: "Door" }), 400, /^eventId:/);
    await expectJsonError(await post({ eventId: "nope", name: "Door" }), 404, /event doesn't exist/);
    await expectJsonError(await post({ eventId: other.event.id, name: "Door" }), 403, /not on the staff/);
    const attendee = await logInAs((await userFactory(t.db)).email);
    await expectJsonError(await post({ eventId: d.event.id, name: "Door" }, attendee), 403, /not on the staff/);
    expect(await recorded()).toEqual(before);
  });
});

describe("POST /api/check-in/sync", () => {
  it("settles two devices' offline admissions: the earliest wins, the other is a duplicate; a replay changes nothing", async () => {
    const device2 = await scanDeviceFactory(t.db, { eventId: d.event.id, name: "Door 2 — Atrium" });
    const at = (minutes: number) => new Date(Date.now() - 60 * 60_000 + minutes * 60_000).toISOString();
    const late = { listId: d.list.id, nonce: nonce(), scannedAt: at(9), token: d.badge(d.ana) };
    const early = { listId: d.list.id, nonce: nonce(), scannedAt: at(5), token: d.badge(d.ana) };
    const sync = (deviceId: string, scans: unknown[]) =>
      request("/api/check-in/sync", { cookie: d.staff, json: { deviceId, scans } });

    const fromLate = await (await sync(device2.id, [late])).json();
    expect(fromLate).toEqual({ results: [expect.objectContaining({ nonce: late.nonce, outcome: "ADMITTED" })] });
    const fromEarly = await (await sync(d.device.id, [early])).json();
    expect(fromEarly.results[0]).toMatchObject({ nonce: early.nonce, outcome: "ADMITTED", verdict: { kind: "ADMIT" } });
    const replay = await (await sync(device2.id, [late])).json();
    expect(replay.results[0]).toEqual({
      nonce: late.nonce,
      outcome: "DUPLICATE",
      verdict: expect.objectContaining({ kind: "ALREADY_CHECKED_IN", deviceName: "Door 1 — Main hall" }),
      duplicateOf: { deviceName: "Door 1 — Main hall", scannedAt: early.scannedAt },
    });
    expect(await recorded()).toMatchObject({ checkIns: 1, receipts: 2 });
    const snapshot = await (await request(`/api/check-in/lists/${d.list.id}/snapshot`, { cookie: d.staff })).json();
    expect(snapshot.duplicates).toEqual([
      { registrationId: d.ana.id, name: "Ana Ortega", deviceName: "Door 2 — Atrium", scannedAt: late.scannedAt },
    ]);
  });

  it("refuses malformed syncs whole, and too many scans", async () => {
    const other = await otherDoor();
    const before = await recorded();
    const post = (json: unknown) => request("/api/check-in/sync", { cookie: d.staff, json });
    const scan = { listId: d.list.id, nonce: nonce(), scannedAt: new Date().toISOString(), token: d.badge(d.ana) };
    await expectJsonError(await post({ deviceId: d.device.id }), 400, /^scans:/);
    await expectJsonError(
      await post({ deviceId: d.device.id, scans: [{ ...scan, scannedAt: undefined }] }),
      400,
      /^scans\.0\.scannedAt:/,
    );
    await expectJsonError(
      await post({ deviceId: d.device.id, scans: Array.from({ length: 501 }, () => ({ ...scan, nonce: nonce() })) }),
      400,
      /At most 500 scans/,
    );
    await expectJsonError(await post({ deviceId: "nope", scans: [scan] }), 404, /device/);
    await expectJsonError(await post({ deviceId: other.device.id, scans: [scan] }), 403, /not on the staff/);
    expect(await recorded()).toEqual(before);
  });
});

describe("POST /api/check-in/undo", () => {
  it("undoes this device's admission; refuses another device's (409) and unknown nonces (404)", async () => {
    const admitted = nonce();
    await request("/api/check-in/scan", {
      cookie: d.staff,
      json: { listId: d.list.id, deviceId: d.device.id, nonce: admitted, token: d.badge(d.ana) },
    });
    const device2 = await scanDeviceFactory(t.db, { eventId: d.event.id });
    const undo = (json: unknown) => request("/api/check-in/undo", { cookie: d.staff, json });
    await expectJsonError(await undo({ deviceId: device2.id, nonce: admitted }), 409, /another device/);
    await expectJsonError(await undo({ deviceId: d.device.id, nonce: "never-seen-nonce" }), 404, /no check-in/);
    await expectJsonError(await undo({ deviceId: d.device.id }), 400, /^nonce:/);
    expect(await t.db.checkIn.count()).toBe(1);
    const response = await undo({ deviceId: d.device.id, nonce: admitted });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ undone: true, person: expect.objectContaining({ name: "Ana Ortega" }) });
    expect(await t.db.checkIn.count()).toBe(0);
  });
});

describe("GET /api/check-in/search and the snapshot", () => {
  it("searches the event's registrations for staff of the event only", async () => {
    const response = await request(`/api/check-in/search?listId=${d.list.id}&q=okafor`, { cookie: d.staff });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      results: [expect.objectContaining({ name: "Ben Okafor", orderReference: d.order.reference, checkedInAt: null })],
    });
    await expectJsonError(await request(`/api/check-in/search?listId=${d.list.id}&q=o`, { cookie: d.staff }), 400, /at least 2/);
    await expectJsonError(await request(`/api/check-in/search?q=okafor`, { cookie: d.staff }), 400, /^listId:/);
    await expectJsonError(await request(`/api/check-in/search?listId=nope&q=okafor`, { cookie: d.staff }), 404, /list/);
    const other = await otherDoor();
    const outsider = await logInAs(other.staffUser.email);
    await expectJsonError(await request(`/api/check-in/search?listId=${d.list.id}&q=okafor`, { cookie: outsider }), 403, /staff/);
    await expectJsonError(await request(`/api/check-in/search?listId=${d.list.id}&q=okafor`), 401, /Sign in again/);
  });

  it("hands staff the offline copy of the list, and nobody else", async () => {
    const response = await request(`/api/check-in/lists/${d.list.id}/snapshot`, { cookie: d.staff });
    expect(response.status).toBe(200);
    const snapshot = await response.json();
    expect(snapshot.list).toMatchObject({ id: d.list.id, name: "Front door", eventName: "Patient Voices Workshop" });
    expect(snapshot.keys).toEqual(ring.verifyKeys);
    expect(snapshot.entries.map((e: { name: string }) => e.name)).toEqual(["Ana Ortega", "Ben Okafor"]);
    expect(new Date(snapshot.generatedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    await expectJsonError(await request("/api/check-in/lists/nope/snapshot", { cookie: d.staff }), 404, /list/);
    const other = await otherDoor();
    await expectJsonError(await request(`/api/check-in/lists/${other.list.id}/snapshot`, { cookie: d.staff }), 403, /staff/);
    await expectJsonError(await request(`/api/check-in/lists/${d.list.id}/snapshot`), 401, /Sign in again/);
  });
});
