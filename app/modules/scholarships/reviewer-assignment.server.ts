// Who reviews which application. Auto-assign gives every submitted application of a cycle
// its N reviewers, least-loaded REVIEWER users first (load: active assignments in the cycle),
// never the applicant or their pair partner, never someone recused from it. Re-running only
// tops up; a recusal tops its application up at once. The cycle's row is locked while
// assigning, so two organisers pressing the button at once don't over-assign.
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { isUniqueViolation, NotFoundError, RuleViolation } from "~/shared/errors.ts";

export type AssignmentRun = {
  /** Assignments created. */
  assigned: number;
  /** Applications still short of reviewers (not enough eligible reviewers). */
  short: { applicationId: string; missing: number }[];
};

/** People with the REVIEWER role, by name. */
export function listReviewers(db: DbTx) {
  return db.user.findMany({
    where: { roles: { has: "REVIEWER" } },
    orderBy: [{ name: "asc" }, { email: "asc" }],
    select: { id: true, name: true, email: true },
  });
}

async function lockCycle(tx: DbTx, cycleId: string) {
  const rows = await tx.$queryRaw<{ reviewersPerApplication: number }[]>`
    SELECT "reviewersPerApplication" FROM "ScholarshipCycle" WHERE id = ${cycleId} FOR UPDATE`;
  if (rows.length === 0) throw new NotFoundError("That scholarship cycle doesn't exist.");
  return rows[0].reviewersPerApplication;
}

/**
 * Tops up the cycle's submitted applications (or just `onlyApplicationId`) to N active
 * reviewers. Call inside a transaction that has locked the cycle (lockCycle).
 */
async function fill(tx: DbTx, cycleId: string, perApplication: number, onlyApplicationId?: string): Promise<AssignmentRun> {
  const [reviewers, applications, active] = await Promise.all([
    listReviewers(tx),
    tx.scholarshipApplication.findMany({
      where: { cycleId, status: "SUBMITTED", ...(onlyApplicationId ? { id: onlyApplicationId } : {}) },
      orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        applicantId: true,
        pairId: true,
        assignments: { select: { reviewerId: true, conflictDeclaredAt: true } },
      },
    }),
    tx.reviewAssignment.groupBy({
      by: ["reviewerId"],
      where: { conflictDeclaredAt: null, application: { cycleId } },
      _count: { _all: true },
    }),
  ]);
  const load = new Map(active.map((a) => [a.reviewerId, a._count._all]));
  const pairIds = [...new Set(applications.flatMap((a) => (a.pairId ? [a.pairId] : [])))];
  const pairMembers = pairIds.length
    ? await tx.scholarshipApplication.findMany({
        where: { pairId: { in: pairIds } },
        select: { pairId: true, applicantId: true },
      })
    : [];

  const rows: { applicationId: string; reviewerId: string }[] = [];
  const short: AssignmentRun["short"] = [];
  for (const application of applications) {
    const activeCount = application.assignments.filter((a) => !a.conflictDeclaredAt).length;
    const missing = perApplication - activeCount;
    if (missing <= 0) continue;
    const excluded = new Set([
      application.applicantId,
      ...application.assignments.map((a) => a.reviewerId),
      ...pairMembers.filter((m) => m.pairId === application.pairId).map((m) => m.applicantId),
    ]);
    const chosen = reviewers
      .filter((r) => !excluded.has(r.id))
      // Least loaded first; ties by name so the outcome is the same every run.
      .sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
      .slice(0, missing);
    for (const reviewer of chosen) {
      rows.push({ applicationId: application.id, reviewerId: reviewer.id });
      load.set(reviewer.id, (load.get(reviewer.id) ?? 0) + 1);
    }
    if (chosen.length < missing) short.push({ applicationId: application.id, missing: missing - chosen.length });
  }
  if (rows.length) await tx.reviewAssignment.createMany({ data: rows });
  return { assigned: rows.length, short };
}

