// Applying for a scholarship: one application per person per cycle, saved as a partial draft,
// submitted when complete, editable until the cycle closes, withdrawable until decided. The
// story and financial need are stored only as ciphertext (story-crypto) and read back only
// through story-access. Other people's application ids are answered as "doesn't exist".
import type { ApplicantRole, ApplicationStatus } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { isUniqueViolation, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { pageCount } from "~/shared/pagination.ts";
import type { ApplicationInput } from "./application.schema.ts";
import { applicationStage } from "./application-status.ts";
import { cycleIsOpen } from "./cycles.server.ts";
import { readStory, type StoryReader } from "./story-access.server.ts";
import { type StoryKeys, sealOptional } from "./story-crypto.server.ts";

/** Statuses an applicant may still edit (until the cycle closes) or withdraw. */
export const OPEN_STATUSES: ApplicationStatus[] = ["DRAFT", "SUBMITTED"];

const cycleInclude = {
  event: { select: { id: true, name: true, slug: true, timeZone: true, startsAt: true, endsAt: true, published: true } },
} as const;

/** A cycle an applicant may see: its event published. */
export async function getApplicantCycle(db: DbTx, cycleId: string) {
  const cycle = await db.scholarshipCycle.findUnique({ where: { id: cycleId }, include: cycleInclude });
  if (!cycle?.event.published) throw new NotFoundError("That scholarship cycle doesn't exist.");
  return cycle;
}

function closedMessage(cycle: { opensAt: Date; closesAt: Date; event: { timeZone: string } }, now: Date) {
  return now < cycle.opensAt
    ? `Applications open on ${formatDateTime(cycle.opensAt, cycle.event.timeZone)}.`
    : `Applications closed on ${formatDateTime(cycle.closesAt, cycle.event.timeZone)}, so applications can no longer be changed.`;
}

/** The applicant's own application in a cycle, if they have one. */
export function findOwnApplication(db: DbTx, applicantId: string, cycleId: string) {
  return db.scholarshipApplication.findUnique({ where: { cycleId_applicantId: { cycleId, applicantId } } });
}

/**
 * Saves the applicant's application for the cycle: a draft (partial answers) or, with
 * `submit`, a complete application (the schema has checked it). Creates it on first save.
 */
export async function saveApplication(
  db: Db,
  keys: StoryKeys,
  {
    applicantId,
    cycleId,
    input,
    now = new Date(),
  }: { applicantId: string; cycleId: string; input: ApplicationInput; now?: Date },
) {
  const cycle = await getApplicantCycle(db, cycleId);
  if (!cycleIsOpen(cycle, now)) throw new RuleViolation(closedMessage(cycle, now));
  if (input.requestTravel + input.requestLodging > cycle.maxAwardCents)
    throw new RuleViolation("Travel and lodging together are more than this cycle's maximum award.", "requestLodging");
  const submit = input.intent === "submit";
  try {
    return await db.$transaction(async (tx) => {
      // Row lock: a withdrawal or a caregiver pairing at the same moment waits for this save.
      const [existing] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "ScholarshipApplication" WHERE "cycleId" = ${cycleId} AND "applicantId" = ${applicantId} FOR UPDATE`;
      const current = existing ? await tx.scholarshipApplication.findUniqueOrThrow({ where: { id: existing.id } }) : null;
      if (current && !OPEN_STATUSES.includes(current.status))
        throw new RuleViolation(
          current.status === "WITHDRAWN"
            ? "You withdrew this application, so it can't be changed."
            : "This application has been decided, so it can't be changed.",
        );
      if (current?.status === "SUBMITTED" && !submit)
        throw new RuleViolation(
          "Your application is already submitted: save your changes with “Save changes”, which checks every answer.",
        );
      const role = await checkedRole(tx, current, input.role);

      const fields = {
        role,
        requestWaiver: input.requestWaiver,
        requestTravelCents: input.requestTravel,
        requestLodgingCents: input.requestLodging,
        accessibilityNeeds: input.accessibilityNeeds,
        accessibilityNotes: input.accessibilityNotes,
        consentReviewersRead: input.consentReviewersRead,
        consentPublicQuote: input.consentPublicQuote,
        ...(submit ? { status: "SUBMITTED" as const, submittedAt: current?.submittedAt ?? now } : {}),
      };
      const row = current ?? (await tx.scholarshipApplication.create({ data: { cycleId, applicantId, ...fields } }));
      const saved = await tx.scholarshipApplication.update({
        where: { id: row.id },
        data: {
          ...fields,
          storyCipher: sealOptional(keys, input.story, row.id, "story"),
          financialNeedCipher: sealOptional(keys, input.financialNeed, row.id, "financialNeed"),
        },
      });
      await recordAudit(tx, {
        actorId: applicantId,
        action: submit
          ? current?.status === "SUBMITTED"
            ? "scholarship-application.updated"
            : "scholarship-application.submitted"
          : "scholarship-application.draft-saved",
        subjectType: "ScholarshipApplication",
        subjectId: saved.id,
        // Never the story or the need: the audit log is not encrypted.
        detail: { cycleId, role: saved.role, status: saved.status },
      });
      return saved;
    });
  } catch (error) {
    // Two first saves at once (two tabs): the unique index lets one through.
    if (isUniqueViolation(error)) throw new RuleViolation("You already have an application for this cycle: reload to edit it.");
    throw error;
  }
}

/** A paired application keeps its role: the pair is one patient and their caregiver. */
async function checkedRole(
  tx: DbTx,
  current: { id: string; role: ApplicantRole; pairId: string | null } | null,
  wanted: ApplicantRole,
): Promise<ApplicantRole> {
  if (!current || current.role === wanted) return wanted;
  if (current.pairId)
    throw new RuleViolation(
      current.role === "CAREGIVER"
        ? "You are applying as a caregiver together with a patient, so your role stays “caregiver”."
        : "You are applying together with your caregiver, so your role stays “patient”.",
      "role",
    );
  const invitation = await tx.caregiverInvitation.findUnique({ where: { applicationId: current.id } });
  if (invitation) throw new RuleViolation("You invited a caregiver as a patient, so your role stays “patient”.", "role");
  return wanted;
}

/**
 * What the apply page needs: the cycle, whether it takes changes now, and the applicant's own
 * application with its answers (the story read through readStory, so the reading is logged).
 */
export async function getApplyPage(db: Db, keys: StoryKeys, reader: StoryReader, cycleId: string, now = new Date()) {
  const cycle = await getApplicantCycle(db, cycleId);
  const [application, ticketType] = await Promise.all([
    db.scholarshipApplication.findUnique({
      where: { cycleId_applicantId: { cycleId, applicantId: reader.id } },
      include: { invitation: { select: { id: true } } },
    }),
    cycle.ticketTypeId ? db.ticketType.findUnique({ where: { id: cycle.ticketTypeId }, select: { priceCents: true } }) : null,
  ]);
  const editable = cycleIsOpen(cycle, now) && (!application || OPEN_STATUSES.includes(application.status));
  const story =
    application && editable
      ? await readStory(db, { applicationId: application.id, reader, purpose: "applicant", keys })
      : { story: "", financialNeed: "" };
  const lockedRole = !application
    ? undefined
    : application.pairId
      ? {
          role: application.role,
          reason:
            application.role === "CAREGIVER"
              ? "You accepted a patient's invitation, so the two of you apply together."
              : "Your caregiver joined your application, so the two of you apply together.",
        }
      : application.invitation
        ? { role: application.role, reason: "You invited your caregiver, so you apply as the patient." }
        : undefined;
  return {
    cycle,
    application,
    editable,
    closedMessage: editable
      ? null
      : application && !OPEN_STATUSES.includes(application.status)
        ? null
        : closedMessage(cycle, now),
    waiverCents: ticketType?.priceCents ?? 0,
    lockedRole,
    values: {
      role: application?.role,
      story: story.story,
      financialNeed: story.financialNeed,
      requestWaiver: application?.requestWaiver ?? true,
      requestTravel: application?.requestTravelCents ? (application.requestTravelCents / 100).toFixed(2) : "",
      requestLodging: application?.requestLodgingCents ? (application.requestLodgingCents / 100).toFixed(2) : "",
      accessibilityNeeds: application?.accessibilityNeeds ?? [],
      accessibilityNotes: application?.accessibilityNotes ?? "",
      consentReviewersRead: application?.consentReviewersRead ?? false,
      consentPublicQuote: application?.consentPublicQuote ?? false,
    },
  };
}

/** Withdraws the applicant's own application (any time before a decision). A pending caregiver invitation lapses with it. */
export async function withdrawApplication(db: Db, applicantId: string, applicationId: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const application = await tx.scholarshipApplication.findFirst({ where: { id: applicationId, applicantId } });
    if (!application) throw new NotFoundError("That application doesn't exist.");
    const { count } = await tx.scholarshipApplication.updateMany({
      where: { id: application.id, status: { in: OPEN_STATUSES } },
      data: { status: "WITHDRAWN", withdrawnAt: now },
    });
    if (count === 0)
      throw new RuleViolation(
        application.status === "WITHDRAWN"
          ? "This application is already withdrawn."
          : "This application has been decided; reply to the decision instead.",
      );
    await tx.caregiverInvitation.deleteMany({ where: { applicationId: application.id, acceptedAt: null } });
    await recordAudit(tx, {
      actorId: applicantId,
      action: "scholarship-application.withdrawn",
      subjectType: "ScholarshipApplication",
      subjectId: application.id,
      detail: { cycleId: application.cycleId, previousStatus: application.status },
    });
  });
}

const progressSelect = {
  award: { select: { id: true, status: true, replyBy: true, respondedAt: true } },
  assignments: { where: { conflictDeclaredAt: null }, select: { id: true }, take: 1 },
} as const;

/** The applicant's applications, newest cycle first, with where each stands. */
export async function listMyApplications(db: Db, applicantId: string) {
  const applications = await db.scholarshipApplication.findMany({
    where: { applicantId },
    orderBy: { createdAt: "desc" },
    include: { cycle: { include: cycleInclude }, ...progressSelect },
  });
  return applications.map((a) => ({
    id: a.id,
    role: a.role,
    status: a.status,
    cycle: a.cycle,
    updatedAt: a.updatedAt,
    stage: applicationStage({ status: a.status, underReview: a.assignments.length > 0, award: a.award }),
  }));
}

/** One of the applicant's own applications with its cycle, pairing and award; anyone else's is a 404. */
export async function getOwnApplication(db: Db, applicantId: string, applicationId: string) {
  const application = await db.scholarshipApplication.findFirst({
    where: { id: applicationId, applicantId },
    include: {
      cycle: { include: cycleInclude },
      invitation: { select: { email: true, expiresAt: true, acceptedAt: true, createdAt: true } },
      ...progressSelect,
    },
  });
  if (!application) throw new NotFoundError("That application doesn't exist.");
  return { ...application, partner: await pairPartner(db, application) };
}

/** The other half of a pair, as each side may see it: name, role and stage. */
export async function pairPartner(db: DbTx, application: { id: string; pairId: string | null }) {
  if (!application.pairId) return null;
  const partner = await db.scholarshipApplication.findFirst({
    where: { pairId: application.pairId, id: { not: application.id } },
    include: { applicant: { select: { name: true } }, ...progressSelect },
  });
  if (!partner) return null;
  return {
    id: partner.id,
    name: partner.applicant.name,
    role: partner.role,
    stage: applicationStage({ status: partner.status, underReview: partner.assignments.length > 0, award: partner.award }),
  };
}

// ---------------------------------------------------------------- Organisers

export const APPLICATIONS_PAGE_SIZE = 50;

/** A cycle's applications for organisers, with reviewers (recused ones marked) and pairs. */
export async function listCycleApplications(
  db: Db,
  cycleId: string,
  { status, role, page }: { status?: ApplicationStatus; role?: ApplicantRole; page: number },
) {
  const where = { cycleId, ...(status ? { status } : {}), ...(role ? { role } : {}) };
  const [applications, total, byStatus] = await Promise.all([
    db.scholarshipApplication.findMany({
      where,
      orderBy: [{ submittedAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
      skip: (page - 1) * APPLICATIONS_PAGE_SIZE,
      take: APPLICATIONS_PAGE_SIZE,
      include: {
        applicant: { select: { name: true, email: true } },
        award: { select: { status: true, replyBy: true, respondedAt: true } },
        assignments: {
          orderBy: { createdAt: "asc" },
          select: {
            id: true,
            conflictDeclaredAt: true,
            submittedAt: true,
            reviewer: { select: { id: true, name: true } },
          },
        },
      },
    }),
    db.scholarshipApplication.count({ where }),
    db.scholarshipApplication.groupBy({ by: ["status"], where: { cycleId }, _count: { _all: true } }),
  ]);
  return {
    total,
    pageCount: pageCount(total, APPLICATIONS_PAGE_SIZE),
    byStatus: Object.fromEntries(byStatus.map((s) => [s.status, s._count._all])) as Partial<Record<ApplicationStatus, number>>,
    applications: applications.map((a) => ({
      ...a,
      stage: applicationStage({
        status: a.status,
        underReview: a.assignments.some((x) => !x.conflictDeclaredAt),
        award: a.award,
      }),
    })),
  };
}

/** One application as organisers see it (without its story: that is read through readStory). */
export async function getApplicationForOrganiser(db: Db, applicationId: string) {
  const application = await db.scholarshipApplication.findUnique({
    where: { id: applicationId },
    include: {
      applicant: { select: { id: true, name: true, email: true, organisation: true } },
      cycle: { include: { ...cycleInclude, criteria: { orderBy: { position: "asc" } } } },
      invitation: { select: { email: true, expiresAt: true, acceptedAt: true } },
      award: { select: { status: true, replyBy: true, respondedAt: true } },
      assignments: {
        orderBy: { createdAt: "asc" },
        include: {
          reviewer: { select: { id: true, name: true, email: true } },
          scores: { select: { criterionId: true, score: true } },
        },
      },
    },
  });
  if (!application) throw new NotFoundError("That application doesn't exist.");
  return { ...application, partner: await pairPartner(db, application) };
}
