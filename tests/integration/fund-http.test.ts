// The fund's pages through the real built server: the organisers' ledger with donations and
// (admin-only) adjustments, retailer statement imports from upload to commit, and the public
// totals. Wrong roles get 403 and bad input a clear message, with nothing changed.
import { describe, expect, it } from "vitest";
import { fundBalance } from "~/modules/scholarships/fund-ledger.server.ts";
import { bookFactory, bookOrderFactory, fundEntryFactory, royaltyStatementFactory, userFactory } from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { pageText, setupTestServer } from "../support/http.ts";

const t = setupTestDatabase();
const { request, logInAs } = setupTestServer(t);

async function as(traits: ("organizer" | "admin")[]) {
  const user = await userFactory(t.db, {
    traits: ["verified", ...traits],
    name: traits.includes("admin") ? "Avery Admin" : "Olivia Organizer",
  });
  return { user, cookie: await logInAs(user.email) };
}

const STATEMENT = {
  retailer: "Meridian Book Distributors",
  statementRef: "MBD-2026-Q1",
  periodStart: "2026-01-01",
  periodEnd: "2026-03-31",
};
const GOOD_CSV = `Sale Date,Title,ISBN,Format,Units,Net Royalty
2026-01-14,Field Guide,978-0-306-40615-7,Paperback,12,71.88
2026-02-03,Field Guide,9780306406157,Ebook,30,89.70
`;