/** Auto-assign for a whole cycle: balanced by load, idempotent (a re-run only tops up). */
export async function autoAssign(db: Db, actorId: string | null, cycleId: string): Promise<AssignmentRun> {
  return db.$transaction(async (tx) => {
    const perApplication = await lockCycle(tx, cycleId);
    const run = await fill(tx, cycleId, perApplication);
    await recordAudit(tx, {
      actorId,
      action: "scholarship-review.auto-assigned",
      subjectType: "ScholarshipCycle",
      subjectId: cycleId,
      detail: { assigned: run.assigned, short: run.short.length },
    });
    return run;
  });
}

/** Tops one application up after a recusal; inside the recusal's transaction. */
export async function topUpApplication(tx: DbTx, applicationId: string): Promise<AssignmentRun> {
  const application = await tx.scholarshipApplication.findUnique({ where: { id: applicationId }, select: { cycleId: true } });
  if (!application) throw new NotFoundError("That application doesn't exist.");
  const perApplication = await lockCycle(tx, application.cycleId);
  return fill(tx, application.cycleId, perApplication, applicationId);
}

/** An organiser assigns a reviewer by hand (beyond N if they wish). */
export async function assignReviewer(db: Db, actorId: string, applicationId: string, reviewerId: string) {
  const [application, reviewer] = await Promise.all([
    db.scholarshipApplication.findUnique({
      where: { id: applicationId },
      select: { id: true, status: true, applicantId: true, pairId: true, cycleId: true },
    }),
    db.user.findUnique({ where: { id: reviewerId }, select: { id: true, name: true, roles: true } }),
  ]);
  if (!application) throw new NotFoundError("That application doesn't exist.");
  if (!reviewer?.roles.includes("REVIEWER")) throw new RuleViolation("Choose someone with the reviewer role.", "reviewerId");
  if (application.status !== "SUBMITTED") throw new RuleViolation("Only submitted applications are reviewed.");
  const partnerIds = application.pairId
    ? (await db.scholarshipApplication.findMany({ where: { pairId: application.pairId }, select: { applicantId: true } })).map(
        (p) => p.applicantId,
      )
    : [];
  if (reviewer.id === application.applicantId || partnerIds.includes(reviewer.id))
    throw new RuleViolation("Applicants can't review their own application or their partner's.", "reviewerId");
  try {
    return await db.$transaction(async (tx) => {
      const assignment = await tx.reviewAssignment.create({ data: { applicationId, reviewerId } });
      await recordAudit(tx, {
        actorId,
        action: "scholarship-review.assigned",
        subjectType: "ScholarshipApplication",
        subjectId: applicationId,
        detail: { reviewerId, reviewer: reviewer.name },
      });
      return assignment;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new RuleViolation(`${reviewer.name} is already assigned to this application.`, "reviewerId");
    throw error;
  }
}

/** Removes an assignment nobody has submitted a review on; recusals and submitted reviews stay on record. */
export async function unassignReviewer(db: Db, actorId: string, applicationId: string, assignmentId: string) {
  return db.$transaction(async (tx) => {
    const assignment = await tx.reviewAssignment.findFirst({
      where: { id: assignmentId, applicationId },
      include: { reviewer: { select: { name: true } } },
    });
    if (!assignment) throw new NotFoundError("That assignment doesn't exist.");
    if (assignment.conflictDeclaredAt)
      throw new RuleViolation(`${assignment.reviewer.name} is recused; the recusal stays on record.`);
    const { count } = await tx.reviewAssignment.deleteMany({ where: { id: assignment.id, submittedAt: null } });
    if (count === 0) throw new RuleViolation(`${assignment.reviewer.name} has submitted a review; it stays on record.`);
    await recordAudit(tx, {
      actorId,
      action: "scholarship-review.unassigned",
      subjectType: "ScholarshipApplication",
      subjectId: applicationId,
      detail: { reviewerId: assignment.reviewerId, reviewer: assignment.reviewer.name },
    });
    return { name: assignment.reviewer.name };
  });
}
