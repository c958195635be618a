// Checking an attendee's answers against the event's registration questions.
import type { QuestionKind } from "~/generated/prisma/enums.ts";

export type QuestionForAnswers = { id: string; label: string; kind: QuestionKind; options: string[]; required: boolean };
export type Answer = string | string[];
export type AnswersCheck = { ok: true } | { ok: false; questionId: string; message: string };

const YES_NO = ["yes", "no"];

function isBlank(answer: Answer | undefined): boolean {
  return answer === undefined || (Array.isArray(answer) ? answer.length === 0 : answer.trim() === "");
}

/** Required questions answered, choices among the options, nothing for unknown questions. */
export function validateAnswers(questions: QuestionForAnswers[], answers: Record<string, Answer>): AnswersCheck {
  const known = new Set(questions.map((q) => q.id));
  const unknown = Object.keys(answers).find((id) => !known.has(id));
  if (unknown) return { ok: false, questionId: unknown, message: "That question is not asked for this event." };
  for (const q of questions) {
    const answer = answers[q.id];
    if (isBlank(answer)) {
      if (q.required) return { ok: false, questionId: q.id, message: `Please answer “${q.label}”.` };
      continue;
    }
    const values = Array.isArray(answer) ? answer : [answer as string];
    if (q.kind === "TEXT" && Array.isArray(answer))
      return { ok: false, questionId: q.id, message: `Answer “${q.label}” in words.` };
    if ((q.kind === "SINGLE_CHOICE" || q.kind === "YES_NO") && values.length > 1)
      return { ok: false, questionId: q.id, message: `Choose one answer for “${q.label}”.` };
    const allowed = q.kind === "YES_NO" ? YES_NO : q.kind === "TEXT" ? null : q.options;
    if (allowed && values.some((v) => !allowed.includes(v)))
      return { ok: false, questionId: q.id, message: `Choose one of the listed answers for “${q.label}”.` };
  }
  return { ok: true };
}

/** An answer as a person reads it (CSV, tables). */
export function formatAnswer(answer: unknown): string {
  if (Array.isArray(answer)) return answer.join("; ");
  if (answer === "yes") return "Yes";
  if (answer === "no") return "No";
  return typeof answer === "string" ? answer : "";
}