function upload(fields: Record<string, string>, csv?: { text: string; name: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (csv) form.append("file", new Blob([csv.text], { type: "text/csv" }), csv.name);
  return form;
}

describe("the organisers' fund page", () => {
  it("shows raised, committed, paid out and available, the charts and the ledger with links to sources", async () => {
    const book = await bookFactory(t.db);
    const order = await bookOrderFactory(t.db, { bookId: book.id, traits: ["paid"], quantity: 12 });
    const statement = await royaltyStatementFactory(t.db, { lines: [{ copies: 30, netCents: 60_000 }] });
    await fundEntryFactory(t.db, { kind: "DONATION", amountCents: 50_000, reason: "Alumni bake sale" });
    const { cookie } = await as(["organizer"]);
    const response = await request("/admin/fund", { cookie });
    expect(response.status).toBe(200);
    const html = await pageText(response);
    const raised = (order.netProceedsCents as number) + 60_000 + 50_000;
    expect(html).toContain(`$${(raised / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`);
    expect(html).toContain("Available at the end of each period");
    expect(html).toContain("Alumni bake sale");
    expect(html).toContain(`href="/admin/books/orders/${order.id}"`);
    expect(html).toContain(`href="/admin/statements/${statement.id}"`);
    expect((await request("/admin/fund?by=month&page=99", { cookie })).status).toBe(200);
    expect((await request("/fund")).status).toBe(200);
  });

  it("lets organisers record donations, refusing negative and huge amounts with clear messages", async () => {
    const { user, cookie } = await as(["organizer"]);
    const cases: [string, string][] = [
      ["-50", "Enter the donation in dollars, for example 24.95 (no minus sign)."],
      ["0", "The donation must be at least $0.01."],
      ["20000000", "The donation can be at most $1,000,000."],
      ["1,000,000.01", "The donation can be at most $1,000,000."],
      ["lots", "Enter the donation in dollars"],
    ];
    for (const [amount, message] of cases) {
      const response = await request("/admin/fund", { cookie, form: { intent: "donation", amount, reason: "Gift" } });
      expect(response.status, amount).toBe(400);
      expect(await pageText(response)).toContain(message);
    }
    const noReason = await request("/admin/fund", { cookie, form: { intent: "donation", amount: "10", reason: " " } });
    expect(await pageText(noReason)).toContain("Say who gave it or what it was for");
    expect(await t.db.fundEntry.count()).toBe(0);

    const ok = await request("/admin/fund", {
      cookie,
      form: { intent: "donation", amount: "1,250.50", reason: "Alumni bake sale" },
    });
    expect(ok.status).toBe(302);
    expect(await t.db.fundEntry.findMany()).toEqual([
      expect.objectContaining({ kind: "DONATION", amountCents: 125_050, reason: "Alumni bake sale", createdById: user.id }),
    ]);
  });

  it("keeps adjustments for admins: an organiser or attendee gets 403 and nothing changes", async () => {
    await fundEntryFactory(t.db, { kind: "DONATION", amountCents: 10_000, reason: "Seed" });
    const organiser = await as(["organizer"]);
    const attendee = await logInAs((await userFactory(t.db, { traits: ["verified"] })).email);
    const form = { intent: "adjustment", amount: "-20.00", reason: "Bank charges" };
    expect((await request("/admin/fund", { cookie: organiser.cookie, form })).status).toBe(403);
    expect((await request("/admin/fund", { cookie: attendee, form })).status).toBe(403);
    expect(
      (await request("/admin/fund", { cookie: attendee, form: { intent: "donation", amount: "5", reason: "Gift" } })).status,
    ).toBe(403);
    expect((await request("/admin/fund", { cookie: attendee })).status).toBe(403);
    expect((await request("/admin/statements", { cookie: attendee })).status).toBe(403);
    expect(await t.db.fundEntry.count()).toBe(1);
    // The organiser's page doesn't offer the adjustment form.
    expect(await pageText(await request("/admin/fund", { cookie: organiser.cookie }))).toContain("made by admins");

    const admin = await as(["admin"]);
    const tooMuch = await request("/admin/fund", { cookie: admin.cookie, form: { ...form, amount: "-100.01" } });
    expect(tooMuch.status).toBe(422);
    expect(await pageText(tooMuch)).toContain("The fund has $100.00 available; an adjustment can't take it below zero.");
    const huge = await request("/admin/fund", { cookie: admin.cookie, form: { ...form, amount: "-99999999" } });
    expect(await pageText(huge)).toContain("An adjustment can be at most $1,000,000 either way");
    const noReason = await request("/admin/fund", { cookie: admin.cookie, form: { ...form, reason: "" } });
    expect(await pageText(noReason)).toContain("Say why the fund needs adjusting");
    expect(await t.db.fundEntry.count()).toBe(1);

    expect((await request("/admin/fund", { cookie: admin.cookie, form })).status).toBe(302);
    expect(await fundBalance(t.db)).toMatchObject({ availableCents: 8_000 });
    expect(await t.db.fundEntry.findFirst({ where: { kind: "ADJUSTMENT" } })).toMatchObject({
      amountCents: -2_000,
      reason: "Bank charges",
      createdById: admin.user.id,
    });
  });
});

describe("importing a retailer statement", () => {
  it("previews broken rows line by line and refuses to commit them", async () => {
    const { cookie } = await as(["organizer"]);
    const broken = "Sale Date,Units,Net Royalty\n2026-05-01,3,17.97\n2026-01-02,two,9.99\n2026-01-03,1\n";
    const preview = await request("/admin/statements/import", {
      cookie,
      multipart: upload({ intent: "preview", ...STATEMENT }, { text: broken, name: "meridian-q1.csv" }),
    });
    expect(preview.status).toBe(200);
    const html = await pageText(preview);
    expect(html).toContain("Preview of meridian-q1.csv");
    expect(html).toContain("3 problems");
    expect(html).toContain("2026-05-01 is outside the statement's period.");
    expect(html).toContain("“two” is not a whole number of copies.");
    expect(html).toContain("This row has 2 values but the header names 3 columns");
    expect(html).not.toContain("Import and credit");

    const commit = await request("/admin/statements/import", {
      cookie,
      multipart: upload({
        intent: "commit",
        ...STATEMENT,
        text: broken,
        "map.saleDate": "sale date",
        "map.copies": "units",
        "map.netRoyalty": "net royalty",
      }),
    });
    expect(commit.status).toBe(422);
    expect(await pageText(commit)).toContain("3 rows have problems");
    expect(await t.db.royaltyStatement.count()).toBe(0);
    expect(await t.db.fundEntry.count()).toBe(0);
  });

  it("asks for the columns it can't guess, remembers them, commits once and refuses the same statement again", async () => {
    const { cookie } = await as(["organizer"]);
    const custom = "Txn Date,Qty Sold,Payable\n2026-01-20,5,29.95\n2026-02-11,2,11.98\n";
    const first = await pageText(
      await request("/admin/statements/import", { cookie, multipart: upload({ intent: "preview", ...STATEMENT, text: custom }) }),
    );
    expect(first).toContain("Choose the column that holds copies.");
    expect(first).toContain('<option value="qty sold">Qty Sold</option>');

    const mapped = {
      ...STATEMENT,
      text: custom,
      "map.saleDate": "txn date",
      "map.copies": "qty sold",
      "map.netRoyalty": "payable",
    };
    const previewed = await pageText(
      await request("/admin/statements/import", { cookie, multipart: upload({ intent: "preview", ...mapped }) }),
    );
    expect(previewed).toContain("2 rows, 7 copies, $41.93 net royalty, 0 problems");
    expect(previewed).toContain("Import and credit $41.93 to the fund");

    const committed = await request("/admin/statements/import", { cookie, multipart: upload({ intent: "commit", ...mapped }) });
    expect(committed.status).toBe(302);
    const statement = await t.db.royaltyStatement.findFirstOrThrow();
    expect(committed.headers.get("location")).toBe(`/admin/statements/${statement.id}`);
    expect(await pageText(await request(`/admin/statements/${statement.id}`, { cookie }))).toContain("$41.93");
    expect((await request("/admin/statements/unknown-id", { cookie })).status).toBe(404);

    // The next statement from Meridian needs no mapping; the same statement again is refused.
    const again = await pageText(
      await request("/admin/statements/import", { cookie, multipart: upload({ intent: "preview", ...STATEMENT, text: custom }) }),
    );
    expect(again).toContain("Remembered from the last statement from Meridian Book Distributors.");
    expect(again).toContain("was imported already");
    const twice = await request("/admin/statements/import", { cookie, multipart: upload({ intent: "commit", ...mapped }) });
    expect(twice.status).toBe(422);
    expect(await pageText(twice)).toContain("it is credited once");
    expect(await t.db.fundEntry.count({ where: { kind: "STATEMENT_IMPORT" } })).toBe(1);
  });

  it("refuses a file over 2 MB, a missing period and a period that ends before it starts", async () => {
    const { cookie } = await as(["organizer"]);
    const big = `Units,Net Royalty\n${"1,5.99\n".repeat(400_000)}`;
    const tooBig = await request("/admin/statements/import", {
      cookie,
      multipart: upload({ intent: "preview", ...STATEMENT }, { text: big, name: "big.csv" }),
    });
    expect(tooBig.status).toBe(413);
    const backwards = await request("/admin/statements/import", {
      cookie,
      multipart: upload({ intent: "preview", ...STATEMENT, periodEnd: "2025-12-31", text: GOOD_CSV }),
    });
    expect(backwards.status).toBe(400);
    expect(await pageText(backwards)).toContain("The period must end on or after its first day");
    const noDates = await request("/admin/statements/import", {
      cookie,
      multipart: upload({ intent: "preview", ...STATEMENT, periodStart: "2026-02-30", text: GOOD_CSV }),
    });
    expect(await pageText(noDates)).toContain("That date doesn't exist");
    expect(await t.db.royaltyStatement.count()).toBe(0);
  });
});

describe("the public fund page", () => {
  it("says how many books funded how many scholarships, with no one's name on it", async () => {
    const book = await bookFactory(t.db);
    await bookOrderFactory(t.db, { bookId: book.id, traits: ["paid"], quantity: 12, buyerName: "Secret Buyer" });
    await bookOrderFactory(t.db, { bookId: book.id, traits: ["refunded"], quantity: 5, buyerName: "Refunded Buyer" });
    await royaltyStatementFactory(t.db, { lines: [{ copies: 30, netCents: 60_000 }] });
    const text = (await pageText(await request("/fund"))).replace(/<[^>]+>/g, "");
    expect(text).toContain("Net proceeds from 42 books have funded 0 scholarships ($0.00).");
    expect(text).not.toContain("Secret Buyer");
    expect(text).not.toContain("@example.org");
  });
});
