import { APP_URL } from "./support/env.ts";
import { expect, snap, test } from "./support/fixtures.ts";
import { linkInText, linksInHtml, waitForEmail } from "./support/mail.ts";
import { newAccount, submitLogIn, submitSignUp } from "./support/users.ts";

test("sign up, confirm the address from the email, log out and back in, open the summit", async ({ page, a11y }) => {
  const account = newAccount("signup");

  await page.goto("/");
  await a11y.check();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  await a11y.check();
  await submitSignUp(page, account);

  await expect(page).toHaveURL("/account");
  await expect(page.getByRole("status")).toContainText(`We've emailed ${account.email} a link to confirm your address.`);
  await expect(page.getByText("Email not confirmed")).toBeVisible();
  await a11y.check();

  const mail = await waitForEmail(account.email, { subject: "Confirm your email address for Summit" });
  expect(mail.to).toEqual([account.email]);
  expect(mail.envelope.to).toEqual([account.email]);
  expect(mail.from).toEqual(["no-reply@summit.localhost"]);
  expect(mail.contentTypes).toEqual(expect.arrayContaining(["text/plain", "text/html"]));
  // Both parts greet the person by name (the plain text may capitalise headings).
  expect(mail.html).toContain(account.name);
  expect(mail.text?.toLowerCase()).toContain(account.name.toLowerCase());
  const link = linkInText(mail, `${APP_URL}/verify-email?token=`);
  expect(linksInHtml(mail)).toContain(link);

  await page.goto(link);
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("status")).toHaveText("Thanks — your email is confirmed.");
  await a11y.check();
  await page.getByRole("link", { name: `${account.name.split(" ")[0]}’s account` }).click();
  await expect(page.getByText("Email confirmed", { exact: true })).toBeVisible();
  await a11y.check();

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("status")).toHaveText("You're logged out.");
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  await a11y.check();

  await page.getByRole("link", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "Log in", level: 1 })).toBeVisible();
  await a11y.check();
  await submitLogIn(page, account.email, account.password);
  await expect(page.getByRole("status")).toHaveText(`Welcome back, ${account.name}.`);
  await a11y.check();

  await page.goto("/events/social-media-summit-2027");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Social Media Summit 2027");
  await expect(page.getByRole("article").getByText("27–29 September 2027")).toBeVisible();
  await a11y.check();
  await snap(page, "event-page");

  // The link is single-use: a second click explains instead of confirming again.
  await page.goto(link);
  await expect(page.getByRole("alert")).toHaveText(/expired or was already used/);
  await a11y.check();
});
