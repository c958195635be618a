import type { FundEntryKind, Prisma } from "~/generated/prisma/client.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { RuleViolation } from "~/shared/errors.ts";

/**
 * The scholarship fund: an append-only ledger whose balances are sums of its entries.
 *
 *   raised    = book sales − book refunds + statements + donations ± adjustments
 *   committed = awards committed − awards released − stipends paid
 *   paid      = stipends paid
 *   available = raised − committed − paid
 *
 * Awards take money only through `commitFromFund`, which locks the fund's row first, so two
 * committee members awarding at once are serialised and the available balance never goes
 * below zero. Entries are never updated or deleted.
 */
export const FUND_ID = "scholarships";

export type FundBalance = {
  raisedCents: number;
  committedCents: number;
  paidCents: number;
  availableCents: number;
};

/** Largest single entry: well above any real sale or award, small enough to catch typos. */
export const MAX_ENTRY_CENTS = 100_000_000;

const RAISES: FundEntryKind[] = ["BOOK_SALE", "STATEMENT_IMPORT", "DONATION", "ADJUSTMENT"];

export class InsufficientFundsError extends RuleViolation {
  constructor(
    readonly neededCents: number,
    readonly availableCents: number,
  ) {
    super("The fund's available balance does not cover this award.");
  }
}

export type FundEntryInput = {
  kind: FundEntryKind;
  /** Positive, except ADJUSTMENT which may lower the fund with a negative amount. */
  amountCents: number;
  memo?: string;
  reason?: string;
  createdById?: string | null;
  bookOrderId?: string;
  statementId?: string;
  awardId?: string;
  payoutId?: string;
};

/** Creates the fund's row on first use (migrations hold no data). */
export async function ensureFund(db: DbTx): Promise<void> {
  await db.fund.upsert({ where: { id: FUND_ID }, create: { id: FUND_ID }, update: {} });
}

export function checkEntry(entry: FundEntryInput): void {
  const { kind, amountCents } = entry;
  if (!Number.isSafeInteger(amountCents) || amountCents === 0)
    throw new RuleViolation("Enter an amount in whole cents, not zero.", "amount");
  if (Math.abs(amountCents) > MAX_ENTRY_CENTS)
    throw new RuleViolation("That amount is larger than any single entry may be.", "amount");
  if (kind !== "ADJUSTMENT" && amountCents < 0) throw new RuleViolation("Only adjustments may be negative.", "amount");
  if ((kind === "ADJUSTMENT" || kind === "DONATION") && !entry.reason?.trim())
    throw new RuleViolation("Say why: adjustments and donations need a reason.", "reason");
}

/** Appends one entry. Use inside the transaction of the change that causes it. */
export async function appendFundEntry(tx: DbTx, entry: FundEntryInput) {
  checkEntry(entry);
  await ensureFund(tx);
  return tx.fundEntry.create({
    data: {
      fundId: FUND_ID,
      kind: entry.kind,
      amountCents: entry.amountCents,
      memo: entry.memo ?? "",
      reason: entry.reason?.trim() ?? "",
      createdById: entry.createdById ?? null,
      bookOrderId: entry.bookOrderId,
      statementId: entry.statementId,
      awardId: entry.awardId,
      payoutId: entry.payoutId,
    },
  });
}

/** The fund's balances now (or as of `until`, for charts). */
export async function fundBalance(db: DbTx, until?: Date): Promise<FundBalance> {
  const where: Prisma.FundEntryWhereInput = { fundId: FUND_ID, ...(until ? { createdAt: { lte: until } } : {}) };
  const sums = await db.fundEntry.groupBy({ by: ["kind"], where, _sum: { amountCents: true } });
  const sum = (kind: FundEntryKind) => sums.find((s) => s.kind === kind)?._sum.amountCents ?? 0;
  return balanceFrom(sum);
}

export function balanceFrom(sum: (kind: FundEntryKind) => number): FundBalance {
  const raisedCents = RAISES.reduce((total, kind) => total + sum(kind), 0) - sum("BOOK_REFUND");
  // A returned waiver was paid and is given back: paid shrinks, available grows, committed keeps.
  const paidCents = sum("STIPEND_PAID") - sum("WAIVER_RETURNED");
  const committedCents = sum("AWARD_COMMITTED") - sum("AWARD_RELEASED") - sum("STIPEND_PAID");
  return { raisedCents, committedCents, paidCents, availableCents: raisedCents - committedCents - paidCents };
}

/**
 * Commits money to an award if, and only if, the available balance covers it. Must run in a
 * transaction: the row lock is held until it commits, so concurrent commits queue here.
 */
export async function commitFromFund(
  tx: DbTx,
  commitment: { amountCents: number; awardId: string; createdById?: string | null; memo?: string },
) {
  await ensureFund(tx);
  await tx.$queryRaw`SELECT "id" FROM "Fund" WHERE "id" = ${FUND_ID} FOR UPDATE`;
  const { availableCents } = await fundBalance(tx);
  if (commitment.amountCents > availableCents) throw new InsufficientFundsError(commitment.amountCents, availableCents);
  return appendFundEntry(tx, { kind: "AWARD_COMMITTED", ...commitment });
}

/** Entries newest first, a page at a time, for the ledger page. */
export async function listFundEntries(db: Db, { page, pageSize = 50 }: { page: number; pageSize?: number }) {
  const [entries, total] = await Promise.all([
    db.fundEntry.findMany({
      where: { fundId: FUND_ID },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: { createdBy: { select: { name: true } } },
    }),
    db.fundEntry.count({ where: { fundId: FUND_ID } }),
  ]);
  return { entries, total };
}
