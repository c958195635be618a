// The committee view and the cycle's reports: ranking by weighted mean (submitted, non-recused
// reviews only), pairs ranked and shown together, filters and pages, and no story text anywhere
// — not on the page's data, not in the report, not in the CSV.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { parseCommitteeFilter } from "~/modules/scholarships/award.schema.ts";
import { commitAward } from "~/modules/scholarships/awards.server.ts";
import { COMMITTEE_PAGE_SIZE, committeeView, prefillAward } from "~/modules/scholarships/committee.server.ts";
import { cycleReport, cycleReportCsv } from "~/modules/scholarships/scholarship-reports.server.ts";
import { NotFoundError } from "~/shared/errors.ts";
import {
  awardFactory,
  eventFactory,
  fundEntryFactory,
  reviewAssignmentFactory,
  scholarshipApplicationFactory,
  scholarshipCycleFactory,
  stipendPayoutFactory,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
const MAIL = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>" };
const STORY = "Since my diagnosis I moderate an online group for people with the same condition.";
const NEED = "Our household income dropped by half during treatment.";
const filter = (query = "") => parseCommitteeFilter(new URLSearchParams(query));

async function setUp() {
  const event = await eventFactory(t.db, { traits: ["published"], name: "Social Media Summit" });
  await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", priceCents: 49_500, position: 0 });
  // Starter rubric: impact ×3, financial need ×2, community ×1.
  const cycle = await scholarshipCycleFactory(t.db, { eventId: event.id, traits: ["closed"], maxAwardCents: 100_000 });
  await fundEntryFactory(t.db, { kind: "DONATION", amountCents: 300_000, reason: "A gift for the fund" });
  return { event, cycle };
}

async function applicant(cycleId: string, name: string, reviews: number[][], overrides = {}) {
  const user = await userFactory(t.db, { name, traits: ["verified"] });
  const app = await scholarshipApplicationFactory(t.db, {
    cycleId,
    applicantId: user.id,
    traits: ["submitted"],
    story: STORY,
    financialNeed: NEED,
    ...overrides,
  });
  for (const scores of reviews) await reviewAssignmentFactory(t.db, { applicationId: app.id, traits: ["scored"], scores });
  return app;
}

describe("the committee view", () => {
  it("ranks by weighted mean of submitted, non-recused reviews, with spread and count; a pair ranks as one", async () => {
    const { cycle } = await setUp();
    const ada = await applicant(cycle.id, "Ada", [
      [5, 5, 5],
      [5, 5, 5],
    ]);
    // Neither a recused reviewer's scores nor an unsubmitted review count.
    await reviewAssignmentFactory(t.db, { applicationId: ada.id, traits: ["scored", "recused"], scores: [1, 1, 1] });
    await reviewAssignmentFactory(t.db, { applicationId: ada.id, traits: ["scored"], scores: [1, 1, 1], submittedAt: null });
    // (5·3 + 3·2 + 1·1) / 6 = 3.667 and 3: mean 3.333, spread 0.667.
    const ben = await applicant(cycle.id, "Ben", [
      [5, 3, 1],
      [3, 3, 3],
    ]);
    const cy = await applicant(cycle.id, "Cy", [
      [4, 4, 4],
      [2, 2, 2],
    ]);
    const dee = await applicant(cycle.id, "Dee", [[5, 5, 5]], { role: "PATIENT", pairId: "pair-dee" });
    const eli = await applicant(cycle.id, "Eli", [[3, 3, 3]], { role: "CAREGIVER", pairId: "pair-dee" });
    const fay = await applicant(cycle.id, "Fay", []);
    await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, story: STORY });

    const view = await committeeView(t.db, cycle.id, filter());
    expect(view.total).toBe(5);
    expect(view.groups.map((g) => [g.rank, g.members.map((m) => m.id)])).toEqual([
      [1, [ada.id]],
      [2, [dee.id, eli.id]],
      [3, [ben.id]],
      [4, [cy.id]],
      [5, [fay.id]],
    ]);
    const member = (id: string) => view.groups.flatMap((g) => g.members).find((m) => m.id === id);
    expect(member(ada.id)).toMatchObject({ mean: 5, spread: 0, reviews: 2 });
    expect(member(ben.id)?.mean).toBeCloseTo(10 / 3, 6);
    expect(member(ben.id)?.spread).toBeCloseTo(2 / 3, 6);
    expect(member(cy.id)).toMatchObject({ mean: 3, spread: 2, reviews: 2 });
    expect(member(fay.id)).toMatchObject({ mean: null, spread: null, reviews: 0 });
    expect(member(dee.id)).toMatchObject({ paired: true, role: "PATIENT" });
    expect(view.groups[1].groupMean).toBe(4);
    expect(view.fund).toMatchObject({ availableCents: 300_000 });
    expect(view.waiverCents).toBe(49_500);
    // $495 + $400 + $300 asked, $1,000 at most: the waiver and travel fit, lodging is cut to $105.
    expect(member(ada.id)?.prefill).toEqual({ waiver: true, travelCents: 40_000, lodgingCents: 10_500 });
    expect(JSON.stringify(view)).not.toContain(STORY);
    expect(JSON.stringify(view)).not.toContain(NEED);
    expect(JSON.stringify(view)).not.toContain("v1.");
  });

  it("filters by status, role and name, shows a pair whole, and pages", async () => {
    const { cycle } = await setUp();
    const organiser = await userFactory(t.db, { traits: ["verified", "organizer"] });
    const dee = await applicant(cycle.id, "Dee Pair", [[5, 5, 5]], { role: "PATIENT", pairId: "pair-dee" });
    const eli = await applicant(cycle.id, "Eli Pair", [[3, 3, 3]], { role: "CAREGIVER", pairId: "pair-dee" });
    const awarded = await applicant(cycle.id, "Awarded Person", [[3, 3, 3]]);
    await commitAward(t.db, MAIL, {
      applicationId: awarded.id,
      decidedById: organiser.id,
      waiver: false,
      travelCents: 10_000,
      lodgingCents: 0,
    });
    await t.db.user.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({ email: `many${i}@example.org`, name: `Many ${i}`, passwordHash: "x" })),
    });
    for (const u of await t.db.user.findMany({ where: { email: { startsWith: "many" } } }))
      await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, applicantId: u.id, traits: ["submitted"] });

    const caregivers = await committeeView(t.db, cycle.id, filter("role=CAREGIVER"));
    expect(caregivers.groups.map((g) => g.members.map((m) => m.id))).toEqual([[dee.id, eli.id]]);
    const decided = await committeeView(t.db, cycle.id, filter("status=AWARDED"));
    expect(decided.groups.map((g) => [g.rank, g.members[0].id])).toEqual([[2, awarded.id]]);
    expect(decided.groups[0].members[0].award).toMatchObject({ status: "OFFERED", committedCents: 10_000 });
    const named = await committeeView(t.db, cycle.id, filter("q=eli%20p"));
    expect(named.groups.map((g) => g.members.length)).toEqual([2]);

    const first = await committeeView(t.db, cycle.id, filter());
    expect(first.total).toBe(32);
    expect(first.pageCount).toBe(2);
    expect(first.groups).toHaveLength(COMMITTEE_PAGE_SIZE);
    const second = await committeeView(t.db, cycle.id, filter("page=2"));
    expect(second.groups).toHaveLength(32 - COMMITTEE_PAGE_SIZE);
    const ids = [...first.groups, ...second.groups].flatMap((g) => g.members.map((m) => m.id));
    expect(new Set(ids).size).toBe(33);
    const beyond = await committeeView(t.db, cycle.id, filter("page=9"));
    expect(beyond).toMatchObject({ groups: [], total: 32 });
    // Malformed filters are ignored, not errors.
    expect(filter("status=BOGUS&role=x&page=-3")).toEqual({ page: 1, status: undefined, role: undefined, q: undefined });
    await expect(committeeView(t.db, "no-such-cycle", filter())).rejects.toThrow(NotFoundError);
  });

  it("pre-fills the request, trimmed to the maximum: waiver first, then travel, then lodging", () => {
    expect(prefillAward({ waiver: true, travelCents: 40_000, lodgingCents: 30_000 }, 49_500, 200_000)).toEqual({
      waiver: true,
      travelCents: 40_000,
      lodgingCents: 30_000,
    });
    expect(prefillAward({ waiver: true, travelCents: 60_000, lodgingCents: 30_000 }, 49_500, 100_000)).toEqual({
      waiver: true,
      travelCents: 50_500,
      lodgingCents: 0,
    });
    expect(prefillAward({ waiver: true, travelCents: 10_000, lodgingCents: 0 }, 49_500, 40_000)).toEqual({
      waiver: false,
      travelCents: 10_000,
      lodgingCents: 0,
    });
  });
});

