// The buyer is back from Stripe Checkout: what happened to their payment?
import { isRecordId } from "~/modules/scholarships/book.schema.ts";
import type { Db } from "~/shared/db.server.ts";
import { NotFoundError } from "~/shared/errors.ts";
import { fulfilPaidCheckout, type PaymentSettings } from "./fulfilment.server.ts";
import { isDefinitiveStripeError, stripeClient } from "./stripe.server.ts";

export type ReturnState =
  | "paid"
  | "refunded-late"
  | "processing"
  | "not-paid"
  | "expired"
  | "mismatch"
  /** Settled and since changed (cancelled, refunded by an organiser): the order page says how. */
  | "settled";

const SESSION_ID = /^cs_[A-Za-z0-9_]{1,200}$/;

/**
 * Checks the session with Stripe and settles it exactly as the webhook would. Only the
 * buyer's own order, and only a session that belongs to it; anything else is NotFound.
 */
export async function checkReturningCheckout(
  db: Db,
  env: PaymentSettings,
  { orderId, sessionId, buyerId }: { orderId: string; sessionId: string; buyerId: string },
): Promise<ReturnState> {
  const order = await db.order.findUnique({ where: { id: orderId }, select: { buyerId: true, status: true } });
  if (!order || order.buyerId !== buyerId) throw new NotFoundError("We couldn't find that order.");
  if (!SESSION_ID.test(sessionId)) throw new NotFoundError("That payment link is not valid for this order.");
  let session: Awaited<ReturnType<ReturnType<typeof stripeClient>["checkout"]["sessions"]["retrieve"]>>;
  try {
    session = await stripeClient(env).checkout.sessions.retrieve(sessionId);
  } catch (error) {
    if (isDefinitiveStripeError(error) && error.statusCode === 404)
      throw new NotFoundError("That payment link is not valid for this order.");
    throw error;
  }
  if ((session.metadata?.orderId ?? session.client_reference_id) !== orderId)
    throw new NotFoundError("That payment link is not valid for this order.");
  if (session.status === "expired") return "expired";
  if (session.status === "open") return "not-paid";
  if (session.payment_status !== "paid") return "processing";
  const settlement = await fulfilPaidCheckout(db, env, session);
  if (settlement.outcome === "mismatch") return "mismatch";
  // Whoever settled it (this request or the webhook before it), say what the order became.
  const settled = await db.order.findUniqueOrThrow({
    where: { id: orderId },
    select: { status: true, registrations: { select: { status: true } } },
  });
  if (settled.status === "PAID") return "paid";
  if (settled.status === "REFUNDED" && settled.registrations.every((r) => r.status === "EXPIRED")) return "refunded-late";
  return "settled";
}

export type BookReturnState = "paid" | "processing" | "not-paid" | "expired" | "mismatch" | "settled";

/** The buyer is back from paying a book order: check the session with Stripe and settle it like the webhook. */
export async function checkReturningBookCheckout(
  db: Db,
  env: PaymentSettings,
  { orderId, sessionId, buyerId }: { orderId: string; sessionId: string; buyerId: string },
): Promise<BookReturnState> {
  const order = isRecordId(orderId) ? await db.bookOrder.findUnique({ where: { id: orderId }, select: { buyerId: true } }) : null;
  if (!order || order.buyerId !== buyerId) throw new NotFoundError("We couldn't find that order.");
  if (!SESSION_ID.test(sessionId)) throw new NotFoundError("That payment link is not valid for this order.");
  let session: Awaited<ReturnType<ReturnType<typeof stripeClient>["checkout"]["sessions"]["retrieve"]>>;
  try {
    session = await stripeClient(env).checkout.sessions.retrieve(sessionId);
  } catch (error) {
    if (isDefinitiveStripeError(error) && error.statusCode === 404)
      throw new NotFoundError("That payment link is not valid for this order.");
    throw error;
  }
  if (session.metadata?.kind !== "book" || session.metadata.bookOrderId !== orderId)
    throw new NotFoundError("That payment link is not valid for this order.");
  if (session.status === "expired") return "expired";
  if (session.status === "open") return "not-paid";
  if (session.payment_status !== "paid") return "processing";
  const settlement = await fulfilPaidCheckout(db, env, session);
  if (settlement.outcome === "mismatch") return "mismatch";
  const settled = await db.bookOrder.findUniqueOrThrow({ where: { id: orderId }, select: { status: true } });
  return settled.status === "PAID" ? "paid" : "settled";
}
