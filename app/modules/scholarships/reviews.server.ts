// Reviewing: a reviewer sees only their own assignments (anyone else's id is a 404), reads
// the story through readStory, scores each criterion 1–5 with a private comment, or declares
// a conflict of interest and is recused. applicationScores gives the committee each
// application's weighted mean and spread in one grouped query.
import { Prisma } from "~/generated/prisma/client.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { ForbiddenError, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { applicantAlias } from "./application-status.ts";
import type { ReviewInput, ReviewState } from "./review.schema.ts";
import { topUpApplication } from "./reviewer-assignment.server.ts";
import { readStory, type Story, type StoryReader } from "./story-access.server.ts";
import type { StoryKeys } from "./story-crypto.server.ts";

function reviewState(a: {
  conflictDeclaredAt: Date | null;
  submittedAt: Date | null;
  scores: unknown[];
  application: { status: string };
}): ReviewState {
  if (a.conflictDeclaredAt) return "recused";
  if (a.submittedAt) return "submitted";
  if (a.application.status !== "SUBMITTED") return "closed";
  return a.scores.length ? "draft" : "to-score";
}

/** The reviewer's assignments, those still to do first. Blind cycles show an alias, not a name. */
export async function listMyAssignments(db: Db, reviewerId: string) {
  const assignments = await db.reviewAssignment.findMany({
    where: { reviewerId },
    orderBy: { createdAt: "asc" },
    include: {
      scores: { select: { criterionId: true } },
      application: {
        select: {
          id: true,
          role: true,
          status: true,
          applicant: { select: { name: true } },
          cycle: {
            select: {
              id: true,
              name: true,
              blindReview: true,
              closesAt: true,
              event: { select: { name: true, timeZone: true } },
            },
          },
        },
      },
    },
  });
  const order: Record<ReviewState, number> = { "to-score": 0, draft: 1, submitted: 2, recused: 3, closed: 4 };
  return assignments
    .map((a) => ({
      id: a.id,
      state: reviewState(a),
      submittedAt: a.submittedAt,
      role: a.application.role,
      applicant: a.application.cycle.blindReview ? applicantAlias(a.application.id) : a.application.applicant.name,
      cycle: a.application.cycle,
    }))
    .sort((x, y) => order[x.state] - order[y.state]);
}

/**
 * One assignment for its reviewer, with the application as they may see it and its story
 * (read through readStory, so audited) unless they are recused or the application is closed.
 */
export async function getReviewAssignment(
  db: Db,
  keys: StoryKeys,
  reviewer: StoryReader,
  assignmentId: string,
): Promise<ReviewView> {
  const assignment = await db.reviewAssignment.findFirst({
    where: { id: assignmentId, reviewerId: reviewer.id },
    include: {
      scores: { select: { criterionId: true, score: true } },
      application: {
        include: {
          applicant: { select: { name: true, email: true, organisation: true } },
          cycle: {
            include: {
              event: { select: { name: true, timeZone: true } },
              criteria: { orderBy: [{ position: "asc" }, { name: "asc" }] },
            },
          },
        },
      },
    },
  });
  if (!assignment) throw new NotFoundError("That review doesn't exist.");
  const { application } = assignment;
  const { cycle } = application;
  const state = reviewState(assignment);
  const partner = application.pairId
    ? await db.scholarshipApplication.findFirst({
        where: { pairId: application.pairId, id: { not: application.id } },
        select: { id: true, role: true, applicant: { select: { name: true } } },
      })
    : null;
  let story: Story | null = null;
  if (state !== "recused" && state !== "closed" && application.consentReviewersRead)
    story = await readStory(db, { applicationId: application.id, reader: reviewer, purpose: "review", keys });
  return {
    id: assignment.id,
    state,
    comment: assignment.comment,
    conflictReason: assignment.conflictReason,
    submittedAt: assignment.submittedAt,
    scores: Object.fromEntries(assignment.scores.map((s) => [s.criterionId, s.score])),
    criteria: cycle.criteria.map((c) => ({ id: c.id, name: c.name, description: c.description, weight: c.weight })),
    cycle: { id: cycle.id, name: cycle.name, blindReview: cycle.blindReview, event: cycle.event },
    application: {
      id: application.id,
      alias: applicantAlias(application.id),
      role: application.role,
      status: application.status,
      // Blind review: no name, email or organisation reaches the reviewer's page at all.
      applicant: cycle.blindReview
        ? null
        : {
            name: application.applicant.name,
            email: application.applicant.email,
            organisation: application.applicant.organisation,
          },
      partner: partner
        ? { role: partner.role, label: cycle.blindReview ? applicantAlias(partner.id) : partner.applicant.name }
        : null,
      requestWaiver: application.requestWaiver,
      requestTravelCents: application.requestTravelCents,
      requestLodgingCents: application.requestLodgingCents,
      accessibilityNeeds: application.accessibilityNeeds,
      consentReviewersRead: application.consentReviewersRead,
      submittedAt: application.submittedAt,
    },
    story,
  };
}

