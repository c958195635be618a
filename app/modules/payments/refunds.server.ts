// Refunds: organiser full/partial refunds, attendee cancellations by policy, and automatic
// refunds of late payments. The money is reserved on the order and the seats cancelled in one
// transaction; Stripe is asked afterwards with the Refund row's id as idempotency key, so a
// retry (reconciliation) can never refund twice.
import type { RefundStatus } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { enqueueEmail } from "~/modules/email/outbox.server.ts";
import { renderEmail } from "~/modules/email/templates.server.ts";
import type { MailSettings } from "~/modules/registration/confirmation.server.ts";
import { freeSeats } from "~/modules/registration/seats.server.ts";
import { returnWaivers } from "~/modules/scholarships/award-replies.server.ts";
import {
  bookRefundDebit,
  bookRefundProblem,
  lockBookOrder,
  recordBookChargeRefund,
  recordBookRefund,
  recordFailedBookRefund,
} from "~/modules/scholarships/book-orders.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { isUniqueViolation, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { formatMoney } from "~/shared/money.ts";
import { isDefinitiveStripeError, type Stripe, stripeClient } from "./stripe.server.ts";

type RefundSettings = MailSettings & Pick<Env, "stripe">;

/** Refunds above this many cents are refused as typos (no order comes near it). */
const MAX_REFUND_CENTS = 100_000_000;

export type RefundRequest = {
  orderId: string;
  /** Seats the refund is for; with cancelSeats and none named, every confirmed seat of the order. */
  registrationIds?: string[];
  amountCents: number;
  reason: string;
  /** Organiser or attendee asking; null for the system. */
  requestedById: string | null;
  /** Cancel the named seats (freeing them for the waiting list) as well as refunding. */
  cancelSeats: boolean;
  now?: Date;
};

export type RefundResult = {
  refundId: string | null;
  amountCents: number;
  cancelledRegistrationIds: string[];
  /** NONE: nothing to send to Stripe (free order, or a cancellation without refund). */
  status: RefundStatus | "NONE";
  /** Stripe's message when it refused the refund. */
  failure: string | null;
};

const refundStatusFrom = (status: string | null): RefundStatus =>
  status === "succeeded" ? "SUCCEEDED" : status === "failed" || status === "canceled" ? "FAILED" : "PENDING";

