// The fake Stripe as the local default of `npm start` / `npm run dev` (and the reconcile
// script on an embedded database): a fixed key and its state in DATA_DIR, so Checkout
// Sessions and payments made before a restart can still be paid, checked and refunded.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Db } from "~/shared/db.server.ts";
import { type FakeStripe, startFakeStripe } from "./server.ts";

export function startLocalFakeStripe({ dataDir, port = 0, log = false }: { dataDir: string; port?: number; log?: boolean }) {
  mkdirSync(dataDir, { recursive: true });
  return startFakeStripe({
    port,
    secretKey: "sk_test_summitlocalfakestripe",
    stateFile: path.join(dataDir, "fake-stripe.json"),
    log,
  });
}

/**
 * Card payments the database records but this fake never saw (demo data made by the seed,
 * or a deleted state file) become known payments, so organisers can refund them locally.
 */
export async function mirrorRecordedPayments(fake: FakeStripe, db: Db): Promise<number> {
  const select = { stripePaymentIntentId: true, totalCents: true, refundedCents: true, currency: true } as const;
  const where = { stripePaymentIntentId: { not: null }, totalCents: { gt: 0 } };
  const orders = [...(await db.order.findMany({ where, select })), ...(await db.bookOrder.findMany({ where, select }))];
  let added = 0;
  for (const order of orders) {
    const id = order.stripePaymentIntentId as string;
    if (fake.paymentIntent(id)) continue;
    fake.recordPayment({ id, amount: order.totalCents, currency: order.currency, amountRefunded: order.refundedCents });
    added++;
  }
  return added;
}
