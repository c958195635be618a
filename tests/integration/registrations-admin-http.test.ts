// The organisers' registration pages through the real server (built app on node:http): who may
// see what, the CSV download, and the order actions' forms.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  eventFactory,
  orderFactory,
  registrationQuestionFactory,
  registrationSettingsFactory,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { pageText, setupTestServer } from "../support/http.ts";

const t = setupTestDatabase();
const { request, logInAs } = setupTestServer(t, {
  env: { APP_URL: "https://summit.example.org", MAIL_FROM: "Summit <tickets@summit.example.org>" },
});

async function summit() {
  const event = await eventFactory(t.db, { name: "Social Media Summit", slug: "summit-2027", traits: ["published"] });
  await registrationSettingsFactory(t.db, { eventId: event.id });
  const inPerson = await ticketTypeFactory(t.db, { eventId: event.id, name: "In person", priceCents: 29_500 });
  const speaker = await ticketTypeFactory(t.db, { eventId: event.id, name: "Speaker", priceCents: 0, visibility: "HIDDEN" });
  const order = await orderFactory(t.db, {
    eventId: event.id,
    traits: ["paid"],
    buyerEmail: "ana@clinic.example",
    stripePaymentIntentId: "pi_test_http",
    attendees: [
      {
        ticketTypeId: inPerson.id,
        attendeeName: "Ana Ortega",
        attendeeEmail: "ana@clinic.example",
        accessibilityNeeds: ["STEP_FREE"],
        photoConsent: false,
      },
      { ticketTypeId: inPerson.id, attendeeName: "Ben Okafor", attendeeEmail: "ben@clinic.example" },
    ],
  });
  const base = `/admin/events/${event.id}`;
  return { event, inPerson, speaker, order, base };
}

async function cookieFor(trait?: "organizer" | "staff") {
  const user = await userFactory(t.db, { traits: trait ? [trait] : [] });
  return logInAs(user.email);
}

describe("who may see the registration pages", () => {
  it("gives an attendee 403 everywhere and refuses their posts, changing nothing", async () => {
    const { base, order, speaker } = await summit();
    const attendee = await cookieFor();
    for (const page of [
      "registrations",
      "registrations.csv",
      "registrations/new",
      "sales",
      "accessibility",
      `orders/${order.id}`,
    ]) {
      expect((await request(`${base}/${page}`, { cookie: attendee })).status, page).toBe(403);
    }
    const emails = await t.db.emailOutbox.count();
    const orders = await t.db.order.count();
    const posts = await Promise.all([
      request(`${base}/orders/${order.id}`, { cookie: attendee, form: { intent: "resend" } }),
      request(`${base}/orders/${order.id}`, { cookie: attendee, form: { intent: "refund", amount: "10", reason: "x" } }),
      request(`${base}/registrations/new`, {
        cookie: attendee,
        form: { ticketTypeId: speaker.id, name: "Sneaky", email: "sneaky@example.org", photoConsent: "yes" },
      }),
    ]);
    for (const response of posts) expect(response.status).toBe(403);
    expect(await t.db.emailOutbox.count()).toBe(emails);
    expect(await t.db.order.count()).toBe(orders);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).refundedCents).toBe(0);
  });

  it("lets staff read the accessibility report, and nothing else", async () => {
    const { base } = await summit();
    const staff = await cookieFor("staff");
    const report = await request(`${base}/accessibility`, { cookie: staff });
    expect(report.status).toBe(200);
    const text = await pageText(report);
    expect(text).toContain("Accessibility needs · Social Media Summit");
    expect(text).toContain("Ana Ortega");
    expect(text).toContain("No photos or recordings (1)");
    for (const page of ["registrations", "registrations.csv", "sales"]) {
      expect((await request(`${base}/${page}`, { cookie: staff })).status, page).toBe(403);
    }
  });

  it("sends visitors to log in first", async () => {
    const { base } = await summit();
    const response = await request(`${base}/registrations?status=CONFIRMED`);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(
      `/login?redirectTo=${encodeURIComponent(`${base}/registrations?status=CONFIRMED`)}`,
    );
  });

  it("answers unknown events and other events' orders with 404", async () => {
    const { base } = await summit();
    const organiser = await cookieFor("organizer");
    const other = await eventFactory(t.db);
    const foreign = await orderFactory(t.db, {
      eventId: other.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: (await ticketTypeFactory(t.db, { eventId: other.id })).id }],
    });
    for (const path of [
      `${base}/orders/${foreign.id}`,
      `${base}/orders/%27%3B--`,
      "/admin/events/nope/registrations",
      "/admin/events/nope/registrations.csv",
      "/admin/events/nope/sales",
      "/admin/events/nope/accessibility",
      "/admin/events/nope/registrations/new",
    ]) {
      expect((await request(path, { cookie: organiser })).status, path).toBe(404);
    }
    const refused = await request(`${base}/orders/${foreign.id}`, {
      cookie: organiser,
      form: { intent: "refund", amount: "1", reason: "wrong event" },
    });
    expect(refused.status).toBe(404);
    expect((await t.db.order.findUniqueOrThrow({ where: { id: foreign.id } })).refundedCents).toBe(0);
  });
});

