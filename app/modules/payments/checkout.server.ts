// Paying for a held order with Stripe Checkout (the hosted page).

import { isRecordId } from "~/modules/scholarships/book.schema.ts";
import type { Db } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { formatMoney } from "~/shared/money.ts";
import { fulfilPaidCheckout, type PaymentSettings } from "./fulfilment.server.ts";
import { isDefinitiveStripeError, type Stripe, stripeClient } from "./stripe.server.ts";

// Stripe refuses a Checkout Session that expires sooner than 30 minutes after it is made.
const STRIPE_MIN_EXPIRY_SECONDS = 30 * 60;
// Room past the hold for a buyer who clicked "Pay" in the hold's last seconds; a payment
// landing after the hold lapsed is settled as a late payment (fulfilment.server.ts).
const EXPIRY_SLACK_SECONDS = 2 * 60;

export type CheckoutStart = { url: string };

type OrderForCheckout = NonNullable<Awaited<ReturnType<typeof findBuyersOrder>>>;

function findBuyersOrder(db: Db, orderId: string) {
  return db.order.findUnique({
    where: { id: orderId },
    include: {
      event: { select: { name: true } },
      promoCode: { select: { code: true } },
      registrations: {
        orderBy: { createdAt: "asc" },
        include: { ticketType: { select: { name: true, priceCents: true, memberPriceCents: true } } },
      },
    },
  });
}

/** One line per seat at the order's own prices (never the form's), naming member price and promo. */
export function lineItems(order: OrderForCheckout): Stripe.Checkout.SessionCreateParams.LineItem[] {
  const seats = order.registrations.filter((r) => r.priceCents > 0);
  const itemised = seats.reduce((sum, r) => sum + r.priceCents, 0);
  if (itemised !== order.totalCents) {
    // Prices are per seat (pricing.ts), so this is a bug, not a buyer's doing: charge the order's total.
    return [
      {
        quantity: 1,
        price_data: {
          currency: order.currency,
          unit_amount: order.totalCents,
          product_data: { name: `${order.event.name} — order ${order.reference}` },
        },
      },
    ];
  }
  return seats.map((r) => {
    const notes: string[] = [];
    if (r.member) notes.push("network member price");
    const base = r.member && r.ticketType.memberPriceCents !== null ? r.ticketType.memberPriceCents : r.ticketType.priceCents;
    if (order.promoCode && r.priceCents < base)
      notes.push(
        `promo ${order.promoCode.code}: ${formatMoney(base - r.priceCents, order.currency)} off ${formatMoney(base, order.currency)}`,
      );
    return {
      quantity: 1,
      price_data: {
        currency: order.currency,
        unit_amount: r.priceCents,
        product_data: {
          name: `${r.ticketType.name} — ${r.attendeeName}`,
          ...(notes.length ? { description: `${order.event.name}; ${notes.join("; ")}` } : { description: order.event.name }),
        },
      },
    };
  });
}

/**
 * Sends the buyer to Stripe to pay their own held order. Reuses the order's Checkout Session
 * while it is open; otherwise opens one that closes shortly after the hold lapses.
 * Another user's order, or an unknown id, is NotFound (we don't reveal it exists).
 */
export async function startCheckout(
  db: Db,
  env: PaymentSettings,
  orderId: string,
  buyerId: string,
  now = new Date(),
): Promise<CheckoutStart> {
  const order = await findBuyersOrder(db, orderId);
  if (!order || order.buyerId !== buyerId) throw new NotFoundError("We couldn't find that order.");
  const orderUrl = `${env.appUrl}/orders/${order.id}`;
  if (order.status === "PAID") throw new RuleViolation("This order is already paid.");
  if (order.status !== "PENDING" || !order.holdExpiresAt || order.holdExpiresAt <= now)
    throw new RuleViolation("Your hold on these seats has lapsed, so this order can no longer be paid. Please register again.");
  if (order.totalCents === 0) throw new RuleViolation("This order is free: there is nothing to pay.");

  const stripe = stripeClient(env);
  if (order.stripeCheckoutSessionId) {
    const existing = await stripe.checkout.sessions.retrieve(order.stripeCheckoutSessionId);
    if (existing.status === "open" && existing.url) return { url: existing.url };
    if (existing.status === "complete") {
      // Paid already; the webhook has not landed yet. Settle it now, like the return page.
      await fulfilPaidCheckout(db, env, existing);
      return { url: orderUrl };
    }
  }

  const expiresAt = Math.max(
    Math.ceil(order.holdExpiresAt.getTime() / 1000) + EXPIRY_SLACK_SECONDS,
    Math.ceil(now.getTime() / 1000) + STRIPE_MIN_EXPIRY_SECONDS + 60,
  );
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lineItems(order),
    client_reference_id: order.id,
    customer_email: order.buyerEmail,
    metadata: { orderId: order.id, reference: order.reference },
    payment_intent_data: { metadata: { orderId: order.id, reference: order.reference } },
    expires_at: expiresAt,
    success_url: `${orderUrl}/return?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${orderUrl}?checkout=cancelled`,
  });
  // Two tabs may have raced to open a session: only the first is kept, the other closed.
  const stored = await db.order.updateMany({
    where: { id: order.id, status: "PENDING", stripeCheckoutSessionId: order.stripeCheckoutSessionId },
    data: { stripeCheckoutSessionId: session.id },
  });
  if (stored.count === 1 && session.url) return { url: session.url };
  await expireCheckoutSession(env, session.id);
  const winner = await db.order.findUnique({ where: { id: order.id }, select: { stripeCheckoutSessionId: true, status: true } });
  if (winner?.status === "PENDING" && winner.stripeCheckoutSessionId) {
    const current = await stripe.checkout.sessions.retrieve(winner.stripeCheckoutSessionId);
    if (current.url) return { url: current.url };
  }
  throw new RuleViolation("This order changed while we were opening the payment page. Please try again.");
}

