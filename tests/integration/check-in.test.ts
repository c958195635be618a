// Door check-in on a real database: online scans and their verdicts, the single admission per
// list, offline sync (earliest wins, duplicates kept), undo, search and the offline snapshot.
import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { badgeKeyring, eventTag, issueBadgeToken } from "~/modules/badges/badge-keys.server.ts";
import { decodeBase45, encodeBase45 } from "~/modules/badges/base45.ts";
import {
  ScanConflict,
  type ScanInput,
  scanBadge,
  searchCheckInList,
  syncScans,
  undoCheckIn,
} from "~/modules/badges/check-in.server.ts";
import { checkInSnapshot } from "~/modules/badges/check-in-snapshot.server.ts";
import { ForbiddenError, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import {
  CAMPUSES,
  campusFactory,
  checkInFactory,
  checkInListFactory,
  eventFactory,
  eventStaffFactory,
  orderFactory,
  scanDeviceFactory,
  ticketTypeFactory,
  transferredRegistrationFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
const ring = badgeKeyring({ badgeSigningKey: randomBytes(32).toString("base64url"), badgeRetiredKeys: [] });
const otherRing = badgeKeyring({ badgeSigningKey: randomBytes(32).toString("base64url"), badgeRetiredKeys: [] });

let nonces = 0;
const nonce = () => `nonce-${++nonces}-${randomBytes(4).toString("hex")}`;

/** The summit in Jacksonville with two ticket types, a door list admitting only in-person, a device and its staff. */
async function door() {
  const campus = await campusFactory(t.db, CAMPUSES.jacksonville);
  const event = await eventFactory(t.db, {
    campusId: campus.id,
    name: "Social Media Summit",
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-29T17:00",
  });
  const inPerson = await ticketTypeFactory(t.db, { eventId: event.id, name: "In person" });
  const virtual = await ticketTypeFactory(t.db, { eventId: event.id, name: "Virtual" });
  const list = await checkInListFactory(t.db, { eventId: event.id, name: "Main entrance", ticketTypeIds: [inPerson.id] });
  const device = await scanDeviceFactory(t.db, { eventId: event.id, name: "Door 1 — Main hall" });
  const device2 = await scanDeviceFactory(t.db, { eventId: event.id, name: "Door 2 — Atrium" });
  const staff = await userFactory(t.db, { traits: ["staff"] });
  await eventStaffFactory(t.db, { eventId: event.id, userId: staff.id });
  const order = await orderFactory(t.db, {
    eventId: event.id,
    traits: ["paid"],
    attendees: [
      {
        ticketTypeId: inPerson.id,
        attendeeName: "Ana Ortega",
        attendeeEmail: "ana@clinic.example",
        accessibilityNeeds: ["STEP_FREE"],
      },
      { ticketTypeId: inPerson.id, attendeeName: "Ben Okafor", attendeeEmail: "ben@clinic.example" },
      { ticketTypeId: virtual.id, attendeeName: "Vic Virtual", attendeeEmail: "vic@clinic.example" },
    ],
  });
  const [ana, ben, vic] = order.registrations;
  const badge = (r: { id: string; badgeVersion: number }, keys = ring) =>
    issueBadgeToken(keys, { id: r.id, eventId: event.id, badgeVersion: r.badgeVersion }, event);
  const scan = (extra: Partial<ScanInput>, now?: Date) =>
    scanBadge(
      t.db,
      ring,
      { user: staff, listId: list.id, deviceId: device.id, nonce: nonce(), ...extra },
      now ?? DateTime.fromISO("2027-09-27T08:30", { zone: event.timeZone }).toJSDate(),
    );
  return { event, inPerson, virtual, list, device, device2, staff, order, ana, ben, vic, badge, scan };
}

async function recorded() {
  return { checkIns: await t.db.checkIn.count(), receipts: await t.db.scanReceipt.count() };
}

describe("an online scan", () => {
  it("admits a confirmed attendee once, with name, ticket type and access needs, and records the scan", async () => {
    const d = await door();
    const n = nonce();
    const verdict = await d.scan({ token: d.badge(d.ana), nonce: n });
    expect(verdict).toMatchObject({
      kind: "ADMIT",
      nonce: n,
      person: { registrationId: d.ana.id, name: "Ana Ortega", ticketType: "In person", accessibilityNeeds: ["Step-free access"] },
    });
    const checkIn = await t.db.checkIn.findUniqueOrThrow({
      where: { registrationId_listId: { registrationId: d.ana.id, listId: d.list.id } },
    });
    expect(checkIn).toMatchObject({ nonce: n, deviceId: d.device.id, staffId: d.staff.id, offline: false });
    expect(checkIn.scannedAt.toISOString()).toBe(verdict.kind === "ADMIT" ? verdict.checkedInAt : "");
    expect(await t.db.scanReceipt.findUniqueOrThrow({ where: { nonce: n } })).toMatchObject({ outcome: "ADMITTED" });
    expect((await t.db.scanDevice.findUniqueOrThrow({ where: { id: d.device.id } })).lastSeenAt).not.toBeNull();
  });

  it("says already checked in, when and at which device, on a second scan from any device", async () => {
    const d = await door();
    const first = await d.scan({ token: d.badge(d.ana) });
    const before = await recorded();
    const second = await d.scan({ token: d.badge(d.ana), deviceId: d.device2.id });
    expect(second).toEqual({
      kind: "ALREADY_CHECKED_IN",
      person: expect.objectContaining({ name: "Ana Ortega" }),
      checkedInAt: first.kind === "ADMIT" ? first.checkedInAt : "",
      deviceName: "Door 1 — Main hall",
    });
    expect(await recorded()).toEqual(before);
  });

  it("answers a replayed nonce as the first time and records nothing new", async () => {
    const d = await door();
    const n = nonce();
    const first = await d.scan({ token: d.badge(d.ana), nonce: n });
    const before = await recorded();
    const again = await d.scan({ token: d.badge(d.ana), nonce: n }, new Date("2027-09-27T15:00:00Z"));
    expect(again).toEqual(first);
    expect(await recorded()).toEqual(before);
  });

  it("refuses a nonce already used for someone else", async () => {
    const d = await door();
    const n = nonce();
    await d.scan({ token: d.badge(d.ana), nonce: n });
    await expect(d.scan({ token: d.badge(d.ben), nonce: n })).rejects.toBeInstanceOf(ScanConflict);
    expect(await t.db.checkIn.count({ where: { registrationId: d.ben.id } })).toBe(0);
  });

  it("admits a person found by search (manual check-in by registration id)", async () => {
    const d = await door();
    expect(await d.scan({ registrationId: d.ben.id })).toMatchObject({ kind: "ADMIT", person: { name: "Ben Okafor" } });
    expect(await d.scan({ registrationId: d.ben.id })).toMatchObject({ kind: "ALREADY_CHECKED_IN" });
  });

  it("admits one person once under 40 concurrent scans of the same badge", async () => {
    const d = await door();
    const verdicts = await Promise.all(Array.from({ length: 40 }, () => d.scan({ token: d.badge(d.ana) })));
    expect(verdicts.filter((v) => v.kind === "ADMIT")).toHaveLength(1);
    expect(verdicts.filter((v) => v.kind === "ALREADY_CHECKED_IN")).toHaveLength(39);
    expect(await recorded()).toEqual({ checkIns: 1, receipts: 1 });
  });
});

describe("a scan that is not valid records nothing", () => {
  it("gives the reason for each kind of bad badge", async () => {
    const d = await door();
    const other = await eventFactory(t.db);
    const otherTicket = await ticketTypeFactory(t.db, { eventId: other.id });
    const [stranger] = (
      await orderFactory(t.db, { eventId: other.id, traits: ["paid"], attendees: [{ ticketTypeId: otherTicket.id }] })
    ).registrations;
    const [cancelled] = (
      await orderFactory(t.db, { eventId: d.event.id, traits: ["cancelled"], attendees: [{ ticketTypeId: d.inPerson.id }] })
    ).registrations;
    const [unpaid] = (await orderFactory(t.db, { eventId: d.event.id, attendees: [{ ticketTypeId: d.inPerson.id }] }))
      .registrations;
    const [given] = (
      await orderFactory(t.db, { eventId: d.event.id, traits: ["paid"], attendees: [{ ticketTypeId: d.inPerson.id }] })
    ).registrations;
    await transferredRegistrationFactory(t.db, { registrationId: given.id });
    const [reissued] = (
      await orderFactory(t.db, { eventId: d.event.id, traits: ["paid"], attendees: [{ ticketTypeId: d.inPerson.id }] })
    ).registrations;
    const oldBadge = d.badge(reissued);
    await t.db.registration.update({ where: { id: reissued.id }, data: { badgeVersion: 2 } });
    const good = d.badge(d.ana);
    // Altered: the badge version inside the signed bytes changed, the signature kept.
    const bytes = decodeBase45(good) as Uint8Array;
    bytes[bytes.length - 64 - 3] ^= 1;
    const tampered = encodeBase45(bytes);
    const strangerOnThisEvent = issueBadgeToken(ring, { id: stranger.id, eventId: d.event.id, badgeVersion: 1 }, d.event);

    const cases: [string, Partial<ScanInput>, string][] = [
      ["garbage", { token: "https://example.org/not-a-badge" }, "MALFORMED"],
      ["empty", { token: "" }, "MALFORMED"],
      ["oversized", { token: "A".repeat(5000) }, "MALFORMED"],
      ["tampered", { token: tampered }, "FORGED"],
      ["wrong key", { token: d.badge(d.ana, otherRing) }, "FORGED"],
      ["another event's badge", { token: issueBadgeToken(ring, stranger, other) }, "OTHER_EVENT"],
      ["a registration of another event under this event's tag", { token: strangerOnThisEvent }, "UNKNOWN"],
      ["cancelled", { token: d.badge(cancelled) }, "CANCELLED"],
      ["unpaid", { token: d.badge(unpaid) }, "UNPAID"],
      ["transferred", { token: d.badge(given) }, "REVOKED"],
      ["reissued", { token: oldBadge }, "REVOKED"],
      ["ticket type not on this list", { token: d.badge(d.vic) }, "NOT_ON_LIST"],
      ["manual check-in of another event's registration", { registrationId: stranger.id }, "UNKNOWN"],
      ["manual check-in of no registration", { registrationId: "nope" }, "UNKNOWN"],
    ];
    for (const [what, input, reason] of cases) {
      const verdict = await d.scan(input);
      expect(verdict, what).toMatchObject({ kind: "NOT_VALID", reason });
    }
    expect(await recorded()).toEqual({ checkIns: 0, receipts: 0 });
  });

  it("refuses a badge after its event", async () => {
    const d = await door();
    const later = DateTime.fromJSDate(d.event.endsAt).plus({ days: 5 }).toJSDate();
    expect(await d.scan({ token: d.badge(d.ana) }, later)).toMatchObject({ kind: "NOT_VALID", reason: "EXPIRED" });
    expect(await recorded()).toEqual({ checkIns: 0, receipts: 0 });
  });
});

describe("who may scan", () => {
  it("refuses staff of another event, attendees, unknown lists and devices, and archived lists", async () => {
    const d = await door();
    const other = await eventFactory(t.db);
    const otherStaff = await userFactory(t.db, { traits: ["staff"] });
    await eventStaffFactory(t.db, { eventId: other.id, userId: otherStaff.id });
    const attendee = await userFactory(t.db);
    const otherDevice = await scanDeviceFactory(t.db, { eventId: other.id });
    const token = d.badge(d.ana);

    await expect(d.scan({ token, user: otherStaff })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(d.scan({ token, user: attendee })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(d.scan({ token, listId: "nope" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(d.scan({ token, deviceId: "nope" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(d.scan({ token, deviceId: otherDevice.id })).rejects.toBeInstanceOf(NotFoundError);
    await t.db.checkInList.update({ where: { id: d.list.id }, data: { archived: true } });
    await expect(d.scan({ token })).rejects.toBeInstanceOf(ScanConflict);
    expect(await recorded()).toEqual({ checkIns: 0, receipts: 0 });
  });

  it("lets organisers scan any event without being assigned", async () => {
    const d = await door();
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    expect(await d.scan({ token: d.badge(d.ana), user: organiser })).toMatchObject({ kind: "ADMIT" });
  });

  it("refuses scan times far in the future or before sales opened", async () => {
    const d = await door();
    const now = new Date("2027-09-27T13:00:00Z");
    await expect(
      d.scan({ token: d.badge(d.ana), scannedAt: new Date(now.getTime() + 25 * 3600_000) }, now),
    ).rejects.toBeInstanceOf(RuleViolation);
    await t.db.ticketType.updateMany({
      where: { eventId: d.event.id },
      data: { salesStartAt: new Date("2027-01-01T00:00:00Z") },
    });
    await expect(d.scan({ token: d.badge(d.ana), scannedAt: new Date("2026-12-31T00:00:00Z") }, now)).rejects.toBeInstanceOf(
      RuleViolation,
    );
    expect(await recorded()).toEqual({ checkIns: 0, receipts: 0 });
    // Within the bounds, the device's time is what is recorded.
    const at = new Date("2027-09-27T12:41:07.250Z");
    expect(await d.scan({ token: d.badge(d.ana), scannedAt: at }, now)).toMatchObject({ checkedInAt: at.toISOString() });
  });
});

describe("offline sync", () => {
  async function twoDevicesAdmitAna(d: Awaited<ReturnType<typeof door>>) {
    const early = { listId: d.list.id, nonce: nonce(), scannedAt: new Date("2027-09-27T13:05:00Z"), token: d.badge(d.ana) };
    const late = { listId: d.list.id, nonce: nonce(), scannedAt: new Date("2027-09-27T13:09:00Z"), token: d.badge(d.ana) };
    return { early, late };
  }
  const now = new Date("2027-09-27T14:00:00Z");

  for (const order of ["earliest first", "latest first"] as const) {
    it(`keeps the earliest admission and one visible duplicate when two devices sync (${order})`, async () => {
      const d = await door();
      const { early, late } = await twoDevicesAdmitAna(d);
      const sync = (deviceId: string, scan: typeof early) =>
        syncScans(t.db, ring, { user: d.staff, deviceId, scans: [scan] }, now);
      if (order === "earliest first") {
        expect((await sync(d.device.id, early)).results[0]).toMatchObject({ outcome: "ADMITTED" });
        expect((await sync(d.device2.id, late)).results[0]).toMatchObject({
          outcome: "DUPLICATE",
          verdict: { kind: "ALREADY_CHECKED_IN", deviceName: "Door 1 — Main hall" },
          duplicateOf: { deviceName: "Door 1 — Main hall", scannedAt: early.scannedAt.toISOString() },
        });
      } else {
        expect((await sync(d.device2.id, late)).results[0]).toMatchObject({ outcome: "ADMITTED" });
        expect((await sync(d.device.id, early)).results[0]).toMatchObject({ outcome: "ADMITTED" });
      }
      const checkIns = await t.db.checkIn.findMany();
      expect(checkIns).toHaveLength(1);
      expect(checkIns[0]).toMatchObject({ nonce: early.nonce, deviceId: d.device.id, offline: true });
      expect(checkIns[0].scannedAt.toISOString()).toBe(early.scannedAt.toISOString());
      const receipts = await t.db.scanReceipt.findMany({ orderBy: { scannedAt: "asc" } });
      expect(receipts.map((r) => [r.nonce, r.outcome])).toEqual([
        [early.nonce, "ADMITTED"],
        [late.nonce, "DUPLICATE"],
      ]);
      const snapshot = await checkInSnapshot(t.db, ring, { user: d.staff, listId: d.list.id });
      expect(snapshot.duplicates).toEqual([
        { registrationId: d.ana.id, name: "Ana Ortega", deviceName: "Door 2 — Atrium", scannedAt: late.scannedAt.toISOString() },
      ]);
      expect(snapshot.checkIns).toEqual([
        { registrationId: d.ana.id, checkedInAt: early.scannedAt.toISOString(), deviceName: "Door 1 — Main hall" },
      ]);
    });
  }

  it("treats a replayed sync as a no-op with the same answers", async () => {
    const d = await door();
    const { early, late } = await twoDevicesAdmitAna(d);
    const scans = [early, { ...late }, { listId: d.list.id, nonce: nonce(), scannedAt: late.scannedAt, token: d.badge(d.vic) }];
    const first = await syncScans(t.db, ring, { user: d.staff, deviceId: d.device.id, scans }, now);
    expect(first.results.map((r) => r.outcome)).toEqual(["ADMITTED", "DUPLICATE", "NOT_VALID"]);
    const before = await recorded();
    const again = await syncScans(t.db, ring, { user: d.staff, deviceId: d.device.id, scans }, now);
    expect(again).toEqual(first);
    expect(await recorded()).toEqual(before);
  });

  it("rejects a scan with a wild clock or an unknown list on its own, and settles the others", async () => {
    const d = await door();
    const scans = [
      { listId: d.list.id, nonce: nonce(), scannedAt: new Date(now.getTime() + 48 * 3600_000), token: d.badge(d.ana) },
      { listId: "nope", nonce: nonce(), scannedAt: now, token: d.badge(d.ana) },
      { listId: d.list.id, nonce: nonce(), scannedAt: now, registrationId: d.ben.id },
    ];
    const { results } = await syncScans(t.db, ring, { user: d.staff, deviceId: d.device.id, scans }, now);
    expect(results[0]).toEqual({ nonce: scans[0].nonce, outcome: "REJECTED", error: expect.stringMatching(/24 hours ahead/) });
    expect(results[1]).toEqual({ nonce: scans[1].nonce, outcome: "REJECTED", error: expect.stringMatching(/doesn't exist/) });
    expect(results[2]).toMatchObject({ outcome: "ADMITTED", verdict: { person: { name: "Ben Okafor" } } });
    expect(await recorded()).toEqual({ checkIns: 1, receipts: 1 });
  });

  it("records offline admissions on a list archived since: they happened at the door", async () => {
    const d = await door();
    await t.db.checkInList.update({ where: { id: d.list.id }, data: { archived: true } });
    const scans = [{ listId: d.list.id, nonce: nonce(), scannedAt: new Date("2027-09-27T13:05:00Z"), token: d.badge(d.ana) }];
    const { results } = await syncScans(t.db, ring, { user: d.staff, deviceId: d.device.id, scans }, now);
    expect(results[0]).toMatchObject({ outcome: "ADMITTED" });
    expect(await recorded()).toEqual({ checkIns: 1, receipts: 1 });
  });

  it("refuses a device of an event the user doesn't staff, and an unknown device", async () => {
    const d = await door();
    const outsider = await userFactory(t.db, { traits: ["staff"] });
    const scans = [{ listId: d.list.id, nonce: nonce(), scannedAt: now, token: d.badge(d.ana) }];
    await expect(syncScans(t.db, ring, { user: outsider, deviceId: d.device.id, scans }, now)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(syncScans(t.db, ring, { user: d.staff, deviceId: "nope", scans }, now)).rejects.toBeInstanceOf(NotFoundError);
    expect(await recorded()).toEqual({ checkIns: 0, receipts: 0 });
  });
});

describe("undo", () => {
  it("takes back the device's admission, audited, so the person can be admitted again", async () => {
    const d = await door();
    const n = nonce();
    await d.scan({ token: d.badge(d.ana), nonce: n });
    const undone = await undoCheckIn(t.db, { user: d.staff, deviceId: d.device.id, nonce: n });
    expect(undone).toEqual({ undone: true, person: expect.objectContaining({ name: "Ana Ortega" }) });
    expect(await t.db.checkIn.count()).toBe(0);
    expect(await t.db.scanReceipt.findUniqueOrThrow({ where: { nonce: n } })).toMatchObject({ outcome: "UNDONE" });
    expect(await t.db.auditLog.findFirst({ where: { action: "check-in.undo", subjectId: d.ana.id } })).toMatchObject({
      actorId: d.staff.id,
    });
    // Undoing twice is harmless; the next scan admits again.
    expect(await undoCheckIn(t.db, { user: d.staff, deviceId: d.device.id, nonce: n })).toMatchObject({ undone: true });
    expect(await d.scan({ token: d.badge(d.ana) })).toMatchObject({ kind: "ADMIT" });
  });

  it("refuses another device's admission, an unknown nonce and staff of another event", async () => {
    const d = await door();
    const n = nonce();
    await d.scan({ token: d.badge(d.ana), nonce: n });
    await expect(undoCheckIn(t.db, { user: d.staff, deviceId: d.device2.id, nonce: n })).rejects.toBeInstanceOf(ScanConflict);
    await expect(undoCheckIn(t.db, { user: d.staff, deviceId: d.device.id, nonce: "unknown-nonce" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const outsider = await userFactory(t.db, { traits: ["staff"] });
    await expect(undoCheckIn(t.db, { user: outsider, deviceId: d.device.id, nonce: n })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await recorded()).toEqual({ checkIns: 1, receipts: 1 });
  });
});

describe("search", () => {
  it("finds people by name, email or order reference, with their check-in on the list", async () => {
    const d = await door();
    await d.scan({ token: d.badge(d.ana) });
    const search = (q: string) => searchCheckInList(t.db, { user: d.staff, listId: d.list.id, q });
    const byName = await search("ortega");
    expect(byName.results).toEqual([
      expect.objectContaining({ name: "Ana Ortega", email: "ana@clinic.example", deviceName: "Door 1 — Main hall" }),
    ]);
    expect(byName.results[0].checkedInAt).not.toBeNull();
    expect((await search("ben@clinic")).results).toEqual([
      expect.objectContaining({ name: "Ben Okafor", checkedInAt: null, deviceName: null }),
    ]);
    expect((await search(d.order.reference.toLowerCase())).results.map((r) => r.name).sort()).toEqual([
      "Ana Ortega",
      "Ben Okafor",
      "Vic Virtual",
    ]);
    // Wildcards are text, not patterns.
    expect((await search("%_")).results).toEqual([]);
    const outsider = await userFactory(t.db, { traits: ["staff"] });
    await expect(searchCheckInList(t.db, { user: outsider, listId: d.list.id, q: "ana" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("returns at most 20 people", async () => {
    const d = await door();
    await orderFactory(t.db, {
      eventId: d.event.id,
      traits: ["paid"],
      attendees: Array.from({ length: 25 }, (_, i) => ({ ticketTypeId: d.inPerson.id, attendeeName: `Crowd ${i}` })),
    });
    expect((await searchCheckInList(t.db, { user: d.staff, listId: d.list.id, q: "crowd" })).results).toHaveLength(20);
  });
});

describe("the offline snapshot", () => {
  it("holds every registration of the event in any status with its badge version, the keys and the check-ins", async () => {
    const d = await door();
    const [cancelled] = (
      await orderFactory(t.db, { eventId: d.event.id, traits: ["cancelled"], attendees: [{ ticketTypeId: d.inPerson.id }] })
    ).registrations;
    await t.db.registration.update({ where: { id: d.ben.id }, data: { badgeVersion: 3 } });
    await checkInFactory(t.db, { listId: d.list.id, registrationId: d.ana.id, deviceId: d.device.id });
    const other = await eventFactory(t.db);
    await orderFactory(t.db, {
      eventId: other.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: (await ticketTypeFactory(t.db, { eventId: other.id })).id }],
    });

    const snapshot = await checkInSnapshot(t.db, ring, { user: d.staff, listId: d.list.id });
    expect(snapshot.list).toEqual({
      id: d.list.id,
      name: "Main entrance",
      kind: "EVENT",
      eventId: d.event.id,
      eventName: "Social Media Summit",
      eventTag: eventTag(d.event.id),
      admits: [d.inPerson.id],
      archived: false,
    });
    expect(snapshot.keys).toEqual(ring.verifyKeys);
    expect(snapshot.entries.map((e) => [e.name, e.status, e.badgeVersion])).toEqual(
      expect.arrayContaining([
        ["Ana Ortega", "CONFIRMED", 1],
        ["Ben Okafor", "CONFIRMED", 3],
        ["Vic Virtual", "CONFIRMED", 1],
        [cancelled.attendeeName, "CANCELLED", 1],
      ]),
    );
    expect(snapshot.entries).toHaveLength(4);
    expect(snapshot.entries.find((e) => e.name === "Ana Ortega")).toMatchObject({
      email: "ana@clinic.example",
      orderReference: d.order.reference,
      ticketTypeId: d.inPerson.id,
      ticketType: "In person",
      accessibilityNeeds: ["Step-free access"],
    });
    expect(snapshot.checkIns).toEqual([expect.objectContaining({ registrationId: d.ana.id, deviceName: "Door 1 — Main hall" })]);
    expect(snapshot.duplicates).toEqual([]);

    const outsider = await userFactory(t.db, { traits: ["staff"] });
    await expect(checkInSnapshot(t.db, ring, { user: outsider, listId: d.list.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(checkInSnapshot(t.db, ring, { user: d.staff, listId: "nope" })).rejects.toBeInstanceOf(NotFoundError);
  });
});
