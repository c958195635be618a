// Where an application stands, as its applicant sees it: draft → submitted → under review →
// decision → reply. Pure, so the status page, the lists and the tests read it alike.
import type { ApplicationStatus, AwardStatus } from "~/generated/prisma/enums.ts";

export type StepKey = "draft" | "submitted" | "review" | "decision" | "reply";
export type StepState = "done" | "current" | "upcoming" | "skipped";
/** One step; `when` dates it: "Submitted 3 Dec…", "Expected by 1 Jun…". */
export type TimelineStep = {
  key: StepKey;
  label: string;
  state: StepState;
  detail: string;
  when: { label: string; at: Date } | null;
};

export type ApplicationProgress = {
  status: ApplicationStatus;
  createdAt: Date;
  submittedAt: Date | null;
  withdrawnAt: Date | null;
  decidedAt: Date | null;
  /** At least one reviewer is assigned (and not recused). */
  underReview: boolean;
  award: { status: AwardStatus; replyBy: Date; respondedAt: Date | null } | null;
  cycle: { closesAt: Date; decisionAt: Date };
};

const DECIDED: ApplicationStatus[] = ["AWARDED", "WAITLISTED", "DECLINED"];

const DECISION_WORDS: Partial<Record<ApplicationStatus, string>> = {
  AWARDED: "Awarded a scholarship",
  WAITLISTED: "On the waiting list: we'll write if money frees up",
  DECLINED: "Not awarded this time",
};

const REPLY_WORDS: Record<AwardStatus, string> = {
  OFFERED: "Waiting for your reply",
  ACCEPTED: "You accepted",
  DECLINED: "You declined",
  LAPSED: "The reply deadline passed",
};

/** The five steps with their states; a withdrawn application stops where it was withdrawn. */
export function applicationTimeline(p: ApplicationProgress, now = new Date()): TimelineStep[] {
  const submitted = p.submittedAt !== null;
  const decided = DECIDED.includes(p.status);
  const withdrawn = p.status === "WITHDRAWN";
  const closed = now >= p.cycle.closesAt;
  const reviewing = submitted && !decided && !withdrawn && (p.underReview || closed);
  const after = (done: boolean, current: boolean): StepState =>
    done ? "done" : withdrawn ? "skipped" : current ? "current" : "upcoming";

  const reply: TimelineStep = { key: "reply", label: "Your reply", state: "upcoming", detail: "", when: null };
  if (p.status === "AWARDED" && p.award) {
    const offered = p.award.status === "OFFERED";
    reply.state = offered ? "current" : "done";
    reply.detail = REPLY_WORDS[p.award.status];
    reply.when = offered
      ? { label: "Reply by", at: p.award.replyBy }
      : p.award.respondedAt
        ? { label: "On", at: p.award.respondedAt }
        : null;
  } else if (p.status === "DECLINED" || p.status === "WAITLISTED") {
    reply.state = p.status === "DECLINED" ? "skipped" : "upcoming";
    reply.detail = p.status === "DECLINED" ? "No reply needed" : "Only if an award is offered";
  } else {
    reply.state = withdrawn ? "skipped" : "upcoming";
    reply.detail = "If you are awarded, you accept or decline by the reply deadline";
  }

  return [
    {
      key: "draft",
      label: "Draft",
      state: p.status === "DRAFT" ? "current" : submitted ? "done" : "skipped",
      detail: p.status === "DRAFT" ? "Not submitted yet" : "",
      when: p.status === "DRAFT" ? { label: "Submit by", at: p.cycle.closesAt } : { label: "Started", at: p.createdAt },
    },
    {
      key: "submitted",
      label: "Submitted",
      state: after(submitted, false),
      detail: submitted ? "We have your application" : "",
      when: p.submittedAt ? { label: "On", at: p.submittedAt } : null,
    },
    {
      key: "review",
      label: "Under review",
      state: after(decided, reviewing),
      detail: reviewing ? "Reviewers are reading applications" : decided ? "Reviewed" : "Reviews start as applications arrive",
      when: null,
    },
    {
      key: "decision",
      label: "Decision",
      state: after(decided, false),
      detail: decided ? (DECISION_WORDS[p.status] ?? "") : "",
      when: decided
        ? p.decidedAt
          ? { label: "On", at: p.decidedAt }
          : null
        : withdrawn
          ? null
          : { label: "Expected by", at: p.cycle.decisionAt },
    },
    reply,
  ];
}

/** One line for lists: "Draft", "Submitted", "Under review", "Awarded", "Withdrawn"… */
export function applicationStage(p: Pick<ApplicationProgress, "status" | "underReview" | "award">): string {
  if (p.status === "SUBMITTED") return p.underReview ? "Under review" : "Submitted";
  if (p.status === "AWARDED" && p.award && p.award.status !== "OFFERED") return `Awarded · ${REPLY_WORDS[p.award.status]}`;
  return { DRAFT: "Draft", WITHDRAWN: "Withdrawn", AWARDED: "Awarded", WAITLISTED: "Waiting list", DECLINED: "Not awarded" }[
    p.status
  ];
}

/** "Applicant #K3F9Q2": how blind reviewers name an application. */
export function applicantAlias(applicationId: string): string {
  return `Applicant #${applicationId.slice(-6).toUpperCase()}`;
}
