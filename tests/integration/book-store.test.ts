// The book store against a real database and the fake Stripe through the real SDK: server-side
// prices, Checkout for book orders, fulfilment crediting the fund once, fees from Stripe's
// balance transaction (or the configured estimate), refunds taking proceeds back.
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startBookCheckout } from "~/modules/payments/checkout.server.ts";
import type { PaymentSettings } from "~/modules/payments/fulfilment.server.ts";
import { reconcilePendingPayments } from "~/modules/payments/reconcile.server.ts";
import { issueBookRefund } from "~/modules/payments/refunds.server.ts";
import { checkReturningBookCheckout } from "~/modules/payments/return.server.ts";
import { stripeClient } from "~/modules/payments/stripe.server.ts";
import { handleStripeEvent } from "~/modules/payments/webhooks.server.ts";
import type { BookOrderInput } from "~/modules/scholarships/book.schema.ts";
import { placeBookOrder } from "~/modules/scholarships/book-orders.server.ts";
import { fundBalance } from "~/modules/scholarships/fund-ledger.server.ts";
import { estimateFee } from "~/modules/scholarships/net-proceeds.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { bookFactory, userFactory } from "../factories/index.ts";
import { type FakeStripe, fakeStripeFee, startFakeStripe } from "../fake-stripe/server.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
let fake: FakeStripe;
let env: PaymentSettings;
// Deliberately not Stripe's 2.9 % + 30¢, so a test can tell Stripe's fee from the estimate.
const ESTIMATE = { rateBps: 500, fixedCents: 0 };

beforeAll(async () => {
  fake = await startFakeStripe();
  env = {
    appUrl: "http://summit.test",
    mailFrom: "Summit <no-reply@summit.test>",
    stripe: { secretKey: fake.secretKey, webhookSecret: fake.webhookSecret, apiUrl: fake.url },
    bookFee: ESTIMATE,
  };
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.takeHeldWebhooks();
  fake.keepRefundsPending(false);
  fake.withholdBalanceTransactions(false);
  fake.holdWebhooks();
});

async function webhooks(): Promise<Stripe.Event[]> {
  await fake.idle();
  const events = fake.takeHeldWebhooks();
  fake.holdWebhooks();
  return events as unknown as Stripe.Event[];
}
const deliverAll = (events: Stripe.Event[]) => Promise.all(events.map((e) => handleStripeEvent(t.db, env, e)));

function orderForm(quantity: number, overrides: Partial<BookOrderInput> = {}): BookOrderInput {
  return {
    bookId: "",
    quantity,
    name: "Ana Alvarez",
    email: "ana@example.org",
    line1: "12 Harbor Road",
    line2: "",
    city: "Jacksonville",
    region: "FL",
    postalCode: "32224",
    country: "US",
    ...overrides,
  };
}

async function order(quantity: number, { book }: { book?: { id: string } } = {}) {
  const theBook = book ?? (await bookFactory(t.db, { title: "Social Media in Health Care" }));
  const buyer = await userFactory(t.db, { traits: ["verified"] });
  const placed = await placeBookOrder(t.db, { buyerId: buyer.id, form: orderForm(quantity, { bookId: theBook.id }) });
  return { book: theBook, buyer, order: placed };
}

async function paidOrder(quantity: number, options: { book?: { id: string } } = {}) {
  const placed = await order(quantity, options);
  const { url } = await startBookCheckout(t.db, env, placed.order.id, placed.buyer.id);
  const sessionId = url.split("/checkout/")[1];
  await fake.pay(sessionId);
  const events = await webhooks();
  await deliverAll(events);
  return { ...placed, sessionId, events };
}

