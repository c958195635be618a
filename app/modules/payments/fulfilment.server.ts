// Settling a Checkout Session against its order. Webhook, return page and reconciliation all
// come through here; every change is a guarded transition, so whichever arrives first does
// the work and the others find nothing left to do.
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { enqueueEmail } from "~/modules/email/outbox.server.ts";
import { renderEmail } from "~/modules/email/templates.server.ts";
import { confirmOrder, type MailSettings } from "~/modules/registration/confirmation.server.ts";
import { releaseOrderSeats } from "~/modules/registration/orders.server.ts";
import { redeemPromoCode } from "~/modules/registration/promo-codes.server.ts";
import { releaseSeats, takeSeats } from "~/modules/registration/seats.server.ts";
import { type BookPayment, expireBookOrder, settleBookPayment } from "~/modules/scholarships/book-orders.server.ts";
import { formatDateRange } from "~/shared/dates.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { refundDuplicatePayment, submitRefund } from "./refunds.server.ts";
import { paymentIntentId, type Stripe, stripeClient } from "./stripe.server.ts";

/** `bookFee`: the card fee assumed for a book order when Stripe's own is unknown (default 2.9 % + 30¢). */
export type PaymentSettings = MailSettings & Pick<Env, "stripe"> & Partial<Pick<Env, "bookFee">>;

export type Settlement =
  /** The order is now PAID (late: the hold had lapsed and its seats were taken again). */
  | { outcome: "confirmed"; orderId: string; late: boolean }
  /** Paid after the hold lapsed and the seats were gone: the payment is being refunded. */
  | { outcome: "refunded-late"; orderId: string; refundId: string }
  /** Someone (webhook, return page, reconcile) settled it already. */
  | { outcome: "already-settled"; orderId: string }
  /** Complete but not paid yet (a delayed payment method): wait for async_payment_succeeded. */
  | { outcome: "awaiting-payment"; orderId: string }
  /** Checkout's amount or currency is not the order's: left for a person to look at. */
  | { outcome: "mismatch"; orderId: string }
  /** A second payment for an order already settled (two Checkout Sessions paid): refunded in full. */
  | { outcome: "duplicate"; orderId: string; paymentIntentId: string; amountCents: number; currency: string; book?: true }
  | { outcome: "expired"; orderId: string }
  | { outcome: "failed"; orderId: string }
  | { outcome: "ignored"; orderId: string | null };

/** A Checkout Session for a book order (app/modules/scholarships) rather than a registration. */
export function isBookSession(session: Pick<Stripe.Checkout.Session, "metadata">): boolean {
  return session.metadata?.kind === "book";
}

function bookPayment(session: Stripe.Checkout.Session, stripeFeeCents: number | null): BookPayment {
  return {
    sessionId: session.id,
    bookOrderId: session.metadata?.bookOrderId ?? null,
    paid: session.payment_status === "paid",
    amountCents: session.amount_total,
    currency: session.currency,
    paymentIntentId: paymentIntentId(session),
    stripeFeeCents,
  };
}

/**
 * Stripe's fee on a paid book session, from its charge's balance transaction; null when Stripe
 * has none yet, it is in another currency, or Stripe can't be reached (the estimate applies).
 * Asked before the settling transaction opens, so no database transaction waits on the network.
 */
export async function bookPaymentFee(env: PaymentSettings, session: Stripe.Checkout.Session): Promise<number | null> {
  if (!isBookSession(session) || session.payment_status !== "paid") return null;
  const path = "payment_intent.latest_charge.balance_transaction";
  try {
    const expanded = await stripeClient(env).checkout.sessions.retrieve(session.id, { expand: [path] });
    const intent = expanded.payment_intent;
    const charge = intent && typeof intent === "object" ? intent.latest_charge : null;
    const transaction = charge && typeof charge === "object" ? charge.balance_transaction : null;
    if (!transaction || typeof transaction !== "object") return null;
    if (transaction.currency.toLowerCase() !== session.currency?.toLowerCase()) return null;
    return transaction.fee;
  } catch (error) {
    console.warn(`[payments] no balance transaction for ${session.id}; using the configured fee estimate:`, error);
    return null;
  }
}

