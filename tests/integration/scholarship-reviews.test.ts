// Reviewing scholarship applications: balanced auto-assignment that only tops up, recusal by
// conflict of interest (no more reading or scoring; another reviewer steps in), reviewers
// seeing only their own assignments, blind mode, scoring, and the committee's scores.
import { describe, expect, it } from "vitest";
import { reviewSchema } from "~/modules/scholarships/review.schema.ts";
import {
  assignReviewer,
  autoAssign,
  topUpApplication,
  unassignReviewer,
} from "~/modules/scholarships/reviewer-assignment.server.ts";
import {
  applicationScores,
  declareConflict,
  getReviewAssignment,
  listMyAssignments,
  saveReview,
} from "~/modules/scholarships/reviews.server.ts";
import { ForbiddenError, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import {
  eventFactory,
  reviewAssignmentFactory,
  scholarshipApplicationFactory,
  scholarshipCycleFactory,
  TEST_STORY_KEYS,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
const KEYS = TEST_STORY_KEYS;

async function cycleWith(overrides: { reviewersPerApplication?: number; blindReview?: boolean } = {}) {
  const event = await eventFactory(t.db, { traits: ["published"] });
  return scholarshipCycleFactory(t.db, {
    eventId: event.id,
    criteria: [
      { name: "Impact", weight: 3 },
      { name: "Need", weight: 1 },
    ],
    ...overrides,
  });
}

const reviewers = (n: number, names = "ABCDEFGHIJ") =>
  Promise.all(
    Array.from({ length: n }, (_, i) => userFactory(t.db, { traits: ["verified", "reviewer"], name: `Reviewer ${names[i]}` })),
  );

async function loads(cycleId: string) {
  const rows = await t.db.reviewAssignment.groupBy({
    by: ["reviewerId"],
    where: { conflictDeclaredAt: null, application: { cycleId } },
    _count: { _all: true },
  });
  return rows.map((r) => r._count._all).sort();
}

async function rejection(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the work was accepted");
}

const parseReview = (criteria: { id: string; name: string }[], values: Record<string, unknown>) => {
  const parsed = reviewSchema(criteria).safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
};

describe("auto-assignment", () => {
  it("gives each submitted application N reviewers, balanced by load, never the applicant; re-running only tops up", async () => {
    const cycle = await cycleWith({ reviewersPerApplication: 2 });
    const pool = await reviewers(5);
    // A reviewer who applied themselves is never assigned their own application.
    const own = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, applicantId: pool[0].id, traits: ["submitted"] });
    const submitted = [own];
    for (let i = 0; i < 9; i++)
      submitted.push(await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] }));
    await scholarshipApplicationFactory(t.db, { cycleId: cycle.id });
    await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["withdrawn"] });

    const first = await autoAssign(t.db, null, cycle.id);
    expect(first).toEqual({ assigned: 20, short: [] });
    // 20 assignments over 5 reviewers: exactly 4 each.
    expect(await loads(cycle.id)).toEqual([4, 4, 4, 4, 4]);
    for (const application of submitted)
      expect(await t.db.reviewAssignment.count({ where: { applicationId: application.id } })).toBe(2);
    expect(await t.db.reviewAssignment.count({ where: { applicationId: own.id, reviewerId: pool[0].id } })).toBe(0);
    expect(await t.db.reviewAssignment.count({ where: { application: { status: { not: "SUBMITTED" } } } })).toBe(0);

    const before = await t.db.reviewAssignment.findMany({ orderBy: { id: "asc" } });
    expect(await autoAssign(t.db, null, cycle.id)).toEqual({ assigned: 0, short: [] });
    expect(await t.db.reviewAssignment.findMany({ orderBy: { id: "asc" } })).toEqual(before);

    // A late application goes to the least-loaded reviewers.
    const late = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
    await t.db.reviewAssignment.deleteMany({ where: { reviewerId: pool[4].id, applicationId: submitted[9].id } });
    const topped = await autoAssign(t.db, null, cycle.id);
    expect(topped.assigned).toBe(3);
    expect(await loads(cycle.id)).toEqual([4, 4, 4, 5, 5]);
    expect(await t.db.reviewAssignment.count({ where: { applicationId: late.id } })).toBe(2);
  });

  it("reports applications it could not fill, and never gives a pair's members each other's applications", async () => {
    const cycle = await cycleWith({ reviewersPerApplication: 3 });
    const [a, b, c] = await reviewers(3);
    const patient = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, applicantId: a.id, traits: ["submitted"] });
    await t.db.scholarshipApplication.update({ where: { id: patient.id }, data: { pairId: patient.id } });
    const caregiver = await scholarshipApplicationFactory(t.db, {
      cycleId: cycle.id,
      applicantId: b.id,
      role: "CAREGIVER",
      pairId: patient.id,
      traits: ["submitted"],
    });
    const run = await autoAssign(t.db, null, cycle.id);
    // Reviewer C is the only one who is neither half of the pair.
    expect(run).toEqual({
      assigned: 2,
      short: [
        { applicationId: patient.id, missing: 2 },
        { applicationId: caregiver.id, missing: 2 },
      ],
    });
    expect(
      await t.db.reviewAssignment.findMany({ select: { applicationId: true, reviewerId: true }, orderBy: { createdAt: "asc" } }),
    ).toEqual(
      expect.arrayContaining([
        { applicationId: patient.id, reviewerId: c.id },
        { applicationId: caregiver.id, reviewerId: c.id },
      ]),
    );
    expect(await t.db.reviewAssignment.count()).toBe(2);
    expect(await t.db.auditLog.count({ where: { action: "scholarship-review.auto-assigned" } })).toBe(1);
  });

  it("lets organisers assign and unassign by hand, within the rules", async () => {
    const cycle = await cycleWith();
    const [reviewer] = await reviewers(1);
    const attendee = await userFactory(t.db);
    const application = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
    const draft = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id });
    const organiser = await userFactory(t.db, { traits: ["organizer"] });

    expect(await rejection(assignReviewer(t.db, organiser.id, application.id, attendee.id))).toMatchObject({
      message: "Choose someone with the reviewer role.",
    });
    expect((await rejection(assignReviewer(t.db, organiser.id, draft.id, reviewer.id))).message).toMatch(/Only submitted/);
    const assignment = await assignReviewer(t.db, organiser.id, application.id, reviewer.id);
    expect((await rejection(assignReviewer(t.db, organiser.id, application.id, reviewer.id))).message).toMatch(
      /already assigned/,
    );
    await unassignReviewer(t.db, organiser.id, application.id, assignment.id);
    expect(await t.db.reviewAssignment.count()).toBe(0);

    const scored = await reviewAssignmentFactory(t.db, {
      applicationId: application.id,
      reviewerId: reviewer.id,
      traits: ["scored"],
    });
    expect((await rejection(unassignReviewer(t.db, organiser.id, application.id, scored.id))).message).toMatch(
      /submitted a review/,
    );
    expect(await rejection(unassignReviewer(t.db, organiser.id, draft.id, scored.id))).toBeInstanceOf(NotFoundError);
    expect(await t.db.reviewAssignment.count()).toBe(1);
  });
});

