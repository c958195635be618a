// The attendee's path in a browser against `npm start` (fake Stripe, real SMTP to the catcher):
// register with a promo code and pay → confirmation email → ticket in My registrations;
// a declined card; transfer a ticket; cancel with a refund by the event's policy.
import type { Page } from "@playwright/test";
import { APP_URL } from "./support/env.ts";
import { type A11y, expect, snap, test } from "./support/fixtures.ts";
import { linkInText, waitForEmail } from "./support/mail.ts";
import { newAccount, submitSignUp, uniqueEmail } from "./support/users.ts";

const SUMMIT = "/events/social-media-summit-2027";

async function signUp(page: Page, a11y: A11y, label: string) {
  const account = newAccount(label);
  await page.goto("/signup");
  await a11y.check();
  await submitSignUp(page, account);
  await expect(page).toHaveURL("/account");
  await a11y.check();
  return account;
}

/** Step 1 → step 2 → held order: `tickets` maps ticket names to quantities. */
async function register(page: Page, a11y: A11y, tickets: Record<string, number>, code?: string) {
  await page.goto(SUMMIT);
  await a11y.check();
  await page.getByRole("link", { name: "Register" }).click();
  await expect(page.getByRole("heading", { name: "Register for Social Media Summit 2027" })).toBeVisible();
  await a11y.check();
  if (code) {
    await page.getByRole("textbox", { name: /Code/ }).fill(code);
    await page.getByRole("button", { name: "Apply code" }).click();
    await expect(page.getByText(/^Applied —/)).toBeVisible();
    await a11y.check();
  }
  for (const [name, n] of Object.entries(tickets)) await page.getByLabel(`Quantity of ${name} tickets`).selectOption(String(n));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/step=details/);
  await expect(page.getByRole("group", { name: /^Attendee 1 —/ })).toBeVisible();
  await a11y.check();
}

async function fillAttendee(page: Page, index: number, { name, email }: { name?: string; email?: string } = {}) {
  const seat = page.getByRole("group", { name: new RegExp(`^Attendee ${index + 1} —`) });
  if (name) await seat.getByLabel("Full name", { exact: true }).fill(name);
  if (email) await seat.getByLabel("Email", { exact: true }).fill(email);
  await seat.getByRole("group", { name: "How did you hear about us?" }).getByLabel("Social media").check();
  await seat.getByLabel("Yes, I agree to be photographed and recorded").check();
}

async function payWithCard(page: Page, card: string) {
  await page.getByRole("button", { name: /^Pay / }).click();
  await page.getByLabel("Card number").fill(card);
  await page.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: /^Pay / }).click();
}

