// Reconciliation: settles from Stripe's own record what a lost webhook should have settled,
// through the same functions the webhook uses, and retries refunds Stripe never confirmed.
import type { Db } from "~/shared/db.server.ts";
import { expireSessionOrder, failSessionPayment, fulfilPaidCheckout, type PaymentSettings } from "./fulfilment.server.ts";
import { refreshRefund, submitRefund, unconfirmedRefunds } from "./refunds.server.ts";
import { stripeClient } from "./stripe.server.ts";

export type ReconcileReport = {
  checked: number;
  settled: { orderId: string; reference: string; outcome: string }[];
  refunds: { refundId: string; reference: string; status: string }[];
  errors: { subject: string; message: string }[];
};

// A refund younger than this may still be on its way to Stripe from the request that made it.
const REFUND_GRACE_MS = 2 * 60_000;

export async function reconcilePendingPayments(
  db: Db,
  env: PaymentSettings,
  { now = new Date(), lookbackDays = 7 }: { now?: Date; lookbackDays?: number } = {},
): Promise<ReconcileReport> {
  const stripe = stripeClient(env);
  const report: ReconcileReport = { checked: 0, settled: [], refunds: [], errors: [] };
  const since = new Date(now.getTime() - lookbackDays * 24 * 3600_000);
  const orders = await db.order.findMany({
    where: {
      stripeCheckoutSessionId: { not: null },
      OR: [{ status: "PENDING" }, { status: "EXPIRED", stripePaymentIntentId: null, updatedAt: { gte: since } }],
    },
    select: { id: true, reference: true, status: true, stripeCheckoutSessionId: true },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  /** What Stripe's record of the order's session settles, through the webhook's own functions. */
  async function settle(order: { id: string; reference: string; status: string; stripeCheckoutSessionId: string | null }) {
    report.checked++;
    try {
      const session = await stripe.checkout.sessions.retrieve(order.stripeCheckoutSessionId as string, {
        expand: ["payment_intent"],
      });
      let outcome: string | null = null;
      if (session.status === "complete" && session.payment_status === "paid") {
        outcome = (await fulfilPaidCheckout(db, env, session)).outcome;
      } else if (session.status === "complete") {
        const intent = typeof session.payment_intent === "object" ? session.payment_intent : null;
        if (intent && ["requires_payment_method", "canceled"].includes(intent.status))
          outcome = (await db.$transaction((tx) => failSessionPayment(tx, env, session))).outcome;
      } else if (session.status === "expired" && order.status === "PENDING") {
        outcome = (await db.$transaction((tx) => expireSessionOrder(tx, session))).outcome;
      }
      if (outcome && outcome !== "already-settled" && outcome !== "awaiting-payment")
        report.settled.push({ orderId: order.id, reference: order.reference, outcome });
    } catch (error) {
      report.errors.push({
        subject: `order ${order.reference}`,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  for (const order of orders) await settle(order);

  // Book orders waiting for their payment: the same settlement, routed by the session's metadata.
  const bookOrders = await db.bookOrder.findMany({
    where: { status: "PENDING", stripeCheckoutSessionId: { not: null } },
    select: { id: true, reference: true, status: true, stripeCheckoutSessionId: true },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  for (const order of bookOrders) await settle(order);

  const refunds = await unconfirmedRefunds(db, new Date(now.getTime() - REFUND_GRACE_MS));
  for (const refund of refunds) {
    const reference = (await db.order.findUniqueOrThrow({ where: { id: refund.orderId }, select: { reference: true } }))
      .reference;
    try {
      if (refund.stripeRefundId) {
        if (await refreshRefund(db, env, refund.id, refund.stripeRefundId))
          report.refunds.push({ refundId: refund.id, reference, status: "updated" });
      } else {
        const sent = await submitRefund(db, env, refund.id);
        report.refunds.push({ refundId: refund.id, reference, status: sent.status });
      }
    } catch (error) {
      report.errors.push({ subject: `refund ${refund.id}`, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}
