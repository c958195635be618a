// Registration questions an organiser adds to an event (the built-in accessibility and
// photo-consent questions are fields of every registration, not rows here).
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Db } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import type { QuestionInput } from "./question.schema.ts";
import { getRegistrationEvent } from "./ticket-types.server.ts";

export async function listQuestions(db: Db, eventId: string) {
  const event = await getRegistrationEvent(db, eventId);
  const questions = await db.registrationQuestion.findMany({
    where: { eventId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
  return { event, questions };
}

export async function getQuestionForEdit(db: Db, eventId: string, questionId: string) {
  const event = await getRegistrationEvent(db, eventId);
  const question = await db.registrationQuestion.findFirst({ where: { id: questionId, eventId } });
  if (!question) throw new NotFoundError("That question doesn't exist.");
  return { event, question };
}

/** Creates (no `questionId`, added last) or updates a question. */
export async function saveQuestion(db: Db, actorId: string, eventId: string, input: QuestionInput, questionId?: string) {
  await getRegistrationEvent(db, eventId);
  const existing = questionId ? await db.registrationQuestion.findFirst({ where: { id: questionId, eventId } }) : null;
  if (questionId && !existing) throw new NotFoundError("That question doesn't exist.");
  const clash = await db.registrationQuestion.findFirst({
    where: { eventId, label: { equals: input.label, mode: "insensitive" }, ...(existing ? { id: { not: existing.id } } : {}) },
    select: { id: true },
  });
  if (clash) throw new RuleViolation("This event already asks this question.", "label");
  return db.$transaction(async (tx) => {
    const saved = existing
      ? await tx.registrationQuestion.update({ where: { id: existing.id }, data: input })
      : await tx.registrationQuestion.create({
          data: {
            ...input,
            eventId,
            position:
              ((await tx.registrationQuestion.aggregate({ where: { eventId }, _max: { position: true } }))._max.position ?? -1) +
              1,
          },
        });
    await recordAudit(tx, {
      actorId,
      action: existing ? "question.updated" : "question.created",
      subjectType: "RegistrationQuestion",
      subjectId: saved.id,
      detail: { eventId, label: saved.label, kind: saved.kind, options: saved.options, required: saved.required },
    });
    return saved;
  });
}

/** Swaps the question with its neighbour above or below; at either end nothing moves. */
export async function moveQuestion(db: Db, actorId: string, eventId: string, questionId: string, direction: "up" | "down") {
  return db.$transaction(async (tx) => {
    const questions = await tx.registrationQuestion.findMany({
      where: { eventId },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true, label: true },
    });
    const index = questions.findIndex((q) => q.id === questionId);
    if (index < 0) throw new NotFoundError("That question doesn't exist.");
    const target = direction === "up" ? index - 1 : index + 1;
    if (target < 0 || target >= questions.length) return { label: questions[index].label, moved: false };
    const order = [...questions];
    [order[index], order[target]] = [order[target], order[index]];
    // Renumbering all of them also repairs equal positions left by older data.
    for (const [position, q] of order.entries()) {
      await tx.registrationQuestion.update({ where: { id: q.id }, data: { position } });
    }
    await recordAudit(tx, {
      actorId,
      action: "question.moved",
      subjectType: "RegistrationQuestion",
      subjectId: questionId,
      detail: { eventId, direction, position: target },
    });
    return { label: questions[index].label, moved: true };
  });
}

/**
 * Deletes a question. Registrations keep their answers (stored by question id), but
 * pages and exports no longer show them as a question.
 */
export async function deleteQuestion(db: Db, actorId: string, eventId: string, questionId: string) {
  const question = await db.registrationQuestion.findFirst({ where: { id: questionId, eventId } });
  if (!question) throw new NotFoundError("That question doesn't exist.");
  await db.$transaction(async (tx) => {
    await tx.registrationQuestion.delete({ where: { id: question.id } });
    await recordAudit(tx, {
      actorId,
      action: "question.deleted",
      subjectType: "RegistrationQuestion",
      subjectId: question.id,
      detail: { eventId, label: question.label, kind: question.kind, options: question.options },
    });
  });
  return question;
}

/** How many registrations of the event answered this question (for the delete warning). */
export async function countAnswers(db: Db, eventId: string, questionId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "Registration" WHERE "eventId" = ${eventId} AND (answers -> ${questionId}) IS NOT NULL`;
  return Number(row?.n ?? 0);
}