export async function issueRefund(db: Db, env: RefundSettings, request: RefundRequest): Promise<RefundResult> {
  const { amountCents, cancelSeats } = request;
  if (!Number.isInteger(amountCents) || amountCents < 0 || amountCents > MAX_REFUND_CENTS)
    throw new RuleViolation("Enter the amount to refund as a whole number of cents, 0 or more.", "amountCents");
  const reason = request.reason.trim().slice(0, 500);
  const now = request.now ?? new Date();

  const planned = await db.$transaction(async (tx) => {
    const order = await tx.order.findUnique({
      where: { id: request.orderId },
      include: { registrations: { orderBy: { createdAt: "asc" } }, event: true },
    });
    if (!order) throw new NotFoundError("We couldn't find that order.");
    if (order.status !== "PAID")
      throw new RuleViolation(`Only a paid order can be refunded; order ${order.reference} is ${order.status.toLowerCase()}.`);
    if (amountCents === 0 && !cancelSeats) throw new RuleViolation("Enter an amount to refund.", "amountCents");
    if (amountCents > 0 && order.totalCents === 0)
      throw new RuleViolation("This order was free: there is no payment to refund.", "amountCents");
    if (amountCents > 0 && !order.stripePaymentIntentId)
      throw new RuleViolation("This order has no card payment on record, so it can't be refunded through Stripe.", "amountCents");
    const remaining = order.totalCents - order.refundedCents;
    if (amountCents > remaining)
      throw new RuleViolation(
        `At most ${formatMoney(remaining, order.currency)} can still be refunded on order ${order.reference}.`,
        "amountCents",
      );

    const ids = [...new Set(request.registrationIds ?? [])];
    const named = order.registrations.filter((r) => ids.includes(r.id));
    if (named.length !== ids.length) throw new RuleViolation("That seat is not part of this order.", "registrationIds");
    const seats = ids.length ? named : cancelSeats ? order.registrations.filter((r) => r.status === "CONFIRMED") : [];
    if (cancelSeats) {
      const gone = seats.find((r) => r.status !== "CONFIRMED");
      if (gone)
        throw new RuleViolation(`${gone.attendeeName}'s seat is already ${gone.status.toLowerCase()}.`, "registrationIds");
      if (seats.length === 0) throw new RuleViolation("This order has no confirmed seats left to cancel.", "registrationIds");
    }

    // The guard makes concurrent refunds add up to at most what was paid.
    if (amountCents > 0) {
      const reserved = await tx.$executeRaw`
        UPDATE "Order" SET "refundedCents" = "refundedCents" + ${amountCents}, "updatedAt" = ${now}
        WHERE id = ${order.id} AND status = 'PAID' AND "refundedCents" + ${amountCents} <= "totalCents"`;
      if (reserved !== 1)
        throw new RuleViolation(`Order ${order.reference} has just been refunded by someone else; reload to see what is left.`);
    }
    const cancelledIds: string[] = [];
    if (cancelSeats) {
      const moved = await tx.registration.updateMany({
        where: { id: { in: seats.map((r) => r.id) }, status: "CONFIRMED" },
        data: { status: "CANCELLED", cancelledAt: now },
      });
      if (moved.count !== seats.length) throw new RuleViolation("One of these seats has just changed; reload and try again.");
      cancelledIds.push(...seats.map((r) => r.id));
      const byType = new Map<string, number>();
      for (const r of seats) byType.set(r.ticketTypeId, (byType.get(r.ticketTypeId) ?? 0) + 1);
      for (const [ticketTypeId, count] of byType) await freeSeats(tx, order.eventId, ticketTypeId, count);
      if (order.source === "SCHOLARSHIP") await returnWaivers(tx, cancelledIds, request.requestedById);
    }
    // Spread the amount over the seats it is for, each up to what that seat cost.
    let left = amountCents;
    for (const r of seats) {
      const share = Math.min(left, r.priceCents - r.refundedCents);
      if (share <= 0) continue;
      left -= share;
      await tx.registration.update({ where: { id: r.id }, data: { refundedCents: { increment: share } } });
    }
    const stillConfirmed = order.registrations.filter((r) => r.status === "CONFIRMED" && !cancelledIds.includes(r.id)).length;
    if (stillConfirmed === 0) {
      const fullyRefunded = order.totalCents > 0 && order.refundedCents + amountCents >= order.totalCents;
      await tx.order.updateMany({
        where: { id: order.id, status: "PAID" },
        data: { status: fullyRefunded ? "REFUNDED" : "CANCELLED", cancelledAt: now },
      });
    }
    const refund =
      amountCents > 0
        ? await tx.refund.create({
            data: {
              orderId: order.id,
              registrationId: seats.length === 1 ? seats[0].id : null,
              amountCents,
              reason,
              requestedById: request.requestedById,
            },
          })
        : null;
    await recordAudit(tx, {
      actorId: request.requestedById,
      action: cancelSeats ? "order.cancel_and_refund" : "order.refund",
      subjectType: "Order",
      subjectId: order.id,
      detail: { reference: order.reference, amountCents, refundId: refund?.id ?? null, cancelled: cancelledIds, reason },
    });
    // Told when decided, like Stripe's own refund receipt; a refund Stripe later refuses is
    // FAILED on the order for the organisers to follow up.
    await enqueueRefundEmail(tx, env, order.id, { amountCents, cancelledIds });
    return { refundId: refund?.id ?? null, cancelledIds };
  });

  if (!planned.refundId)
    return { refundId: null, amountCents, cancelledRegistrationIds: planned.cancelledIds, status: "NONE", failure: null };
  const sent = await submitRefund(db, env, planned.refundId);
  return { refundId: planned.refundId, amountCents, cancelledRegistrationIds: planned.cancelledIds, ...sent };
}

/**
 * Asks Stripe for a PENDING refund not yet sent. Safe to call again (reconciliation does):
 * the idempotency key is the Refund's id. A network failure leaves it PENDING to retry.
 */
