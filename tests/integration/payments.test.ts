// Payments against a real database and the fake Stripe through the real SDK: checkout,
// webhook fulfilment (duplicates, out of order, late), async failures, reconciliation, refunds.
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startCheckout } from "~/modules/payments/checkout.server.ts";
import type { PaymentSettings } from "~/modules/payments/fulfilment.server.ts";
import { reconcilePendingPayments } from "~/modules/payments/reconcile.server.ts";
import { issueRefund } from "~/modules/payments/refunds.server.ts";
import { stripeClient } from "~/modules/payments/stripe.server.ts";
import { handleStripeEvent } from "~/modules/payments/webhooks.server.ts";
import { expireLapsedHolds, placeOrder } from "~/modules/registration/orders.server.ts";
import { sweepRegistrations } from "~/modules/registration/sweeper.server.ts";
import { parseEnv } from "~/shared/env.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { eventFactory, promoCodeFactory, ticketTypeFactory, userFactory } from "../factories/index.ts";
import { type FakeStripe, startFakeStripe } from "../fake-stripe/server.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
let fake: FakeStripe;
let env: PaymentSettings;

beforeAll(async () => {
  fake = await startFakeStripe();
  env = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>", stripe: undefined };
  env.stripe = { secretKey: fake.secretKey, webhookSecret: fake.webhookSecret, apiUrl: fake.url };
});
afterAll(() => fake.close());
// Webhooks come to the test, which hands them to the app's handler as it likes.
beforeEach(() => {
  fake.takeHeldWebhooks();
  fake.keepRefundsPending(false);
  fake.holdWebhooks();
});

async function webhooks(): Promise<Stripe.Event[]> {
  await fake.idle();
  const events = fake.takeHeldWebhooks();
  fake.holdWebhooks();
  return events as unknown as Stripe.Event[];
}

const deliverAll = (events: Stripe.Event[]) => Promise.all(events.map((e) => handleStripeEvent(t.db, env, e)));

