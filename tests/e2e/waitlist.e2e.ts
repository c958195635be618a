// The waiting list end to end: a sold-out boot camp (demo data) → join → the organiser frees a
// seat → the offer email arrives over real SMTP → its link → register on the held seat → pay.
import type { Page } from "@playwright/test";
import { ADMIN_STATE, APP_URL } from "./support/env.ts";
import { expect, snap, test } from "./support/fixtures.ts";
import { linkInText, waitForEmail } from "./support/mail.ts";
import { newAccount, submitSignUp } from "./support/users.ts";

test.use({ storageState: ADMIN_STATE });

const BOOT_CAMP = "social-media-boot-camp-2027";

async function raiseNumber(page: Page, label: string) {
  const field = page.getByLabel(label);
  await field.fill(String(Number(await field.inputValue()) + 1));
}

test("a waiting-list offer: join a sold-out ticket, get the seat by email, register and pay", async ({ page, browser, a11y }) => {
  // The sweeper emails offers every 15 seconds.
  test.setTimeout(150_000);
  const account = newAccount("waiting");
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const attendee = await context.newPage();
  await attendee.goto("/signup");
  await submitSignUp(attendee, account);
  await expect(attendee).toHaveURL("/account");

  // Sold out: the registration page sends the buyer to the waiting list.
  await attendee.goto(`/events/${BOOT_CAMP}/register`);
  await attendee.getByRole("link", { name: "Join the waiting list" }).first().click();
  await expect(attendee.getByRole("heading", { name: "Join the waiting list", level: 1 })).toBeVisible();
  await expect(attendee.getByLabel(/One seat/)).toBeChecked();
  await a11y.check(attendee);
  await attendee.getByRole("button", { name: "Join the waiting list" }).click();
  await expect(attendee).toHaveURL("/waitlist");
  await expect(attendee.getByRole("status").first()).toContainText("You're on the waiting list for Boot camp seat");
  await expect(attendee.getByText(/people ahead of you\. Joined/)).toBeVisible();
  await a11y.check(attendee);
  await snap(attendee, "waitlist-mine");

  // The organiser clears the people ahead, then frees a seat by raising the capacities.
  await page.goto("/admin/events");
  await a11y.check();
  await page.getByRole("link", { name: "Social Media Boot Camp" }).first().click();
  await page.waitForURL(/\/admin\/events\/[^/]+$/);
  const eventId = new URL(page.url()).pathname.split("/")[3];
  await a11y.check();
  await page.getByRole("link", { name: "Waiting list" }).click();
  await expect(page.getByRole("heading", { name: "Waiting list", level: 1 })).toBeVisible();
  await a11y.check();
  const queue = page.getByRole("table", { name: /in queue order/ });
  for (;;) {
    const first = queue.getByRole("row").nth(1);
    const person = (await first.getByRole("cell").nth(1).locator("span").last().textContent()) ?? "";
    if (person === account.email) break;
    await first.getByRole("button", { name: /^Remove/ }).click();
    await expect(queue).not.toContainText(person);
  }
  await a11y.check();
  await page.goto(`/admin/events/${eventId}/tickets`);
  await raiseNumber(page, "Event-wide capacity (optional)");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").first()).toHaveText("Registration settings saved.");
  await a11y.check();
  await page.getByRole("link", { name: "Boot camp seat" }).click();
  await a11y.check();
  await raiseNumber(page, "Capacity (seats)");
  await page.getByRole("button", { name: "Save ticket type" }).click();
  await a11y.check();
  await page.goto(`/admin/events/${eventId}/waitlist`);
  await expect(page.getByRole("table", { name: /Offers running/ })).toContainText(account.email);
  await a11y.check();
  await snap(page, "waitlist-admin");

  const mail = await waitForEmail(account.email, { subject: /free for you at Social Media Boot Camp/, timeout: 60_000 });
  expect(mail.text).toMatch(/\d{1,2}:\d{2} (AM|PM) C[SD]T/);
  await attendee.goto(linkInText(mail, `${APP_URL}/waitlist/offers/`));
  await expect(attendee.getByRole("heading", { name: "Seats held for you", level: 1 })).toBeVisible();
  await a11y.check(attendee);
  await snap(attendee, "waitlist-offer");

  // The offer fixes the ticket and the seat; the buyer fills in the attendee and pays.
  await attendee.getByRole("link", { name: "Continue to registration" }).click();
  await expect(attendee.getByText("Your waiting-list offer holds these seats")).toBeVisible();
  await attendee.getByLabel("Yes, I agree to be photographed and recorded").check();
  await a11y.check(attendee);
  await attendee.getByRole("button", { name: "Reserve seats and continue" }).click();
  await expect(attendee).toHaveURL(/\/orders\/[^/]+$/);
  await a11y.check(attendee);
  await attendee.getByRole("button", { name: /^Pay / }).click();
  await attendee.getByLabel("Card number").fill("4242 4242 4242 4242");
  await attendee.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await attendee.getByLabel("CVC").fill("123");
  await attendee.getByRole("button", { name: /^Pay / }).click();
  await expect(attendee.getByRole("heading", { name: "You're registered for Social Media Boot Camp" })).toBeVisible({
    timeout: 20_000,
  });
  await a11y.check(attendee);

  await attendee.goto("/waitlist");
  await expect(attendee.getByRole("link", { name: "Registered" })).toBeVisible();
  await a11y.check(attendee);
  await context.close();
});
