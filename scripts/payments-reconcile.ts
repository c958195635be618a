// `npm run payments:reconcile`: settles orders whose Stripe webhook never arrived, from
// Stripe's own record, and retries refunds Stripe never confirmed. Safe to run any time
// (and from cron): it goes through the same guarded transitions as the webhook.
//
// Uses STRIPE_SECRET_KEY and the database the app uses. On the embedded database with no
// keys it reads the local fake Stripe's saved state (stop `npm start` first: PGlite allows
// one process per folder).
import { reconcilePendingPayments } from "~/modules/payments/reconcile.server.ts";
import { getDatabase } from "~/shared/db.server.ts";
import { type Env, EnvError, env as readEnv } from "~/shared/env.server.ts";

async function main(): Promise<number> {
  let env: Env;
  try {
    env = readEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  let closeFake: (() => Promise<void>) | undefined;
  if (!env.stripe) {
    if (env.databaseUrl) {
      console.error("Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET to reconcile payments on this database.");
      return 1;
    }
    const { startLocalFakeStripe } = await import("../tests/fake-stripe/local.ts");
    const fake = await startLocalFakeStripe({ dataDir: env.dataDir });
    closeFake = fake.close;
    env = { ...env, stripe: { secretKey: fake.secretKey, webhookSecret: fake.webhookSecret, apiUrl: fake.url } };
    console.log("No Stripe keys: reconciling against the local fake Stripe's saved state.");
  }
  const database = await getDatabase();
  try {
    const report = await reconcilePendingPayments(database.db, env);
    console.log(`Checked ${report.checked} order${report.checked === 1 ? "" : "s"} with an unsettled Checkout Session.`);
    for (const s of report.settled) console.log(`  settled ${s.reference}: ${s.outcome}`);
    for (const r of report.refunds) console.log(`  refund ${r.refundId} (${r.reference}): ${r.status}`);
    for (const e of report.errors) console.error(`  could not settle ${e.subject}: ${e.message}`);
    if (!report.settled.length && !report.refunds.length && !report.errors.length) console.log("Nothing to settle.");
    return report.errors.length ? 1 : 0;
  } finally {
    await database.close();
    await closeFake?.();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
