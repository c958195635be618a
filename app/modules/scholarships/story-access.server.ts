// The one way a story leaves its ciphertext for display: readStory checks who is asking,
// writes the "story.read" audit entry and only then decrypts. Pages, reviews and the
// committee all come through here, so "who read which story, when" is complete.
import type { Role } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { hasRole } from "~/modules/auth/guards.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { ForbiddenError, NotFoundError } from "~/shared/errors.ts";
import { pageCount } from "~/shared/pagination.ts";
import { applicantAlias } from "./application-status.ts";
import { decryptStory, type StoryKeys } from "./story-crypto.server.ts";

export const STORY_READ = "story.read";

/** Why someone opened a story; recorded with every read. */
export type StoryPurpose = "applicant" | "review" | "organiser";

export type StoryReader = { id: string; roles: Role[] };

export type Story = {
  story: string;
  financialNeed: string;
  /** Erased under the retention policy: only the numbers remain. */
  erased: boolean;
};

/**
 * Who may read: the applicant; organisers and admins; a reviewer assigned to the application
 * who has not declared a conflict, when the applicant consented to reviewers reading.
 * Anyone else is told the application doesn't exist.
 */
export async function readStory(
  db: DbTx,
  {
    applicationId,
    reader,
    purpose,
    keys,
  }: { applicationId: string; reader: StoryReader; purpose: StoryPurpose; keys: StoryKeys },
): Promise<Story> {
  const application = await db.scholarshipApplication.findUnique({
    where: { id: applicationId },
    select: {
      id: true,
      cycleId: true,
      applicantId: true,
      storyCipher: true,
      financialNeedCipher: true,
      storyErasedAt: true,
      consentReviewersRead: true,
      assignments: { where: { reviewerId: reader.id }, select: { conflictDeclaredAt: true } },
    },
  });
  if (!application) throw new NotFoundError("That application doesn't exist.");
  const own = application.applicantId === reader.id;
  if (!own && !hasRole(reader, "ORGANIZER")) {
    const assignment = application.assignments[0];
    if (!assignment || !hasRole(reader, "REVIEWER")) throw new NotFoundError("That application doesn't exist.");
    if (assignment.conflictDeclaredAt)
      throw new ForbiddenError("You declared a conflict of interest on this application, so its story is closed to you.");
    if (!application.consentReviewersRead)
      throw new ForbiddenError("The applicant has not agreed to reviewers reading their story.");
  }
  if (application.storyErasedAt) return { story: "", financialNeed: "", erased: true };
  if (!application.storyCipher && !application.financialNeedCipher) return { story: "", financialNeed: "", erased: false };

  // Recorded before decrypting: no plaintext leaves without its entry.
  await recordAudit(db, {
    actorId: reader.id,
    action: STORY_READ,
    subjectType: "ScholarshipApplication",
    subjectId: application.id,
    detail: { purpose, cycleId: application.cycleId, own },
  });
  const open = (sealed: string | null, field: "story" | "financialNeed") =>
    sealed ? decryptStory(keys, sealed, application.id, field) : "";
  return {
    story: open(application.storyCipher, "story"),
    financialNeed: open(application.financialNeedCipher, "financialNeed"),
    erased: false,
  };
}

export const STORY_READS_PAGE_SIZE = 50;

/** The organisers' record of story reads, newest first, filtered by application and/or reader. */
export async function listStoryReads(
  db: Db,
  { applicationId, readerId, page }: { applicationId?: string; readerId?: string; page: number },
) {
  const where = {
    action: STORY_READ,
    subjectType: "ScholarshipApplication",
    ...(applicationId ? { subjectId: applicationId } : {}),
    ...(readerId ? { actorId: readerId } : {}),
  };
  const [entries, total, readers] = await Promise.all([
    db.auditLog.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * STORY_READS_PAGE_SIZE,
      take: STORY_READS_PAGE_SIZE,
      include: { actor: { select: { id: true, name: true, email: true } } },
    }),
    db.auditLog.count({ where }),
    db.auditLog.findMany({
      where: { action: STORY_READ, actorId: { not: null } },
      distinct: ["actorId"],
      select: { actor: { select: { id: true, name: true, email: true } } },
    }),
  ]);
  const applications = await db.scholarshipApplication.findMany({
    where: { id: { in: [...new Set(entries.map((e) => e.subjectId))] } },
    select: {
      id: true,
      role: true,
      applicant: { select: { name: true } },
      cycle: { select: { name: true, event: { select: { name: true } } } },
    },
  });
  const byId = new Map(applications.map((a) => [a.id, a]));
  return {
    total,
    pageCount: pageCount(total, STORY_READS_PAGE_SIZE),
    readers: readers
      .flatMap((r) => (r.actor ? [r.actor] : []))
      .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email)),
    entries: entries.map((e) => {
      const application = byId.get(e.subjectId);
      const detail = (e.detail ?? {}) as { purpose?: StoryPurpose; own?: boolean };
      return {
        id: e.id,
        at: e.createdAt,
        reader: e.actor,
        purpose: detail.purpose ?? "organiser",
        own: detail.own === true,
        application: {
          id: e.subjectId,
          alias: applicantAlias(e.subjectId),
          applicantName: application?.applicant.name ?? null,
          role: application?.role ?? null,
          cycle: application ? `${application.cycle.event.name} · ${application.cycle.name}` : null,
        },
      };
    }),
  };
}
