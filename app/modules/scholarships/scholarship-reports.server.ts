// A cycle's figures for organisers: applications by status, patients and caregivers, awards,
// and the money committed, paid and released; and the CSV export. Neither ever reads a story
// or financial-need cipher: the queries below don't select them.
import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import type { ApplicantRole, ApplicationStatus, AwardStatus, FundEntryKind } from "~/generated/prisma/enums.ts";
import type { Db } from "~/shared/db.server.ts";
import { NotFoundError } from "~/shared/errors.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { csvSafe } from "../registration/registrations-csv.ts";
import { APPLICATION_STATUS_LABELS, AWARD_STATUS_LABELS, ROLE_LABELS } from "./award.schema.ts";
import { applicationScores } from "./reviews.server.ts";

const APPLICATION_STATUSES: ApplicationStatus[] = ["DRAFT", "SUBMITTED", "WAITLISTED", "AWARDED", "DECLINED", "WITHDRAWN"];
const AWARD_STATUSES: AwardStatus[] = ["OFFERED", "ACCEPTED", "DECLINED", "LAPSED"];
const ROLES: ApplicantRole[] = ["PATIENT", "CAREGIVER"];

async function loadCycle(db: Db, cycleId: string) {
  const cycle = await db.scholarshipCycle.findUnique({
    where: { id: cycleId },
    select: {
      id: true,
      name: true,
      maxAwardCents: true,
      event: { select: { name: true, slug: true, timeZone: true, startsAt: true, endsAt: true } },
    },
  });
  if (!cycle) throw new NotFoundError("That scholarship cycle doesn't exist.");
  return cycle;
}