export async function submitRefund(
  db: Db,
  env: RefundSettings,
  refundId: string,
): Promise<{ status: RefundStatus; failure: string | null }> {
  const refund = await db.refund.findUniqueOrThrow({ where: { id: refundId }, include: { order: true } });
  if (refund.status !== "PENDING" || refund.stripeRefundId) return { status: refund.status, failure: null };
  if (!refund.order.stripePaymentIntentId) throw new Error(`Refund ${refund.id}: order has no payment intent`);
  let stripeRefund: Stripe.Refund;
  try {
    stripeRefund = await stripeClient(env).refunds.create(
      {
        payment_intent: refund.order.stripePaymentIntentId,
        amount: refund.amountCents,
        reason: "requested_by_customer",
        metadata: { orderId: refund.orderId, refundId: refund.id, reference: refund.order.reference },
      },
      { idempotencyKey: `summit-refund-${refund.id}` },
    );
  } catch (error) {
    if (!isDefinitiveStripeError(error)) {
      console.error(`[payments] refund ${refund.id} not confirmed by Stripe yet; reconciliation will retry:`, error);
      return { status: "PENDING", failure: null };
    }
    await db.$transaction((tx) => markRefund(tx, refund.id, { status: "FAILED", failure: error.message }));
    return { status: "FAILED", failure: error.message };
  }
  const status = refundStatusFrom(stripeRefund.status);
  await db.$transaction((tx) => markRefund(tx, refund.id, { status, stripeRefundId: stripeRefund.id }));
  return { status, failure: null };
}

/**
 * Records Stripe's word on a refund (its answer, or a refund.updated webhook), once: only a
 * PENDING refund moves. FAILED gives the amount back to the order.
 */
export async function markRefund(
  tx: DbTx,
  refundId: string,
  { status, stripeRefundId, failure }: { status: RefundStatus; stripeRefundId?: string; failure?: string },
): Promise<boolean> {
  if (stripeRefundId) await tx.refund.updateMany({ where: { id: refundId, stripeRefundId: null }, data: { stripeRefundId } });
  if (status === "PENDING") return false;
  const moved = await tx.refund.updateMany({ where: { id: refundId, status: "PENDING" }, data: { status } });
  if (moved.count !== 1) return false;
  const refund = await tx.refund.findUniqueOrThrow({ where: { id: refundId } });
  if (status === "SUCCEEDED") return true;
  // An order whose seats are all gone but whose money was not returned is cancelled, not refunded.
  await tx.$executeRaw`
    UPDATE "Order" SET "refundedCents" = GREATEST("refundedCents" - ${refund.amountCents}, 0),
      status = CASE WHEN status = 'REFUNDED' THEN 'CANCELLED'::"OrderStatus" ELSE status END
    WHERE id = ${refund.orderId}`;
  if (refund.registrationId)
    await tx.$executeRaw`
      UPDATE "Registration" SET "refundedCents" = GREATEST("refundedCents" - ${refund.amountCents}, 0) WHERE id = ${refund.registrationId}`;
  await recordAudit(tx, {
    actorId: null,
    action: "refund.failed",
    subjectType: "Order",
    subjectId: refund.orderId,
    detail: { refundId, amountCents: refund.amountCents, failure: failure ?? null },
  });
  return true;
}

async function enqueueRefundEmail(
  tx: DbTx,
  mail: MailSettings,
  orderId: string,
  { amountCents, cancelledIds }: { amountCents: number; cancelledIds: string[] },
) {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    include: {
      event: true,
      registrations: { where: { id: { in: cancelledIds } }, include: { ticketType: { select: { name: true } } } },
    },
  });
  const rendered = await renderEmail("order-refunded", {
    buyerName: order.buyerName,
    eventName: order.event.name,
    reference: order.reference,
    amountLabel: amountCents > 0 ? formatMoney(amountCents, order.currency) : null,
    cancelled: order.registrations.map((r) => ({ name: r.attendeeName, ticketName: r.ticketType.name })),
    orderUrl: `${mail.appUrl}/orders/${order.id}`,
  });
  await enqueueEmail(tx, { ...rendered, to: order.buyerEmail, from: mail.mailFrom });
}

