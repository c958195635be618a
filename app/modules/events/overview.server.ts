import type { Db } from "~/shared/db.server.ts";

/** Counts for the admin overview. */
export async function adminOverview(db: Db, now = new Date()) {
  const [upcoming, drafts, campuses, people, pendingEmails, failedEmails] = await Promise.all([
    db.event.count({ where: { published: true, endsAt: { gte: now } } }),
    db.event.count({ where: { published: false } }),
    db.campus.count(),
    db.user.count(),
    db.emailOutbox.count({ where: { status: { in: ["PENDING", "SENDING"] } } }),
    db.emailOutbox.count({ where: { status: "FAILED" } }),
  ]);
  return { upcoming, drafts, campuses, people, pendingEmails, failedEmails };
}