const bookOrder = (id: string) => t.db.bookOrder.findUniqueOrThrow({ where: { id } });
const entries = (bookOrderId: string) =>
  t.db.fundEntry.findMany({ where: { bookOrderId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

describe("placing a book order", () => {
  it("prices it on the server from the book's tiers and snapshots the organisers' costs", async () => {
    const { order: placed, buyer } = await order(12);
    expect(placed).toMatchObject({
      status: "PENDING",
      buyerId: buyer.id,
      quantity: 12,
      unitPriceCents: 2_495,
      // 15 % off from 10 copies: $21.21 a copy.
      discountCents: 12 * 374,
      totalCents: 12 * 2_121,
      unitCostCents: 640,
      shippingCostCents: 450 + 12 * 35,
      shipCountry: "US",
      reference: expect.stringMatching(/^BK-[2-9A-HJKMNP-Z]{6}$/),
    });
    expect(await t.db.auditLog.count({ where: { action: "book_order.placed", subjectId: placed.id } })).toBe(1);
  });

  it("refuses more copies than the book allows, and a book that is not on sale, saving nothing", async () => {
    const book = await bookFactory(t.db, { maxPerOrder: 20 });
    const hidden = await bookFactory(t.db, { active: false });
    const buyer = await userFactory(t.db);
    await expect(placeBookOrder(t.db, { buyerId: buyer.id, form: orderForm(21, { bookId: book.id }) })).rejects.toThrow(
      /at most 20 copies/,
    );
    await expect(placeBookOrder(t.db, { buyerId: buyer.id, form: orderForm(1, { bookId: hidden.id }) })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await t.db.bookOrder.count()).toBe(0);
  });
});

describe("paying for a book order", () => {
  it("opens a Checkout Session at the order's price with book metadata, only for its buyer", async () => {
    const { order: placed, buyer } = await order(12);
    const stranger = await userFactory(t.db);
    await expect(startBookCheckout(t.db, env, placed.id, stranger.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(fake.sessions()).toHaveLength(0);

    const { url } = await startBookCheckout(t.db, env, placed.id, buyer.id);
    const session = fake.session(url.split("/checkout/")[1]);
    expect(session).toMatchObject({
      amountTotal: 25_452,
      metadata: { kind: "book", bookOrderId: placed.id, reference: placed.reference },
      paymentIntentMetadata: { kind: "book", bookOrderId: placed.id },
      successUrl: `http://summit.test/book/orders/${placed.id}/return?session_id={CHECKOUT_SESSION_ID}`,
    });
    expect(session?.lineItems).toEqual([
      {
        name: "Social Media in Health Care",
        description: expect.stringContaining("15% bulk discount"),
        unitAmount: 2_121,
        quantity: 12,
      },
    ]);
    // Asked again while it is open, the same session.
    expect((await startBookCheckout(t.db, env, placed.id, buyer.id)).url).toBe(url);
  });

  it("the same webhook delivered twice (and at once) credits the fund exactly once, with Stripe's own fee", async () => {
    const placed = await order(12);
    const { url } = await startBookCheckout(t.db, env, placed.order.id, placed.buyer.id);
    const sessionId = url.split("/checkout/")[1];
    await fake.pay(sessionId);
    const [completed] = await webhooks();
    const results = await deliverAll([completed, completed, completed]);
    expect(results.filter((r) => r.duplicate)).toHaveLength(2);
    await deliverAll([completed]);

    const paymentIntent = fake.session(sessionId)?.paymentIntentId as string;
    const stripeFee = fake.balanceTransaction(paymentIntent)?.fee;
    expect(stripeFee).toBe(fakeStripeFee(25_452));
    // The estimate would have said 5 %: the fee really came from the balance transaction.
    expect(stripeFee).not.toBe(estimateFee(25_452, ESTIMATE));
    const net = 25_452 - 12 * 640 - (450 + 12 * 35) - (stripeFee as number);
    expect(await bookOrder(placed.order.id)).toMatchObject({
      status: "PAID",
      stripePaymentIntentId: paymentIntent,
      feeCents: stripeFee,
      feeEstimated: false,
      netProceedsCents: net,
    });
    expect(await entries(placed.order.id)).toEqual([
      expect.objectContaining({ kind: "BOOK_SALE", amountCents: net, memo: expect.stringContaining("12 copies") }),
    ]);
    expect(await fundBalance(t.db)).toEqual({ raisedCents: net, committedCents: 0, paidCents: 0, availableCents: net });
    const mail = await t.db.emailOutbox.findMany({ where: { template: "book-order-confirmation" } });
    expect(mail.map((m) => m.toAddress)).toEqual(["ana@example.org"]);
    expect(mail[0].text).toContain("$254.52");
    expect(mail[0].text).toContain("12 Harbor Road");
  });

  it("the return page and the webhook, in either order, settle the order once", async () => {
    const first = await order(1);
    const { url } = await startBookCheckout(t.db, env, first.order.id, first.buyer.id);
    const sessionId = url.split("/checkout/")[1];
    await fake.pay(sessionId);
    // The buyer is back before the webhook.
    expect(await checkReturningBookCheckout(t.db, env, { orderId: first.order.id, sessionId, buyerId: first.buyer.id })).toBe(
      "paid",
    );
    await deliverAll(await webhooks());
    expect(await entries(first.order.id)).toHaveLength(1);
    expect(await checkReturningBookCheckout(t.db, env, { orderId: first.order.id, sessionId, buyerId: first.buyer.id })).toBe(
      "paid",
    );
    expect(await entries(first.order.id)).toHaveLength(1);

    // Someone else's order, or a session of another order, is not found.
    const other = await order(1, { book: first.book });
    await expect(
      checkReturningBookCheckout(t.db, env, { orderId: first.order.id, sessionId, buyerId: other.buyer.id }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      checkReturningBookCheckout(t.db, env, { orderId: other.order.id, sessionId, buyerId: other.buyer.id }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.db.emailOutbox.count({ where: { template: "book-order-confirmation" } })).toBe(1);
  });

  it("uses the configured fee estimate when Stripe has no balance transaction yet", async () => {
    fake.withholdBalanceTransactions();
    const { order: placed } = await paidOrder(1);
    const fee = estimateFee(2_495, ESTIMATE);
    expect(fee).toBe(125);
    expect(await bookOrder(placed.id)).toMatchObject({
      feeCents: fee,
      feeEstimated: true,
      netProceedsCents: 2_495 - 640 - 485 - fee,
    });
  });

  it("a deep discount with nothing left over is paid, keeps its negative net proceeds and credits nothing", async () => {
    const book = await bookFactory(t.db, { listPriceCents: 1_000, unitCostCents: 900, shippingBaseCents: 300 });
    const { order: placed } = await paidOrder(1, { book });
    const settled = await bookOrder(placed.id);
    expect(settled.status).toBe("PAID");
    expect(settled.netProceedsCents).toBe(1_000 - 900 - 335 - fakeStripeFee(1_000));
    expect(settled.netProceedsCents).toBeLessThan(0);
    expect(await entries(placed.id)).toEqual([]);
    expect((await fundBalance(t.db)).availableCents).toBe(0);
    // Refunding it takes nothing back either.
    await issueBookRefund(t.db, env, {
      bookOrderId: placed.id,
      amountCents: 1_000,
      reason: "Damaged",
      requestedById: placed.buyerId as string,
    });
    expect(await entries(placed.id)).toEqual([]);
    expect((await bookOrder(placed.id)).status).toBe("REFUNDED");
  });

  it("an expired session closes the order; reconciliation settles a payment whose webhook was lost", async () => {
    const abandoned = await order(1);
    const lost = await order(2, { book: abandoned.book });
    const a = await startBookCheckout(t.db, env, abandoned.order.id, abandoned.buyer.id);
    const b = await startBookCheckout(t.db, env, lost.order.id, lost.buyer.id);
    await fake.expire(a.url.split("/checkout/")[1]);
    await deliverAll(await webhooks());
    expect((await bookOrder(abandoned.order.id)).status).toBe("EXPIRED");
    await expect(startBookCheckout(t.db, env, abandoned.order.id, abandoned.buyer.id)).rejects.toThrow(/not paid in time/);

    await fake.pay(b.url.split("/checkout/")[1]);
    await webhooks(); // lost
    const report = await reconcilePendingPayments(t.db, env);
    expect(report.settled).toEqual([{ orderId: lost.order.id, reference: lost.order.reference, outcome: "confirmed" }]);
    expect(await bookOrder(lost.order.id)).toMatchObject({ status: "PAID", feeEstimated: false, feeCents: fakeStripeFee(4_990) });
    expect(await entries(lost.order.id)).toHaveLength(1);
    expect((await reconcilePendingPayments(t.db, env)).settled).toEqual([]);
  });

  it("a second paid session for a paid book order is refunded in full, and the fund keeps one sale", async () => {
    const placed = await order(1);
    const kept = await startBookCheckout(t.db, env, placed.order.id, placed.buyer.id);
    const metadata = { kind: "book", bookOrderId: placed.order.id };
    const other = await stripeClient(env).checkout.sessions.create({
      mode: "payment",
      line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 2_495, product_data: { name: "Book" } } }],
      metadata,
      success_url: "http://summit.test/return",
    });
    await fake.pay(kept.url.split("/checkout/")[1]);
    await fake.pay(other.id);
    const [first, second] = await webhooks();
    await deliverAll([first]);
    await deliverAll([second, { ...second, id: `${second.id}_again` }]);
    const duplicateIntent = fake.session(other.id)?.paymentIntentId as string;
    expect(fake.refunds().filter((r) => r.paymentIntentId === duplicateIntent)).toEqual([
      expect.objectContaining({ amount: 2_495, reason: "duplicate" }),
    ]);
    expect(await entries(placed.order.id)).toHaveLength(1);
    expect(await t.db.auditLog.count({ where: { action: "book_order.duplicate_refunded" } })).toBe(2);
    await deliverAll(await webhooks());
    expect(await bookOrder(placed.order.id)).toMatchObject({ status: "PAID", refundedCents: 0 });
  });
});

describe("refunding a book order", () => {
  it("takes back the proceeds in proportion; a partial then the rest take exactly what was credited", async () => {
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const { order: placed } = await paidOrder(12);
    const credited = (await bookOrder(placed.id)).netProceedsCents as number;

    const part = await issueBookRefund(t.db, env, {
      bookOrderId: placed.id,
      amountCents: 8_484,
      reason: "4 copies damaged",
      requestedById: organiser.id,
    });
    expect(part).toMatchObject({ status: "PAID", amountCents: 8_484, debitCents: Math.round((credited * 8_484) / 25_452) });
    // Stripe's charge.refunded and refund.updated for that refund find it recorded already.
    await deliverAll(await webhooks());
    expect(await bookOrder(placed.id)).toMatchObject({ status: "PAID", refundedCents: 8_484 });

    await expect(
      issueBookRefund(t.db, env, {
        bookOrderId: placed.id,
        amountCents: 20_000,
        reason: "Too much",
        requestedById: organiser.id,
      }),
    ).rejects.toThrow(/At most \$169\.68 can still be refunded/);
    const rest = await issueBookRefund(t.db, env, {
      bookOrderId: placed.id,
      amountCents: 16_968,
      reason: "Returned",
      requestedById: organiser.id,
    });
    expect(rest.status).toBe("REFUNDED");
    await deliverAll(await webhooks());

    const refunds = (await entries(placed.id)).filter((e) => e.kind === "BOOK_REFUND");
    expect(refunds.map((e) => e.amountCents)).toEqual([part.debitCents, rest.debitCents]);
    expect(part.debitCents + rest.debitCents).toBe(credited);
    expect(refunds[0]).toMatchObject({ reason: "4 copies damaged", createdById: organiser.id });
    expect(await fundBalance(t.db)).toMatchObject({ raisedCents: 0, availableCents: 0 });
    const intent = (await bookOrder(placed.id)).stripePaymentIntentId;
    expect(
      fake
        .refunds()
        .filter((r) => r.paymentIntentId === intent)
        .map((r) => r.amount),
    ).toEqual([8_484, 16_968]);
    expect(await t.db.emailOutbox.count({ where: { template: "book-order-refunded" } })).toBe(2);
    await expect(
      issueBookRefund(t.db, env, { bookOrderId: placed.id, amountCents: 1, reason: "Again", requestedById: organiser.id }),
    ).rejects.toThrow(/refunded in full already/);
  });

  it("refuses unpaid orders and unknown ids, and records nothing when Stripe refuses", async () => {
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const { order: pending } = await order(1);
    await expect(
      issueBookRefund(t.db, env, { bookOrderId: pending.id, amountCents: 100, reason: "x", requestedById: organiser.id }),
    ).rejects.toBeInstanceOf(RuleViolation);
    await expect(
      issueBookRefund(t.db, env, { bookOrderId: "nope", amountCents: 100, reason: "x", requestedById: organiser.id }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      issueBookRefund(t.db, env, { bookOrderId: pending.id, amountCents: -5, reason: "x", requestedById: organiser.id }),
    ).rejects.toThrow(/more than zero/);

    const { order: placed } = await paidOrder(1);
    // Someone refunded it in the Stripe Dashboard meanwhile, and that webhook is still on its way.
    const intent = (await bookOrder(placed.id)).stripePaymentIntentId as string;
    await stripeClient(env).refunds.create({ payment_intent: intent });
    const held = await webhooks();
    await expect(
      issueBookRefund(t.db, env, { bookOrderId: placed.id, amountCents: 2_495, reason: "x", requestedById: organiser.id }),
    ).rejects.toThrow(/Stripe refused the refund: Charge .* has already been refunded/);
    expect(await bookOrder(placed.id)).toMatchObject({ status: "PAID", refundedCents: 0 });

    // The Dashboard refund's webhook records it, taking back all the proceeds, once.
    await deliverAll([...held, ...held.map((e) => ({ ...e, id: `${e.id}_again` }))]);
    expect(await bookOrder(placed.id)).toMatchObject({ status: "REFUNDED", refundedCents: 2_495 });
    const debits = (await entries(placed.id)).filter((e) => e.kind === "BOOK_REFUND");
    expect(debits).toEqual([
      expect.objectContaining({
        amountCents: (await bookOrder(placed.id)).netProceedsCents,
        reason: expect.stringMatching(/outside Summit/),
      }),
    ]);
  });

  it("a refund Stripe later fails gives the proceeds back to the fund, once", async () => {
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const { order: placed } = await paidOrder(1);
    const credited = (await bookOrder(placed.id)).netProceedsCents as number;
    fake.keepRefundsPending();
    await issueBookRefund(t.db, env, {
      bookOrderId: placed.id,
      amountCents: 2_495,
      reason: "Lost in the post",
      requestedById: organiser.id,
    });
    await deliverAll(await webhooks());
    expect((await fundBalance(t.db)).availableCents).toBe(0);

    const intent = (await bookOrder(placed.id)).stripePaymentIntentId;
    const refund = fake.refunds().find((r) => r.paymentIntentId === intent);
    await fake.settleRefund(refund?.id as string, "failed");
    const events = await webhooks();
    await deliverAll([...events, ...events.map((e) => ({ ...e, id: `${e.id}_again` }))]);
    expect(await bookOrder(placed.id)).toMatchObject({ status: "PAID", refundedCents: 0 });
    expect((await entries(placed.id)).map((e) => [e.kind, e.amountCents])).toEqual([
      ["BOOK_SALE", credited],
      ["BOOK_REFUND", credited],
      ["BOOK_SALE", credited],
    ]);
    expect((await fundBalance(t.db)).availableCents).toBe(credited);
  });
});
