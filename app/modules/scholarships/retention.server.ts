// Retention: applicants' stories and financial need are kept only as long as the cycle needs
// them. `retentionMonths` after its event ends, both ciphertexts are erased; scores, decisions,
// awards and amounts stay, so reports and the fund's history keep adding up.
import { DateTime } from "luxon";
import type { Db } from "~/shared/db.server.ts";
import { recordAudit } from "../audit/audit.server.ts";

export type ErasedCycle = { cycleId: string; erased: number };

/**
 * Erases what is due at `now` (a parameter, so tests can move time). One guarded UPDATE per
 * cycle — rows already erased are left alone — so running it twice, or on two instances at
 * once, erases each story once and audits it once.
 */
export async function eraseExpiredStories(db: Db, now = new Date()): Promise<ErasedCycle[]> {
  const cycles = await db.scholarshipCycle.findMany({
    where: { applications: { some: { storyErasedAt: null } } },
    select: { id: true, retentionMonths: true, event: { select: { endsAt: true, timeZone: true } } },
  });
  // "N months after the event" on the event's own calendar (31 Jan + 1 month = 28/29 Feb).
  const due = cycles.filter(
    (c) => DateTime.fromJSDate(c.event.endsAt, { zone: c.event.timeZone }).plus({ months: c.retentionMonths }).toJSDate() <= now,
  );
  const erased: ErasedCycle[] = [];
  for (const { id } of due) {
    const count = await db.$transaction(async (tx) => {
      const { count } = await tx.scholarshipApplication.updateMany({
        where: { cycleId: id, storyErasedAt: null },
        data: { storyCipher: null, financialNeedCipher: null, storyErasedAt: now },
      });
      if (count > 0)
        await recordAudit(tx, {
          actorId: null,
          action: "scholarship.stories.erased",
          subjectType: "ScholarshipCycle",
          subjectId: id,
          detail: { applications: count },
        });
      return count;
    });
    if (count > 0) erased.push({ cycleId: id, erased: count });
  }
  return erased;
}
