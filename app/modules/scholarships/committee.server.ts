// The committee view: a cycle's applications ranked by weighted mean score, pairs side by side,
// with the fund's balance and what each application asked for. No story text here: that is
// read (and audited) on the application's own page.
import { Prisma } from "~/generated/prisma/client.ts";
import type { ApplicantRole, ApplicationStatus, AwardStatus } from "~/generated/prisma/enums.ts";
import type { DbTx } from "~/shared/db.server.ts";
import { NotFoundError } from "~/shared/errors.ts";
import { pageCount } from "~/shared/pagination.ts";
import type { CommitteeFilter } from "./award.schema.ts";
import { waiverValue } from "./awards.server.ts";
import { fundBalance } from "./fund-ledger.server.ts";

/** Groups (a single application, or a pair) per page. */
export const COMMITTEE_PAGE_SIZE = 25;

/**
 * One row per submitted, non-recused review: its criteria's weighted mean (1–5). The same
 * definition as applicationScores (reviews.server.ts); the committee ranks, filters and pages
 * in one statement, so a cycle of thousands never leaves the database whole.
 */
function reviewedSql(cycleId: string) {
  return Prisma.sql`
    SELECT ra."applicationId" AS id, SUM(rs.score * c.weight)::float8 / NULLIF(SUM(c.weight), 0) AS score
    FROM "ScholarshipCriterion" c
    JOIN "ReviewScore" rs ON rs."criterionId" = c.id
    JOIN "ReviewAssignment" ra ON ra.id = rs."assignmentId"
    WHERE c."cycleId" = ${cycleId} AND ra."submittedAt" IS NOT NULL AND ra."conflictDeclaredAt" IS NULL
    GROUP BY ra.id, ra."applicationId"`;
}

type RankedRow = {
  id: string;
  grp: string;
  mean: number | null;
  spread: number | null;
  reviews: number;
  rank: bigint | number;
  group_mean: number | null;
  total: bigint | number;
};

/**
 * Each submitted, non-recused review's score is its criteria's weighted mean (1–5); an
 * application's score is the mean of its reviews, its spread the highest minus the lowest.
 * A pair (not split) ranks as one group at the mean of its two scores. Ranks count every
 * application of the cycle; filters then pick which groups are listed. (bench:committee runs
 * this very statement on plain pg as its baseline.)
 */
export function rankingQuery(cycleId: string, filter: CommitteeFilter, limit: number, offset: number) {
  const conditions: Prisma.Sql[] = [];
  if (filter.status === "UNDECIDED") conditions.push(Prisma.sql`a.status IN ('SUBMITTED', 'WAITLISTED')`);
  else if (filter.status) conditions.push(Prisma.sql`a.status = ${filter.status}::"ApplicationStatus"`);
  if (filter.role) conditions.push(Prisma.sql`a.role = ${filter.role}::"ApplicantRole"`);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(Prisma.sql`a."applicantId" IN (SELECT id FROM "User" WHERE name ILIKE ${like} OR email ILIKE ${like})`);
  }
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  return Prisma.sql`
    WITH reviewed AS (${reviewedSql(cycleId)}), scores AS (
      SELECT id, AVG(score) AS mean, MAX(score) - MIN(score) AS spread, COUNT(*)::int AS reviews FROM reviewed GROUP BY id
    ), apps AS (
      SELECT a.id, a."applicantId", a.status, a.role,
             CASE WHEN a."pairId" IS NOT NULL AND NOT a."pairSplit" THEN a."pairId" ELSE a.id END AS grp,
             s.mean, s.spread, COALESCE(s.reviews, 0) AS reviews
      FROM "ScholarshipApplication" a LEFT JOIN scores s ON s.id = a.id
      WHERE a."cycleId" = ${cycleId} AND a.status <> 'DRAFT'
    ), ranked AS (
      SELECT grp, AVG(mean) AS group_mean, RANK() OVER (ORDER BY AVG(mean) DESC NULLS LAST) AS rank
      FROM apps GROUP BY grp
    ), matching AS (
      SELECT DISTINCT a.grp FROM apps a ${where}
    ), page AS (
      SELECT r.grp, r.group_mean, r.rank, COUNT(*) OVER () AS total
      FROM ranked r JOIN matching m ON m.grp = r.grp
      ORDER BY r.rank, r.grp
      LIMIT ${limit} OFFSET ${offset}
    )
    SELECT a.id, a.grp, a.mean, a.spread, a.reviews, p.rank, p.group_mean, p.total
    FROM page p JOIN apps a ON a.grp = p.grp
    ORDER BY p.rank, p.grp, a.role, a.id`;
}