describe("reports", () => {
  it("counts applications, patients and caregivers, awards and money, and exports a CSV without stories", async () => {
    const { cycle } = await setUp();
    const organiser = await userFactory(t.db, { traits: ["verified", "organizer"] });
    const accepted = await applicant(cycle.id, '=HYPERLINK("x")', [[5, 4, 3]]);
    const acceptedAward = await awardFactory(t.db, { applicationId: accepted.id, traits: ["accepted"], waiverCents: 49_500 });
    await stipendPayoutFactory(t.db, { awardId: acceptedAward.id, amountCents: 20_000 });
    const declined = await applicant(cycle.id, "Caregiver Declined", [], { role: "CAREGIVER" });
    await awardFactory(t.db, { applicationId: declined.id, traits: ["declined"], waiverCents: 0 });
    await applicant(cycle.id, "Still Waiting", []);
    await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, story: STORY });

    const report = await cycleReport(t.db, cycle.id);
    expect(report.applications.total).toBe(4);
    expect(report.applications.submitted).toBe(3);
    expect(Object.fromEntries(report.applications.byStatus.map((s) => [s.status, s.count]))).toMatchObject({
      DRAFT: 1,
      SUBMITTED: 1,
      AWARDED: 2,
    });
    expect(report.applications.byRole).toEqual([
      { role: "PATIENT", label: "Patient", applied: 2, awarded: 1, accepted: 1 },
      { role: "CAREGIVER", label: "Caregiver", applied: 1, awarded: 1, accepted: 0 },
    ]);
    expect(report.awards.total).toBe(2);
    // Accepted: $495 + $700 committed; declined: $700 committed and released. Paid: the waiver and $200.
    expect(report.money).toEqual({
      committedCents: 119_500 + 70_000,
      releasedCents: 70_000,
      paidCents: 49_500 + 20_000,
      outstandingCents: 119_500 - 49_500 - 20_000,
    });
    expect(report.submittedPerDay.reduce((n, d) => n + d.value, 0)).toBe(3);
    expect(JSON.stringify(report)).not.toContain(STORY);

    const { filename, csv } = await cycleReportCsv(t.db, organiser.id, cycle.id);
    expect(filename).toMatch(/-scholarships\.csv$/);
    expect(csv).not.toContain(STORY);
    expect(csv).not.toContain(NEED);
    expect(csv).not.toContain("v1.");
    const rows: Record<string, string>[] = parse(csv, { columns: true, bom: true });
    expect(rows).toHaveLength(3);
    const first = rows.find((r) => r.Application === accepted.id);
    expect(first).toMatchObject({
      Applicant: `'=HYPERLINK("x")`,
      Role: "Patient",
      Status: "Awarded",
      "Award status": "Accepted",
      Waiver: "495.00",
      Committed: "1195.00",
      Paid: "695.00",
      Reviews: "1",
    });
    // Only the date a story was erased, never its words.
    expect(Object.keys(first ?? {}).filter((column) => /story|need/i.test(column))).toEqual(["Story erased"]);
    expect(await t.db.auditLog.count({ where: { action: "scholarship.report.exported", actorId: organiser.id } })).toBe(1);
  });
});
