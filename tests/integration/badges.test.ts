// Badges against a real database: what a badge shows (and never shows), reissue and the
// ribbon, bulk print runs queued, claimed and made by the worker, and the proof that every
// QR code in a printed PDF reads back as a valid badge of the right person.
import { describe, expect, it } from "vitest";
import type { BadgeLayout } from "~/generated/prisma/enums.ts";
import {
  claimBadgeBatch,
  makeBadgeBatch,
  requestBadgeBatch,
  runBadgeBatches,
  STALE_CLAIM_MS,
} from "~/modules/badges/badge-batches.server.ts";
import { badgeKeyring, eventTag, readBadgeToken } from "~/modules/badges/badge-keys.server.ts";
import { BADGES_PER_PAGE, renderBadgesPdf } from "~/modules/badges/badge-pdf.server.ts";
import { dayNumber } from "~/modules/badges/badge-token.ts";
import { loadBadge, loadBadges, reissueBadge, setBadgeRole } from "~/modules/badges/badges.server.ts";
import { judgeBadge, type ListEntry } from "~/modules/badges/verdict.ts";
import { RuleViolation } from "~/shared/errors.ts";
import {
  badgeBatchFactory,
  eventFactory,
  orderFactory,
  ordersFactory,
  ticketTypeFactory,
  transferredRegistrationFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { decodeQrs, pdfToPngs, pdfToText } from "../support/raster.ts";

const t = setupTestDatabase();
const env = { badgeSigningKey: Buffer.alloc(32, 42).toString("base64url"), badgeRetiredKeys: [] };
const ring = badgeKeyring(env);

async function summit() {
  const event = await eventFactory(t.db, {
    name: "Social Media Summit 2027",
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-29T17:00",
    timeZone: "America/Chicago",
  });
  const inPerson = await ticketTypeFactory(t.db, { eventId: event.id, name: "In person" });
  const scholarship = await ticketTypeFactory(t.db, {
    eventId: event.id,
    name: "Patient scholarship",
    priceCents: 0,
    visibility: "HIDDEN",
  });
  const organizer = await userFactory(t.db, { traits: ["organizer"] });
  return { event, inPerson, scholarship, organizer };
}

/** The door's view of a registration, as the check-in list keeps it. */
async function entryFor(registrationId: string): Promise<ListEntry | undefined> {
  const r = await t.db.registration.findUnique({ where: { id: registrationId }, include: { ticketType: true, order: true } });
  if (!r) return undefined;
  return {
    registrationId: r.id,
    name: r.attendeeName,
    email: r.attendeeEmail,
    orderReference: r.order.reference,
    ticketTypeId: r.ticketTypeId,
    ticketType: r.ticketType.name,
    status: r.status,
    badgeVersion: r.badgeVersion,
    accessibilityNeeds: [],
  };
}

/** Judges a scanned QR text on a whole-event list, during the event. */
async function judge(text: string, eventId: string) {
  const read = readBadgeToken(ring, text);
  return judgeBadge({
    ...read,
    eventTag: eventTag(eventId),
    today: dayNumber(new Date("2027-09-28T15:00:00Z")),
    entry: read.token ? await entryFor(read.token.claims.registrationId) : undefined,
    admitsTicketType: () => true,
  });
}

describe("what a badge shows", () => {
  it("prints name, pronouns, organisation, the account's handle, the ribbon and the no-photo marker", async () => {
    const { event } = await summit();
    const user = await userFactory(t.db, { email: "zoe@clinic.example", socialHandle: "zoe_speaks" });
    const inPerson = await t.db.ticketType.findFirstOrThrow({ where: { eventId: event.id, name: "In person" } });
    const order = await orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      attendees: [
        {
          ticketTypeId: inPerson.id,
          attendeeName: "Zoë Ångström",
          attendeeEmail: "zoe@clinic.example",
          userId: user.id,
          pronouns: "she/her",
          organisation: "Heart Clinic",
          badgeRole: "SPEAKER",
          photoConsent: false,
        },
      ],
    });
    const badge = await loadBadge(t.db, env, order.registrations[0]);
    expect(badge).toMatchObject({
      name: "Zoë Ångström",
      pronouns: "she/her",
      organisation: "Heart Clinic",
      socialHandle: "@zoe_speaks",
      role: "SPEAKER",
      ribbon: "Speaker",
      noPhotos: true,
      eventName: "Social Media Summit 2027",
      eventDates: "27–29 September 2027",
      badgeVersion: 1,
    });
    const read = readBadgeToken(ring, badge.token);
    expect(read.signatureValid).toBe(true);
    expect(read.token?.claims).toMatchObject({ registrationId: order.registrations[0].id, eventTag: eventTag(event.id) });
  });

  it("never shows a scholarship or a patient: no ticket name, in the data or in the printed text", async () => {
    const { event, scholarship } = await summit();
    const order = await orderFactory(t.db, {
      eventId: event.id,
      traits: ["complimentary"],
      source: "SCHOLARSHIP",
      attendees: [{ ticketTypeId: scholarship.id, attendeeName: "Ana Ortega", attendeeEmail: "ana@example.org" }],
    });
    const badge = await loadBadge(t.db, env, order.registrations[0]);
    expect(JSON.stringify(badge)).not.toMatch(/scholarship|patient|caregiver/i);
    expect(badge.ribbon).toBe("Attendee");
    const text = await pdfToText(await renderBadgesPdf([badge], { layout: "BADGE_4X3", largePrint: false }));
    expect(text).toContain("Ana Ortega");
    expect(text).toContain("ATTENDEE");
    expect(text).not.toMatch(/scholarship|patient|caregiver/i);
  });

  it("renders accented names in the embedded font and marks those who said no to photos", async () => {
    const { event, inPerson } = await summit();
    const order = await orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      attendees: [
        { ticketTypeId: inPerson.id, attendeeName: "Zoë Ångström", photoConsent: false, pronouns: "they/them" },
        { ticketTypeId: inPerson.id, attendeeName: "Łukasz Żółć", organisation: "Klinika" },
      ],
    });
    const badges = await loadBadges(t.db, env, { eventId: event.id });
    const text = await pdfToText(await renderBadgesPdf(badges, { layout: "SHEET_A4", largePrint: true }));
    expect(text).toContain("Zoë Ångström");
    expect(text).toContain("they/them");
    expect(text).toContain("Łukasz Żółć");
    expect(text.match(/NO PHOTOS/g)).toHaveLength(1);
    expect(order.registrations).toHaveLength(2);
  });

  it("gives badges to confirmed registrations only", async () => {
    const { event, inPerson } = await summit();
    const paid = await orderFactory(t.db, { eventId: event.id, traits: ["paid"], attendees: [{ ticketTypeId: inPerson.id }] });
    await orderFactory(t.db, { eventId: event.id, traits: ["pending"], attendees: [{ ticketTypeId: inPerson.id }] });
    await orderFactory(t.db, { eventId: event.id, traits: ["cancelled"], attendees: [{ ticketTypeId: inPerson.id }] });
    const moved = await transferredRegistrationFactory(t.db, { registrationId: paid.registrations[0].id });
    const badges = await loadBadges(t.db, env, { eventId: event.id });
    expect(badges.map((b) => b.registrationId)).toEqual([moved.id]);
    await expect(loadBadge(t.db, env, paid.registrations[0])).rejects.toThrow(/not confirmed/);
  });
});

