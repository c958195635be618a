import { z } from "zod";

// The reviewer's scoring form and conflict declaration, and the organiser's assignment buttons.

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;
export const SCORE_LABELS: Record<number, string> = { 1: "Weak", 2: "Fair", 3: "Good", 4: "Strong", 5: "Outstanding" };

/** Where a reviewer's assignment stands (see reviews.server.ts). */
export type ReviewState = "to-score" | "draft" | "submitted" | "recused" | "closed";

export const REVIEW_STATE_LABELS: Record<ReviewState, { label: string; tone: "slate" | "green" | "amber" | "blue" }> = {
  "to-score": { label: "To score", tone: "blue" },
  draft: { label: "Draft saved", tone: "amber" },
  submitted: { label: "Submitted", tone: "green" },
  recused: { label: "Recused", tone: "slate" },
  closed: { label: "No longer under review", tone: "slate" },
};

const score = z
  .number({ error: `Score from ${SCORE_MIN} to ${SCORE_MAX}.` })
  .int(`Score from ${SCORE_MIN} to ${SCORE_MAX}.`)
  .min(SCORE_MIN, `Score from ${SCORE_MIN} to ${SCORE_MAX}.`)
  .max(SCORE_MAX, `Score from ${SCORE_MIN} to ${SCORE_MAX}.`);

/** Scores keyed by criterion id; a draft may leave some out, submitting needs them all. */
export function reviewSchema(criteria: readonly { id: string; name: string }[]) {
  return z
    .object({
      intent: z.enum(["save", "submit"], { error: "Save or submit your review." }),
      scores: z.object(Object.fromEntries(criteria.map((c) => [c.id, score.optional()]))).default({}),
      comment: z.string().trim().max(5000, "Keep your comment to 5,000 characters.").default(""),
    })
    .superRefine((v, ctx) => {
      if (v.intent !== "submit") return;
      for (const c of criteria)
        if (v.scores[c.id] === undefined)
          ctx.addIssue({ code: "custom", path: ["scores", c.id], message: `Score “${c.name}” before submitting.` });
    })
    .transform((v) => ({ ...v, scores: v.scores as Record<string, number | undefined> }));
}
export type ReviewInput = z.output<ReturnType<typeof reviewSchema>>;

export const conflictSchema = z.object({
  intent: z.literal("declare-conflict"),
  reason: z
    .string({ error: "Say briefly why, e.g. “I know the applicant personally”." })
    .trim()
    .min(3, "Say briefly why, e.g. “I know the applicant personally”.")
    .max(500, "At most 500 characters."),
});

const id = (message: string) => z.string({ error: message }).trim().min(1, message).max(64, message);

/** The organiser's assignment buttons on an application and on the cycle's list. */
export const assignmentIntentSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("assign"), reviewerId: id("Choose a reviewer.") }),
    z.object({ intent: z.literal("unassign"), assignmentId: id("Choose an assignment.") }),
    z.object({ intent: z.literal("auto-assign") }),
  ],
  { error: "Unknown action." },
);
