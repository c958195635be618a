// The fund's views and hand-recorded money against a real database: balances by bucket, the
// ledger's running available balance, the series behind the charts, donations and adjustments
// (never below zero, whatever the concurrency), and the public totals.
import { describe, expect, it } from "vitest";
import { MAX_FUND_ENTRY_CENTS } from "~/modules/scholarships/fund.schema.ts";
import { recordAdjustment, recordDonation } from "~/modules/scholarships/fund-entries.server.ts";
import { fundBalance, MAX_ENTRY_CENTS } from "~/modules/scholarships/fund-ledger.server.ts";
import { fundLedger, fundSeries, publicFundTotals } from "~/modules/scholarships/fund-reports.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import {
  bookFactory,
  bookOrderFactory,
  eventFactory,
  fundEntryFactory,
  royaltyStatementFactory,
  scholarshipApplicationFactory,
  scholarshipCycleFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
const at = (iso: string) => new Date(iso);

async function history() {
  const book = await bookFactory(t.db);
  const single = await bookOrderFactory(t.db, {
    bookId: book.id,
    traits: ["paid"],
    quantity: 1,
    paidAt: at("2026-01-05T15:00:00Z"),
  });
  const bulk = await bookOrderFactory(t.db, {
    bookId: book.id,
    traits: ["paid"],
    quantity: 12,
    paidAt: at("2026-01-20T15:00:00Z"),
  });
  const refunded = await bookOrderFactory(t.db, {
    bookId: book.id,
    traits: ["refunded"],
    quantity: 2,
    paidAt: at("2026-02-02T15:00:00Z"),
    refundedAt: at("2026-02-09T15:00:00Z"),
  });
  await royaltyStatementFactory(t.db, { lines: [{ copies: 30, netCents: 60_000 }], createdAt: at("2026-02-16T15:00:00Z") });
  await fundEntryFactory(t.db, {
    kind: "DONATION",
    amountCents: 500_000,
    reason: "Alumni gift",
    createdAt: at("2026-03-02T15:00:00Z"),
  });
  await fundEntryFactory(t.db, { kind: "AWARD_COMMITTED", amountCents: 300_000, createdAt: at("2026-03-10T15:00:00Z") });
  await fundEntryFactory(t.db, { kind: "STIPEND_PAID", amountCents: 100_000, createdAt: at("2026-03-20T15:00:00Z") });
  await fundEntryFactory(t.db, { kind: "AWARD_RELEASED", amountCents: 50_000, createdAt: at("2026-03-25T15:00:00Z") });
  return { single, bulk, refunded };
}