/** refund.updated: Stripe's status for one of our refunds (matched by id, or by our metadata before we stored it). */
export async function recordRefundUpdate(tx: DbTx, refund: Stripe.Refund): Promise<boolean> {
  const ours = refund.metadata?.refundId;
  const row = await tx.refund.findFirst({
    where: { OR: [{ stripeRefundId: refund.id }, ...(ours ? [{ id: ours, stripeRefundId: null }] : [])] },
  });
  if (!row) {
    // Book refunds have no Refund row: their failure is the one status change that matters.
    const bookOrderId = refund.metadata?.kind === "book" ? refund.metadata.bookOrderId : undefined;
    if (bookOrderId && refundStatusFrom(refund.status) === "FAILED")
      return recordFailedBookRefund(tx, { bookOrderId, stripeRefundId: refund.id, amountCents: refund.amount });
    return false;
  }
  return markRefund(tx, row.id, {
    status: refundStatusFrom(refund.status),
    stripeRefundId: refund.id,
    failure: refund.failure_reason ?? undefined,
  });
}

/**
 * charge.refunded: money Stripe says was refunded beyond the refunds we made (someone used
 * the Stripe Dashboard) is recorded on the order, so its figures match Stripe's. Seats are
 * left as they are: that is an organiser's decision.
 */
export async function recordChargeRefunds(tx: DbTx, charge: Stripe.Charge): Promise<number> {
  const paymentIntent = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!paymentIntent) return 0;
  const order = await tx.order.findUnique({ where: { stripePaymentIntentId: paymentIntent } });
  if (!order)
    return recordBookChargeRefund(tx, {
      paymentIntentId: paymentIntent,
      amountRefundedCents: charge.amount_refunded,
      chargeId: charge.id,
    });
  const ours = await tx.refund.aggregate({
    where: { orderId: order.id, status: { not: "FAILED" }, NOT: { reason: { startsWith: "Duplicate payment" } } },
    _sum: { amountCents: true },
  });
  const outside = charge.amount_refunded - (ours._sum.amountCents ?? 0);
  if (outside <= 0) return 0;
  await tx.refund.create({
    data: { orderId: order.id, amountCents: outside, status: "SUCCEEDED", reason: "Refunded outside Summit (Stripe Dashboard)." },
  });
  await tx.$executeRaw`
    UPDATE "Order" SET "refundedCents" = LEAST("refundedCents" + ${outside}, "totalCents") WHERE id = ${order.id}`;
  await recordAudit(tx, {
    actorId: null,
    action: "refund.outside_summit",
    subjectType: "Order",
    subjectId: order.id,
    detail: { reference: order.reference, amountCents: outside, charge: charge.id },
  });
  return outside;
}

/** PENDING refunds Stripe has not confirmed (a crash or network failure after we decided). */
export function unconfirmedRefunds(db: Db, olderThan: Date) {
  return db.refund.findMany({
    where: { status: "PENDING", createdAt: { lte: olderThan }, order: { stripePaymentIntentId: { not: null } } },
    orderBy: { createdAt: "asc" },
    take: 200,
  });
}

/** Asks Stripe again about a PENDING refund it already has (status may have moved without a webhook). */
export async function refreshRefund(db: Db, env: Pick<Env, "stripe">, refundId: string, stripeRefundId: string) {
  const refund = await stripeClient(env).refunds.retrieve(stripeRefundId);
  return db.$transaction((tx) =>
    markRefund(tx, refundId, { status: refundStatusFrom(refund.status), failure: refund.failure_reason ?? undefined }),
  );
}

/**
 * The buyer paid a second Checkout Session of an order already settled: the whole second
 * payment goes back. The idempotency key is the payment's own id, so webhook, return page and
 * reconciliation asking at once make one Stripe refund, recorded once (unique stripeRefundId).
 * It is not counted in the order's refundedCents: that is about the payment the order kept.
 */
