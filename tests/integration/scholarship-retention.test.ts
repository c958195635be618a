// Retention: stories and financial need are erased `retentionMonths` after the event ends (time
// passed in), once, and everything else — scores, decisions, awards, amounts — stays.
import { describe, expect, it } from "vitest";
import { eraseExpiredStories } from "~/modules/scholarships/retention.server.ts";
import { runScholarshipJobs } from "~/modules/scholarships/scholarship-jobs.server.ts";
import {
  awardFactory,
  eventFactory,
  reviewAssignmentFactory,
  scholarshipApplicationFactory,
  scholarshipCycleFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
const MAIL = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>" };

/** An event that ended on 30 September 2027 (Chicago), with a cycle keeping stories for `months`. */
async function endedCycle(months: number) {
  const event = await eventFactory(t.db, {
    localStart: "2027-09-28T08:00",
    localEnd: "2027-09-30T17:00",
    timeZone: "America/Chicago",
  });
  const cycle = await scholarshipCycleFactory(t.db, { eventId: event.id, traits: ["closed"], retentionMonths: months });
  const awarded = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
  await reviewAssignmentFactory(t.db, { applicationId: awarded.id, traits: ["scored"], scores: [5, 4, 3] });
  const award = await awardFactory(t.db, { applicationId: awarded.id, traits: ["accepted"] });
  const draft = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id });
  return { cycle, awarded, award, draft };
}

const at = (iso: string) => new Date(iso);

describe("erasing stories", () => {
  it("erases stories and financial need after the retention period, leaving scores, awards and amounts", async () => {
    const { cycle, awarded, award, draft } = await endedCycle(12);
    const scoresBefore = await t.db.reviewScore.findMany({ orderBy: { criterionId: "asc" } });
    const awardBefore = await t.db.award.findUniqueOrThrow({ where: { id: award.id } });
    const entriesBefore = await t.db.fundEntry.findMany({ orderBy: { id: "asc" } });

    // 30 Sep 2027 17:00 CDT + 12 months = 30 Sep 2028 22:00 UTC.
    expect(await eraseExpiredStories(t.db, at("2028-09-30T21:59:00Z"))).toEqual([]);
    expect((await t.db.scholarshipApplication.findUniqueOrThrow({ where: { id: awarded.id } })).storyCipher).not.toBeNull();

    const now = at("2028-09-30T22:00:00Z");
    expect(await eraseExpiredStories(t.db, now)).toEqual([{ cycleId: cycle.id, erased: 2 }]);
    for (const id of [awarded.id, draft.id]) {
      expect(await t.db.scholarshipApplication.findUniqueOrThrow({ where: { id } })).toMatchObject({
        storyCipher: null,
        financialNeedCipher: null,
        storyErasedAt: now,
      });
    }
    const after = await t.db.scholarshipApplication.findUniqueOrThrow({ where: { id: awarded.id } });
    expect(after).toMatchObject({
      status: "AWARDED",
      requestTravelCents: awarded.requestTravelCents,
      requestLodgingCents: awarded.requestLodgingCents,
    });
    expect(await t.db.reviewScore.findMany({ orderBy: { criterionId: "asc" } })).toEqual(scoresBefore);
    expect(await t.db.award.findUniqueOrThrow({ where: { id: award.id } })).toEqual(awardBefore);
    expect(await t.db.fundEntry.findMany({ orderBy: { id: "asc" } })).toEqual(entriesBefore);
    expect(await t.db.auditLog.findMany({ where: { action: "scholarship.stories.erased" } })).toEqual([
      expect.objectContaining({ subjectId: cycle.id, detail: { applications: 2 } }),
    ]);
  });

  it("erases each story once, however often and wherever the job runs", async () => {
    const recent = await endedCycle(24);
    const { cycle } = await endedCycle(6);
    const now = at("2028-06-01T00:00:00Z");
    const rounds = await Promise.all([runScholarshipJobs(t.db, MAIL, now), runScholarshipJobs(t.db, MAIL, now)]);
    expect(rounds.flatMap((r) => r.erased)).toEqual([{ cycleId: cycle.id, erased: 2 }]);
    expect(await eraseExpiredStories(t.db, now)).toEqual([]);
    expect(await t.db.auditLog.count({ where: { action: "scholarship.stories.erased" } })).toBe(1);
    // The cycle that keeps stories for two years is untouched.
    expect(await t.db.scholarshipApplication.count({ where: { cycleId: recent.cycle.id, storyCipher: { not: null } } })).toBe(2);
  });
});