test("register with a promo code, pay by card, get the confirmation email and find the ticket", async ({ page, a11y }) => {
  const account = await signUp(page, a11y, "buyer");
  await register(page, a11y, { "In-person": 1 }, "earlybird");

  // A required answer left out is explained at the field, and nothing is held yet.
  const seat = page.getByRole("group", { name: /^Attendee 1 —/ });
  await expect(seat.getByLabel("Full name")).toHaveValue(account.name);
  await seat.getByLabel("Yes, I agree to be photographed and recorded").check();
  await page.getByRole("button", { name: "Reserve seats and continue" }).click();
  await expect(page.getByText("Please answer “How did you hear about us?”.")).toBeVisible();
  await a11y.check();
  await fillAttendee(page, 0);
  await page.getByRole("button", { name: "Reserve seats and continue" }).click();

  await expect(page).toHaveURL(/\/orders\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "Pay to confirm your registration" })).toBeVisible();
  await expect(page.getByText("Promo code EARLYBIRD")).toBeVisible();
  await expect(page.getByText(/^(30:00|29:\d\d)$/)).toBeVisible();
  // $495 less 15%.
  await expect(page.getByRole("button", { name: "Pay $420.75" })).toBeVisible();
  await a11y.check();
  await snap(page, "order-pending");

  await payWithCard(page, "4242 4242 4242 4242");
  await expect(page.getByRole("heading", { name: "You're registered for Social Media Summit 2027" })).toBeVisible({
    timeout: 20_000,
  });
  await a11y.check();
  await snap(page, "order-confirmed");
  const reference =
    (await page
      .getByText(/^SM-[A-Z0-9]{6}$/)
      .first()
      .textContent()) ?? "";

  const mail = await waitForEmail(account.email, { subject: `You're registered for Social Media Summit 2027 · ${reference}` });
  expect(mail.text).toContain("$420.75");
  const badge = linkInText(mail, `${APP_URL}/registrations/`);

  await page.getByRole("link", { name: "Receipt", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Receipt" })).toBeVisible();
  await expect(page.getByText("Promo code EARLYBIRD")).toBeVisible();
  await expect(page.getByText("-$74.25")).toBeVisible();
  await a11y.check();
  const pdf = await page.request.get(`${new URL(page.url()).pathname}.pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My registrations" }).click();
  await expect(page.getByRole("heading", { name: "My registrations" })).toBeVisible();
  await expect(page.getByText(`order ${reference}`)).toBeVisible();
  await a11y.check();
  await page.goto(badge);
  await expect(page.getByRole("article", { name: `Badge for ${account.name}` })).toBeVisible();
  await a11y.check();
  await snap(page, "badge");
});

test("a declined card shows Stripe's message and the order stays unpaid", async ({ page, a11y }) => {
  await signUp(page, a11y, "declined");
  await register(page, a11y, { Virtual: 1 });
  await fillAttendee(page, 0);
  await page.getByRole("button", { name: "Reserve seats and continue" }).click();
  await expect(page).toHaveURL(/\/orders\/[^/]+$/);
  const orderUrl = page.url();
  await a11y.check();

  await payWithCard(page, "4000 0000 0000 0002");
  await expect(page.getByRole("alert")).toHaveText("Your card was declined.");
  await page.goto(orderUrl);
  await expect(page.getByRole("heading", { name: "Pay to confirm your registration" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Pay $95.00" })).toBeVisible();
  await a11y.check();
});

test("transfer one ticket and cancel the other with a full refund", async ({ page, a11y }) => {
  await signUp(page, a11y, "group");
  await register(page, a11y, { Virtual: 2 });
  await fillAttendee(page, 0);
  await fillAttendee(page, 1, { name: "Robin Colleague", email: uniqueEmail("robin") });
  await page.getByRole("button", { name: "Reserve seats and continue" }).click();
  await expect(page).toHaveURL(/\/orders\/[^/]+$/);
  await a11y.check();
  await payWithCard(page, "4242 4242 4242 4242");
  await expect(page.getByRole("heading", { name: /You're registered/ })).toBeVisible({ timeout: 20_000 });
  await a11y.check();

  // Transfer Robin's seat to Sam.
  await page.getByRole("link", { name: "Details for Robin Colleague" }).click();
  await expect(page.getByRole("heading", { name: /Robin Colleague/ })).toBeVisible();
  await a11y.check();
  const sam = uniqueEmail("sam");
  await page.getByLabel("New attendee's name").fill("Sam Newcomer");
  await page.getByLabel("New attendee's email").fill(sam);
  await page.getByRole("button", { name: "Transfer ticket" }).click();
  await expect(page.getByRole("status").first()).toHaveText(`Ticket transferred to Sam Newcomer. We've emailed them at ${sam}.`);
  await expect(page.getByRole("heading", { name: /Sam Newcomer/ })).toBeVisible();
  await a11y.check();
  const transferMail = await waitForEmail(sam, { subject: "A ticket for Social Media Summit 2027 is now yours" });
  expect(linkInText(transferMail, `${APP_URL}/registrations/`)).toBe(page.url());

  // Cancel the buyer's own seat: the page states the policy and the amount first.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My registrations" }).click();
  await expect(page.getByRole("heading", { name: "My registrations" })).toBeVisible();
  await a11y.check();
  const own = page.getByRole("listitem").filter({ hasNotText: "Sam Newcomer" }).filter({ hasNotText: "Robin Colleague" });
  await own.getByRole("link", { name: /^Details/ }).click();
  await expect(
    page.getByText("Refund policy: a full refund of the seat's price until 14 days before the event starts"),
  ).toBeVisible();
  await expect(page.getByText("Cancelling now refunds $95.00 to the card that paid.")).toBeVisible();
  await a11y.check();
  await page.getByRole("button", { name: "Cancel and refund $95.00" }).click();
  await expect(page.getByRole("status").first()).toContainText("registration is cancelled. $95.00 is being refunded");
  await expect(page.getByText("This registration is cancelled.")).toBeVisible();
  await a11y.check();
  await snap(page, "registration-cancelled");

  await page.getByRole("link", { name: /^SM-/ }).click();
  await expect(page.getByText("Refunded", { exact: true })).toBeVisible();
  await a11y.check();
});