describe("reissue and ribbon", () => {
  it("reissuing bumps the version: the old badge answers REVOKED, the new one passes, and it is audited", async () => {
    const { event, inPerson, organizer } = await summit();
    const order = await orderFactory(t.db, { eventId: event.id, traits: ["paid"], attendees: [{ ticketTypeId: inPerson.id }] });
    const registration = order.registrations[0];
    const old = await loadBadge(t.db, env, registration);
    expect(await judge(old.token, event.id)).toMatchObject({ ok: true });

    const reissued = await reissueBadge(t.db, organizer.id, event.id, registration.id);
    expect(reissued.badgeVersion).toBe(2);
    expect(await judge(old.token, event.id)).toEqual({ ok: false, reason: "REVOKED" });
    const fresh = await loadBadge(t.db, env, registration);
    expect(await judge(fresh.token, event.id)).toMatchObject({ ok: true });
    const audit = await t.db.auditLog.findMany({ where: { subjectId: registration.id, action: "badge.reissued" } });
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toEqual({ from: 1, to: 2 });
  });

  it("a transfer or cancellation makes the old badge fail as REVOKED or CANCELLED", async () => {
    const { event, inPerson } = await summit();
    const order = await orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: inPerson.id }, { ticketTypeId: inPerson.id }],
    });
    const [a, b] = order.registrations;
    const [tokenA, tokenB] = [(await loadBadge(t.db, env, a)).token, (await loadBadge(t.db, env, b)).token];
    await transferredRegistrationFactory(t.db, { registrationId: a.id });
    await t.db.registration.update({ where: { id: b.id }, data: { status: "CANCELLED" } });
    expect(await judge(tokenA, event.id)).toEqual({ ok: false, reason: "REVOKED" });
    expect(await judge(tokenB, event.id)).toEqual({ ok: false, reason: "CANCELLED" });
  });

  it("refuses to reissue another event's or an unconfirmed registration, changing nothing", async () => {
    const { event, inPerson, organizer } = await summit();
    const other = await eventFactory(t.db);
    const pending = await orderFactory(t.db, { eventId: event.id, attendees: [{ ticketTypeId: inPerson.id }] });
    const id = pending.registrations[0].id;
    await expect(reissueBadge(t.db, organizer.id, other.id, id)).rejects.toThrow(/doesn't exist for this event/);
    await expect(reissueBadge(t.db, organizer.id, event.id, id)).rejects.toThrow(RuleViolation);
    expect((await t.db.registration.findUniqueOrThrow({ where: { id } })).badgeVersion).toBe(1);
    expect(await t.db.auditLog.count({ where: { action: "badge.reissued" } })).toBe(0);
  });

  it("sets the ribbon with an audit entry, keeping the badge valid", async () => {
    const { event, inPerson, organizer } = await summit();
    const order = await orderFactory(t.db, { eventId: event.id, traits: ["paid"], attendees: [{ ticketTypeId: inPerson.id }] });
    const registration = order.registrations[0];
    await setBadgeRole(t.db, organizer.id, event.id, registration.id, "STAFF");
    const badge = await loadBadge(t.db, env, registration);
    expect(badge).toMatchObject({ role: "STAFF", ribbon: "Staff", badgeVersion: 1 });
    expect(await t.db.auditLog.count({ where: { action: "badge.role_changed", subjectId: registration.id } })).toBe(1);
  });
});