export async function refundDuplicatePayment(
  db: Db,
  env: Pick<Env, "stripe">,
  duplicate: { orderId: string; paymentIntentId: string; amountCents: number; book?: true },
): Promise<void> {
  const refund = await stripeClient(env).refunds.create(
    {
      payment_intent: duplicate.paymentIntentId,
      reason: "duplicate",
      metadata: { orderId: duplicate.orderId, duplicateOf: duplicate.orderId },
    },
    { idempotencyKey: `summit-duplicate-${duplicate.paymentIntentId}` },
  );
  if (duplicate.book) {
    // A book order keeps no Refund rows; its history is the audit log.
    await recordAudit(db, {
      actorId: null,
      action: "book_order.duplicate_refunded",
      subjectType: "BookOrder",
      subjectId: duplicate.orderId,
      detail: { paymentIntent: duplicate.paymentIntentId, refund: refund.id, amountCents: refund.amount },
    });
    return;
  }
  try {
    await db.$transaction(async (tx) => {
      await tx.refund.create({
        data: {
          orderId: duplicate.orderId,
          amountCents: refund.amount,
          status: refundStatusFrom(refund.status),
          stripeRefundId: refund.id,
          reason: `Duplicate payment ${duplicate.paymentIntentId} refunded in full.`,
        },
      });
      await recordAudit(tx, {
        actorId: null,
        action: "payment.duplicate_refunded",
        subjectType: "Order",
        subjectId: duplicate.orderId,
        detail: { paymentIntent: duplicate.paymentIntentId, refund: refund.id, amountCents: refund.amount },
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

export type BookRefundRequest = { bookOrderId: string; amountCents: number; reason: string; requestedById: string; now?: Date };

/**
 * An organiser refunds a paid book order (all or part of it). The order's row stays locked
 * while Stripe is asked, so the charge.refunded webhook this refund causes waits and then finds
 * it recorded; a refund Stripe refuses records nothing. If the answer is lost (network, crash)
 * the webhook records Stripe's refund instead, and a retry reuses the same idempotency key.
 */
export async function issueBookRefund(
  db: Db,
  env: RefundSettings,
  request: BookRefundRequest,
): Promise<{ reference: string; amountCents: number; debitCents: number; status: "PAID" | "REFUNDED" }> {
  const { amountCents } = request;
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0 || amountCents > MAX_REFUND_CENTS)
    throw new RuleViolation("Enter the amount to refund in dollars, more than zero.", "amount");
  const reason = request.reason.trim().slice(0, 500);
  if (!reason) throw new RuleViolation("Say why, for the order's history.", "reason");
  const stripe = stripeClient(env);
  return db.$transaction(
    async (tx) => {
      const order = await lockBookOrder(tx, request.bookOrderId);
      const problem = bookRefundProblem(order, amountCents);
      if (problem) throw new RuleViolation(problem, "amount");
      let stripeRefund: Stripe.Refund;
      try {
        stripeRefund = await stripe.refunds.create(
          {
            payment_intent: order.stripePaymentIntentId as string,
            amount: amountCents,
            reason: "requested_by_customer",
            metadata: {
              kind: "book",
              bookOrderId: order.id,
              reference: order.reference,
              debitCents: String(bookRefundDebit(order, amountCents)),
            },
          },
          // The refunded total before this refund is in the key: a retry of this refund repeats it, a later one is new.
          {
            idempotencyKey: `summit-book-refund-${order.id}-${order.refundedCents}-${amountCents}`,
            timeout: 10_000,
            maxNetworkRetries: 1,
          },
        );
      } catch (error) {
        if (isDefinitiveStripeError(error)) throw new RuleViolation(`Stripe refused the refund: ${error.message}`, "amount");
        throw error;
      }
      if (refundStatusFrom(stripeRefund.status) === "FAILED")
        throw new RuleViolation(`Stripe refused the refund: ${stripeRefund.failure_reason ?? "no reason given"}.`, "amount");
      const recorded = await recordBookRefund(tx, env, order, {
        amountCents,
        stripeRefundId: stripeRefund.id,
        reason,
        requestedById: request.requestedById,
        now: request.now,
      });
      return { reference: order.reference, amountCents, ...recorded };
    },
    // Stripe answers within the request's own timeout; the row lock is held that long at most.
    { timeout: 30_000 },
  );
}
