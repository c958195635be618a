// Retailers' royalty statements against a real database: column mapping (guessed, then
// remembered per retailer), row problems, all-or-nothing commits, and a statement credited once
// even when two organisers import it at the same moment.
import { describe, expect, it } from "vitest";
import { fundBalance } from "~/modules/scholarships/fund-ledger.server.ts";
import { commitStatement, previewStatement } from "~/modules/scholarships/statements.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { userFactory } from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();

const Q1 = {
  retailer: "Meridian Book Distributors",
  statementRef: "MBD-2026-Q1",
  periodStart: new Date("2026-01-01T00:00:00Z"),
  periodEnd: new Date("2026-03-31T00:00:00Z"),
};

const MERIDIAN = `Sale Date,Title,ISBN,Format,Units,Net Royalty,Currency
2026-01-14,Social Media in Health Care,978-0-306-40615-7,Paperback,12,"$71.88",USD
2/3/2026,Social Media in Health Care,9780306406157,Ebook,30,89.70,USD
2026-03-30,Social Media in Health Care,,Paperback,-1,(5.99),USD
`;

describe("previewing a statement", () => {
  it("guesses the columns from common headers, ignores the rest, and totals copies and royalty", async () => {
    const preview = await previewStatement(t.db, Q1, MERIDIAN);
    expect(preview.mappingSource).toBe("guessed");
    expect(preview.mapping).toEqual({
      saleDate: "sale date",
      title: "title",
      isbn: "isbn",
      format: "format",
      copies: "units",
      netRoyalty: "net royalty",
    });
    expect(preview.mappingErrors).toEqual([]);
    expect(preview.fileErrors).toEqual([]);
    expect(preview.errors).toEqual([]);
    expect(preview).toMatchObject({ rowCount: 3, copies: 41, netCents: 7_188 + 8_970 - 599 });
    expect(preview.rows[1]).toMatchObject({
      line: 3,
      saleDate: new Date("2026-02-03T00:00:00Z"),
      isbn: "9780306406157",
      format: "Ebook",
      copies: 30,
      netRoyalty: 8_970,
    });
    expect(preview.rows[2]).toMatchObject({ copies: -1, netRoyalty: -599, isbn: "", saleDate: new Date("2026-03-30T00:00:00Z") });
  });

  it("lists every broken row by line and column, and the commit refuses the file, saving nothing", async () => {
    const csv = `Sale Date,ISBN,Units,Net Royalty
2026-04-02,9780306406157,3,17.97
2026-02-30,9780306406158,2.5,twelve
2026-01-05,,4
,,,
2026-01-06,,4,23.96
`;
    const preview = await previewStatement(t.db, Q1, csv);
    expect(preview.errors).toEqual([
      { line: 2, column: "Sale Date", message: "2026-04-02 is outside the statement's period." },
      { line: 3, column: "Sale Date", message: "“2026-02-30” is not a date (use YYYY-MM-DD or M/D/YYYY)." },
      { line: 3, column: "ISBN", message: "“9780306406158” is not a valid ISBN (check the digits)." },
      { line: 3, column: "Units", message: "“2.5” is not a whole number of copies." },
      { line: 3, column: "Net Royalty", message: "“twelve” is not an amount in dollars, like 12.50 or -3.00." },
      { line: 4, column: null, message: expect.stringMatching(/^This row has 3 values but the header names 4 columns/) },
      { line: 5, column: "Units", message: "Enter the copies." },
      { line: 5, column: "Net Royalty", message: "Enter the net royalty." },
    ]);
    expect(preview).toMatchObject({ errorCount: 8, rowCount: 1 });
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    await expect(commitStatement(t.db, organiser.id, Q1, csv)).rejects.toThrow(/8 rows have problems/);
    expect(await t.db.royaltyStatement.count()).toBe(0);
    expect(await t.db.fundEntry.count()).toBe(0);
    expect(await t.db.statementColumnMap.count()).toBe(0);
  });

  it("explains a file it can't map, a statement that nets to nothing and a file over the row limit", async () => {
    const unknown = await previewStatement(t.db, Q1, "Qty Sold,Payable\n3,10.00\n");
    expect(unknown.mappingErrors).toEqual(["Choose the column that holds copies.", "Choose the column that holds net royalty."]);
    expect(unknown.headers).toEqual([
      { key: "qty sold", label: "Qty Sold" },
      { key: "payable", label: "Payable" },
    ]);
    const twice = await previewStatement(t.db, Q1, "Qty Sold,Payable\n3,10.00\n", { copies: "Payable", netRoyalty: "payable" });
    expect(twice.mappingErrors).toEqual(["Column “payable” is chosen for both copies and net royalty."]);

    const returns = await previewStatement(t.db, Q1, "Units,Net Royalty\n-2,-11.98\n1,5.99\n");
    expect(returns.fileErrors).toEqual([expect.stringMatching(/^This statement nets to -\$5\.99: there is nothing to credit/)]);

    const rows = Array.from({ length: 10_001 }, () => "1,5.99").join("\n");
    const tooMany = await previewStatement(t.db, Q1, `Units,Net Royalty\n${rows}\n`);
    expect(tooMany.fileErrors).toEqual(["The file has 10,001 rows; import at most 10,000 at a time."]);
  });
});

