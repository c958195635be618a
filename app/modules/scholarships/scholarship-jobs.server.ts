// Background work for scholarships, every minute in each app instance: reply reminders, lapsing
// unanswered awards, registering pairs whose replies have settled, and erasing stories past
// retention. Every step is a guarded state change, so instances never do the same job twice.
import type { Db } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { startPeriodicJob } from "~/shared/periodic-job.server.ts";
import { lapseOverdueAwards, registerSettledAwards, sendReplyReminders } from "./award-replies.server.ts";
import { eraseExpiredStories } from "./retention.server.ts";

const ROUND_MS = 60_000;

/** One round; returns what it did (tests call it directly with the time they need). */
export async function runScholarshipJobs(db: Db, env: Pick<Env, "appUrl" | "mailFrom">, now = new Date()) {
  const reminded = await sendReplyReminders(db, env, now);
  const lapsed = await lapseOverdueAwards(db, env, now);
  const registered = await registerSettledAwards(db, env, now);
  const erased = await eraseExpiredStories(db, now);
  return { reminded, lapsed, registered, erased };
}

/** Runs runScholarshipJobs every minute in the app process. Returns a function that stops it. */
export function startScholarshipJobs({ db, env }: { db: Db; env: Env }): () => Promise<void> {
  return startPeriodicJob("[scholarships] jobs", () => runScholarshipJobs(db, env), {
    firstDelayMs: 5_000,
    everyMs: ROUND_MS,
  });
}