export type Amounts = { waiver: boolean; travelCents: number; lodgingCents: number };

/** The request, trimmed to the cycle's maximum: waiver first, then travel, then lodging. */
export function prefillAward(request: Amounts, waiverCents: number, maxCents: number): Amounts {
  let left = maxCents;
  const waiver = request.waiver && waiverCents <= left;
  if (waiver) left -= waiverCents;
  const travelCents = Math.min(request.travelCents, left);
  left -= travelCents;
  return { waiver, travelCents, lodgingCents: Math.min(request.lodgingCents, left) };
}

export type CommitteeMember = {
  id: string;
  name: string;
  email: string;
  role: ApplicantRole;
  status: ApplicationStatus;
  mean: number | null;
  spread: number | null;
  reviews: number;
  request: Amounts;
  prefill: Amounts;
  /** Paired and decided together. */
  paired: boolean;
  /** Paired, but the committee decided the two apart. */
  split: boolean;
  award: {
    id: string;
    status: AwardStatus;
    waiverCents: number;
    travelCents: number;
    lodgingCents: number;
    committedCents: number;
    paidCents: number;
  } | null;
};

export type CommitteeGroup = { rank: number; groupMean: number | null; members: CommitteeMember[] };

/** The committee page: cycle, fund, counts and one page of ranked groups. */
export async function committeeView(db: DbTx, cycleId: string, filter: CommitteeFilter) {
  const cycle = await db.scholarshipCycle.findUnique({
    where: { id: cycleId },
    select: {
      id: true,
      name: true,
      maxAwardCents: true,
      replyBy: true,
      event: { select: { id: true, name: true, timeZone: true, startsAt: true } },
    },
  });
  if (!cycle) throw new NotFoundError("That scholarship cycle doesn't exist.");
  const offset = (filter.page - 1) * COMMITTEE_PAGE_SIZE;
  const [ranked, fund, waiverCents, counts] = await Promise.all([
    db.$queryRaw<RankedRow[]>(rankingQuery(cycle.id, filter, COMMITTEE_PAGE_SIZE, offset)),
    fundBalance(db),
    waiverValue(db, cycle.event.id),
    db.scholarshipApplication.groupBy({
      by: ["status"],
      where: { cycleId: cycle.id, status: { not: "DRAFT" } },
      _count: { _all: true },
    }),
  ]);
  const details = await db.scholarshipApplication.findMany({
    where: { id: { in: ranked.map((r) => r.id) } },
    select: {
      id: true,
      role: true,
      status: true,
      pairId: true,
      pairSplit: true,
      requestWaiver: true,
      requestTravelCents: true,
      requestLodgingCents: true,
      applicant: { select: { name: true, email: true } },
      award: {
        select: {
          id: true,
          status: true,
          waiverCents: true,
          travelCents: true,
          lodgingCents: true,
          committedCents: true,
          paidCents: true,
        },
      },
    },
  });
  const byId = new Map(details.map((d) => [d.id, d]));
  const groups: CommitteeGroup[] = [];
  let currentGroup = "";
  for (const row of ranked) {
    const d = byId.get(row.id);
    if (!d) continue;
    if (row.grp !== currentGroup) {
      groups.push({ rank: Number(row.rank), groupMean: row.group_mean, members: [] });
      currentGroup = row.grp;
    }
    const group = groups[groups.length - 1];
    const request = { waiver: d.requestWaiver, travelCents: d.requestTravelCents, lodgingCents: d.requestLodgingCents };
    group.members.push({
      id: d.id,
      name: d.applicant.name,
      email: d.applicant.email,
      role: d.role,
      status: d.status,
      mean: row.mean,
      spread: row.spread,
      reviews: Number(row.reviews),
      request,
      prefill: prefillAward(request, waiverCents, cycle.maxAwardCents),
      paired: Boolean(d.pairId) && !d.pairSplit,
      split: Boolean(d.pairId) && d.pairSplit,
      award: d.award,
    });
  }
  const total = ranked.length > 0 ? Number(ranked[0].total) : await countGroups(db, cycle.id, filter);
  const byStatus = Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Partial<Record<ApplicationStatus, number>>;
  return {
    cycle,
    fund,
    waiverCents,
    byStatus,
    groups,
    total,
    pageCount: pageCount(total, COMMITTEE_PAGE_SIZE),
  };
}

/** Matching groups when the requested page is past the end (the page query then returns no rows). */
async function countGroups(db: DbTx, cycleId: string, filter: CommitteeFilter): Promise<number> {
  const rows = await db.$queryRaw<RankedRow[]>(rankingQuery(cycleId, filter, 1, 0));
  return rows.length ? Number(rows[0].total) : 0;
}
