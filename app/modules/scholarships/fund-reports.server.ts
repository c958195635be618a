// Views of the fund: balances over time for the charts, the ledger with a running available
// balance, and the public totals (no personal data: counts and sums only).
import { DateTime } from "luxon";
import type { FundEntryKind } from "~/generated/prisma/enums.ts";
import type { Db } from "~/shared/db.server.ts";
import { pageCount } from "~/shared/pagination.ts";
import { balanceFrom, FUND_ID, type FundBalance, fundBalance, listFundEntries } from "./fund-ledger.server.ts";

export type FundPeriod = "week" | "month";
export type FundSeriesPoint = FundBalance & { label: string };

/** Weeks read well up to about five months; longer histories go by month. */
const WEEKS_BEFORE_MONTHS = 20;

const toNumber = (value: bigint | number | null) => Number(value ?? 0);

/**
 * The balances at the end of each week (from Monday, UTC) or month, from the first entry to
 * now, gaps filled: each point is what the fund looked like when that period closed.
 */
export async function fundSeries(db: Db, { by, now = new Date() }: { by?: FundPeriod; now?: Date } = {}) {
  const first = await db.fundEntry.findFirst({
    where: { fundId: FUND_ID },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
  const end = DateTime.fromJSDate(now, { zone: "utc" });
  const start = first ? DateTime.fromJSDate(first.createdAt, { zone: "utc" }) : end;
  const period: FundPeriod = by ?? (end.diff(start, "weeks").weeks > WEEKS_BEFORE_MONTHS ? "month" : "week");
  const rows = await db.$queryRaw<{ period: string; kind: FundEntryKind; total: bigint | number }[]>`
    SELECT to_char(date_trunc(${period}, "createdAt"), 'YYYY-MM-DD') AS "period", "kind", SUM("amountCents")::bigint AS "total"
    FROM "FundEntry" WHERE "fundId" = ${FUND_ID}
    GROUP BY 1, 2 ORDER BY 1`;
  const sums = new Map<FundEntryKind, number>();
  const points: FundSeriesPoint[] = [];
  let i = 0;
  for (let p = start.startOf(period); p <= end; p = p.plus(period === "week" ? { weeks: 1 } : { months: 1 })) {
    const label = p.toFormat("yyyy-LL-dd");
    for (; i < rows.length && rows[i].period <= label; i++)
      sums.set(rows[i].kind, (sums.get(rows[i].kind) ?? 0) + toNumber(rows[i].total));
    points.push({ label, ...balanceFrom((kind) => sums.get(kind) ?? 0) });
  }
  return { by: period, points };
}

/** How each kind moves the available balance (see balanceFrom: a stipend moves money from committed to paid). */
const AVAILABLE_DELTA: Record<FundEntryKind, -1 | 0 | 1> = {
  BOOK_SALE: 1,
  STATEMENT_IMPORT: 1,
  DONATION: 1,
  ADJUSTMENT: 1,
  AWARD_RELEASED: 1,
  BOOK_REFUND: -1,
  AWARD_COMMITTED: -1,
  STIPEND_PAID: 0,
  WAIVER_RETURNED: 1,
};

export function availableDelta(entry: { kind: FundEntryKind; amountCents: number }): number {
  return AVAILABLE_DELTA[entry.kind] * entry.amountCents;
}

export const LEDGER_PAGE_SIZE = 50;

/** A page of the ledger, newest first, each entry with the available balance just after it. */
export async function fundLedger(db: Db, { page }: { page: number }) {
  const offset = (page - 1) * LEDGER_PAGE_SIZE;
  const [{ entries, total }, running] = await Promise.all([
    listFundEntries(db, { page, pageSize: LEDGER_PAGE_SIZE }),
    db.$queryRaw<{ id: string; available: bigint | number }[]>`
      SELECT "id", SUM(CASE "kind"::text
          WHEN 'BOOK_SALE' THEN "amountCents" WHEN 'STATEMENT_IMPORT' THEN "amountCents"
          WHEN 'DONATION' THEN "amountCents" WHEN 'ADJUSTMENT' THEN "amountCents"
          WHEN 'AWARD_RELEASED' THEN "amountCents" WHEN 'WAIVER_RETURNED' THEN "amountCents"
          WHEN 'BOOK_REFUND' THEN -"amountCents" WHEN 'AWARD_COMMITTED' THEN -"amountCents"
          ELSE 0 END) OVER (ORDER BY "createdAt", "id" ROWS UNBOUNDED PRECEDING)::bigint AS "available"
      FROM "FundEntry" WHERE "fundId" = ${FUND_ID}
      ORDER BY "createdAt" DESC, "id" DESC LIMIT ${LEDGER_PAGE_SIZE} OFFSET ${offset}`,
  ]);
  const after = new Map(running.map((r) => [r.id, toNumber(r.available)]));
  return {
    total,
    pageCount: pageCount(total, LEDGER_PAGE_SIZE),
    entries: entries.map((e) => ({ ...e, deltaCents: availableDelta(e), availableAfterCents: after.get(e.id) ?? null })),
  };
}

/**
 * The public page's figures. Copies: paid store orders (fully refunded ones drop out) plus
 * copies on retailers' statements. Scholarships: accepted awards and what the fund put into
 * them (committed, including what has been paid out).
 */
export async function publicFundTotals(db: Db, now = new Date()) {
  const [orders, statements, awards, balance, series] = await Promise.all([
    db.bookOrder.aggregate({ where: { status: "PAID" }, _sum: { quantity: true } }),
    db.royaltyStatement.aggregate({ _sum: { copies: true } }),
    db.award.aggregate({ where: { status: "ACCEPTED" }, _count: true, _sum: { committedCents: true } }),
    fundBalance(db),
    fundSeries(db, { by: "month", now }),
  ]);
  return {
    booksSold: (orders._sum.quantity ?? 0) + (statements._sum.copies ?? 0),
    scholarships: awards._count,
    scholarshipsCents: awards._sum.committedCents ?? 0,
    raisedCents: balance.raisedCents,
    raisedByMonth: series.points.slice(-12).map((p) => ({ label: p.label, value: p.raisedCents })),
  };
}

/** The organisers' fund page: balances, the chart series and a page of the ledger. */
export async function fundOverview(db: Db, { page, by, now = new Date() }: { page: number; by?: FundPeriod; now?: Date }) {
  const [balance, series, ledger] = await Promise.all([fundBalance(db), fundSeries(db, { by, now }), fundLedger(db, { page })]);
  return { balance, series, ledger };
}