describe("requesting a print run", () => {
  it("queues a batch with the count of confirmed badges, audited", async () => {
    const { event, inPerson, organizer } = await summit();
    await orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: inPerson.id }, { ticketTypeId: inPerson.id }],
    });
    await orderFactory(t.db, { eventId: event.id, traits: ["pending"], attendees: [{ ticketTypeId: inPerson.id }] });
    const batch = await requestBadgeBatch(t.db, {
      eventId: event.id,
      requestedById: organizer.id,
      layout: "SHEET_LETTER",
      largePrint: false,
    });
    expect(batch.total).toBe(2);
    expect(await t.db.badgeBatch.findUniqueOrThrow({ where: { id: batch.id } })).toMatchObject({ status: "QUEUED", done: 0 });
    expect(await t.db.auditLog.count({ where: { action: "badges.batch_requested", subjectId: batch.id } })).toBe(1);
  });

  it("refuses another event's ticket type or people, and an empty selection, creating nothing", async () => {
    const { event, inPerson, scholarship, organizer } = await summit();
    const other = await eventFactory(t.db);
    const otherTicket = await ticketTypeFactory(t.db, { eventId: other.id });
    const stranger = await orderFactory(t.db, {
      eventId: other.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: otherTicket.id }],
    });
    const ours = await orderFactory(t.db, { eventId: event.id, traits: ["paid"], attendees: [{ ticketTypeId: inPerson.id }] });
    const base = { eventId: event.id, requestedById: organizer.id, layout: "BADGE_4X3" as const, largePrint: false };
    await expect(requestBadgeBatch(t.db, { ...base, ticketTypeId: otherTicket.id })).rejects.toThrow(
      "That ticket type is not one of this event's.",
    );
    await expect(
      requestBadgeBatch(t.db, { ...base, registrationIds: [ours.registrations[0].id, stranger.registrations[0].id] }),
    ).rejects.toThrow("1 of the chosen people is not registered for this event.");
    await expect(requestBadgeBatch(t.db, { ...base, ticketTypeId: scholarship.id })).rejects.toThrow(/no badges to print/);
    expect(await t.db.badgeBatch.count()).toBe(0);
    expect(await t.db.auditLog.count()).toBe(0);
  });
});

