import { z } from "zod";

export const QUESTION_KINDS = ["TEXT", "SINGLE_CHOICE", "MULTI_CHOICE", "YES_NO"] as const;
export type QuestionKindValue = (typeof QUESTION_KINDS)[number];
export const QUESTION_KIND_LABELS: Record<QuestionKindValue, string> = {
  TEXT: "Text",
  SINGLE_CHOICE: "Single choice",
  MULTI_CHOICE: "Multiple choice",
  YES_NO: "Yes / no",
};
const CHOICE_KINDS: readonly QuestionKindValue[] = ["SINGLE_CHOICE", "MULTI_CHOICE"];
export const isChoiceKind = (kind: QuestionKindValue) => CHOICE_KINDS.includes(kind);

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 20;

/**
 * Asked of every attendee whatever the organiser configures (they are columns of the
 * registration, not answers), shown to organisers as fixed rows so they don't add them twice.
 */
export const BUILT_IN_QUESTIONS = [
  {
    label: "Accessibility needs",
    detail: "Step-free access, captioning / ASL, quiet room, service animal, dietary (with notes), other (with notes).",
  },
  {
    label: "Photo and recording consent",
    detail: "Yes or no; the badge shows a “no photos” mark for people who say no.",
  },
] as const;

/** One option a line; blank lines are ignored. */
const optionLines = z
  .string()
  .max(4000, "At most 4,000 characters of options")
  .default("")
  .transform((text) =>
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  );

export const questionSchema = z
  .object({
    label: z
      .string({ error: "Enter the question" })
      .trim()
      .min(3, "Use at least 3 characters")
      .max(200, "At most 200 characters"),
    help: z.string().trim().max(500, "At most 500 characters").default(""),
    kind: z.enum(QUESTION_KINDS, { error: "Choose the kind of answer" }),
    options: optionLines,
    required: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (!isChoiceKind(v.kind)) return;
    const issue = (message: string) => ctx.addIssue({ code: "custom", path: ["options"], message });
    if (v.options.length < MIN_OPTIONS) return issue(`Give at least ${MIN_OPTIONS} options, one a line`);
    if (v.options.length > MAX_OPTIONS) return issue(`At most ${MAX_OPTIONS} options`);
    const long = v.options.find((o) => o.length > 100);
    if (long) return issue(`Keep each option to 100 characters (“${long.slice(0, 30)}…” is longer)`);
    const seen = new Set<string>();
    for (const option of v.options) {
      const key = option.toLowerCase();
      if (seen.has(key)) return issue(`“${option}” is listed twice`);
      seen.add(key);
    }
  })
  // Options only mean something for choice questions; stale ones from a kind change are dropped.
  .transform((v) => ({ ...v, options: isChoiceKind(v.kind) ? v.options : [] }));
export type QuestionInput = z.output<typeof questionSchema>;

export const moveQuestionSchema = z.object({
  intent: z.enum(["move-up", "move-down"]),
  questionId: z.string({ error: "Choose a question" }).trim().min(1).max(64),
});

export const deleteQuestionSchema = z.object({
  intent: z.literal("delete"),
  questionId: z.string({ error: "Choose a question" }).trim().min(1).max(64),
});