/** Deterministic shuffle, so a failure reproduces. */
function shuffled<T>(items: T[], seed = 7): T[] {
  const copy = [...items];
  let s = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

async function summit({ capacity = 10, priceCents = 29_500 } = {}) {
  const event = await eventFactory(t.db, { traits: ["published"], name: "Social Media Summit", slug: "summit" });
  const ticket = await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", priceCents, capacity });
  return { event, ticket };
}

async function heldOrder(
  { event, ticket }: Awaited<ReturnType<typeof summit>>,
  { seats = 1, promoCode, now }: { seats?: number; promoCode?: string; now?: Date } = {},
) {
  const buyer = await userFactory(t.db, { traits: ["verified"] });
  const order = await placeOrder(t.db, env, {
    eventId: event.id,
    buyer: { id: buyer.id, name: buyer.name, email: buyer.email },
    attendees: Array.from({ length: seats }, (_, i) => ({
      ticketTypeId: ticket.id,
      name: `Attendee ${i + 1}`,
      email: `attendee${i + 1}-${buyer.id}@example.org`,
      organisation: "",
      accessibilityNeeds: [],
      accessibilityNotes: "",
      photoConsent: "yes" as const,
      answers: {},
    })),
    promoCode,
    now,
  });
  return { buyer, order };
}

async function checkout(order: { id: string }, buyerId: string) {
  const { url } = await startCheckout(t.db, env, order.id, buyerId);
  const sessionId = url.split("/checkout/")[1];
  return { url, sessionId };
}

const orderState = (id: string) =>
  t.db.order.findUniqueOrThrow({ where: { id }, include: { registrations: { orderBy: { createdAt: "asc" } }, refunds: true } });
const emails = (template: string) => t.db.emailOutbox.findMany({ where: { template } });
const taken = async (ticketTypeId: string) => (await t.db.ticketType.findUniqueOrThrow({ where: { id: ticketTypeId } })).taken;
const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

describe("startCheckout", () => {
  it("opens a session at the order's own prices, with the promo named, and reuses it while open", async () => {
    const setup = await summit();
    await promoCodeFactory(t.db, { eventId: setup.event.id, code: "SAVE20", percentOff: 20 });
    const { buyer, order } = await heldOrder(setup, { seats: 2, promoCode: "save20" });
    expect(order.totalCents).toBe(2 * 23_600);

    const first = await checkout(order, buyer.id);
    const session = fake.session(first.sessionId);
    expect(session).toMatchObject({
      amountTotal: 47_200,
      currency: "usd",
      metadata: { orderId: order.id, reference: order.reference },
      clientReferenceId: order.id,
      customerEmail: buyer.email.toLowerCase(),
      successUrl: `http://summit.test/orders/${order.id}/return?session_id={CHECKOUT_SESSION_ID}`,
    });
    expect(session?.lineItems).toEqual([
      {
        name: "In-person — Attendee 1",
        description: expect.stringContaining("promo SAVE20: $59.00 off $295.00"),
        unitAmount: 23_600,
        quantity: 1,
      },
      { name: "In-person — Attendee 2", description: expect.stringContaining("promo SAVE20"), unitAmount: 23_600, quantity: 1 },
    ]);
    // Stripe keeps a session open at least 30 minutes; ours closes shortly after the hold.
    const hold = Math.floor((order.holdExpiresAt as Date).getTime() / 1000);
    expect(session?.expiresAt).toBeGreaterThanOrEqual(hold);
    expect(session?.expiresAt).toBeLessThanOrEqual(hold + 5 * 60);
    expect((await orderState(order.id)).stripeCheckoutSessionId).toBe(first.sessionId);

    expect((await checkout(order, buyer.id)).sessionId).toBe(first.sessionId);
    expect(fake.sessions().filter((s) => s.metadata.orderId === order.id)).toHaveLength(1);
  });

  it("refuses another user's order, an unknown id and a lapsed hold, opening nothing", async () => {
    const setup = await summit();
    const { buyer, order } = await heldOrder(setup);
    const stranger = await userFactory(t.db);
    const sessionsBefore = fake.sessions().length;
    await expect(startCheckout(t.db, env, order.id, stranger.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(startCheckout(t.db, env, "nope", buyer.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(startCheckout(t.db, env, order.id, buyer.id, later(31))).rejects.toThrow(/hold on these seats has lapsed/);
    expect(fake.sessions().length).toBe(sessionsBefore);
    expect((await orderState(order.id)).stripeCheckoutSessionId).toBeNull();
  });

  it("is refused with a clear message when Stripe is not configured", async () => {
    const setup = await summit();
    const { buyer, order } = await heldOrder(setup);
    await expect(startCheckout(t.db, { ...env, stripe: undefined }, order.id, buyer.id)).rejects.toThrow(
      /Card payments are not available/,
    );
  });
});

describe("webhook fulfilment", () => {
  it("every webhook delivered 3 times in shuffled order settles each order exactly once", async () => {
    const setup = await summit({ capacity: 10 });
    const paid = await heldOrder(setup, { seats: 2 });
    const delayed = await heldOrder(setup);
    const abandoned = await heldOrder(setup);
    const paidCheckout = await checkout(paid.order, paid.buyer.id);
    const delayedCheckout = await checkout(delayed.order, delayed.buyer.id);
    const abandonedCheckout = await checkout(abandoned.order, abandoned.buyer.id);
    await fake.pay(paidCheckout.sessionId);
    await fake.pay(delayedCheckout.sessionId, { async: true });
    await fake.settleAsyncPayment(delayedCheckout.sessionId, true);
    await fake.expire(abandonedCheckout.sessionId);
    const events = await webhooks();
    expect(events.map((e) => e.type).sort()).toEqual([
      "checkout.session.async_payment_succeeded",
      "checkout.session.completed",
      "checkout.session.completed",
      "checkout.session.expired",
    ]);

    // Concurrent as well as out of order: the unique event id and the guarded transitions decide.
    const results = await deliverAll(shuffled([...events, ...events, ...events]));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(4);

    const paidOrder = await orderState(paid.order.id);
    expect(paidOrder).toMatchObject({
      status: "PAID",
      stripePaymentIntentId: fake.session(paidCheckout.sessionId)?.paymentIntentId,
    });
    expect(paidOrder.registrations.map((r) => r.status)).toEqual(["CONFIRMED", "CONFIRMED"]);
    expect((await orderState(delayed.order.id)).status).toBe("PAID");
    expect((await orderState(abandoned.order.id)).status).toBe("EXPIRED");
    expect(await taken(setup.ticket.id)).toBe(3);
    expect((await emails("order-confirmation")).map((m) => m.toAddress).sort()).toEqual(
      [paid.buyer.email, delayed.buyer.email].map((e) => e.toLowerCase()).sort(),
    );
    expect(await t.db.stripeEvent.count()).toBe(4);
    expect(await t.db.auditLog.count({ where: { action: "order.paid" } })).toBe(2);
  });

  it("a payment after the hold lapsed, with the seat resold, is refunded through Stripe and the buyer told", async () => {
    const setup = await summit({ capacity: 1 });
    const late = await heldOrder(setup);
    const { sessionId } = await checkout(late.order, late.buyer.id);
    await expireLapsedHolds(t.db, { now: later(31) });
    const rival = await heldOrder(setup);
    expect(rival.order.status).toBe("PENDING");

    await fake.pay(sessionId);
    const [completed] = await webhooks();
    const [result] = await deliverAll([completed]);
    expect(result.settlement).toMatchObject({ outcome: "refunded-late", orderId: late.order.id });

    const order = await orderState(late.order.id);
    const paymentIntent = fake.session(sessionId)?.paymentIntentId;
    expect(order).toMatchObject({ status: "REFUNDED", refundedCents: 29_500, stripePaymentIntentId: paymentIntent });
    expect(order.registrations.map((r) => r.status)).toEqual(["EXPIRED"]);
    expect(order.refunds).toEqual([
      expect.objectContaining({ amountCents: 29_500, status: "SUCCEEDED", stripeRefundId: expect.any(String) }),
    ]);
    expect(fake.refunds().filter((r) => r.paymentIntentId === paymentIntent)).toEqual([
      expect.objectContaining({
        amount: 29_500,
        status: "succeeded",
        metadata: expect.objectContaining({ refundId: order.refunds[0].id }),
      }),
    ]);
    expect((await emails("late-payment-refunded")).map((m) => m.toAddress)).toEqual([late.buyer.email.toLowerCase()]);
    expect(await emails("order-confirmation")).toHaveLength(0);
    expect(await taken(setup.ticket.id)).toBe(1);

    // Stripe's refund events and a redelivery of the payment change nothing more.
    await deliverAll([...(await webhooks()), completed, { ...completed, id: `${completed.id}_again` }]);
    expect((await orderState(late.order.id)).refunds).toHaveLength(1);
    expect(fake.refunds().filter((r) => r.paymentIntentId === paymentIntent)).toHaveLength(1);
    expect((await orderState(rival.order.id)).status).toBe("PENDING");
  });

  it("a payment after the hold lapsed, with the seat still free, is fulfilled", async () => {
    const setup = await summit({ capacity: 1 });
    const late = await heldOrder(setup);
    const { sessionId } = await checkout(late.order, late.buyer.id);
    await expireLapsedHolds(t.db, { now: later(31) });
    expect(await taken(setup.ticket.id)).toBe(0);

    await fake.pay(sessionId);
    const [result] = await deliverAll(await webhooks());
    expect(result.settlement).toMatchObject({ outcome: "confirmed", late: true });
    const order = await orderState(late.order.id);
    expect(order.status).toBe("PAID");
    expect(order.registrations.map((r) => r.status)).toEqual(["CONFIRMED"]);
    expect(order.refunds).toHaveLength(0);
    expect(await taken(setup.ticket.id)).toBe(1);
    expect(await emails("order-confirmation")).toHaveLength(1);
  });

  it("a delayed payment that fails frees the seats and the promo use, and tells the buyer", async () => {
    const setup = await summit();
    const promo = await promoCodeFactory(t.db, { eventId: setup.event.id, code: "TEN", percentOff: 10, maxUses: 5 });
    const { buyer, order } = await heldOrder(setup, { seats: 2, promoCode: "TEN" });
    expect(await taken(setup.ticket.id)).toBe(2);
    const { sessionId } = await checkout(order, buyer.id);
    await fake.pay(sessionId, { async: true });
    const [completed] = await deliverAll(await webhooks());
    expect(completed.settlement).toMatchObject({ outcome: "awaiting-payment" });
    expect((await orderState(order.id)).status).toBe("PENDING");

    await fake.settleAsyncPayment(sessionId, false);
    await deliverAll(await webhooks());
    const after = await orderState(order.id);
    expect(after.status).toBe("EXPIRED");
    expect(after.registrations.map((r) => r.status)).toEqual(["EXPIRED", "EXPIRED"]);
    expect(await taken(setup.ticket.id)).toBe(0);
    expect((await t.db.promoCode.findUniqueOrThrow({ where: { id: promo.id } })).uses).toBe(0);
    expect((await emails("payment-failed")).map((m) => m.toAddress)).toEqual([buyer.email.toLowerCase()]);
  });

  it("a second paid session for a settled order is refunded in full, once", async () => {
    const setup = await summit();
    const { buyer, order } = await heldOrder(setup);
    const kept = await checkout(order, buyer.id);
    // Another session for the same order (say, opened in a tab just before the first was stored).
    const other = await stripeClient(env).checkout.sessions.create({
      mode: "payment",
      line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 29_500, product_data: { name: "In-person" } } }],
      metadata: { orderId: order.id },
      success_url: "http://summit.test/return",
    });
    await fake.pay(kept.sessionId);
    await fake.pay(other.id);
    const [first, second] = await webhooks();
    await deliverAll([first]);
    await deliverAll([second, second, { ...second, id: `${second.id}_return_page` }]);

    const duplicateIntent = fake.session(other.id)?.paymentIntentId as string;
    const state = await orderState(order.id);
    expect(state).toMatchObject({
      status: "PAID",
      refundedCents: 0,
      stripePaymentIntentId: fake.session(kept.sessionId)?.paymentIntentId,
    });
    expect(fake.refunds().filter((r) => r.paymentIntentId === duplicateIntent)).toEqual([
      expect.objectContaining({ amount: 29_500, reason: "duplicate" }),
    ]);
    expect(state.refunds).toEqual([
      expect.objectContaining({ amountCents: 29_500, reason: expect.stringContaining(duplicateIntent) }),
    ]);
    expect(await emails("order-confirmation")).toHaveLength(1);
    // Stripe's events for that refund don't count it against the payment the order kept.
    await deliverAll(await webhooks());
    expect((await orderState(order.id)).refunds).toHaveLength(1);
  });

  it("an amount that is not the order's total is not fulfilled, and is flagged", async () => {
    const setup = await summit();
    const { buyer, order } = await heldOrder(setup);
    const { sessionId } = await checkout(order, buyer.id);
    await t.db.order.update({ where: { id: order.id }, data: { totalCents: 99_900 } });
    await fake.pay(sessionId);
    const [result] = await deliverAll(await webhooks());
    expect(result.settlement).toMatchObject({ outcome: "mismatch" });
    expect((await orderState(order.id)).status).toBe("PENDING");
    expect(await t.db.auditLog.count({ where: { action: "payment.mismatch", subjectId: order.id } })).toBe(1);
  });
});

describe("the sweeper", () => {
  it("closes the Checkout Sessions of lapsed holds", async () => {
    const setup = await summit();
    const { buyer, order } = await heldOrder(setup);
    const { sessionId } = await checkout(order, buyer.id);
    const { expiredOrders } = await sweepRegistrations(
      t.db,
      parseEnv({ ...fake.appEnv(), SESSION_SECRET: "x".repeat(40) }),
      later(31),
    );
    expect(expiredOrders.map((o) => o.orderId)).toEqual([order.id]);
    expect(fake.session(sessionId)?.status).toBe("expired");
    // Its expiry webhook finds the order already lapsed.
    const results = await deliverAll(await webhooks());
    expect(results[0].settlement).toMatchObject({ outcome: "already-settled" });
  });
});

describe("reconcilePendingPayments", () => {
  it("settles payments and expiries whose webhooks were lost, and retries refunds Stripe never got", async () => {
    const setup = await summit();
    const lost = await heldOrder(setup);
    const gone = await heldOrder(setup);
    const waiting = await heldOrder(setup);
    const lostCheckout = await checkout(lost.order, lost.buyer.id);
    const goneCheckout = await checkout(gone.order, gone.buyer.id);
    await checkout(waiting.order, waiting.buyer.id);
    await fake.pay(lostCheckout.sessionId);
    await fake.expire(goneCheckout.sessionId);
    await webhooks(); // lost

    const report = await reconcilePendingPayments(t.db, env);
    expect(report.errors).toEqual([]);
    expect(report.settled).toEqual(
      expect.arrayContaining([
        { orderId: lost.order.id, reference: lost.order.reference, outcome: "confirmed" },
        { orderId: gone.order.id, reference: gone.order.reference, outcome: "expired" },
      ]),
    );
    expect(report.settled).toHaveLength(2);
    expect((await orderState(lost.order.id)).status).toBe("PAID");
    expect((await orderState(gone.order.id)).status).toBe("EXPIRED");
    expect((await orderState(waiting.order.id)).status).toBe("PENDING");
    expect(await emails("order-confirmation")).toHaveLength(1);

    // A refund decided while Stripe was unreachable stays PENDING; the next run sends it, once.
    const unreachable = {
      ...env,
      stripe: { secretKey: fake.secretKey, webhookSecret: fake.webhookSecret, apiUrl: "http://127.0.0.1:9" },
    };
    const refund = await issueRefund(t.db, unreachable, {
      orderId: lost.order.id,
      amountCents: 5_000,
      reason: "Goodwill",
      requestedById: null,
      cancelSeats: false,
    });
    expect(refund.status).toBe("PENDING");
    const second = await reconcilePendingPayments(t.db, env, { now: later(5) });
    expect(second.settled).toEqual([]);
    expect(second.refunds).toEqual([{ refundId: refund.refundId, reference: lost.order.reference, status: "SUCCEEDED" }]);
    expect(fake.refunds().filter((r) => r.metadata.refundId === refund.refundId)).toHaveLength(1);
    expect((await reconcilePendingPayments(t.db, env, { now: later(5) })).refunds).toEqual([]);
  });
});

describe("issueRefund", () => {
  async function paidOrder(seats = 2) {
    const setup = await summit();
    const held = await heldOrder(setup, { seats });
    const { sessionId } = await checkout(held.order, held.buyer.id);
    await fake.pay(sessionId);
    await deliverAll(await webhooks());
    const paymentIntent = fake.session(sessionId)?.paymentIntentId as string;
    return { ...setup, ...held, paymentIntent };
  }

  it("refunds one seat of two, cancelling it and freeing it; then the rest", async () => {
    const { order, ticket, paymentIntent, buyer } = await paidOrder(2);
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const [first, second] = order.registrations;
    const partial = await issueRefund(t.db, env, {
      orderId: order.id,
      registrationIds: [first.id],
      amountCents: 29_500,
      reason: "Cannot travel",
      requestedById: organiser.id,
      cancelSeats: true,
    });
    expect(partial).toMatchObject({ status: "SUCCEEDED", cancelledRegistrationIds: [first.id], failure: null });
    let state = await orderState(order.id);
    expect(state).toMatchObject({ status: "PAID", refundedCents: 29_500 });
    const seat = (id: string) => state.registrations.find((r) => r.id === id);
    expect(seat(first.id)).toMatchObject({ status: "CANCELLED", refundedCents: 29_500 });
    expect(seat(second.id)).toMatchObject({ status: "CONFIRMED", refundedCents: 0 });
    expect(state.refunds).toEqual([
      expect.objectContaining({
        registrationId: first.id,
        amountCents: 29_500,
        status: "SUCCEEDED",
        requestedById: organiser.id,
      }),
    ]);
    expect(await taken(ticket.id)).toBe(1);
    expect(fake.paymentIntent(paymentIntent)?.amountRefunded).toBe(29_500);
    expect((await emails("order-refunded")).map((m) => m.toAddress)).toEqual([buyer.email.toLowerCase()]);

    await issueRefund(t.db, env, {
      orderId: order.id,
      registrationIds: [second.id],
      amountCents: 29_500,
      reason: "",
      requestedById: organiser.id,
      cancelSeats: true,
    });
    state = await orderState(order.id);
    expect(state).toMatchObject({ status: "REFUNDED", refundedCents: 59_000 });
    expect(await taken(ticket.id)).toBe(0);
    expect(fake.paymentIntent(paymentIntent)?.amountRefunded).toBe(59_000);

    // Stripe's events for these refunds find nothing new to record.
    await deliverAll(await webhooks());
    expect((await orderState(order.id)).refunds).toHaveLength(2);
  });

  it("refuses more than was paid, unknown seats and unpaid orders, changing nothing", async () => {
    const { order, ticket, paymentIntent } = await paidOrder(1);
    await issueRefund(t.db, env, { orderId: order.id, amountCents: 10_000, reason: "", requestedById: null, cancelSeats: false });
    const other = await heldOrder({ event: await t.db.event.findUniqueOrThrow({ where: { id: order.eventId } }), ticket });
    const before = { order: await orderState(order.id), refunds: fake.refunds().length, taken: await taken(ticket.id) };

    const attempt = (overrides: Partial<Parameters<typeof issueRefund>[2]>) =>
      issueRefund(t.db, env, {
        orderId: order.id,
        amountCents: 1,
        reason: "",
        requestedById: null,
        cancelSeats: false,
        ...overrides,
      });
    await expect(attempt({ amountCents: 19_501 })).rejects.toThrow("At most $195.00 can still be refunded");
    await expect(attempt({ amountCents: -5 })).rejects.toBeInstanceOf(RuleViolation);
    await expect(attempt({ amountCents: 1.5 })).rejects.toBeInstanceOf(RuleViolation);
    await expect(attempt({ registrationIds: [other.order.registrations[0].id], cancelSeats: true })).rejects.toThrow(
      "That seat is not part of this order.",
    );
    await expect(attempt({ orderId: other.order.id })).rejects.toThrow("Only a paid order can be refunded");
    await expect(attempt({ orderId: "missing" })).rejects.toBeInstanceOf(NotFoundError);

    expect(await orderState(order.id)).toEqual(before.order);
    expect(fake.refunds().length).toBe(before.refunds);
    expect(fake.paymentIntent(paymentIntent)?.amountRefunded).toBe(10_000);
    expect(await taken(ticket.id)).toBe(before.taken);
  });

  it("cancels a free order's seats without asking Stripe", async () => {
    const setup = await summit({ priceCents: 0 });
    const { order } = await heldOrder(setup);
    expect(order.status).toBe("PAID");
    const refundsBefore = fake.refunds().length;
    const result = await issueRefund(t.db, env, {
      orderId: order.id,
      amountCents: 0,
      reason: "",
      requestedById: null,
      cancelSeats: true,
    });
    expect(result).toMatchObject({ status: "NONE", refundId: null });
    expect((await orderState(order.id)).status).toBe("CANCELLED");
    expect(await taken(setup.ticket.id)).toBe(0);
    expect(fake.refunds().length).toBe(refundsBefore);
    await expect(
      issueRefund(t.db, env, { orderId: order.id, amountCents: 100, reason: "", requestedById: null, cancelSeats: false }),
    ).rejects.toThrow("Only a paid order can be refunded");
  });

  it("a refund Stripe later fails gives the amount back to the order", async () => {
    const { order } = await paidOrder(1);
    fake.keepRefundsPending();
    const result = await issueRefund(t.db, env, {
      orderId: order.id,
      amountCents: 29_500,
      reason: "",
      requestedById: null,
      cancelSeats: true,
    });
    expect(result.status).toBe("PENDING");
    expect(await orderState(order.id)).toMatchObject({ status: "REFUNDED", refundedCents: 29_500 });
    await webhooks();
    const stripeRefund = fake.refunds().find((r) => r.metadata.refundId === result.refundId);
    await fake.settleRefund(stripeRefund?.id as string, "failed");
    await deliverAll(await webhooks());
    const state = await orderState(order.id);
    // The seat stays cancelled; the money did not go back, so the order is cancelled, not refunded.
    expect(state).toMatchObject({ status: "CANCELLED", refundedCents: 0 });
    expect(await t.db.auditLog.count({ where: { action: "refund.failed", subjectId: order.id } })).toBe(1);
    expect(state.refunds).toEqual([expect.objectContaining({ status: "FAILED" })]);
  });
});
