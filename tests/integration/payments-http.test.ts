// The payment path through the real built server and the fake Stripe: "Pay" → Stripe's test
// page → signed webhook → return page; webhook signatures, duplicates, lateness; other
// people's orders.
import { describe, expect, it } from "vitest";
import { placeOrder } from "~/modules/registration/orders.server.ts";
import { eventFactory, ticketTypeFactory, userFactory } from "../factories/index.ts";
import { TEST_CARDS } from "../fake-stripe/server.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { setupTestServer } from "../support/http.ts";

const t = setupTestDatabase();
const server = setupTestServer(t, { stripe: true });
const { request, logInAs, fakeStripe } = server;
const MAIL = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>" };

async function heldOrder({ capacity = 10 } = {}) {
  const event = await eventFactory(t.db, { traits: ["published"], name: "Social Media Summit" });
  const ticket = await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", priceCents: 29_500, capacity });
  const buyer = await userFactory(t.db, { traits: ["verified"] });
  const order = await placeOrder(t.db, MAIL, {
    eventId: event.id,
    buyer: { id: buyer.id, name: buyer.name, email: buyer.email },
    attendees: [
      {
        ticketTypeId: ticket.id,
        name: "Ada Lovelace",
        email: "ada@example.org",
        organisation: "",
        accessibilityNeeds: [],
        accessibilityNotes: "",
        photoConsent: "yes",
        answers: {},
      },
    ],
  });
  return { event, ticket, buyer, order, cookie: await logInAs(buyer.email) };
}

/** Posts "Pay" as the buyer; returns the Checkout Session the app opened. */
async function pay(orderId: string, cookie: string) {
  const response = await request(`/orders/${orderId}/pay`, { cookie, form: {} });
  expect(response.status).toBe(303);
  const url = response.headers.get("location") as string;
  expect(url.startsWith(`${fakeStripe().url}/checkout/cs_test_`)).toBe(true);
  return { url, sessionId: url.split("/checkout/")[1] };
}

const orderOf = (id: string) => t.db.order.findUniqueOrThrow({ where: { id }, include: { registrations: true } });
const confirmations = () => t.db.emailOutbox.count({ where: { template: "order-confirmation" } });

