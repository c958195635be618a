// Badges through the real server: attendees download their own badge (page, PDF, phone PNG)
// and nobody else's; organisers queue print runs, download them, reissue badges and set
// ribbons; attendees get 403 on every organiser badge page and change nothing.
import { describe, expect, it } from "vitest";
import { runBadgeBatches } from "~/modules/badges/badge-batches.server.ts";
import { badgeKeyring, eventTag, readBadgeToken } from "~/modules/badges/badge-keys.server.ts";
import { eventFactory, orderFactory, ticketTypeFactory, userFactory } from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { pageText, setupTestServer } from "../support/http.ts";
import { decodeQrs, pdfToPngs } from "../support/raster.ts";

const BADGE_SIGNING_KEY = Buffer.alloc(32, 5).toString("base64url");
const env = { badgeSigningKey: BADGE_SIGNING_KEY, badgeRetiredKeys: [] };
const t = setupTestDatabase();
const { request, logInAs } = setupTestServer(t, { env: { BADGE_SIGNING_KEY } });

async function summit() {
  const event = await eventFactory(t.db, { name: "Social Media Summit", traits: ["published"] });
  const inPerson = await ticketTypeFactory(t.db, { eventId: event.id, name: "In person" });
  const attendee = await userFactory(t.db, { email: "zoe@clinic.example", socialHandle: "zoe" });
  const order = await orderFactory(t.db, {
    eventId: event.id,
    traits: ["paid"],
    buyerId: attendee.id,
    buyerEmail: attendee.email,
    attendees: [
      {
        ticketTypeId: inPerson.id,
        attendeeName: "Zoë Ångström",
        attendeeEmail: attendee.email,
        userId: attendee.id,
        pronouns: "she/her",
        photoConsent: false,
      },
    ],
  });
  return { event, inPerson, attendee, order, registration: order.registrations[0], base: `/admin/events/${event.id}` };
}

describe("an attendee's own badge", () => {
  it("shows the page with the QR code and the download links", async () => {
    const { attendee, registration } = await summit();
    const cookie = await logInAs(attendee.email);
    const response = await request(`/registrations/${registration.id}/badge`, { cookie });
    expect(response.status).toBe(200);
    const html = await pageText(response);
    expect(html).toContain("Zoë Ångström");
    expect(html).toContain("she/her");
    expect(html).toContain("@zoe");
    expect(html).toContain("No photos please");
    expect(html).toMatch(/data-badge-qr[^>]*><svg/);
    expect(html).toContain(`href="/registrations/${registration.id}/badge.pdf"`);
    expect(html).toContain(`href="/registrations/${registration.id}/badge.png"`);
    expect(html).not.toContain("In person");
  });

  it("downloads as a PDF and as a PNG whose QR code reads back as this registration's valid badge", async () => {
    const { event, attendee, registration } = await summit();
    const cookie = await logInAs(attendee.email);
    const pdf = await request(`/registrations/${registration.id}/badge.pdf`, { cookie });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("cache-control")).toBe("private, no-store");
    const pdfBytes = new Uint8Array(await pdf.arrayBuffer());
    const [page] = await pdfToPngs(pdfBytes);
    const png = await request(`/registrations/${registration.id}/badge.png`, { cookie });
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    const pngBytes = Buffer.from(await png.arrayBuffer());
    for (const image of [page, pngBytes]) {
      const [qr] = decodeQrs(image, { expect: 1 });
      const read = readBadgeToken(badgeKeyring(env), qr.text);
      expect(read.signatureValid).toBe(true);
      expect(read.token?.claims).toMatchObject({
        registrationId: registration.id,
        eventTag: eventTag(event.id),
        badgeVersion: 1,
      });
    }
  });

  it("is not found for anyone else, and for a registration that is not confirmed", async () => {
    const { event, inPerson, registration } = await summit();
    const stranger = await userFactory(t.db);
    const cookie = await logInAs(stranger.email);
    for (const path of ["badge", "badge.pdf", "badge.png"])
      expect((await request(`/registrations/${registration.id}/${path}`, { cookie })).status, path).toBe(404);

    const pending = await orderFactory(t.db, {
      eventId: event.id,
      buyerId: stranger.id,
      buyerEmail: stranger.email,
      attendees: [{ ticketTypeId: inPerson.id, attendeeEmail: stranger.email }],
    });
    for (const path of ["badge", "badge.pdf", "badge.png"])
      expect((await request(`/registrations/${pending.registrations[0].id}/${path}`, { cookie })).status, path).toBe(404);
    expect((await request("/registrations/not-an-id/badge.pdf", { cookie })).status).toBe(404);
  });
});

