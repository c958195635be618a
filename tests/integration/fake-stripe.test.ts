// The fake Stripe speaks Stripe's API as the real `stripe` SDK expects it: request encoding,
// auth, Stripe-shaped errors, idempotency, the hosted page and signed webhooks.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeStripe, startFakeStripe, TEST_CARDS } from "../fake-stripe/server.ts";

let fake: FakeStripe;
let stripe: Stripe;
let receiver: Server;
const received: { body: string; signature: string | undefined }[] = [];

beforeAll(async () => {
  // A stand-in for the app's webhook endpoint: records what arrives.
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ body, signature: req.headers["stripe-signature"] as string | undefined });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  fake = await startFakeStripe({ webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` });
  stripe = new Stripe(fake.secretKey, { host: "127.0.0.1", port: fake.port, protocol: "http", maxNetworkRetries: 0 });
});
afterAll(async () => {
  await fake.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  received.length = 0;
});

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

function createSession(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [
      { quantity: 1, price_data: { currency: "usd", unit_amount: 29_500, product_data: { name: "In-person — Ada" } } },
      {
        quantity: 2,
        price_data: { currency: "usd", unit_amount: 9_900, product_data: { name: "Student", description: "promo SAVE20" } },
      },
    ],
    metadata: { orderId: "order_1" },
    payment_intent_data: { metadata: { orderId: "order_1" } },
    client_reference_id: "order_1",
    customer_email: "ada@example.org",
    expires_at: inAnHour(),
    success_url: "http://app.test/orders/order_1/return?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://app.test/orders/order_1",
    ...overrides,
  });
}

function events(type: string) {
  return received
    .map((r) => ({ event: JSON.parse(r.body) as Stripe.Event, raw: r.body, signature: r.signature }))
    .filter((r) => r.event.type === type);
}

describe("Checkout Sessions through the real SDK", () => {
  it("creates, retrieves and expires a session with Stripe's shapes", async () => {
    const session = await createSession();
    expect(session).toMatchObject({
      object: "checkout.session",
      status: "open",
      payment_status: "unpaid",
      amount_total: 29_500 + 2 * 9_900,
      currency: "usd",
      metadata: { orderId: "order_1" },
      client_reference_id: "order_1",
      customer_email: "ada@example.org",
      payment_intent: null,
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${fake.url}/checkout/${session.id}`);

    const again = await stripe.checkout.sessions.retrieve(session.id);
    expect(again.id).toBe(session.id);

    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: "expired", url: null });
    await fake.idle();
    expect(events("checkout.session.expired").map((e) => e.event.data.object)).toEqual([
      expect.objectContaining({ id: session.id, status: "expired" }),
    ]);
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 400,
      message: expect.stringContaining('status in ["open"]'),
    });
  });

  it("refuses what Stripe refuses, naming the parameter", async () => {
    const soon = Math.floor(Date.now() / 1000) + 10 * 60;
    await expect(createSession({ expires_at: soon })).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      param: "expires_at",
      message: expect.stringContaining("at least 30 minutes"),
    });
    await expect(createSession({ line_items: [] })).rejects.toMatchObject({ param: "line_items" });
    await expect(
      createSession({
        line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 10, product_data: { name: "Too cheap" } } }],
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining("at least $0.50") });
    await expect(
      createSession({
        line_items: [{ quantity: 0, price_data: { currency: "usd", unit_amount: 5000, product_data: { name: "x" } } }],
      }),
    ).rejects.toMatchObject({ param: "line_items[0][quantity]" });
    await expect(createSession({ customer_email: "not-an-email" })).rejects.toMatchObject({ param: "customer_email" });
    await expect(
      createSession({ shipping_rate: "shr_1" } as unknown as Partial<Stripe.Checkout.SessionCreateParams>),
    ).rejects.toMatchObject({ message: "Received unknown parameter: shipping_rate" });
    await expect(stripe.checkout.sessions.retrieve("cs_test_nope")).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 404,
      code: "resource_missing",
    });
    expect(fake.sessions().filter((s) => s.status === "open")).toHaveLength(0);
  });

  it("refuses a wrong or missing API key", async () => {
    const wrong = new Stripe("sk_test_wrong", { host: "127.0.0.1", port: fake.port, protocol: "http", maxNetworkRetries: 0 });
    await expect(wrong.checkout.sessions.retrieve("cs_test_x")).rejects.toMatchObject({
      type: "StripeAuthenticationError",
      statusCode: 401,
    });
    const response = await fetch(`${fake.url}/v1/refunds/re_1`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error", message: expect.any(String) } });
  });
});