describe("the organiser's pages", () => {
  it("shows the table with its counts and filters in the URL, and downloads the filtered CSV", async () => {
    const { base, event } = await summit();
    const role = await registrationQuestionFactory(t.db, {
      eventId: event.id,
      label: "Your role",
      kind: "SINGLE_CHOICE",
      options: ["Clinician", "Patient"],
    });
    const organiser = await cookieFor("organizer");
    const page = await pageText(await request(`${base}/registrations?photo=no`, { cookie: organiser }));
    expect(page).toContain("2 registrations, 1 shown");
    expect(page).toContain("Ana Ortega");
    expect(page).not.toContain("Ben Okafor");
    expect(page).toContain(`href="${base}/registrations.csv?photo=no"`);
    expect(page).toContain(`name="answer-${role.id}"`);

    const csv = await request(`${base}/registrations.csv?photo=no`, { cookie: organiser });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("Content-Disposition")).toBe('attachment; filename="summit-2027-registrations.csv"');
    expect(csv.headers.get("Cache-Control")).toBe("private, no-store");
    const rows: Record<string, string>[] = parse(await csv.text(), { columns: true, bom: true });
    expect(rows.map((r) => r.Attendee)).toEqual(["Ana Ortega"]);
    expect(rows[0]).toHaveProperty("Your role", "");

    const empty = await pageText(await request(`${base}/registrations?q=nobody`, { cookie: organiser }));
    expect(empty).toContain("No registration matches");
  });

  it("renders the sales dashboard with its figures and charts' tables", async () => {
    const { base } = await summit();
    const organiser = await cookieFor("organizer");
    const response = await request(`${base}/sales`, { cookie: organiser });
    expect(response.status).toBe(200);
    const text = await pageText(response);
    expect(text).toContain("Gross sales");
    expect(text).toContain("$590.00");
    expect(text).toContain("Registrations per day");
    expect(text).toContain("Capacity by ticket type");
    expect(text).toMatch(/Sold 2, Held 0, Free 98 \(of 100\)/);
  });

  it("resends a confirmation and refuses an over-refund with a message on the amount", async () => {
    const { base, order } = await summit();
    const organiser = await cookieFor("organizer");
    const resent = await request(`${base}/orders/${order.id}`, { cookie: organiser, form: { intent: "resend" } });
    expect(resent.status).toBe(302);
    expect(resent.headers.get("Location")).toBe(`${base}/orders/${order.id}`);
    expect(await t.db.emailOutbox.count({ where: { template: "order-confirmation", toAddress: "ana@clinic.example" } })).toBe(1);

    const over = await request(`${base}/orders/${order.id}`, {
      cookie: organiser,
      form: { intent: "refund", amount: "590.01", reason: "Too much" },
    });
    expect(over.status).toBe(422);
    expect(await pageText(over)).toContain("At most $590.00 can still be refunded");
    const negative = await request(`${base}/orders/${order.id}`, {
      cookie: organiser,
      form: { intent: "refund", amount: "-10", reason: "Negative" },
    });
    expect(negative.status).toBe(400);
    const unknown = await request(`${base}/orders/${order.id}`, { cookie: organiser, form: { intent: "delete" } });
    expect(unknown.status).toBe(400);
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "PAID", refundedCents: 0 });
    expect(await t.db.refund.count()).toBe(0);

    const detail = await pageText(await request(`${base}/orders/${order.id}`, { cookie: organiser }));
    expect(detail).toContain(`Order ${order.reference}`);
    expect(detail).toContain("order.confirmation_resent");
  });

  it("registers a complimentary attendee and shows the new order", async () => {
    const { base, speaker } = await summit();
    const organiser = await cookieFor("organizer");
    const invalid = await request(`${base}/registrations/new`, {
      cookie: organiser,
      form: { ticketTypeId: speaker.id, name: "", email: "not-an-email" },
    });
    expect(invalid.status).toBe(400);
    expect(await t.db.order.count({ where: { source: "COMPLIMENTARY" } })).toBe(0);

    const response = await request(`${base}/registrations/new`, {
      cookie: organiser,
      form: {
        ticketTypeId: speaker.id,
        name: "Dr Mei Tanaka",
        email: "mei@hospital.example",
        organisation: "County Hospital",
        accessibilityNeeds: ["DIETARY"],
        accessibilityNotes: "Gluten-free",
        photoConsent: "yes",
      },
    });
    expect(response.status).toBe(302);
    const order = await t.db.order.findFirstOrThrow({ where: { source: "COMPLIMENTARY" }, include: { registrations: true } });
    expect(response.headers.get("Location")).toBe(`${base}/orders/${order.id}`);
    expect(order).toMatchObject({ status: "PAID", totalCents: 0, buyerEmail: "mei@hospital.example" });
    expect(order.registrations[0]).toMatchObject({
      status: "CONFIRMED",
      accessibilityNeeds: ["DIETARY"],
      accessibilityNotes: "Gluten-free",
    });
    expect(await t.db.emailOutbox.count({ where: { toAddress: "mei@hospital.example", template: "order-confirmation" } })).toBe(
      1,
    );
  });
});