/**
 * Closes a Checkout Session so nobody can pay it any more (its hold lapsed). A session that
 * is already complete or expired is left alone: returns false.
 */
export async function expireCheckoutSession(env: Pick<Env, "stripe">, sessionId: string): Promise<boolean> {
  try {
    await stripeClient(env).checkout.sessions.expire(sessionId);
    return true;
  } catch (error) {
    if (isDefinitiveStripeError(error) && error.statusCode !== undefined && error.statusCode < 500) return false;
    throw error;
  }
}

/**
 * The sweeper's part for payments: lapsed holds' Checkout Sessions are closed so the buyer
 * can't pay for seats that are no longer theirs (Stripe keeps them open at least 30 minutes).
 * A failure is logged and left: a payment that still lands is settled as a late payment.
 */
export async function expireLapsedCheckouts(
  env: Pick<Env, "stripe">,
  orders: { orderId: string; stripeCheckoutSessionId: string | null }[],
): Promise<number> {
  if (!env.stripe) return 0;
  let closed = 0;
  for (const { orderId, stripeCheckoutSessionId } of orders) {
    if (!stripeCheckoutSessionId) continue;
    try {
      if (await expireCheckoutSession(env, stripeCheckoutSessionId)) closed++;
    } catch (error) {
      console.error(`[payments] could not expire the Checkout Session of order ${orderId}:`, error);
    }
  }
  return closed;
}

// Book orders have no seats to hold: a Checkout window of an hour, and a PENDING order can be
// paid again after it (a fresh session) until Stripe's session.expired marks it EXPIRED.
const BOOK_CHECKOUT_SECONDS = 60 * 60;

/**
 * Sends the buyer to Stripe to pay their own PENDING book order, at the order's own price.
 * Metadata `{ kind: "book", bookOrderId }` routes the webhook to the book's settlement.
 */
export async function startBookCheckout(
  db: Db,
  env: PaymentSettings,
  bookOrderId: string,
  buyerId: string,
  now = new Date(),
): Promise<CheckoutStart> {
  const order = isRecordId(bookOrderId)
    ? await db.bookOrder.findUnique({ where: { id: bookOrderId }, include: { book: { select: { title: true } } } })
    : null;
  if (!order || order.buyerId !== buyerId) throw new NotFoundError("We couldn't find that order.");
  const orderUrl = `${env.appUrl}/book/orders/${order.id}`;
  if (order.status === "PAID" || order.status === "REFUNDED") throw new RuleViolation("This order is already paid.");
  if (order.status !== "PENDING") throw new RuleViolation("This order was not paid in time and is closed. Please order again.");

  const stripe = stripeClient(env);
  if (order.stripeCheckoutSessionId) {
    const existing = await stripe.checkout.sessions.retrieve(order.stripeCheckoutSessionId);
    if (existing.status === "open" && existing.url) return { url: existing.url };
    if (existing.status === "complete") {
      await fulfilPaidCheckout(db, env, existing);
      return { url: orderUrl };
    }
  }
  const perCopy = order.unitPriceCents - order.discountCents / order.quantity;
  const percentOff = Math.round((order.discountCents / (order.unitPriceCents * order.quantity)) * 100);
  const metadata = { kind: "book", bookOrderId: order.id, reference: order.reference };
  const expiresAt = Math.ceil(now.getTime() / 1000) + BOOK_CHECKOUT_SECONDS;
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [
      {
        quantity: order.quantity,
        price_data: {
          currency: order.currency,
          unit_amount: perCopy,
          product_data: {
            name: order.book.title,
            description: percentOff
              ? `${percentOff}% bulk discount on ${formatMoney(order.unitPriceCents, order.currency)} — order ${order.reference}`
              : `Order ${order.reference}`,
          },
        },
      },
    ],
    client_reference_id: order.id,
    customer_email: order.buyerEmail,
    metadata,
    payment_intent_data: { metadata },
    expires_at: expiresAt,
    success_url: `${orderUrl}/return?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${orderUrl}?checkout=cancelled`,
  });
  const stored = await db.bookOrder.updateMany({
    where: { id: order.id, status: "PENDING", stripeCheckoutSessionId: order.stripeCheckoutSessionId },
    data: { stripeCheckoutSessionId: session.id, expiresAt: new Date(expiresAt * 1000) },
  });
  if (stored.count === 1 && session.url) return { url: session.url };
  // Another tab opened a session first: close ours and send the buyer to that one.
  await expireCheckoutSession(env, session.id);
  const winner = await db.bookOrder.findUnique({
    where: { id: order.id },
    select: { stripeCheckoutSessionId: true, status: true },
  });
  if (winner?.status === "PENDING" && winner.stripeCheckoutSessionId) {
    const current = await stripe.checkout.sessions.retrieve(winner.stripeCheckoutSessionId);
    if (current.url) return { url: current.url };
  }
  throw new RuleViolation("This order changed while we were opening the payment page. Please try again.");
}
