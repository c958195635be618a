import type { Prisma } from "~/generated/prisma/client.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { pageCount } from "~/shared/pagination.ts";

export type AuditEntry = {
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: Prisma.InputJsonValue;
};

/** Records who did what. Call inside the transaction of the change itself. */
export function recordAudit(tx: DbTx, entry: AuditEntry) {
  return tx.auditLog.create({ data: { ...entry, detail: entry.detail ?? {} } });
}

export const AUDIT_PAGE_SIZE = 50;

export async function listAudit(db: Db, { page }: { page: number }) {
  const [entries, total] = await Promise.all([
    db.auditLog.findMany({
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      include: { actor: { select: { name: true, email: true } } },
    }),
    db.auditLog.count(),
  ]);
  return { entries, total, pageCount: pageCount(total, AUDIT_PAGE_SIZE) };
}
