import { APP_URL } from "./support/env.ts";
import { expect, test } from "./support/fixtures.ts";
import { linkInText, linksInHtml, waitForEmail } from "./support/mail.ts";
import { newAccount, submitLogIn, submitSignUp } from "./support/users.ts";

test("forgot password: the emailed link sets a new password, the old one stops working", async ({ page, a11y }) => {
  const account = newAccount("reset");
  const newPassword = `${account.password} renewed`;

  await page.goto("/signup");
  await a11y.check();
  await submitSignUp(page, account);
  await expect(page).toHaveURL("/account");
  await a11y.check();
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("status")).toHaveText("You're logged out.");
  await a11y.check();

  await page.getByRole("link", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "Log in", level: 1 })).toBeVisible();
  await a11y.check();
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await a11y.check();
  await page.getByLabel("Email").fill(account.email.toUpperCase());
  await page.getByRole("button", { name: "Email me a reset link" }).click();
  await expect(page).toHaveURL("/login");
  await expect(page.getByRole("status")).toContainText("a reset link is on its way");
  await a11y.check();

  const mail = await waitForEmail(account.email, { subject: "Reset your Summit password" });
  expect(mail.to).toEqual([account.email]);
  expect(mail.contentTypes).toEqual(expect.arrayContaining(["text/plain", "text/html"]));
  const link = linkInText(mail, `${APP_URL}/reset-password?token=`);
  expect(linksInHtml(mail)).toContain(link);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await a11y.check();
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("New password again").fill(`${newPassword}!`);
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByText("The two passwords don't match")).toBeVisible();
  await page.getByLabel("New password again").fill(newPassword);
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page).toHaveURL("/login");
  await expect(page.getByRole("status")).toContainText("Your password is changed");
  await a11y.check();

  await submitLogIn(page, account.email, account.password);
  await expect(page.getByRole("alert")).toHaveText("That email and password don't match an account.");
  await expect(page).toHaveURL("/login");
  await a11y.check();

  await submitLogIn(page, account.email, newPassword);
  await expect(page.getByRole("status")).toHaveText(`Welcome back, ${account.name}.`);
  await expect(page).toHaveURL("/");
  await a11y.check();

  // The reset link works once.
  await page.goto(link);
  await page.getByLabel("New password", { exact: true }).fill("yet another password");
  await page.getByLabel("New password again").fill("yet another password");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page.getByRole("alert")).toHaveText(/expired or was already used/);
  await a11y.check();
});