describe("the batch worker", () => {
  it("makes a queued batch: claims it, stores the PDF, and marks it done", async () => {
    const { event, inPerson, organizer } = await summit();
    await orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: inPerson.id }, { ticketTypeId: inPerson.id }],
    });
    const { id } = await requestBadgeBatch(t.db, {
      eventId: event.id,
      requestedById: organizer.id,
      layout: "BADGE_4X3",
      largePrint: true,
    });
    expect(await runBadgeBatches(t.db, env)).toBe(1);
    const batch = await t.db.badgeBatch.findUniqueOrThrow({ where: { id } });
    expect(batch).toMatchObject({ status: "DONE", total: 2, done: 2, error: null });
    expect(batch.finishedAt).toBeInstanceOf(Date);
    expect(
      Buffer.from(batch.pdf as Uint8Array)
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    expect(await runBadgeBatches(t.db, env)).toBe(0);
  });

  it("lets only one of two racing workers claim a batch", async () => {
    const { event } = await summit();
    await badgeBatchFactory(t.db, { eventId: event.id });
    const claims = await Promise.all([claimBadgeBatch(t.db), claimBadgeBatch(t.db), claimBadgeBatch(t.db)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("takes over a batch whose worker went quiet for 10 minutes, not one still working", async () => {
    const { event } = await summit();
    const now = new Date();
    const busy = await badgeBatchFactory(t.db, {
      eventId: event.id,
      status: "RUNNING",
      claimedAt: new Date(now.getTime() - 60_000),
    });
    const stale = await badgeBatchFactory(t.db, {
      eventId: event.id,
      status: "RUNNING",
      claimedAt: new Date(now.getTime() - STALE_CLAIM_MS - 1_000),
    });
    const claimed = await claimBadgeBatch(t.db, now);
    expect(claimed?.id).toBe(stale.id);
    expect(claimed?.claimedAt).toEqual(now);
    expect(await claimBadgeBatch(t.db, now)).toBeNull();
    expect((await t.db.badgeBatch.findUniqueOrThrow({ where: { id: busy.id } })).status).toBe("RUNNING");
  });

  it("a worker whose batch was taken over stores nothing", async () => {
    const { event, inPerson } = await summit();
    await orderFactory(t.db, { eventId: event.id, traits: ["paid"], attendees: [{ ticketTypeId: inPerson.id }] });
    await badgeBatchFactory(t.db, { eventId: event.id });
    const claimed = await claimBadgeBatch(t.db);
    if (!claimed) throw new Error("expected a claim");
    // Another worker took it over in the meantime.
    await t.db.badgeBatch.update({ where: { id: claimed.id }, data: { claimedAt: new Date(Date.now() + 5_000) } });
    expect(await makeBadgeBatch(t.db, env, claimed)).toBe("LOST");
    expect(await t.db.badgeBatch.findUniqueOrThrow({ where: { id: claimed.id } })).toMatchObject({
      status: "RUNNING",
      pdf: null,
    });
  });

  it("fails a batch with a clear message when nobody is left to print", async () => {
    const { event, inPerson, organizer } = await summit();
    const order = await orderFactory(t.db, { eventId: event.id, traits: ["paid"], attendees: [{ ticketTypeId: inPerson.id }] });
    const { id } = await requestBadgeBatch(t.db, {
      eventId: event.id,
      requestedById: organizer.id,
      layout: "BADGE_4X3",
      largePrint: false,
    });
    await t.db.registration.update({ where: { id: order.registrations[0].id }, data: { status: "CANCELLED" } });
    await runBadgeBatches(t.db, env);
    expect(await t.db.badgeBatch.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "FAILED",
      error: "No confirmed registrations are left in this selection.",
      pdf: null,
    });
  });

  it("reports progress every 100 badges while rendering", async () => {
    const { event } = await summit();
    const inPerson = await ticketTypeFactory(t.db, { eventId: event.id, capacity: 500 });
    await ordersFactory(
      t.db,
      event.id,
      Array.from({ length: 230 }, (_, i) => ({
        order: {
          buyerName: `Buyer ${i}`,
          buyerEmail: `b${i}@example.org`,
          status: "PAID" as const,
          subtotalCents: 0,
          totalCents: 0,
        },
        registrations: [
          {
            ticketTypeId: inPerson.id,
            attendeeName: `Person ${i}`,
            attendeeEmail: `p${i}@example.org`,
            priceCents: 0,
            status: "CONFIRMED" as const,
          },
        ],
      })),
    );
    const badges = await loadBadges(t.db, env, { eventId: event.id });
    const seen: number[] = [];
    await renderBadgesPdf(badges, { layout: "SHEET_LETTER", largePrint: false, onProgress: (done) => void seen.push(done) });
    expect(seen).toEqual([100, 200, 230]);
  });
});

describe("proof: every QR code in a printed batch reads back as the right valid badge", () => {
  it.each<[BadgeLayout, boolean]>([
    ["SHEET_LETTER", false],
    ["SHEET_A4", true],
    ["BADGE_4X3", false],
  ])("%s (large print: %s)", async (layout, largePrint) => {
    const { event, inPerson, organizer } = await summit();
    const roles = ["ATTENDEE", "SPEAKER", "STAFF", "ORGANIZER"] as const;
    const order = await orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      attendees: Array.from({ length: 12 }, (_, i) => ({
        ticketTypeId: inPerson.id,
        attendeeName: i === 0 ? "Zoë Ångström" : `Attendee ${String(i).padStart(2, "0")}`,
        badgeRole: roles[i % 4],
        photoConsent: i % 3 !== 0,
        pronouns: i % 2 ? "they/them" : "",
      })),
    });
    // Not printed: a seat still held.
    await orderFactory(t.db, { eventId: event.id, attendees: [{ ticketTypeId: inPerson.id }] });
    const { id } = await requestBadgeBatch(t.db, { eventId: event.id, requestedById: organizer.id, layout, largePrint });
    await runBadgeBatches(t.db, env);
    const batch = await t.db.badgeBatch.findUniqueOrThrow({ where: { id } });
    expect(batch).toMatchObject({ status: "DONE", total: 12, done: 12 });

    const pages = await pdfToPngs(batch.pdf as Uint8Array);
    const perPage = BADGES_PER_PAGE[layout];
    expect(pages).toHaveLength(Math.ceil(12 / perPage));
    const texts = pages.flatMap((png, i) => decodeQrs(png, { expect: Math.min(perPage, 12 - i * perPage) }).map((q) => q.text));
    expect(texts).toHaveLength(12);
    const admitted: string[] = [];
    for (const text of texts) {
      const verdict = await judge(text, event.id);
      expect(verdict).toMatchObject({ ok: true });
      if (verdict.ok) admitted.push(verdict.entry.registrationId);
    }
    expect(admitted.sort()).toEqual(order.registrations.map((r) => r.id).sort());
  });
});