describe("committing a statement", () => {
  const CUSTOM = `Txn Date,Qty Sold,Payable,Edition
2026-01-20,5,29.95,Paperback
2026-02-11,2,11.98,Hardcover
`;
  const map = { saleDate: "Txn Date", copies: "Qty Sold", netRoyalty: "Payable", format: "Edition" };

  it("saves the statement, its lines and one credit, and remembers the retailer's columns for next time", async () => {
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const riverbend = { ...Q1, retailer: "Riverbend  Books", statementRef: "RB-0001" };
    const statement = await commitStatement(t.db, organiser.id, riverbend, CUSTOM, map);
    expect(statement).toMatchObject({ retailer: "Riverbend Books", copies: 7, netCents: 4_193, importedById: organiser.id });
    const lines = await t.db.royaltyStatementLine.findMany({
      where: { statementId: statement.id },
      orderBy: { rowNumber: "asc" },
    });
    expect(lines.map((l) => [l.rowNumber, l.format, l.copies, l.netCents])).toEqual([
      [2, "Paperback", 5, 2_995],
      [3, "Hardcover", 2, 1_198],
    ]);
    expect(await t.db.fundEntry.findMany()).toEqual([
      expect.objectContaining({
        kind: "STATEMENT_IMPORT",
        amountCents: 4_193,
        statementId: statement.id,
        createdById: organiser.id,
      }),
    ]);
    expect(await t.db.auditLog.count({ where: { action: "statement.import", subjectId: statement.id } })).toBe(1);

    // The next statement from that retailer (however its name is typed) maps itself.
    const q2 = {
      retailer: "riverbend books",
      statementRef: "RB-0002",
      periodStart: new Date("2026-04-01T00:00:00Z"),
      periodEnd: new Date("2026-06-30T00:00:00Z"),
    };
    const next = await previewStatement(t.db, q2, "Txn Date,Qty Sold,Payable,Edition,Region\n2026-04-03,1,5.99,Ebook,EU\n");
    expect(next).toMatchObject({
      retailer: "Riverbend Books",
      mappingSource: "remembered",
      mapping: { saleDate: "txn date", copies: "qty sold", netRoyalty: "payable", format: "edition" },
      mappingErrors: [],
      rowCount: 1,
      netCents: 599,
    });
    // A column the retailer dropped is named, and a guess fills what it can.
    const changed = await previewStatement(t.db, q2, "Txn Date,Units,Payable\n2026-04-03,1,5.99\n");
    expect(changed).toMatchObject({
      mappingSource: "remembered",
      missingRemembered: ["edition", "qty sold"],
      mapping: { copies: "units" },
    });
    expect(changed.mappingErrors).toEqual([]);
  });

  it("credits the same statement (retailer, id and period) once: a second import is refused with a clear message", async () => {
    const organiser = await userFactory(t.db, { traits: ["organizer"], name: "Olivia Organizer" });
    await commitStatement(t.db, organiser.id, Q1, MERIDIAN);
    const again = await previewStatement(t.db, { ...Q1, retailer: "MERIDIAN book distributors" }, MERIDIAN);
    expect(again.fileErrors).toEqual([
      expect.stringMatching(
        /^Statement MBD-2026-Q1 from Meridian Book Distributors for 2026-01-01 to 2026-03-31 was imported already on \d{4}-\d{2}-\d{2} by Olivia Organizer; it is credited once\.$/,
      ),
    ]);
    await expect(commitStatement(t.db, organiser.id, Q1, MERIDIAN)).rejects.toThrow(/was imported already/);
    // The same id for another period is another statement.
    await commitStatement(
      t.db,
      organiser.id,
      { ...Q1, periodStart: new Date("2026-04-01T00:00:00Z"), periodEnd: new Date("2026-06-30T00:00:00Z") },
      "Units,Net Royalty\n3,17.97\n",
    );
    expect(await t.db.royaltyStatement.count()).toBe(2);
    expect((await fundBalance(t.db)).raisedCents).toBe(15_559 + 1_797);
  });

  it("two organisers committing the same statement at the same moment: exactly one is credited", async () => {
    const [a, b] = await Promise.all([
      userFactory(t.db, { traits: ["organizer"] }),
      userFactory(t.db, { traits: ["organizer"] }),
    ]);
    const results = await Promise.allSettled([
      commitStatement(t.db, a.id, Q1, MERIDIAN),
      commitStatement(t.db, b.id, Q1, MERIDIAN),
      commitStatement(t.db, a.id, Q1, MERIDIAN),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(2);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(RuleViolation);
      expect(r.reason.message).toMatch(/was imported already/);
    }
    expect(await t.db.royaltyStatement.count()).toBe(1);
    expect(await t.db.royaltyStatementLine.count()).toBe(3);
    expect(await t.db.fundEntry.count({ where: { kind: "STATEMENT_IMPORT" } })).toBe(1);
    expect((await fundBalance(t.db)).availableCents).toBe(15_559);
  });
});
