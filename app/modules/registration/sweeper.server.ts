// Background sweep for registration: lapsed holds and waiting-list offers. Each step is a
// guarded state change, so several app instances can sweep at once without doing a job twice.
import type { Db } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { startPeriodicJob } from "~/shared/periodic-job.server.ts";
import { expireLapsedCheckouts } from "../payments/checkout.server.ts";
import { expireLapsedHolds } from "./orders.server.ts";
import { expireLapsedOffers, notifyOffers } from "./waitlist.server.ts";

const SWEEP_MS = 15_000;

/** One sweep; returns what it did (tests and the reconcile script call it directly). */
export async function sweepRegistrations(db: Db, env: Env, now = new Date()) {
  const expiredOrders = await expireLapsedHolds(db, { now });
  // --- payments: close the Checkout Sessions of lapsed holds so nobody can still pay them.
  await expireLapsedCheckouts(env, expiredOrders);
  // Waiting list: lapsed offers move on, then every new offer (these, and seats freed by
  // cancellations or lapsed holds since the last sweep) is emailed its link once.
  const expiredOffers = await expireLapsedOffers(db, now);
  const notifiedOffers = await notifyOffers(db, env, now);
  return { expiredOrders, expiredOffers, notifiedOffers };
}

/** Runs sweepRegistrations every 15 s in the app process. Returns a function that stops it. */
export function startRegistrationSweeper({ db, env }: { db: Db; env: Env }): () => Promise<void> {
  return startPeriodicJob("[registration] sweep", () => sweepRegistrations(db, env), {
    firstDelayMs: 1_000,
    everyMs: SWEEP_MS,
  });
}