function shuffled<T>(items: T[]): T[] {
  return items
    .map((item, i) => ({ item, key: (i * 7919) % 13 }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}

describe("paying for a held order", () => {
  it("Pay → test checkout page → signed webhook confirms → return page says so", async () => {
    const { order, cookie } = await heldOrder();
    const { url, sessionId } = await pay(order.id, cookie);

    const page = await fetch(url);
    expect(await page.text()).toContain("In-person — Ada Lovelace");
    const paid = await fetch(url, {
      method: "POST",
      body: new URLSearchParams({ email: "buyer@example.org", card: "4242 4242 4242 4242", expiry: "12/34", cvc: "123" }),
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    const back = new URL(paid.headers.get("location") as string);
    expect(`${back.pathname}${back.search}`).toBe(`/orders/${order.id}/return?session_id=${sessionId}`);
    // The fake delivered checkout.session.completed to /webhooks/stripe before redirecting.
    expect(
      fakeStripe()
        .deliveries()
        .filter((d) => d.type === "checkout.session.completed"),
    ).toEqual([expect.objectContaining({ status: 200 })]);
    expect((await orderOf(order.id)).status).toBe("PAID");

    const returned = await request(`${back.pathname}${back.search}`, { cookie });
    expect(returned.status).toBe(302);
    expect(returned.headers.get("location")).toBe(`/orders/${order.id}`);
    expect(returned.headers.getSetCookie().some((c) => c.startsWith("__summit_flash="))).toBe(true);
    const after = await orderOf(order.id);
    expect(after).toMatchObject({ status: "PAID", stripePaymentIntentId: fakeStripe().session(sessionId)?.paymentIntentId });
    expect(after.registrations.map((r) => r.status)).toEqual(["CONFIRMED"]);
    expect(await confirmations()).toBe(1);
  });

  it("a declined card leaves the order held and unpaid", async () => {
    const { order, cookie } = await heldOrder();
    const { url } = await pay(order.id, cookie);
    const declined = await fetch(url, {
      method: "POST",
      body: new URLSearchParams({ email: "buyer@example.org", card: TEST_CARDS.declined, expiry: "12/34", cvc: "123" }),
      redirect: "manual",
    });
    expect(await declined.text()).toContain("Your card was declined.");
    expect((await orderOf(order.id)).status).toBe("PENDING");
    expect(await confirmations()).toBe(0);
  });

  it("the return page settles a payment whose webhook is late; the webhook then changes nothing", async () => {
    const { order, cookie, ticket } = await heldOrder();
    const { sessionId } = await pay(order.id, cookie);
    fakeStripe().holdWebhooks();
    await fakeStripe().pay(sessionId);
    expect((await orderOf(order.id)).status).toBe("PENDING");

    const returned = await request(`/orders/${order.id}/return?session_id=${sessionId}`, { cookie });
    expect(returned.status).toBe(302);
    expect((await orderOf(order.id)).status).toBe("PAID");
    expect(await confirmations()).toBe(1);

    await fakeStripe().releaseWebhooks();
    expect(fakeStripe().deliveries().at(-1)).toMatchObject({ type: "checkout.session.completed", status: 200 });
    expect((await orderOf(order.id)).status).toBe("PAID");
    expect(await confirmations()).toBe(1);
    expect((await t.db.ticketType.findUniqueOrThrow({ where: { id: ticket.id } })).taken).toBe(1);
  });

  it("every webhook delivered 3 times in shuffled order, concurrently, fulfils once", async () => {
    const first = await heldOrder();
    const second = await heldOrder();
    const a = await pay(first.order.id, first.cookie);
    const b = await pay(second.order.id, second.cookie);
    fakeStripe().holdWebhooks();
    await fakeStripe().pay(a.sessionId);
    await fakeStripe().pay(b.sessionId, { async: true });
    await fakeStripe().settleAsyncPayment(b.sessionId, true);
    const events = fakeStripe().takeHeldWebhooks();
    expect(events).toHaveLength(3);

    const statuses = await Promise.all(shuffled([...events, ...events, ...events]).map((e) => fakeStripe().deliver(e)));
    expect(statuses).toEqual(Array(9).fill(200));
    expect((await orderOf(first.order.id)).status).toBe("PAID");
    expect((await orderOf(second.order.id)).status).toBe("PAID");
    expect(await confirmations()).toBe(2);
    expect(await t.db.stripeEvent.count()).toBe(3);
  });
});

describe("the webhook endpoint", () => {
  it("refuses a missing, forged or stale signature and a tampered body, changing nothing", async () => {
    const { order, cookie } = await heldOrder();
    const { sessionId } = await pay(order.id, cookie);
    fakeStripe().holdWebhooks();
    await fakeStripe().pay(sessionId);
    const [event] = fakeStripe().takeHeldWebhooks();
    const payload = JSON.stringify({ ...event, object: "event" });
    const { default: StripeSdk } = await import("stripe");
    const signer = new StripeSdk("sk_test_signer");
    const sign = (body: string, secret: string, timestamp?: number) =>
      signer.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
    const post = (body: string, signature?: string) =>
      fetch(server.url("/webhooks/stripe"), {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(signature ? { "Stripe-Signature": signature } : {}) },
        body,
      });

    const refused = [
      await post(payload),
      await post(payload, "t=1,v1=deadbeef"),
      await post(payload, sign(payload, "whsec_someoneelse")),
      await post(payload, sign(payload, fakeStripe().webhookSecret, Math.floor(Date.now() / 1000) - 3600)),
      await post(payload.replace('"paid"', '"unpaid"'), sign(payload, fakeStripe().webhookSecret)),
    ];
    expect(refused.map((r) => r.status)).toEqual([400, 400, 400, 400, 400]);
    expect(await refused[0].text()).toBe("Invalid Stripe signature.");
    expect((await orderOf(order.id)).status).toBe("PENDING");
    expect(await t.db.stripeEvent.count()).toBe(0);

    // Stripe posts without an Origin header; the same-origin guard lets it through.
    const accepted = await post(payload, sign(payload, fakeStripe().webhookSecret));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ received: true, duplicate: false });
    expect((await orderOf(order.id)).status).toBe("PAID");
    expect((await request("/webhooks/stripe")).status).toBe(405);
  });
});

describe("other people's orders", () => {
  it("can't be paid or settled by someone else, nor with another order's session", async () => {
    const mine = await heldOrder();
    const theirs = await heldOrder();
    const { sessionId } = await pay(theirs.order.id, theirs.cookie);
    const sessionsBefore = fakeStripe().sessions().length;

    const stranger = await request(`/orders/${theirs.order.id}/pay`, { cookie: mine.cookie, form: {} });
    expect(stranger.status).toBe(404);
    expect(await stranger.text()).toBe("We couldn't find that order.");
    expect((await request(`/orders/not-an-order/pay`, { cookie: mine.cookie, form: {} })).status).toBe(404);
    expect((await request(`/orders/${theirs.order.id}/return?session_id=${sessionId}`, { cookie: mine.cookie })).status).toBe(
      404,
    );
    // My own order with their session: the session is not this order's.
    await fakeStripe().pay(sessionId);
    expect((await request(`/orders/${mine.order.id}/return?session_id=${sessionId}`, { cookie: mine.cookie })).status).toBe(404);
    expect((await request(`/orders/${mine.order.id}/return?session_id=not-a-session`, { cookie: mine.cookie })).status).toBe(404);
    const anonymous = await request(`/orders/${mine.order.id}/pay`, { form: {} });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);

    expect(fakeStripe().sessions().length).toBe(sessionsBefore);
    expect((await orderOf(mine.order.id)).status).toBe("PENDING");
    expect((await orderOf(mine.order.id)).stripeCheckoutSessionId).toBeNull();
  });

  it("a lapsed hold is sent back to its order page with the reason", async () => {
    const { order, cookie } = await heldOrder();
    await t.db.order.update({ where: { id: order.id }, data: { holdExpiresAt: new Date(Date.now() - 1000) } });
    const sessionsBefore = fakeStripe().sessions().length;
    const response = await request(`/orders/${order.id}/pay`, { cookie, form: {} });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/orders/${order.id}`);
    expect(fakeStripe().sessions().length).toBe(sessionsBefore);
  });
});
