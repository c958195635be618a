// The attendee's path through the real server: the register page and its action (tampering,
// malformed quantities, login), the order page, receipts, the event's calendar file, and
// another person's ids.
import { describe, expect, it } from "vitest";
import {
  CAMPUSES,
  campusFactory,
  eventFactory,
  orderFactory,
  promoCodeFactory,
  registrationQuestionFactory,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { pageText, setupTestServer } from "../support/http.ts";
import { parseFeed } from "../support/ics.ts";

const t = setupTestDatabase();
const { request, logInAs } = setupTestServer(t);

async function summit() {
  const campus = await campusFactory(t.db, CAMPUSES.jacksonville);
  const n = Math.random().toString(36).slice(2, 8);
  const event = await eventFactory(t.db, {
    campusId: campus.id,
    slug: `summit-${n}`,
    name: "Social Media Summit",
    traits: ["published"],
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-29T17:00",
  });
  const ticket = await ticketTypeFactory(t.db, {
    eventId: event.id,
    name: "In-person",
    priceCents: 49_500,
    capacity: 5,
    maxPerOrder: 4,
  });
  const speaker = await ticketTypeFactory(t.db, { eventId: event.id, name: "Speaker", priceCents: 0, visibility: "HIDDEN" });
  await promoCodeFactory(t.db, { eventId: event.id, code: "SPEAK", percentOff: 100, ticketTypeIds: [speaker.id] });
  const question = await registrationQuestionFactory(t.db, {
    eventId: event.id,
    label: "Role",
    kind: "SINGLE_CHOICE",
    options: ["Clinician", "Other"],
    required: true,
  });
  const buyer = await userFactory(t.db, { traits: ["verified"], name: "Alex Rivera" });
  const cookie = await logInAs(buyer.email);
  return { event, ticket, speaker, question, buyer, cookie, path: `/events/${event.slug}/register` };
}

type Setup = Awaited<ReturnType<typeof summit>>;

function attendeeForm(setup: Setup, i: number, ticketTypeId = setup.ticket.id): Record<string, string> {
  return {
    [`attendees[${i}].ticketTypeId`]: ticketTypeId,
    [`attendees[${i}].name`]: `Attendee ${i + 1}`,
    [`attendees[${i}].email`]: `attendee${i + 1}@example.org`,
    [`attendees[${i}].photoConsent`]: "yes",
    [`attendees[${i}].answers.${setup.question.id}`]: "Clinician",
  };
}

/** The page as rendered, without the data Remix embeds for hydration (it repeats messages). */
const shown = async (response: Response) => (await pageText(response)).replace(/<script[\s\S]*?<\/script>/g, "");
const orders = (eventId: string) => t.db.order.count({ where: { eventId } });
const taken = async (id: string) => (await t.db.ticketType.findUniqueOrThrow({ where: { id } })).taken;

describe("/events/:slug/register", () => {
  it("sends visitors to log in and back to the same selection", async () => {
    const { path, ticket } = await summit();
    const response = await request(`${path}?qty.${ticket.id}=2`);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`${path}?qty.${ticket.id}=2`)}`);
    const post = await request(path, { form: { "attendees[0].name": "x" } });
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("shows step 1 with prices and says what was wrong with malformed or impossible quantities", async () => {
    const setup = await summit();
    const { path, ticket, cookie } = setup;
    const page = await shown(await request(path, { cookie }));
    expect(page).toContain("Step 1 of 2: Tickets");
    expect(page).toContain("$495.00");
    expect(page).not.toContain("Speaker");

    for (const bad of ["-1", "abc", "1e9", "2.5", "51"]) {
      const response = await request(`${path}?qty.${ticket.id}=${bad}&step=details`, { cookie });
      expect(response.status).toBe(200);
      const text = await shown(response);
      expect(text).toContain("Quantities must be whole numbers from 0 to 50; we ignored the others.");
      expect(text).not.toContain("Attendee 1 —");
    }
    const tooMany = await shown(await request(`${path}?qty.${ticket.id}=6&step=details`, { cookie }));
    expect(tooMany).toContain("Only 5 seats of In-person left.");
    const unknown = await shown(await request(`${path}?qty.nope=1&step=details`, { cookie }));
    expect(unknown).toContain("One of the chosen tickets is not offered for this event");
    const badCode = await shown(await request(`${path}?qty.${ticket.id}=1&code=WRONG&step=details`, { cookie }));
    expect(badCode).toContain('There is no promo code "WRONG" for this event.');

    const step2 = await shown(await request(`${path}?qty.${ticket.id}=2&step=details`, { cookie }));
    expect(step2).toContain("Attendee 1 — In-person");
    expect(step2).toContain("Attendee 2 — In-person");
    expect(step2).toContain('name="attendees[1].email"');
    // The first attendee is the account holder, prefilled.
    expect(step2).toContain(`value="${setup.buyer.email}"`);
    const unlocked = await shown(await request(`${path}?code=speak&step=tickets`, { cookie }));
    expect(unlocked).toContain("Speaker");
    expect(unlocked).toContain("Unlocked by your code");
  });

  it("places the order at the server's prices, whatever price fields are added, and redirects to the order", async () => {
    const setup = await summit();
    const response = await request(setup.path, {
      cookie: setup.cookie,
      form: {
        ...attendeeForm(setup, 0),
        ...attendeeForm(setup, 1),
        "attendees[0].priceCents": "1",
        "attendees[1].priceCents": "1",
        totalCents: "2",
        price: "0",
      },
    });
    expect(response.status).toBe(302);
    const orderId = response.headers.get("location")?.match(/^\/orders\/(\w+)$/)?.[1];
    expect(orderId).toBeTruthy();
    const order = await t.db.order.findUniqueOrThrow({ where: { id: orderId }, include: { registrations: true } });
    expect(order).toMatchObject({ status: "PENDING", totalCents: 99_000, buyerId: setup.buyer.id });
    expect(order.registrations.map((r) => r.priceCents)).toEqual([49_500, 49_500]);
    expect(await taken(setup.ticket.id)).toBe(2);

    const page = await shown(await request(`/orders/${orderId}`, { cookie: setup.cookie }));
    expect(page).toContain("Pay to confirm your registration");
    expect(page).toContain("Pay $990.00");
    expect(page).toContain(`action="/orders/${orderId}/pay"`);
    expect(page).toMatch(/30:00|29:5\d/);
    expect(page).not.toContain("Payment not completed");
    // Stripe's cancel link comes back with ?checkout=cancelled: the seats are still held.
    const cancelled = await shown(await request(`/orders/${orderId}?checkout=cancelled`, { cookie: setup.cookie }));
    expect(cancelled).toContain("Payment not completed");
    expect(cancelled).toContain("Pay $990.00");
    // The receipt waits for the payment.
    expect((await request(`/orders/${orderId}/receipt`, { cookie: setup.cookie })).status).toBe(404);
  });

  it("refuses tampered or incomplete forms with a clear message and creates nothing", async () => {
    const setup = await summit();
    const { path, cookie, event } = setup;
    const post = (form: Record<string, string>) => request(path, { cookie, form });

    const hidden = await post(attendeeForm(setup, 0, setup.speaker.id));
    expect(hidden.status).toBe(422);
    expect(await shown(hidden)).toContain("Speaker needs a promo code.");

    const unknown = await post(attendeeForm(setup, 0, "not-a-ticket"));
    expect(unknown.status).toBe(422);
    expect(await shown(unknown)).toContain("That ticket is not offered for this event.");

    const tooMany = await post(Object.assign({}, ...[0, 1, 2, 3, 4].map((i) => attendeeForm(setup, i))));
    expect(tooMany.status).toBe(422);
    expect(await shown(tooMany)).toContain("One order can hold at most 4 × In-person.");

    const { "attendees[0].photoConsent": _consent, ...noConsent } = attendeeForm(setup, 0);
    const missing = await post({ ...noConsent, "attendees[0].email": "not-an-email" });
    expect(missing.status).toBe(400);
    const missingText = await shown(missing);
    expect(missingText).toContain("Say whether you agree to be photographed or recorded.");
    expect(missingText).toContain("Enter a valid email address");

    const unanswered = await post({ ...attendeeForm(setup, 0), [`attendees[0].answers.${setup.question.id}`]: "Astronaut" });
    expect(unanswered.status).toBe(422);
    expect(await shown(unanswered)).toContain("Choose one of the listed answers for “Role”.");

    const badPromo = await post({ ...attendeeForm(setup, 0), promoCode: "NOPE" });
    expect(badPromo.status).toBe(422);
    expect(await shown(badPromo)).toContain('There is no promo code "NOPE" for this event.');

    const huge = await post({ ...attendeeForm(setup, 0), "attendees[0].name": "x".repeat(10_000) });
    expect(huge.status).toBe(400);
    expect(await shown(huge)).toContain("Use at most 200 characters.");

    expect(await orders(event.id)).toBe(0);
    expect(await taken(setup.ticket.id)).toBe(0);
  });

  it("confirms a free order at once: the confirmation page, the receipt, the PDF and the calendar file", async () => {
    const setup = await summit();
    const response = await request(setup.path, {
      cookie: setup.cookie,
      form: { ...attendeeForm(setup, 0, setup.speaker.id), promoCode: "SPEAK" },
    });
    expect(response.status).toBe(302);
    const location = response.headers.get("location") ?? "";
    const order = await t.db.order.findFirstOrThrow({ where: { eventId: setup.event.id }, include: { registrations: true } });
    expect(location).toBe(`/orders/${order.id}`);
    expect(order.status).toBe("PAID");

    const page = await shown(await request(location, { cookie: setup.cookie }));
    expect(page).toContain("You're registered for Social Media Summit");
    expect(page).toContain(order.reference);
    expect(page).toContain(`/registrations/${order.registrations[0].id}/badge`);
    expect(page).toContain(`/events/${setup.event.slug}/calendar.ics`);

    const receipt = await shown(await request(`${location}/receipt`, { cookie: setup.cookie }));
    expect(receipt).toContain("Center for Social Media in Health Care");
    expect(receipt).toMatch(/EDT|EST/);
    const pdf = await request(`${location}/receipt.pdf`, { cookie: setup.cookie });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("cache-control")).toBe("private, no-store");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");

    const ics = await request(`/events/${setup.event.slug}/calendar.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const feed = parseFeed(await ics.text());
    expect(feed.timeZone).toBe("America/New_York");
    expect(feed.events).toHaveLength(1);
    expect(feed.events[0]).toMatchObject({ summary: "Social Media Summit" });
    expect(feed.events[0].location).toContain(CAMPUSES.jacksonville.address);
    expect((await request(`/events/no-such-event/calendar.ics`)).status).toBe(404);
  });

  it("keeps orders, receipts, registrations and badges from other people: 404 and nothing changes", async () => {
    const setup = await summit();
    const order = await orderFactory(t.db, {
      eventId: setup.event.id,
      buyerId: setup.buyer.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: setup.ticket.id, attendeeEmail: setup.buyer.email }],
    });
    const registrationId = order.registrations[0].id;
    const stranger = await userFactory(t.db, { traits: ["verified"] });
    const cookie = await logInAs(stranger.email);
    for (const path of [
      `/orders/${order.id}`,
      `/orders/${order.id}/receipt`,
      `/orders/${order.id}/receipt.pdf`,
      `/registrations/${registrationId}`,
      `/registrations/${registrationId}/badge`,
      `/orders/${"x".repeat(3000)}`,
    ])
      expect((await request(path, { cookie })).status, path).toBe(404);

    const before = await t.db.registration.findUniqueOrThrow({ where: { id: registrationId } });
    for (const form of [
      { intent: "cancel", expectedRefundCents: "0" },
      { intent: "transfer", name: "Thief", email: "thief@example.org" },
      { intent: "edit", name: "Hijack", photoConsent: "yes" },
    ] as Record<string, string>[]) {
      const response = await request(`/registrations/${registrationId}`, { cookie, form });
      expect(response.status, form.intent).toBe(404);
    }
    expect(await t.db.registration.findUniqueOrThrow({ where: { id: registrationId } })).toEqual(before);

    // The owner sees them, and my registrations lists the seat.
    expect((await request(`/registrations/${registrationId}/badge`, { cookie: setup.cookie })).status).toBe(200);
    const mine = await shown(await request("/registrations", { cookie: setup.cookie }));
    expect(mine).toContain("Social Media Summit");
    expect(mine).toContain(order.reference);
    const empty = await shown(await request("/registrations", { cookie }));
    expect(empty).toContain("No upcoming registrations");
  });
});