describe("the hosted test checkout page", () => {
  it("shows the items and total, pays with 4242…, sends a signed webhook and returns to success_url", async () => {
    const session = await createSession();
    const page = await fetch(session.url as string);
    const html = await page.text();
    expect(html).toContain("TEST MODE");
    expect(html).toContain("In-person — Ada");
    expect(html).toContain("$493.00");
    expect(html).toMatch(/<label for="card">Card number<\/label>/);

    const paid = await fetch(session.url as string, {
      method: "POST",
      body: new URLSearchParams({ email: "ada@example.org", card: "4242 4242 4242 4242", expiry: "12 / 34", cvc: "123" }),
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://app.test/orders/order_1/return?session_id=${session.id}`);

    const completed = events("checkout.session.completed");
    expect(completed).toHaveLength(1);
    // The app verifies exactly like this: the real SDK over the raw body.
    const verified = stripe.webhooks.constructEvent(completed[0].raw, completed[0].signature ?? "", fake.webhookSecret);
    const object = verified.data.object as Stripe.Checkout.Session;
    expect(object).toMatchObject({ id: session.id, status: "complete", payment_status: "paid", amount_total: 49_300 });
    expect(() => stripe.webhooks.constructEvent(completed[0].raw, completed[0].signature ?? "", "whsec_other")).toThrow();

    const retrieved = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect(retrieved.payment_intent).toMatchObject({ object: "payment_intent", status: "succeeded", amount: 49_300 });
    expect((await fetch(session.url as string)).status).toBe(200);
  });

  it("declines 4000 0000 0000 0002 with Stripe's message and charges nothing", async () => {
    const session = await createSession();
    const declined = await fetch(session.url as string, {
      method: "POST",
      body: new URLSearchParams({ email: "ada@example.org", card: TEST_CARDS.declined, expiry: "12/34", cvc: "123" }),
      redirect: "manual",
    });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("Your card was declined.");
    expect(fake.session(session.id)).toMatchObject({ status: "open", paymentStatus: "unpaid", paymentIntentId: null });
    expect(events("checkout.session.completed")).toHaveLength(0);
  });

  it("checks the card form like Stripe's page", async () => {
    const session = await createSession();
    const post = (form: Record<string, string>) =>
      fetch(session.url as string, { method: "POST", body: new URLSearchParams(form), redirect: "manual" }).then(async (r) => ({
        status: r.status,
        html: await r.text(),
      }));
    const base = { email: "ada@example.org", card: TEST_CARDS.visa, expiry: "12/34", cvc: "123" };
    expect((await post({ ...base, card: "4242 4242 4242 4241" })).html).toContain("Your card number is incorrect.");
    expect((await post({ ...base, expiry: "01/20" })).html).toContain("expiration date is in the past");
    expect((await post({ ...base, cvc: "1" })).html).toContain("security code is incomplete");
    expect(fake.session(session.id)?.status).toBe("open");
  });
});

describe("refunds", () => {
  async function paidSession() {
    const session = await createSession();
    await fake.pay(session.id);
    return fake.session(session.id)?.paymentIntentId as string;
  }

  it("refunds part, then the rest, honouring idempotency keys; never more than was paid", async () => {
    const pi = await paidSession();
    const first = await stripe.refunds.create(
      { payment_intent: pi, amount: 10_000, metadata: { refundId: "r1" } },
      { idempotencyKey: "r1" },
    );
    expect(first).toMatchObject({ object: "refund", amount: 10_000, status: "succeeded", payment_intent: pi });
    const replay = await stripe.refunds.create(
      { payment_intent: pi, amount: 10_000, metadata: { refundId: "r1" } },
      { idempotencyKey: "r1" },
    );
    expect(replay.id).toBe(first.id);
    expect(fake.refunds().filter((r) => r.paymentIntentId === pi)).toHaveLength(1);
    await expect(stripe.refunds.create({ payment_intent: pi, amount: 5_000 }, { idempotencyKey: "r1" })).rejects.toMatchObject({
      type: "StripeIdempotencyError",
    });

    await expect(stripe.refunds.create({ payment_intent: pi, amount: 40_000 })).rejects.toMatchObject({
      code: "amount_too_large",
      message: expect.stringContaining("greater than unrefunded amount"),
    });
    const rest = await stripe.refunds.create({ payment_intent: pi });
    expect(rest.amount).toBe(39_300);
    await expect(stripe.refunds.create({ payment_intent: pi, amount: 1 })).rejects.toMatchObject({
      code: "charge_already_refunded",
    });
    expect((await stripe.refunds.retrieve(first.id)).amount).toBe(10_000);

    await fake.idle();
    const refunded = events("charge.refunded").map((e) => e.event.data.object as Stripe.Charge);
    expect(refunded.map((c) => c.amount_refunded)).toEqual([10_000, 49_300]);
    expect(events("refund.updated").map((e) => (e.event.data.object as Stripe.Refund).id)).toEqual([first.id, rest.id]);
  });

  it("refuses a refund of an unknown or unpaid payment", async () => {
    await expect(stripe.refunds.create({ payment_intent: "pi_nope" })).rejects.toMatchObject({ code: "resource_missing" });
    const session = await createSession();
    await fake.pay(session.id, { async: true });
    const pi = fake.session(session.id)?.paymentIntentId as string;
    await expect(stripe.refunds.create({ payment_intent: pi })).rejects.toMatchObject({ code: "charge_not_refundable" });
  });
});

describe("controls for tests", () => {
  it("holds webhooks, then re-delivers any event as often as asked", async () => {
    fake.holdWebhooks();
    const session = await createSession();
    await fake.pay(session.id);
    expect(received).toHaveLength(0);
    const [held] = fake.takeHeldWebhooks();
    expect(held.type).toBe("checkout.session.completed");
    expect(await fake.deliver(held)).toBe(200);
    expect(await fake.deliver(held.id)).toBe(200);
    expect(events("checkout.session.completed").map((e) => e.event.id)).toEqual([held.id, held.id]);
  });

  it("runs a delayed payment to success or failure", async () => {
    const ok = await createSession();
    await fake.pay(ok.id, { async: true });
    expect((await stripe.checkout.sessions.retrieve(ok.id)).payment_status).toBe("unpaid");
    await fake.settleAsyncPayment(ok.id, true);
    expect((await stripe.checkout.sessions.retrieve(ok.id)).payment_status).toBe("paid");

    const bad = await createSession();
    await fake.pay(bad.id, { async: true });
    await fake.settleAsyncPayment(bad.id, false);
    expect(events("checkout.session.async_payment_succeeded")).toHaveLength(1);
    expect(
      events("checkout.session.async_payment_failed").map((e) => (e.event.data.object as Stripe.Checkout.Session).id),
    ).toEqual([bad.id]);
  });
});
