// Money the organisers record by hand: donations (organisers) and adjustments (admins, signed).
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Db } from "~/shared/db.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { formatMoney } from "~/shared/money.ts";
import { appendFundEntry, ensureFund, FUND_ID, fundBalance } from "./fund-ledger.server.ts";

export async function recordDonation(db: Db, actorId: string, { amountCents, reason }: { amountCents: number; reason: string }) {
  return db.$transaction(async (tx) => {
    const entry = await appendFundEntry(tx, { kind: "DONATION", amountCents, reason, memo: "Donation", createdById: actorId });
    await recordAudit(tx, {
      actorId,
      action: "fund.donation",
      subjectType: "FundEntry",
      subjectId: entry.id,
      detail: { amountCents, reason: entry.reason },
    });
    return entry;
  });
}

/**
 * A correction, up or down, with the admin's reason. Lowering the fund takes the fund's row
 * lock first, like an award, so it can never push the available balance below zero.
 */
export async function recordAdjustment(
  db: Db,
  actorId: string,
  { amountCents, reason }: { amountCents: number; reason: string },
) {
  return db.$transaction(async (tx) => {
    if (amountCents < 0) {
      await ensureFund(tx);
      await tx.$queryRaw`SELECT "id" FROM "Fund" WHERE "id" = ${FUND_ID} FOR UPDATE`;
      const { availableCents } = await fundBalance(tx);
      if (-amountCents > availableCents)
        throw new RuleViolation(
          `The fund has ${formatMoney(availableCents)} available; an adjustment can't take it below zero.`,
          "amount",
        );
    }
    const entry = await appendFundEntry(tx, {
      kind: "ADJUSTMENT",
      amountCents,
      reason,
      memo: "Adjustment",
      createdById: actorId,
    });
    await recordAudit(tx, {
      actorId,
      action: "fund.adjustment",
      subjectType: "FundEntry",
      subjectId: entry.id,
      detail: { amountCents, reason: entry.reason },
    });
    return entry;
  });
}