describe("organisers' print runs", () => {
  it("gives attendees 403 on the badge pages and their posts create nothing", async () => {
    const { base, attendee } = await summit();
    const cookie = await logInAs(attendee.email);
    expect((await request(`${base}/badges`, { cookie })).status).toBe(403);
    expect((await request(`${base}/badges/whatever.pdf`, { cookie })).status).toBe(403);
    const post = await request(`${base}/badges`, { cookie, form: { scope: "all", layout: "SHEET_LETTER" } });
    expect(post.status).toBe(403);
    expect(await t.db.badgeBatch.count()).toBe(0);
  });

  it("queues a run, and the finished PDF downloads with every badge in it", async () => {
    const { base, event, registration } = await summit();
    const organizer = await userFactory(t.db, { traits: ["organizer"] });
    const cookie = await logInAs(organizer.email);
    const page = await request(`${base}/badges`, { cookie });
    expect(page.status).toBe(200);
    expect(await pageText(page)).toContain("Everyone confirmed (1)");

    const post = await request(`${base}/badges`, { cookie, form: { scope: "all", layout: "SHEET_A4", largePrint: "on" } });
    expect(post.status).toBe(302);
    const batch = await t.db.badgeBatch.findFirstOrThrow({ where: { eventId: event.id } });
    expect(batch).toMatchObject({
      status: "QUEUED",
      layout: "SHEET_A4",
      largePrint: true,
      total: 1,
      requestedById: organizer.id,
    });
    expect((await request(`${base}/badges/${batch.id}.pdf`, { cookie })).status).toBe(404);

    await runBadgeBatches(t.db, env);
    const listed = await pageText(await request(`${base}/badges`, { cookie }));
    expect(listed).toContain(`href="${base}/badges/${batch.id}.pdf"`);
    const pdf = await request(`${base}/badges/${batch.id}.pdf`, { cookie });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const [sheet] = await pdfToPngs(new Uint8Array(await pdf.arrayBuffer()));
    const [qr] = decodeQrs(sheet, { expect: 1 });
    expect(readBadgeToken(badgeKeyring(env), qr.text).token?.claims.registrationId).toBe(registration.id);

    const other = await eventFactory(t.db);
    expect((await request(`/admin/events/${other.id}/badges/${batch.id}.pdf`, { cookie })).status).toBe(404);
  });

  it("refuses another event's ticket type with a clear message, creating nothing", async () => {
    const { base } = await summit();
    const other = await eventFactory(t.db);
    const foreign = await ticketTypeFactory(t.db, { eventId: other.id, name: "Elsewhere" });
    const organizer = await userFactory(t.db, { traits: ["organizer"] });
    const cookie = await logInAs(organizer.email);
    const response = await request(`${base}/badges`, {
      cookie,
      form: { scope: "ticketType", ticketTypeId: foreign.id, layout: "BADGE_4X3" },
    });
    expect(response.status).toBe(422);
    expect(await pageText(response)).toContain("That ticket type is not one of this event's.");
    const chosenNobody = await request(`${base}/badges`, { cookie, form: { scope: "people", layout: "BADGE_4X3" } });
    expect(chosenNobody.status).toBe(400);
    expect(await pageText(chosenNobody)).toContain("Tick at least one person.");
    expect(await t.db.badgeBatch.count()).toBe(0);
  });

  it("shows an empty state when nobody is confirmed", async () => {
    const event = await eventFactory(t.db);
    const organizer = await userFactory(t.db, { traits: ["organizer"] });
    const cookie = await logInAs(organizer.email);
    const text = await pageText(await request(`/admin/events/${event.id}/badges`, { cookie }));
    expect(text).toContain("No confirmed registrations yet");
  });
});

describe("reissue and ribbon on the order page", () => {
  it("reissues a badge (the old token is then out of date) and sets the ribbon", async () => {
    const { base, order, registration, attendee } = await summit();
    const organizer = await userFactory(t.db, { traits: ["organizer"] });
    const cookie = await logInAs(organizer.email);
    const orderPage = `${base}/orders/${order.id}`;
    const html = await pageText(await request(orderPage, { cookie }));
    expect(html).toContain("Reissue badge");

    const reissued = await request(orderPage, { cookie, form: { intent: "reissue-badge", registrationId: registration.id } });
    expect(reissued.status).toBe(302);
    const role = await request(orderPage, {
      cookie,
      form: { intent: "badge-role", registrationId: registration.id, role: "SPEAKER" },
    });
    expect(role.status).toBe(302);
    expect(await t.db.registration.findUniqueOrThrow({ where: { id: registration.id } })).toMatchObject({
      badgeVersion: 2,
      badgeRole: "SPEAKER",
    });
    expect(
      await t.db.auditLog.count({
        where: { subjectId: registration.id, action: { in: ["badge.reissued", "badge.role_changed"] } },
      }),
    ).toBe(2);

    // A seat of another order can't be reached through this one; attendees can't post at all.
    const other = await orderFactory(t.db, {
      eventId: order.eventId,
      traits: ["paid"],
      attendees: [{ ticketTypeId: registration.ticketTypeId }],
    });
    const wrongOrder = await request(orderPage, {
      cookie,
      form: { intent: "reissue-badge", registrationId: other.registrations[0].id },
    });
    expect(wrongOrder.status).toBe(400);
    const attendeeCookie = await logInAs(attendee.email);
    expect(
      (await request(orderPage, { cookie: attendeeCookie, form: { intent: "reissue-badge", registrationId: registration.id } }))
        .status,
    ).toBe(403);
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: other.registrations[0].id } })).badgeVersion).toBe(1);
    expect((await t.db.registration.findUniqueOrThrow({ where: { id: registration.id } })).badgeVersion).toBe(2);
  });
});
