// Stripe webhooks: each event id is recorded in the same transaction as its effect, so a
// redelivery finds the id taken and does nothing; the effects themselves are guarded
// transitions, so events arriving out of order are harmless too.
import type { Db, DbTx } from "~/shared/db.server.ts";
import { isUniqueViolation } from "~/shared/errors.ts";
import {
  afterSettlement,
  bookPaymentFee,
  expireSessionOrder,
  failSessionPayment,
  type PaymentSettings,
  type Settlement,
  settlePaidSession,
} from "./fulfilment.server.ts";
import { recordChargeRefunds, recordRefundUpdate } from "./refunds.server.ts";
import type { Stripe } from "./stripe.server.ts";

export type HandledEvent = { duplicate: boolean; settlement: Settlement | null };

async function apply(tx: DbTx, env: PaymentSettings, event: Stripe.Event, fee: number | null): Promise<Settlement | null> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return settlePaidSession(tx, env, event.data.object, undefined, fee);
    case "checkout.session.async_payment_failed":
      return failSessionPayment(tx, env, event.data.object);
    case "checkout.session.expired":
      return expireSessionOrder(tx, event.data.object);
    case "charge.refunded":
      await recordChargeRefunds(tx, event.data.object);
      return null;
    case "refund.updated":
      await recordRefundUpdate(tx, event.data.object);
      return null;
    default:
      // Events the endpoint is not subscribed for (or new ones) are acknowledged and ignored.
      return null;
  }
}

export async function handleStripeEvent(db: Db, env: PaymentSettings, event: Stripe.Event): Promise<HandledEvent> {
  let settlement: Settlement | null;
  // A paid book order's fee comes from Stripe; ask before the transaction, not inside it.
  const paid = event.type === "checkout.session.completed" || event.type === "checkout.session.async_payment_succeeded";
  const fee = paid ? await bookPaymentFee(env, event.data.object) : null;
  try {
    settlement = await db.$transaction(async (tx) => {
      await tx.stripeEvent.create({ data: { id: event.id, type: event.type } });
      return apply(tx, env, event, fee);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { duplicate: true, settlement: null };
    throw error;
  }
  if (settlement) await afterSettlement(db, env, settlement);
  return { duplicate: false, settlement };
}