describe("what a reviewer sees", () => {
  it("only their own assignments: anyone else's assignment id is a 404", async () => {
    const cycle = await cycleWith();
    const [mine, theirs] = await reviewers(2);
    const application = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
    const other = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
    const assignment = await reviewAssignmentFactory(t.db, { applicationId: application.id, reviewerId: mine.id });
    const foreign = await reviewAssignmentFactory(t.db, { applicationId: other.id, reviewerId: theirs.id });

    expect(await rejection(getReviewAssignment(t.db, KEYS, mine, foreign.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(getReviewAssignment(t.db, KEYS, mine, "nonsense"))).toBeInstanceOf(NotFoundError);
    const form = parseReview([], { intent: "save", comment: "sneaky" });
    expect(await rejection(saveReview(t.db, mine.id, foreign.id, form))).toBeInstanceOf(NotFoundError);
    expect(await rejection(declareConflict(t.db, mine.id, foreign.id, "sneaky"))).toBeInstanceOf(NotFoundError);
    expect(await t.db.reviewAssignment.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({
      comment: "",
      conflictDeclaredAt: null,
    });
    expect((await listMyAssignments(t.db, mine.id)).map((a) => a.id)).toEqual([assignment.id]);
    expect(await t.db.auditLog.count({ where: { action: "story.read" } })).toBe(0);
  });

  it("blind mode hides the applicant's name and contact details; the story is read through the audited path", async () => {
    const blind = await cycleWith({ blindReview: true });
    const open = await cycleWith({ blindReview: false });
    const [reviewer] = await reviewers(1);
    const applicant = await userFactory(t.db, { name: "Robin Applicant", email: "robin@example.org", organisation: "Clinic" });
    const hidden = await scholarshipApplicationFactory(t.db, {
      cycleId: blind.id,
      applicantId: applicant.id,
      traits: ["submitted"],
    });
    const shown = await scholarshipApplicationFactory(t.db, {
      cycleId: open.id,
      applicantId: applicant.id,
      traits: ["submitted"],
    });
    const a = await reviewAssignmentFactory(t.db, { applicationId: hidden.id, reviewerId: reviewer.id });
    const b = await reviewAssignmentFactory(t.db, { applicationId: shown.id, reviewerId: reviewer.id });

    const blindView = await getReviewAssignment(t.db, KEYS, reviewer, a.id);
    expect(blindView.application.applicant).toBeNull();
    expect(blindView.application.alias).toBe(`Applicant #${hidden.id.slice(-6).toUpperCase()}`);
    expect(JSON.stringify(blindView)).not.toMatch(/Robin|robin@example|Clinic/);
    expect(blindView.story?.story).toMatch(/chronic illness/);
    expect((await listMyAssignments(t.db, reviewer.id)).find((x) => x.id === a.id)?.applicant).toBe(blindView.application.alias);

    const openView = await getReviewAssignment(t.db, KEYS, reviewer, b.id);
    expect(openView.application.applicant).toEqual({
      name: "Robin Applicant",
      email: "robin@example.org",
      organisation: "Clinic",
    });
    const reads = await t.db.auditLog.findMany({ where: { action: "story.read", actorId: reviewer.id } });
    expect(reads.map((r) => r.subjectId).sort()).toEqual([hidden.id, shown.id].sort());
  });
});

describe("conflicts of interest", () => {
  it("a recused reviewer can no longer read or score, shows as recused, and another reviewer is assigned", async () => {
    const cycle = await cycleWith({ reviewersPerApplication: 2 });
    const [a, b, c] = await reviewers(3);
    const application = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
    await autoAssign(t.db, null, cycle.id);
    const mine = await t.db.reviewAssignment.findFirstOrThrow({ where: { reviewerId: a.id } });
    const form = parseReview(cycle.criteria, {
      intent: "save",
      scores: { [cycle.criteria[0].id]: 4 },
      comment: "Started",
    });
    await saveReview(t.db, a.id, mine.id, form);

    expect(await declareConflict(t.db, a.id, mine.id, "She is my neighbour.")).toEqual({ replaced: true });
    expect(
      await t.db.reviewAssignment.findMany({ where: { applicationId: application.id }, select: { reviewerId: true } }),
    ).toEqual(expect.arrayContaining([{ reviewerId: a.id }, { reviewerId: b.id }, { reviewerId: c.id }]));
    const before = await t.db.reviewAssignment.findUniqueOrThrow({ where: { id: mine.id }, include: { scores: true } });
    expect(before).toMatchObject({ conflictReason: "She is my neighbour.", conflictDeclaredAt: expect.any(Date) });

    const submit = parseReview(cycle.criteria, {
      intent: "submit",
      scores: { [cycle.criteria[0].id]: 5, [cycle.criteria[1].id]: 5 },
    });
    const refused = await rejection(saveReview(t.db, a.id, mine.id, submit));
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect(refused.message).toMatch(/conflict of interest/);
    expect(await t.db.reviewAssignment.findUniqueOrThrow({ where: { id: mine.id }, include: { scores: true } })).toEqual(before);

    const view = await getReviewAssignment(t.db, KEYS, a, mine.id);
    expect(view.state).toBe("recused");
    expect(view.story).toBeNull();
    expect((await rejection(declareConflict(t.db, a.id, mine.id, "again"))).message).toMatch(/already declared/);
    // No story read was logged for the recused reviewer's visit.
    expect(await t.db.auditLog.count({ where: { action: "story.read", actorId: a.id } })).toBe(0);
    expect((await applicationScores(t.db, cycle.id)).get(application.id)).toMatchObject({ recused: 1, reviews: 0 });
    // Topping up again changes nothing: two active reviewers remain.
    expect((await t.db.$transaction((tx) => topUpApplication(tx, application.id))).assigned).toBe(0);
  });
});

describe("scoring", () => {
  it("saves drafts, submits only complete reviews and computes weighted means and spread per application", async () => {
    const cycle = await cycleWith();
    const [impact, need] = cycle.criteria;
    const [a, b, c, d] = await reviewers(4);
    const first = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
    const second = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
    const unreviewed = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
    const ra = await reviewAssignmentFactory(t.db, { applicationId: first.id, reviewerId: a.id });

    // A draft may be partial; a submission needs every criterion.
    await saveReview(
      t.db,
      a.id,
      ra.id,
      parseReview(cycle.criteria, { intent: "save", scores: { [impact.id]: 5 }, comment: "Moving." }),
    );
    expect(() => parseReview(cycle.criteria, { intent: "submit", scores: { [impact.id]: 5 } })).toThrow(
      "Score “Need” before submitting.",
    );
    expect(() => parseReview(cycle.criteria, { intent: "save", scores: { [impact.id]: 6 } })).toThrow("Score from 1 to 5.");
    expect((await applicationScores(t.db, cycle.id)).get(first.id)).toMatchObject({ reviews: 0, mean: null, spread: null });

    await saveReview(
      t.db,
      a.id,
      ra.id,
      parseReview(cycle.criteria, { intent: "submit", scores: { [impact.id]: 5, [need.id]: 1 }, comment: "Moving." }),
    );
    // (5·3 + 1·1) / 4 = 4
    await reviewAssignmentFactory(t.db, { applicationId: first.id, reviewerId: b.id, traits: ["scored"], scores: [2, 2] });
    // Recused and unsubmitted reviews don't count.
    await reviewAssignmentFactory(t.db, {
      applicationId: first.id,
      reviewerId: c.id,
      traits: ["scored", "recused"],
      scores: [1, 1],
    });
    await reviewAssignmentFactory(t.db, { applicationId: first.id, reviewerId: d.id });
    await reviewAssignmentFactory(t.db, { applicationId: second.id, reviewerId: d.id, traits: ["scored"], scores: [3, 5] });

    const scores = await applicationScores(t.db, cycle.id);
    expect(scores.size).toBe(3);
    expect(scores.get(first.id)).toEqual({ mean: 3, spread: { min: 2, max: 4, stdDev: 1 }, reviews: 2, recused: 1 });
    // (3·3 + 5·1) / 4 = 3.5
    expect(scores.get(second.id)).toEqual({ mean: 3.5, spread: { min: 3.5, max: 3.5, stdDev: 0 }, reviews: 1, recused: 0 });
    expect(scores.get(unreviewed.id)).toEqual({ mean: null, spread: null, reviews: 0, recused: 0 });
    const mine = await t.db.reviewAssignment.findUniqueOrThrow({ where: { id: ra.id } });
    expect(mine).toMatchObject({ comment: "Moving.", submittedAt: expect.any(Date) });
    // The private comment stays out of the audit log.
    expect(JSON.stringify(await t.db.auditLog.findMany())).not.toContain("Moving.");
  });

  it("closes scoring once the application leaves review", async () => {
    const cycle = await cycleWith();
    const [reviewer] = await reviewers(1);
    const application = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["withdrawn"] });
    const assignment = await reviewAssignmentFactory(t.db, { applicationId: application.id, reviewerId: reviewer.id });
    const refused = await rejection(
      saveReview(t.db, reviewer.id, assignment.id, parseReview(cycle.criteria, { intent: "save" })),
    );
    expect(refused).toBeInstanceOf(RuleViolation);
    expect(refused.message).toBe("This application is no longer under review.");
    const view = await getReviewAssignment(t.db, KEYS, reviewer, assignment.id);
    expect(view).toMatchObject({ state: "closed", story: null });
  });
});
