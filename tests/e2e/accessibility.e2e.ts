import { ADMIN_STATE, APP_URL, DEMO } from "./support/env.ts";
import { expect, runAxe, snap, test } from "./support/fixtures.ts";
import { linkInText, waitForEmail } from "./support/mail.ts";

// Every page below goes through axe (WCAG 2.0/2.1 A and AA); the other specs check
// the pages of their own flows the same way.

test("public pages", async ({ page, a11y }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Social media in health care, in person");
  await a11y.check();
  await snap(page, "home");

  await page.getByRole("link", { name: "Social Media Summit 2027" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Social Media Summit 2027");
  await a11y.check();

  for (const [path, heading] of [
    ["/signup", "Create your account"],
    ["/login", "Log in"],
    ["/forgot-password", "Reset your password"],
    ["/reset-password", "This reset link is incomplete"],
    ["/verify-email?token=not-a-real-token", "We couldn't confirm your email"],
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await a11y.check();
  }

  // Client-side validation messages are part of the page too.
  await page.goto("/signup");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter your name")).toBeVisible();
  await a11y.check();

  for (const path of ["/no-such-page", "/events/no-such-event"]) {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await a11y.check();
  }
  await snap(page, "not-found");
});

test("password reset page with a real token, and the email in the admin outbox", async ({ page, a11y, browser }) => {
  await page.goto("/forgot-password");
  await a11y.check();
  await page.getByLabel("Email").fill(DEMO.attendee.email);
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page.getByRole("status")).toContainText("a reset link is on its way");
  await a11y.check();

  const mail = await waitForEmail(DEMO.attendee.email, { subject: "Reset your Summit password" });
  await page.goto(linkInText(mail, `${APP_URL}/reset-password?token=`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose a new password");
  await a11y.check();
  await snap(page, "reset-password");

  // The same email as an organiser sees it in the outbox (another browser, logged in as the admin).
  const admin = await browser.newContext({ storageState: ADMIN_STATE });
  const adminPage = await admin.newPage();
  await adminPage.goto(`/admin/emails?q=${encodeURIComponent(DEMO.attendee.email)}`);
  await expect(adminPage.getByRole("heading", { level: 1 })).toHaveText("Emails");
  await a11y.check(adminPage);
  await adminPage.getByRole("link", { name: "Reset your Summit password" }).first().click();
  await expect(adminPage.getByRole("heading", { level: 1 })).toHaveText("Reset your Summit password");
  await expect(adminPage.getByText(DEMO.attendee.email)).toBeVisible();
  await expect(adminPage.frameLocator("iframe").getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await a11y.check(adminPage);
  await snap(adminPage, "admin-email");
  // The preview frame is sandboxed (no scripts), so axe reads the email's own document directly.
  const emailHtml = await adminPage.locator("iframe").getAttribute("src");
  expect(emailHtml).toMatch(/^\/admin\/emails\/[^/]+\/html$/);
  await adminPage.goto(emailHtml ?? "");
  await expect(adminPage.getByRole("link", { name: "Choose a new password" })).toBeVisible();
  await a11y.check(adminPage);
  await admin.close();
});

test.describe("signed-in pages", () => {
  test.use({ storageState: ADMIN_STATE });

  test("account and admin pages", async ({ page, a11y }) => {
    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account");
    await a11y.check();

    const adminPages: [string, string][] = [
      ["Overview", "Overview"],
      ["Events", "Events"],
      ["Campuses", "Campuses"],
      ["Emails", "Emails"],
      ["People & roles", "People & roles"],
      ["Audit log", "Audit log"],
    ];
    await page.goto("/admin");
    for (const [tab, heading] of adminPages) {
      await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: tab, exact: true }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
      await a11y.check();
    }
    await snap(page, "admin-audit");

    await page.goto("/admin/events/new");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("New event");
    await a11y.check();
    await snap(page, "admin-new-event");

    await page.goto("/admin/events");
    await page.getByRole("link", { name: "Social Media Summit 2027" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Edit Social Media Summit 2027");
    await a11y.check();

    await page.goto("/admin/campuses");
    await page.getByRole("link", { name: "Jacksonville" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Jacksonville");
    await a11y.check();
    await page.goto("/admin/campuses/new");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("New campus");
    await a11y.check();

    await page.goto("/admin/users?q=summit.test");
    await expect(page.getByText("Avery Admin")).toBeVisible();
    await a11y.check();
    await snap(page, "admin-users");
  });
});

// Guards against a vacuous check (wrong tags, axe not running): a known violation must be caught.
test("the checker reports a serious violation", async ({ page }) => {
  await page.goto("/");
  expect((await runAxe(page)).blocking).toEqual([]);
  await page.evaluate(() => document.querySelector("main")?.insertAdjacentHTML("beforeend", '<img src="/favicon.svg">'));
  const { blocking } = await runAxe(page);
  expect(blocking.map((v) => `${v.id} (${v.impact})`)).toEqual(["image-alt (critical)"]);
});
