// The book store and the fund in a browser against `npm start` (fake Stripe's test checkout):
// buying the book raises the fund's available balance by exactly the order's net proceeds as
// the organiser's order page works them out; a retailer statement is previewed, fixed, imported.
import type { Page } from "@playwright/test";
import { ADMIN_STATE } from "./support/env.ts";
import { type A11y, expect, snap, test } from "./support/fixtures.ts";

test.use({ storageState: ADMIN_STATE });

const cents = (text: string) => Math.round(Number(text.replace(/[^0-9.-]/g, "")) * 100);

/** The fund page's "Available" figure, in cents. */
async function available(page: Page, a11y: A11y): Promise<number> {
  await page.goto("/admin/fund");
  await expect(page.getByRole("heading", { name: "Scholarship fund", level: 1 })).toBeVisible();
  await a11y.check();
  const figure = page.locator("dt", { hasText: /^Available$/ }).locator("xpath=following-sibling::dd[1]");
  return cents((await figure.textContent()) ?? "");
}

test("a book bought through the test checkout raises the available balance by exactly its net proceeds", async ({
  page,
  a11y,
}) => {
  const before = await available(page, a11y);
  await snap(page, "admin-fund");

  await page.goto("/book");
  await expect(page.getByRole("heading", { name: "Social Media in Health Care: A Field Guide", level: 1 })).toBeVisible();
  await expect(page.getByRole("table", { name: "Price per copy by number of copies" })).toContainText("15% off");
  await a11y.check();
  await snap(page, "book");

  // 12 copies: the 10+ tier, $21.21 a copy, shown before the server prices it the same way.
  await page.getByRole("spinbutton", { name: "Copies" }).fill("12");
  await expect(page.getByText("Total $254.52")).toBeVisible();
  await page.getByLabel("Street address").fill("12 Harbor Road");
  await page.getByLabel("Town or city").fill("Jacksonville");
  await page.getByLabel("State or region (optional)").fill("FL");
  await page.getByLabel("Postal code").fill("32224");
  await page.getByRole("button", { name: "Continue to payment · $254.52" }).click();

  await expect(page.getByText("Social Media in Health Care: A Field Guide").first()).toBeVisible();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: /^Pay / }).click();

  await expect(page.getByRole("heading", { name: "Thank you for your order" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("$254.52", { exact: true })).toBeVisible();
  await a11y.check();
  await snap(page, "book-order-paid");
  const reference = (await page.getByText(/^BK-[A-Z0-9]{6}$/).textContent()) ?? "";

  // The organiser's view of the order: how its net proceeds were worked out.
  await page.goto("/admin/books");
  await a11y.check();
  await page.getByRole("link", { name: reference }).click();
  await expect(page.getByRole("heading", { name: `Book order ${reference}` })).toBeVisible();
  await expect(page.getByText("Card fee (Stripe)")).toBeVisible();
  await a11y.check();
  await snap(page, "admin-book-order");
  const breakdown = await page.getByTestId("proceeds").getByRole("definition").allTextContents();
  const [paid, printing, shipping, fee] = breakdown.slice(0, 4).map((t) => Math.abs(cents(t)));
  const net = cents((await page.getByTestId("net-proceeds").textContent()) ?? "");
  expect(paid).toBe(25_452);
  expect(printing).toBe(12 * 640);
  expect(net).toBe(paid - printing - shipping - fee);
  expect(net).toBeGreaterThan(0);

  const after = await available(page, a11y);
  expect(after - before).toBe(net);
  await expect(page.getByRole("table", { name: /Fund ledger/ }).getByText(`Order ${reference}: 12 copies`)).toBeVisible();
  await snap(page, "admin-fund-after-sale");

  await page.goto("/fund");
  await expect(page.getByText(/^Net proceeds from [\d,]+ books have funded/)).toBeVisible();
  await a11y.check();
  await snap(page, "public-fund");
});

test("a retailer statement with a broken row is previewed, fixed and imported once", async ({ page, a11y }) => {
  const ref = `MBD-E2E-${Date.now().toString(36)}`;
  const csv = (royalty: string) =>
    `Sale Date,Title,ISBN,Format,Units,Net Royalty\n2030-01-14,Field Guide,979-8-9876543-2-3,Paperback,12,71.88\n2030-02-03,Field Guide,9798987654323,Ebook,30,${royalty}\n`;
  await page.goto("/admin/statements");
  await a11y.check();
  await page.getByRole("link", { name: "Import a statement" }).click();
  await expect(page.getByRole("heading", { name: "Import a retailer statement" })).toBeVisible();
  await a11y.check();

  const fill = async (royalty: string) => {
    await page.getByLabel("Retailer").fill("Meridian Book Distributors");
    await page.getByLabel("Statement id").fill(ref);
    await page.getByLabel("Period: first day").fill("2030-01-01");
    await page.getByLabel("Period: last day").fill("2030-03-31");
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "meridian.csv", mimeType: "text/csv", buffer: Buffer.from(csv(royalty)) });
    await page.getByRole("button", { name: "Preview", exact: true }).click();
  };
  await fill("eighty");
  await expect(
    page.getByRole("heading", { name: /^Preview of meridian\.csv: 1 row, 12 copies, \$71\.88 net royalty, 1 problem$/ }),
  ).toBeVisible();
  await expect(page.getByText("“eighty” is not an amount in dollars")).toBeVisible();
  // Meridian's columns were remembered from the demo's import.
  await expect(page.getByText("Remembered from the last statement from Meridian Book Distributors.")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Import and credit/ })).toHaveCount(0);
  await a11y.check();
  await snap(page, "statement-preview-errors");

  await fill("89.70");
  await expect(page.getByRole("heading", { name: /2 rows, 42 copies, \$161\.58 net royalty, 0 problems$/ })).toBeVisible();
  await a11y.check();
  await snap(page, "statement-preview");
  await page.getByRole("button", { name: "Import and credit $161.58 to the fund" }).click();
  await expect(page.getByRole("heading", { name: `Statement ${ref}` })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("$161.58 credited to the fund");
  await a11y.check();

  // The same statement again: refused, credited once.
  await page.goto("/admin/statements/import");
  await fill("89.70");
  await expect(page.getByText(/was imported already on .* it is credited once\./)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Import and credit/ })).toHaveCount(0);
  await a11y.check();
});