/** The order a session pays for: our metadata, else client_reference_id. */
export function sessionOrderId(session: Pick<Stripe.Checkout.Session, "metadata" | "client_reference_id">): string | null {
  return session.metadata?.orderId ?? session.client_reference_id ?? null;
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * Settles a paid session inside `tx`. A refund it decides on is recorded PENDING here and
 * sent to Stripe after the transaction commits (submitRefund), so a crash in between
 * leaves a PENDING refund that reconciliation sends, never a lost one.
 */
export async function settlePaidSession(
  tx: DbTx,
  mail: MailSettings & Pick<PaymentSettings, "bookFee">,
  session: Stripe.Checkout.Session,
  now = new Date(),
  /** A book session's Stripe fee (bookPaymentFee), fetched before the transaction. */
  stripeFeeCents: number | null = null,
): Promise<Settlement> {
  if (isBookSession(session)) return settleBookPayment(tx, mail, bookPayment(session, stripeFeeCents), now);
  const orderId = sessionOrderId(session);
  const order = orderId
    ? await tx.order.findUnique({
        where: { id: orderId },
        include: { registrations: true, waitlistEntry: true, event: true },
      })
    : null;
  if (!order) return { outcome: "ignored", orderId };
  if (session.payment_status !== "paid") return { outcome: "awaiting-payment", orderId: order.id };
  const paymentIntent = paymentIntentId(session);
  if (session.amount_total !== order.totalCents || session.currency?.toLowerCase() !== order.currency.toLowerCase()) {
    await recordAudit(tx, {
      actorId: null,
      action: "payment.mismatch",
      subjectType: "Order",
      subjectId: order.id,
      detail: {
        session: session.id,
        paymentIntent,
        paid: session.amount_total,
        paidCurrency: session.currency,
        expected: order.totalCents,
        currency: order.currency,
      },
    });
    console.error(
      `[payments] ${session.id} paid ${session.amount_total} ${session.currency}; order ${order.id} costs ${order.totalCents}`,
    );
    return { outcome: "mismatch", orderId: order.id };
  }

  if (order.status === "PENDING") {
    if (await confirmOrder(tx, mail, order.id, { from: "PENDING", paymentIntentId: paymentIntent, now }))
      return { outcome: "confirmed", orderId: order.id, late: false };
    return { outcome: "already-settled", orderId: order.id };
  }
  if (order.status !== "EXPIRED") {
    if (paymentIntent && order.stripePaymentIntentId && paymentIntent !== order.stripePaymentIntentId)
      return {
        outcome: "duplicate",
        orderId: order.id,
        paymentIntentId: paymentIntent,
        amountCents: session.amount_total ?? 0,
        currency: order.currency,
      };
    return { outcome: "already-settled", orderId: order.id };
  }

  // Paid after the hold lapsed. A live waiting-list offer still reserves its seats; otherwise
  // take them again if they are still free.
  const offerLive =
    order.waitlistEntry?.status === "OFFERED" &&
    order.waitlistEntry.offerExpiresAt !== null &&
    order.waitlistEntry.offerExpiresAt > now;
  const wanted = countBy(
    order.registrations.filter((r) => r.status === "EXPIRED"),
    (r) => r.ticketTypeId,
  );
  const taken: [string, number][] = [];
  let seatsFree = true;
  if (!offerLive) {
    for (const [ticketTypeId, count] of wanted) {
      if (!(await takeSeats(tx, order.eventId, ticketTypeId, count))) {
        seatsFree = false;
        break;
      }
      taken.push([ticketTypeId, count]);
    }
  }
  if (seatsFree) {
    if (await confirmOrder(tx, mail, order.id, { from: "EXPIRED", paymentIntentId: paymentIntent, now })) {
      // They paid the promo price, so the use counts again (even past maxUses: the sale is made).
      if (order.promoCodeId) await redeemPromoCode(tx, order.promoCodeId);
      return { outcome: "confirmed", orderId: order.id, late: true };
    }
  }
  // Not confirmed: give back what we took (no one else saw those seats in between).
  for (const [ticketTypeId, count] of taken) await releaseSeats(tx, order.eventId, ticketTypeId, count);
  if (seatsFree) return { outcome: "already-settled", orderId: order.id };

  const moved = await tx.order.updateMany({
    where: { id: order.id, status: "EXPIRED" },
    data: {
      status: "REFUNDED",
      refundedCents: order.totalCents,
      stripePaymentIntentId: paymentIntent,
      paidAt: now,
      cancelledAt: now,
    },
  });
  if (moved.count !== 1) return { outcome: "already-settled", orderId: order.id };
  const refund = await tx.refund.create({
    data: {
      orderId: order.id,
      amountCents: order.totalCents,
      reason: "Paid after the hold lapsed; the seats had been taken by someone else.",
    },
  });
  for (const r of order.registrations)
    await tx.registration.update({ where: { id: r.id }, data: { refundedCents: r.priceCents } });
  await recordAudit(tx, {
    actorId: null,
    action: "order.late_payment_refunded",
    subjectType: "Order",
    subjectId: order.id,
    detail: { reference: order.reference, refundId: refund.id, amountCents: order.totalCents, paymentIntent },
  });
  const rendered = await renderEmail("late-payment-refunded", {
    buyerName: order.buyerName,
    eventName: order.event.name,
    eventWhen: formatDateRange(order.event.startsAt, order.event.endsAt, order.event.timeZone),
    reference: order.reference,
    amountLabel: formatMoney(order.totalCents, order.currency),
    registerUrl: `${mail.appUrl}/events/${order.event.slug}/register`,
  });
  await enqueueEmail(tx, { ...rendered, to: order.buyerEmail, from: mail.mailFrom });
  return { outcome: "refunded-late", orderId: order.id, refundId: refund.id };
}

/** A delayed payment failed: the held order lapses at once, its seats go back, the buyer is told. */
export async function failSessionPayment(tx: DbTx, mail: MailSettings, session: Stripe.Checkout.Session): Promise<Settlement> {
  if (isBookSession(session))
    return expireBookOrder(tx, { bookOrderId: session.metadata?.bookOrderId ?? null, sessionId: session.id, failed: true });
  const orderId = sessionOrderId(session);
  const order = orderId ? await tx.order.findUnique({ where: { id: orderId }, include: { event: true } }) : null;
  if (!order) return { outcome: "ignored", orderId };
  const moved = await tx.order.updateMany({ where: { id: order.id, status: "PENDING" }, data: { status: "EXPIRED" } });
  if (moved.count !== 1) return { outcome: "already-settled", orderId: order.id };
  await releaseOrderSeats(tx, order.id, "EXPIRED");
  await recordAudit(tx, {
    actorId: null,
    action: "order.payment_failed",
    subjectType: "Order",
    subjectId: order.id,
    detail: { reference: order.reference, session: session.id },
  });
  const rendered = await renderEmail("payment-failed", {
    buyerName: order.buyerName,
    eventName: order.event.name,
    reference: order.reference,
    amountLabel: formatMoney(order.totalCents, order.currency),
    registerUrl: `${mail.appUrl}/events/${order.event.slug}/register`,
  });
  await enqueueEmail(tx, { ...rendered, to: order.buyerEmail, from: mail.mailFrom });
  return { outcome: "failed", orderId: order.id };
}

/**
 * The order's current Checkout Session expired unpaid: the held order lapses now rather
 * than at the next sweep. An older, superseded session expiring changes nothing.
 */
export async function expireSessionOrder(tx: DbTx, session: Stripe.Checkout.Session): Promise<Settlement> {
  if (isBookSession(session))
    return expireBookOrder(tx, { bookOrderId: session.metadata?.bookOrderId ?? null, sessionId: session.id, failed: false });
  const orderId = sessionOrderId(session);
  if (!orderId) return { outcome: "ignored", orderId };
  const moved = await tx.order.updateMany({
    where: { id: orderId, status: "PENDING", stripeCheckoutSessionId: session.id },
    data: { status: "EXPIRED" },
  });
  if (moved.count !== 1) return { outcome: "already-settled", orderId };
  await releaseOrderSeats(tx, orderId, "EXPIRED");
  return { outcome: "expired", orderId };
}

/** Sends a refund decided during settlement to Stripe, once its transaction has committed. */
export async function afterSettlement(db: Db, env: PaymentSettings, settlement: Settlement): Promise<void> {
  if (settlement.outcome === "refunded-late") await submitRefund(db, env, settlement.refundId);
  if (settlement.outcome === "duplicate") await refundDuplicatePayment(db, env, settlement);
}

/** Settles a session the app fetched from Stripe itself (return page, reconciliation, checkout). */
export async function fulfilPaidCheckout(db: Db, env: PaymentSettings, session: Stripe.Checkout.Session): Promise<Settlement> {
  const fee = await bookPaymentFee(env, session);
  const settlement = await db.$transaction((tx) => settlePaidSession(tx, env, session, undefined, fee));
  await afterSettlement(db, env, settlement);
  return settlement;
}
