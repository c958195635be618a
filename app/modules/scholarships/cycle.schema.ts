import { z } from "zod";
import { dollars, localDateTime } from "~/modules/registration/ticket-type.schema.ts";

// The organiser's scholarship cycle forms: the cycle's settings, and its rubric's criteria.
// Shared by the browser (Conform) and the server.

/** Most an award may be: a typo guard, far above any real travel and lodging. */
export const MAX_AWARD_LIMIT_CENTS = 5_000_000;
export const MAX_REVIEWERS_PER_APPLICATION = 10;
export const MAX_CRITERIA = 20;

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .number({ error: `Enter the ${label}` })
    .int(`Enter a whole number for the ${label}`)
    .min(min, `The ${label} must be at least ${min}`)
    .max(max, `The ${label} can be at most ${max.toLocaleString("en-US")}`);

const cycleFields = z.object({
  name: z
    .string({ error: "Name the cycle, e.g. “2027 scholarships”" })
    .trim()
    .min(3, "Use at least 3 characters")
    .max(100, "At most 100 characters"),
  opensAt: localDateTime("opening"),
  closesAt: localDateTime("closing"),
  decisionAt: localDateTime("decision"),
  replyBy: localDateTime("reply-by"),
  maxAward: dollars("maximum award").refine(
    (cents) => cents > 0 && cents <= MAX_AWARD_LIMIT_CENTS,
    `The maximum award must be more than $0 and at most $${(MAX_AWARD_LIMIT_CENTS / 100).toLocaleString("en-US")}`,
  ),
  reviewersPerApplication: wholeNumber("number of reviewers per application", 1, MAX_REVIEWERS_PER_APPLICATION),
  blindReview: z.boolean().default(false),
  retentionMonths: wholeNumber("retention in months", 1, 120),
  seats: wholeNumber("number of scholarship seats", 1, 10_000),
});

type CycleDates = { opensAt: string; closesAt: string; decisionAt: string; replyBy: string };
function inOrder<T extends z.ZodType<CycleDates>>(schema: T) {
  return schema
    .refine((v) => v.closesAt > v.opensAt, { path: ["closesAt"], message: "Applications must close after they open" })
    .refine((v) => v.decisionAt >= v.closesAt, { path: ["decisionAt"], message: "Decisions come after applications close" })
    .refine((v) => v.replyBy > v.decisionAt, { path: ["replyBy"], message: "Awardees need time to reply after the decision" });
}

/** Editing a cycle: its event is fixed. Wall-clock times are in the event's zone. */
export const cycleSchema = inOrder(cycleFields);
export type CycleInput = z.output<typeof cycleSchema>;

/** A new cycle names its event too. */
export const newCycleSchema = inOrder(
  cycleFields.extend({ eventId: z.string({ error: "Choose the event" }).trim().min(1, "Choose the event").max(64) }),
);
export type NewCycleInput = z.output<typeof newCycleSchema>;

export const criterionSchema = z.object({
  name: z
    .string({ error: "Name the criterion, e.g. “Impact of attending”" })
    .trim()
    .min(2, "Use at least 2 characters")
    .max(80, "At most 80 characters"),
  description: z.string().trim().max(500, "At most 500 characters").default(""),
  weight: wholeNumber("weight", 1, 100),
});
export type CriterionInput = z.output<typeof criterionSchema>;

const criterionId = z.string({ error: "Choose a criterion" }).trim().min(1, "Choose a criterion").max(64);

/** The rubric's buttons on the cycle page; `intent` picks one. */
export const rubricIntentSchema = z.discriminatedUnion(
  "intent",
  [
    criterionSchema.extend({ intent: z.literal("add-criterion") }),
    criterionSchema.extend({ intent: z.literal("save-criterion"), criterionId }),
    z.object({ intent: z.literal("move-up"), criterionId }),
    z.object({ intent: z.literal("move-down"), criterionId }),
    z.object({ intent: z.literal("remove-criterion"), criterionId }),
  ],
  { error: "Unknown action." },
);
export type RubricIntent = z.output<typeof rubricIntentSchema>;

/** A new cycle starts with this rubric; organisers edit it before reviews begin. */
export const STARTER_RUBRIC: CriterionInput[] = [
  { name: "Impact of attending", description: "How much attending would mean for the applicant and others.", weight: 3 },
  { name: "Financial need", description: "How much the support makes attending possible.", weight: 2 },
  { name: "Community contribution", description: "What they would bring back to patients and caregivers.", weight: 1 },
];