export type ReviewView = {
  id: string;
  state: ReviewState;
  comment: string;
  conflictReason: string;
  submittedAt: Date | null;
  scores: Record<string, number>;
  criteria: { id: string; name: string; description: string; weight: number }[];
  cycle: { id: string; name: string; blindReview: boolean; event: { name: string; timeZone: string } };
  application: {
    id: string;
    alias: string;
    role: "PATIENT" | "CAREGIVER";
    status: string;
    applicant: { name: string; email: string; organisation: string } | null;
    partner: { role: "PATIENT" | "CAREGIVER"; label: string } | null;
    requestWaiver: boolean;
    requestTravelCents: number;
    requestLodgingCents: number;
    accessibilityNeeds: string[];
    consentReviewersRead: boolean;
    submittedAt: Date | null;
  };
  story: Story | null;
};

/** The rubric a reviewer's own assignment is scored on (for parsing their form); others' ids are a 404. */
export async function reviewCriteria(db: Db, reviewerId: string, assignmentId: string) {
  const assignment = await db.reviewAssignment.findFirst({
    where: { id: assignmentId, reviewerId },
    select: {
      application: {
        select: {
          cycle: { select: { criteria: { orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true } } } },
        },
      },
    },
  });
  if (!assignment) throw new NotFoundError("That review doesn't exist.");
  return assignment.application.cycle.criteria;
}