export async function cycleReport(db: Db, cycleId: string) {
  const cycle = await loadCycle(db, cycleId);
  const zone = cycle.event.timeZone;
  const [applications, awards, money, submissions] = await Promise.all([
    db.scholarshipApplication.groupBy({ by: ["status", "role"], where: { cycleId }, _count: { _all: true } }),
    db.award.groupBy({
      by: ["status"],
      where: { application: { cycleId } },
      _count: { _all: true },
      _sum: { committedCents: true, waiverCents: true, travelCents: true, lodgingCents: true },
    }),
    db.fundEntry.groupBy({
      by: ["kind"],
      where: { award: { application: { cycleId } } },
      _sum: { amountCents: true },
    }),
    db.scholarshipApplication.findMany({
      where: { cycleId, submittedAt: { not: null } },
      select: { submittedAt: true },
      orderBy: { submittedAt: "asc" },
    }),
  ]);
  const count = (status?: ApplicationStatus, role?: ApplicantRole) =>
    applications
      .filter((a) => (!status || a.status === status) && (!role || a.role === role))
      .reduce((sum, a) => sum + a._count._all, 0);
  const awardRoles = await db.$queryRaw<{ role: ApplicantRole; status: AwardStatus; count: number }[]>`
    SELECT a.role, w.status, COUNT(*)::int AS count
    FROM "Award" w JOIN "ScholarshipApplication" a ON a.id = w."applicationId"
    WHERE a."cycleId" = ${cycleId}
    GROUP BY a.role, w.status`;
  const awardsOf = (role: ApplicantRole, status?: AwardStatus) =>
    awardRoles.filter((a) => a.role === role && (!status || a.status === status)).reduce((n, a) => n + Number(a.count), 0);
  const awardCount = (status: AwardStatus) => awards.find((a) => a.status === status)?._count._all ?? 0;
  const sum = (kind: FundEntryKind) => money.find((m) => m.kind === kind)?._sum.amountCents ?? 0;
  const committedCents = sum("AWARD_COMMITTED");
  // Back to the fund: unpaid awards released, and the waivers of scholarship seats cancelled.
  const releasedCents = sum("AWARD_RELEASED") + sum("WAIVER_RETURNED");
  const paidCents = sum("STIPEND_PAID") - sum("WAIVER_RETURNED");

  const perDay = new Map<string, number>();
  for (const s of submissions) {
    const day = DateTime.fromJSDate(s.submittedAt as Date, { zone }).toFormat("yyyy-LL-dd");
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const days = [...perDay.keys()];
  const submittedPerDay: { label: string; value: number }[] = [];
  if (days.length) {
    const last = DateTime.fromISO(days[days.length - 1], { zone });
    for (let d = DateTime.fromISO(days[0], { zone }); d <= last; d = d.plus({ days: 1 })) {
      const label = d.toFormat("yyyy-LL-dd");
      submittedPerDay.push({ label, value: perDay.get(label) ?? 0 });
    }
  }

  return {
    cycle,
    applications: {
      total: count(),
      submitted: count() - count("DRAFT"),
      byStatus: APPLICATION_STATUSES.map((status) => ({
        status,
        label: APPLICATION_STATUS_LABELS[status],
        count: count(status),
      })),
      byRole: ROLES.map((role) => ({
        role,
        label: ROLE_LABELS[role],
        applied: count(undefined, role) - count("DRAFT", role),
        awarded: awardsOf(role),
        accepted: awardsOf(role, "ACCEPTED"),
      })),
    },
    awards: {
      total: awards.reduce((total, a) => total + a._count._all, 0),
      byStatus: AWARD_STATUSES.map((status) => ({
        status,
        label: AWARD_STATUS_LABELS[status],
        count: awardCount(status),
        amountCents: awards.find((a) => a.status === status)?._sum.committedCents ?? 0,
      })),
    },
    money: {
      committedCents,
      releasedCents,
      paidCents,
      /** Still held for accepted or unanswered awards, not yet paid out. */
      outstandingCents: committedCents - releasedCents - paidCents,
    },
    submittedPerDay,
  };
}

/** Cents as a plain decimal ("295.00"): spreadsheets sum it. */
const decimal = (cents: number) => (cents / 100).toFixed(2);
const number = (value: number | undefined) => (value === undefined ? "" : value.toFixed(2));

/**
 * One row per submitted application: who, role, pair, status, scores, what was asked and what
 * was awarded and paid. Never the story or financial need (not even selected). Audited.
 */
export async function cycleReportCsv(db: Db, actorId: string, cycleId: string) {
  const cycle = await loadCycle(db, cycleId);
  const zone = cycle.event.timeZone;
  const [applications, scores] = await Promise.all([
    db.scholarshipApplication.findMany({
      where: { cycleId, status: { not: "DRAFT" } },
      orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        role: true,
        status: true,
        pairId: true,
        pairSplit: true,
        submittedAt: true,
        requestWaiver: true,
        requestTravelCents: true,
        requestLodgingCents: true,
        storyErasedAt: true,
        applicant: { select: { name: true, email: true } },
        award: {
          select: {
            status: true,
            waiverCents: true,
            travelCents: true,
            lodgingCents: true,
            committedCents: true,
            paidCents: true,
          },
        },
      },
    }),
    applicationScores(db, cycleId),
  ]);
  const nameById = new Map(applications.map((a) => [a.id, a.applicant.name]));
  const partnerOf = (a: (typeof applications)[number]) =>
    a.pairId ? applications.find((b) => b.pairId === a.pairId && b.id !== a.id) : undefined;
  const header = [
    "Application",
    "Applicant",
    "Email",
    "Role",
    "Paired with",
    "Pair decided apart",
    "Status",
    "Submitted",
    "Reviews",
    "Weighted mean score",
    "Score spread",
    "Requested waiver",
    "Requested travel",
    "Requested lodging",
    "Award status",
    "Waiver",
    "Travel",
    "Lodging",
    "Committed",
    "Paid",
    "Story erased",
  ];
  const rows = applications.map((a) => {
    const score = scores.get(a.id);
    const partner = partnerOf(a);
    return [
      a.id,
      a.applicant.name,
      a.applicant.email,
      ROLE_LABELS[a.role],
      partner ? (nameById.get(partner.id) ?? "") : "",
      a.pairId ? (a.pairSplit ? "Yes" : "No") : "",
      APPLICATION_STATUS_LABELS[a.status],
      a.submittedAt ? DateTime.fromJSDate(a.submittedAt, { zone }).toFormat("yyyy-LL-dd HH:mm") : "",
      String(score?.reviews ?? 0),
      number(score?.mean ?? undefined),
      number(score?.spread ? score.spread.max - score.spread.min : undefined),
      a.requestWaiver ? "Yes" : "No",
      decimal(a.requestTravelCents),
      decimal(a.requestLodgingCents),
      a.award ? AWARD_STATUS_LABELS[a.award.status] : "",
      a.award ? decimal(a.award.waiverCents) : "",
      a.award ? decimal(a.award.travelCents) : "",
      a.award ? decimal(a.award.lodgingCents) : "",
      a.award ? decimal(a.award.committedCents) : "",
      a.award ? decimal(a.award.paidCents) : "",
      a.storyErasedAt ? DateTime.fromJSDate(a.storyErasedAt, { zone }).toFormat("yyyy-LL-dd") : "",
    ];
  });
  await recordAudit(db, {
    actorId,
    action: "scholarship.report.exported",
    subjectType: "ScholarshipCycle",
    subjectId: cycle.id,
    detail: { rows: rows.length },
  });
  const csv = stringify(
    [header, ...rows].map((row) => row.map(csvSafe)),
    { bom: true, record_delimiter: "windows", quoted_match: /[\r\n]/ },
  );
  return { filename: `${cycle.event.slug}-scholarships.csv`, csv };
}
