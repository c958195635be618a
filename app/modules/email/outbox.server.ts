import type { EmailOutbox } from "~/generated/prisma/client.ts";
import { type Db, type DbTx, UTC_NOW } from "~/shared/db.server.ts";
import { NotFoundError } from "~/shared/errors.ts";
import { pageCount } from "~/shared/pagination.ts";
import type { RenderedEmail } from "./templates.server.ts";

export const MAX_ATTEMPTS = 6;
/** How long a claimed email stays ours before another worker may assume we crashed. */
const CLAIM_SECONDS = 120;

/**
 * Queues an email. Call it with the same transaction as the change that causes the
 * mail, so the mail exists exactly when the change does.
 */
export function enqueueEmail(tx: DbTx, mail: RenderedEmail & { to: string; from: string }) {
  return tx.emailOutbox.create({
    data: {
      template: mail.template,
      toAddress: mail.to,
      fromAddress: mail.from,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
    },
  });
}

/**
 * Claims due emails for this worker. SKIP LOCKED lets several app instances poll the
 * same table without sending anything twice; a claim that outlives CLAIM_SECONDS
 * (the instance died mid-send) becomes claimable again, so nothing is lost.
 *
 * The columns hold UTC wall time without a zone (Prisma's DateTime), while now() would be
 * converted through the session's TimeZone, which on a server set to a local zone shifts
 * every comparison by hours; hence UTC_NOW.
 */
export function claimDueEmails(db: Db, limit = 10): Promise<EmailOutbox[]> {
  return db.$queryRaw<EmailOutbox[]>`
    UPDATE "EmailOutbox" SET status = 'SENDING', attempts = attempts + 1,
      "lockedUntil" = ${UTC_NOW} + make_interval(secs => ${CLAIM_SECONDS})
    WHERE id IN (
      SELECT id FROM "EmailOutbox"
      WHERE (status = 'PENDING' AND "nextAttemptAt" <= ${UTC_NOW})
         OR (status = 'SENDING' AND "lockedUntil" < ${UTC_NOW})
      ORDER BY "nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`;
}

/** 30 s, 1 min, 2 min … capped at one hour. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

export function markSent(db: Db, id: string, transport: string) {
  return db.emailOutbox.updateMany({
    where: { id, status: "SENDING" },
    data: { status: "SENT", sentAt: new Date(), lockedUntil: null, lastError: null, transport },
  });
}

/** Permanent failures stop at once; others retry with backoff until MAX_ATTEMPTS. */
export function markFailed(db: Db, email: Pick<EmailOutbox, "id" | "attempts">, error: string, permanent: boolean) {
  const giveUp = permanent || email.attempts >= MAX_ATTEMPTS;
  return db.emailOutbox.updateMany({
    where: { id: email.id, status: "SENDING" },
    data: giveUp
      ? { status: "FAILED", lockedUntil: null, lastError: error }
      : {
          status: "PENDING",
          lockedUntil: null,
          lastError: error,
          nextAttemptAt: new Date(Date.now() + retryDelaySeconds(email.attempts) * 1000),
        },
  });
}

/** Puts a failed email back in the queue (organiser's "retry" button). */
export function retryEmail(db: Db, id: string) {
  return db.emailOutbox.updateMany({
    where: { id, status: "FAILED" },
    data: { status: "PENDING", attempts: 0, nextAttemptAt: new Date(), lastError: null },
  });
}

export const OUTBOX_PAGE_SIZE = 25;

export async function listOutbox(
  db: Db,
  { page, status, search }: { page: number; status?: EmailOutbox["status"]; search?: string },
) {
  const where = {
    ...(status ? { status } : {}),
    ...(search
      ? {
          OR: [
            { toAddress: { contains: search, mode: "insensitive" as const } },
            { subject: { contains: search, mode: "insensitive" as const } },
          ],
        }
      : {}),
  };
  const [emails, total] = await Promise.all([
    db.emailOutbox.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * OUTBOX_PAGE_SIZE,
      take: OUTBOX_PAGE_SIZE,
      select: {
        id: true,
        toAddress: true,
        subject: true,
        status: true,
        template: true,
        attempts: true,
        createdAt: true,
        sentAt: true,
        transport: true,
        lastError: true,
      },
    }),
    db.emailOutbox.count({ where }),
  ]);
  return { emails, total, pageCount: pageCount(total, OUTBOX_PAGE_SIZE) };
}

export async function getOutboxEmail(db: Db, id: string) {
  const email = await db.emailOutbox.findUnique({ where: { id } });
  if (!email) throw new NotFoundError("That email doesn't exist.");
  return email;
}
