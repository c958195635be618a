import type { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Db } from "~/shared/db.server.ts";
import { isUniqueViolation, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import type { campusSchema } from "./event.schema.ts";

type CampusInput = z.output<typeof campusSchema>;

export function listCampuses(db: Db) {
  return db.campus.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { events: true } } } });
}

export async function getCampus(db: Db, id: string) {
  const campus = await db.campus.findUnique({ where: { id } });
  if (!campus) throw new NotFoundError("That campus doesn't exist.");
  return campus;
}

export async function saveCampus(db: Db, actorId: string, input: CampusInput, id?: string) {
  const clash = await db.campus.findFirst({ where: { name: input.name, ...(id ? { id: { not: id } } : {}) } });
  if (clash) throw new RuleViolation("Another campus already has this name.", "name");
  if (id) await getCampus(db, id);
  try {
    return await db.$transaction(async (tx) => {
      const campus = id ? await tx.campus.update({ where: { id }, data: input }) : await tx.campus.create({ data: input });
      await recordAudit(tx, {
        actorId,
        action: id ? "campus.updated" : "campus.created",
        subjectType: "Campus",
        subjectId: campus.id,
      });
      return campus;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RuleViolation("Another campus already has this name.", "name");
    throw error;
  }
}