describe("the fund's figures", () => {
  it("sums entries into raised, committed, paid and available, and the ledger carries the running balance", async () => {
    const { single, bulk } = await history();
    const sales = (single.netProceedsCents as number) + (bulk.netProceedsCents as number);
    const balance = await fundBalance(t.db);
    expect(balance).toEqual({
      raisedCents: sales + 60_000 + 500_000,
      committedCents: 300_000 - 50_000 - 100_000,
      paidCents: 100_000,
      availableCents: sales + 60_000 + 500_000 - 250_000,
    });

    const ledger = await fundLedger(t.db, { page: 1 });
    expect(ledger.total).toBe(9);
    expect(ledger.entries.map((e) => e.kind)).toEqual([
      "AWARD_RELEASED",
      "STIPEND_PAID",
      "AWARD_COMMITTED",
      "DONATION",
      "STATEMENT_IMPORT",
      "BOOK_REFUND",
      "BOOK_SALE",
      "BOOK_SALE",
      "BOOK_SALE",
    ]);
    expect(ledger.entries[0].availableAfterCents).toBe(balance.availableCents);
    expect(ledger.entries.map((e) => e.deltaCents).slice(0, 3)).toEqual([50_000, 0, -300_000]);
    // Each row's balance is the one below it plus its own change.
    for (let i = 0; i < ledger.entries.length - 1; i++)
      expect(ledger.entries[i].availableAfterCents).toBe(
        (ledger.entries[i + 1].availableAfterCents as number) + ledger.entries[i].deltaCents,
      );
    expect(ledger.entries.at(-1)?.availableAfterCents).toBe(single.netProceedsCents);
  });

  it("charts available and committed at the end of each week or month, gaps filled", async () => {
    await history();
    const monthly = await fundSeries(t.db, { by: "month", now: at("2026-04-10T00:00:00Z") });
    expect(monthly.points.map((p) => p.label)).toEqual(["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"]);
    expect(monthly.points.map((p) => p.committedCents)).toEqual([0, 0, 150_000, 150_000]);
    expect(monthly.points.at(-1)?.availableCents).toBe((await fundBalance(t.db)).availableCents);
    expect(monthly.points[2].paidCents).toBe(100_000);

    const auto = await fundSeries(t.db, { now: at("2026-04-10T00:00:00Z") });
    expect(auto.by).toBe("week");
    // Mondays from the week of the first sale to the week of "now".
    expect(auto.points[0].label).toBe("2026-01-05");
    expect(auto.points.at(-1)?.label).toBe("2026-04-06");
    expect(auto.points).toHaveLength(14);
    // A quiet week repeats the balance before it.
    expect(auto.points[1].availableCents).toBe(auto.points[0].availableCents);
    expect((await fundSeries(t.db, { now: at("2027-04-10T00:00:00Z") })).by).toBe("month");
  });

  it("counts copies for the public page: paid orders and statements, not refunded orders; accepted awards and their amounts", async () => {
    await history();
    const event = await eventFactory(t.db, { traits: ["published"] });
    const cycle = await scholarshipCycleFactory(t.db, { eventId: event.id });
    const awards: [string, number][] = [
      ["ACCEPTED", 120_000],
      ["ACCEPTED", 80_000],
      ["OFFERED", 90_000],
      ["DECLINED", 70_000],
    ];
    for (const [status, committedCents] of awards) {
      const application = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
      await t.db.award.create({
        data: {
          applicationId: application.id,
          status: status as "ACCEPTED",
          committedCents,
          replyBy: at("2027-01-01T00:00:00Z"),
        },
      });
    }
    const totals = await publicFundTotals(t.db, at("2026-04-10T00:00:00Z"));
    expect(totals).toMatchObject({ booksSold: 1 + 12 + 30, scholarships: 2, scholarshipsCents: 200_000 });
    expect(totals.raisedByMonth.map((p) => p.label)).toEqual(["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"]);
    expect(totals.raisedByMonth.at(-1)?.value).toBe(totals.raisedCents);
    // Only counts and sums: nothing about who bought or who was awarded.
    expect(JSON.stringify(totals)).not.toMatch(/@|Reader|Person/);
  });
});

describe("donations and adjustments", () => {
  it("records a donation with its reason and author, refusing zero, negative and huge amounts", async () => {
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const entry = await recordDonation(t.db, organiser.id, { amountCents: 25_000, reason: "Lakeshore staff bake sale" });
    expect(entry).toMatchObject({
      kind: "DONATION",
      amountCents: 25_000,
      reason: "Lakeshore staff bake sale",
      createdById: organiser.id,
    });
    for (const amountCents of [0, -100, MAX_ENTRY_CENTS + 1])
      await expect(recordDonation(t.db, organiser.id, { amountCents, reason: "x" })).rejects.toBeInstanceOf(RuleViolation);
    await expect(recordDonation(t.db, organiser.id, { amountCents: 100, reason: "  " })).rejects.toThrow(/need a reason/);
    expect(await t.db.fundEntry.count()).toBe(1);
    expect(await t.db.auditLog.count({ where: { action: "fund.donation" } })).toBe(1);
    expect(MAX_FUND_ENTRY_CENTS).toBe(MAX_ENTRY_CENTS);
  });

  it("lets an adjustment lower the fund only as far as the available balance", async () => {
    const admin = await userFactory(t.db, { traits: ["admin"] });
    await recordAdjustment(t.db, admin.id, { amountCents: 10_000, reason: "Bank interest" });
    await expect(recordAdjustment(t.db, admin.id, { amountCents: -10_001, reason: "Too much" })).rejects.toThrow(
      "The fund has $100.00 available; an adjustment can't take it below zero.",
    );
    await recordAdjustment(t.db, admin.id, { amountCents: -4_000, reason: "Bank charges" });
    expect(await fundBalance(t.db)).toMatchObject({ raisedCents: 6_000, availableCents: 6_000 });
    expect(await t.db.auditLog.count({ where: { action: "fund.adjustment" } })).toBe(2);
  });

  // On PGlite (one connection) they queue; on PostgreSQL they race for the fund row.
  it("concurrent negative adjustments never take the available balance below zero", async () => {
    const admin = await userFactory(t.db, { traits: ["admin"] });
    await recordDonation(t.db, admin.id, { amountCents: 10_000, reason: "Seed money" });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => recordAdjustment(t.db, admin.id, { amountCents: -3_000, reason: "Correction" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(await fundBalance(t.db)).toMatchObject({ availableCents: 1_000 });
  });
});
