import { describe, expect, it } from "vitest";
import { type ApplicationProgress, applicantAlias, applicationStage, applicationTimeline } from "./application-status.ts";

const now = new Date("2027-03-01T12:00:00Z");
const base: ApplicationProgress = {
  status: "DRAFT",
  createdAt: new Date("2027-02-01T12:00:00Z"),
  submittedAt: null,
  withdrawnAt: null,
  decidedAt: null,
  underReview: false,
  award: null,
  cycle: { closesAt: new Date("2027-04-01T12:00:00Z"), decisionAt: new Date("2027-05-01T12:00:00Z") },
};
const states = (p: Partial<ApplicationProgress>) => applicationTimeline({ ...base, ...p }, now).map((s) => `${s.key}:${s.state}`);

describe("applicationTimeline", () => {
  it("walks draft → submitted → under review → decision → reply", () => {
    expect(states({})).toEqual(["draft:current", "submitted:upcoming", "review:upcoming", "decision:upcoming", "reply:upcoming"]);
    const submitted = { status: "SUBMITTED" as const, submittedAt: new Date("2027-02-10T12:00:00Z") };
    expect(states(submitted)).toEqual(["draft:done", "submitted:done", "review:upcoming", "decision:upcoming", "reply:upcoming"]);
    expect(states({ ...submitted, underReview: true })).toEqual([
      "draft:done",
      "submitted:done",
      "review:current",
      "decision:upcoming",
      "reply:upcoming",
    ]);
    const awarded = {
      ...submitted,
      status: "AWARDED" as const,
      decidedAt: new Date("2027-04-20T12:00:00Z"),
      award: { status: "OFFERED" as const, replyBy: new Date("2027-05-15T12:00:00Z"), respondedAt: null },
    };
    expect(states(awarded)).toEqual(["draft:done", "submitted:done", "review:done", "decision:done", "reply:current"]);
    const reply = applicationTimeline({ ...base, ...awarded }, now)[4];
    expect(reply).toMatchObject({ detail: "Waiting for your reply", when: { label: "Reply by", at: awarded.award.replyBy } });
    const accepted = { ...awarded, award: { ...awarded.award, status: "ACCEPTED" as const, respondedAt: now } };
    expect(states(accepted).at(-1)).toBe("reply:done");
    expect(applicationStage({ ...accepted, underReview: false })).toBe("Awarded · You accepted");
  });

  it("counts a submitted application as under review once applications close", () => {
    const closed = { status: "SUBMITTED" as const, submittedAt: base.createdAt, cycle: { ...base.cycle, closesAt: now } };
    expect(states(closed)[2]).toBe("review:current");
    expect(applicationStage({ status: "SUBMITTED", underReview: false, award: null })).toBe("Submitted");
    expect(applicationStage({ status: "SUBMITTED", underReview: true, award: null })).toBe("Under review");
  });

  it("stops a withdrawn application where it was, and says when a decision needs no reply", () => {
    expect(states({ status: "WITHDRAWN", submittedAt: base.createdAt, withdrawnAt: now })).toEqual([
      "draft:done",
      "submitted:done",
      "review:skipped",
      "decision:skipped",
      "reply:skipped",
    ]);
    const declined = applicationTimeline({ ...base, status: "DECLINED", submittedAt: base.createdAt, decidedAt: now }, now);
    expect(declined[3]).toMatchObject({ state: "done", detail: "Not awarded this time" });
    expect(declined[4]).toMatchObject({ state: "skipped", detail: "No reply needed" });
  });

  it("names applications by the last six characters of their id in blind review", () => {
    expect(applicantAlias("cmh1x2y3z4k3f9q2")).toBe("Applicant #K3F9Q2");
  });
});
