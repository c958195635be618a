import type { Db } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { startPeriodicJob } from "~/shared/periodic-job.server.ts";
import { claimDueEmails, markFailed, markSent } from "./outbox.server.ts";
import { createMailTransport, type MailTransport, PermanentMailError } from "./transport.server.ts";

/** Sends every due email once. Returns how many were attempted. */
export async function deliverDueEmails(db: Db, transport: MailTransport): Promise<number> {
  const batch = await claimDueEmails(db);
  for (const email of batch) {
    try {
      await transport.send({
        from: email.fromAddress,
        to: email.toAddress,
        subject: email.subject,
        html: email.html,
        text: email.text,
      });
      await markSent(db, email.id, transport.name);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await markFailed(db, email, message.slice(0, 1000), error instanceof PermanentMailError);
    }
  }
  return batch.length;
}

/** Polls the outbox in the app process. Returns a function that stops it after the current round. */
export function startOutboxWorker({ db, env }: { db: Db; env: Env }): () => Promise<void> {
  const transport = createMailTransport(env);
  return startPeriodicJob(
    "[outbox] delivery round",
    async (isStopped) => {
      // Drain in batches; a full batch means more may be waiting.
      while (!isStopped() && (await deliverDueEmails(db, transport)) > 0) {}
    },
    { firstDelayMs: 0, everyMs: env.outboxPollMs },
  );
}
