import { readFile } from "node:fs/promises";
import { DEMO, DEMO_PASSWORD } from "./support/env.ts";
import { expect, snap, test } from "./support/fixtures.ts";
import { submitLogIn } from "./support/users.ts";

test("an attendee sees their badge with its QR code and downloads it for the phone and as a PDF", async ({ page, a11y }) => {
  await page.goto("/login");
  await a11y.check();
  await submitLogIn(page, DEMO.attendee.email, DEMO_PASSWORD);
  await expect(page).not.toHaveURL(/\/login/);
  await a11y.check(); // the page the login lands on
  await page.goto("/registrations");
  await a11y.check();
  await page
    .getByRole("link", { name: `Badge for ${DEMO.attendee.name}` })
    .first()
    .click();
  const badge = page.getByRole("article", { name: `Badge for ${DEMO.attendee.name}` });
  await expect(badge).toBeVisible();
  await expect(badge.getByRole("img", { name: /Check-in code/ })).toBeVisible();
  await expect(badge).toContainText("they/them");
  await expect(badge).toContainText("Attendee");
  await a11y.check();
  await snap(page, "badge-attendee");

  const [png] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download for phone (PNG)" }).click(),
  ]);
  expect(png.suggestedFilename()).toMatch(/^badge-.+\.png$/);
  expect((await readFile((await png.path()) as string)).subarray(1, 4).toString()).toBe("PNG");
  const pdf = await page.request.get(await page.getByRole("link", { name: "Download PDF" }).getAttribute("href").then(String));
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
});

test.describe("organisers", () => {
  test("make every badge of the summit as one PDF, watching its progress, and download it", async ({ page, a11y }) => {
    await page.goto("/login?redirectTo=%2Fadmin%2Fevents");
    await a11y.check();
    await submitLogIn(page, DEMO.organizer.email, DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/admin\/events$/);
    await a11y.check();
    await page
      .getByRole("link", { name: /Social Media Summit 2027/ })
      .first()
      .click();
    await expect(page.getByRole("heading", { name: /Social Media Summit 2027/, level: 1 })).toBeVisible();
    await a11y.check();
    await page.getByRole("link", { name: "Badges", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Badges", level: 1 })).toBeVisible();
    await a11y.check();

    await page.getByLabel("Chosen people").check();
    await page.getByLabel(/Find people/).fill("a");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/q=a/);
    await expect(page.getByText(/people match/)).toBeVisible();
    await a11y.check();

    await page.getByLabel(/Everyone confirmed/).check();
    await page.getByLabel(/US Letter sheets/).check();
    await page.getByRole("button", { name: "Make the PDF" }).click();
    await expect(page.getByText(/^Making \d[\d,]* badges/)).toBeVisible();
    const progress = page.getByRole("progressbar").first();
    await expect(progress).toBeVisible();
    await a11y.check();
    await snap(page, "badges-batch-running");

    // The page polls while the batch runs; the link appears without a reload.
    const download = page.getByRole("link", { name: /^Download PDF/ }).first();
    await expect(download).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("progressbar")).toHaveCount(0);
    await a11y.check();
    await snap(page, "badges-batch-done");
    const [file] = await Promise.all([page.waitForEvent("download"), download.click()]);
    expect(file.suggestedFilename()).toMatch(/^badges-.+\.pdf$/);
    expect((await readFile((await file.path()) as string)).subarray(0, 5).toString()).toBe("%PDF-");
  });
});
