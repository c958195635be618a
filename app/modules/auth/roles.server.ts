import type { Role } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Db } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { pageCount } from "~/shared/pagination.ts";

export const USERS_PAGE_SIZE = 25;

export async function listUsers(db: Db, { q, role, page }: { q?: string; role?: Role; page: number }) {
  const where = {
    ...(role ? { roles: { has: role } } : {}),
    ...(q
      ? {
          OR: [
            { email: { contains: q, mode: "insensitive" as const } },
            { name: { contains: q, mode: "insensitive" as const } },
            { organisation: { contains: q, mode: "insensitive" as const } },
          ],
        }
      : {}),
  };
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [{ name: "asc" }, { email: "asc" }],
      skip: (page - 1) * USERS_PAGE_SIZE,
      take: USERS_PAGE_SIZE,
      select: { id: true, name: true, email: true, organisation: true, roles: true, emailVerifiedAt: true },
    }),
    db.user.count({ where }),
  ]);
  return { users, total, pageCount: pageCount(total, USERS_PAGE_SIZE) };
}

/** Grants or removes a role, recorded in the audit log. Admins can't demote themselves (no lock-out). */
export async function changeRole(
  db: Db,
  actorId: string,
  { userId, role, intent }: { userId: string; role: Role; intent: "grant" | "remove" },
) {
  if (intent === "remove" && role === "ADMIN" && userId === actorId)
    throw new RuleViolation("You can't remove your own admin role. Ask another admin.");
  return db.$transaction(async (tx) => {
    // Row lock: two admins editing the same person at once must not lose an update.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE id = ${userId} FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError("That person no longer exists.");
    const { roles: current } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { roles: true } });
    const roles = intent === "grant" ? [...new Set([...current, role])] : current.filter((r) => r !== role);
    if (roles.length === current.length) return { changed: false, roles };
    const user = await tx.user.update({ where: { id: userId }, data: { roles }, select: { roles: true, email: true } });
    await recordAudit(tx, {
      actorId,
      action: intent === "grant" ? "role.granted" : "role.removed",
      subjectType: "User",
      subjectId: userId,
      detail: { role, email: user.email },
    });
    return { changed: true, roles: user.roles };
  });
}