/** Locks the reviewer's own assignment for a change; others' ids are a 404. */
async function lockOwnAssignment(tx: DbTx, reviewerId: string, assignmentId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "ReviewAssignment" WHERE id = ${assignmentId} AND "reviewerId" = ${reviewerId} FOR UPDATE`;
  if (rows.length === 0) throw new NotFoundError("That review doesn't exist.");
  return tx.reviewAssignment.findUniqueOrThrow({
    where: { id: assignmentId },
    include: { application: { select: { id: true, status: true, cycleId: true } } },
  });
}

/** Saves the reviewer's scores and private comment as a draft, or submits them (all criteria scored). */
export async function saveReview(db: Db, reviewerId: string, assignmentId: string, input: ReviewInput, now = new Date()) {
  return db.$transaction(async (tx) => {
    const assignment = await lockOwnAssignment(tx, reviewerId, assignmentId);
    if (assignment.conflictDeclaredAt)
      throw new ForbiddenError("You declared a conflict of interest on this application, so you can't score it.");
    if (assignment.application.status !== "SUBMITTED") throw new RuleViolation("This application is no longer under review.");
    const criteria = await tx.scholarshipCriterion.findMany({ where: { cycleId: assignment.application.cycleId } });
    const scores = criteria.flatMap((c) => {
      const score = input.scores[c.id];
      return score === undefined ? [] : [{ assignmentId, criterionId: c.id, score }];
    });
    const submit = input.intent === "submit";
    if (submit && scores.length < criteria.length) throw new RuleViolation("Score every criterion before submitting.");
    await tx.reviewScore.deleteMany({ where: { assignmentId } });
    if (scores.length) await tx.reviewScore.createMany({ data: scores });
    await tx.reviewAssignment.update({
      where: { id: assignmentId },
      data: { comment: input.comment, submittedAt: submit ? now : null },
    });
    await recordAudit(tx, {
      actorId: reviewerId,
      action: submit ? "scholarship-review.submitted" : "scholarship-review.saved",
      subjectType: "ScholarshipApplication",
      subjectId: assignment.application.id,
      // Scores only: the comment is private to the committee.
      detail: { assignmentId, scored: scores.length },
    });
    return { submitted: submit };
  });
}

/** The reviewer recuses themselves: no more reading or scoring; another reviewer is assigned if one is free. */
export async function declareConflict(db: Db, reviewerId: string, assignmentId: string, reason: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const assignment = await lockOwnAssignment(tx, reviewerId, assignmentId);
    if (assignment.conflictDeclaredAt) throw new RuleViolation("You have already declared a conflict on this application.");
    await tx.reviewAssignment.update({
      where: { id: assignmentId },
      data: { conflictDeclaredAt: now, conflictReason: reason },
    });
    const topUp = assignment.application.status === "SUBMITTED" ? await topUpApplication(tx, assignment.application.id) : null;
    await recordAudit(tx, {
      actorId: reviewerId,
      action: "scholarship-review.conflict-declared",
      subjectType: "ScholarshipApplication",
      subjectId: assignment.application.id,
      detail: { assignmentId, replacements: topUp?.assigned ?? 0 },
    });
    return { replaced: (topUp?.assigned ?? 0) > 0 };
  });
}

export type ApplicationScore = {
  /** Mean of the submitted reviews' weighted means (1–5); null before any review is in. */
  mean: number | null;
  /** How far the reviewers disagree: lowest and highest review, and the standard deviation. */
  spread: { min: number; max: number; stdDev: number } | null;
  /** Submitted reviews by reviewers who are not recused. */
  reviews: number;
  /** Reviewers who declared a conflict. */
  recused: number;
};

/** A review that counts: submitted, by a reviewer who is not recused. */
const COUNTED = Prisma.sql`ra."submittedAt" IS NOT NULL AND ra."conflictDeclaredAt" IS NULL`;

/**
 * Every application of the cycle with its score, in one grouped query: each submitted,
 * non-recused review's weighted mean Σ(score·weight)/Σweight (scores reached through the
 * cycle's criteria, so no join back to applications), then their mean, min, max and
 * population standard deviation per application.
 */
export async function applicationScores(db: Db, cycleId: string): Promise<Map<string, ApplicationScore>> {
  const rows = await db.$queryRaw<
    {
      applicationId: string;
      mean: number | null;
      min: number | null;
      max: number | null;
      stdDev: number | null;
      reviews: number;
      recused: number;
    }[]
  >`
    WITH per AS (
      SELECT rs."assignmentId", SUM(rs.score * c.weight)::float8 / NULLIF(SUM(c.weight), 0) AS mean
      FROM "ReviewScore" rs
      JOIN "ScholarshipCriterion" c ON c.id = rs."criterionId"
      WHERE c."cycleId" = ${cycleId}
      GROUP BY rs."assignmentId"
    )
    SELECT sa.id AS "applicationId",
      AVG(per.mean) FILTER (WHERE ${COUNTED})::float8 AS mean,
      MIN(per.mean) FILTER (WHERE ${COUNTED})::float8 AS min,
      MAX(per.mean) FILTER (WHERE ${COUNTED})::float8 AS max,
      STDDEV_POP(per.mean) FILTER (WHERE ${COUNTED})::float8 AS "stdDev",
      COUNT(per.mean) FILTER (WHERE ${COUNTED})::int AS reviews,
      COUNT(ra.id) FILTER (WHERE ra."conflictDeclaredAt" IS NOT NULL)::int AS recused
    FROM "ScholarshipApplication" sa
    LEFT JOIN "ReviewAssignment" ra ON ra."applicationId" = sa.id
    LEFT JOIN per ON per."assignmentId" = ra.id
    WHERE sa."cycleId" = ${cycleId}
    GROUP BY sa.id`;
  return new Map(
    rows.map((r) => [
      r.applicationId,
      {
        mean: r.mean,
        spread: r.min === null || r.max === null ? null : { min: r.min, max: r.max, stdDev: r.stdDev ?? 0 },
        reviews: r.reviews,
        recused: r.recused,
      },
    ]),
  );
}
