// The whole scholarship journey to the seats: a patient applies and invites their caregiver,
// three reviewers score both, the committee awards the pair together within the fund, each
// accepts from the emailed link, and both have complimentary registrations on their My
// registrations pages — one order of two seats.
import type { Page } from "@playwright/test";
import { ADMIN_STATE, APP_URL } from "./support/env.ts";
import { type A11y, expect, snap, test } from "./support/fixtures.ts";
import { linkInText, waitForEmail } from "./support/mail.ts";
import {
  acceptInvitationAndApply,
  autoAssign,
  createCycle,
  DEMO_REVIEWER_EMAILS,
  inviteCaregiver,
  newPerson,
  SUMMIT_NAME,
  scoreAs,
  signUpAndApply,
} from "./support/scholarships.ts";
import { type NewAccount, newAccount } from "./support/users.ts";

test.use({ storageState: ADMIN_STATE });

/** The awardee opens the emailed link (already logged in on `page`) and accepts with their registration details. */
async function acceptFromEmail(page: Page, a11y: A11y, account: NewAccount) {
  const mail = await waitForEmail(account.email, { subject: `A scholarship for ${SUMMIT_NAME}: please reply` });
  expect(mail.text).not.toMatch(/lupus|patient|caregiver|diagnos/i);
  await page.goto(linkInText(mail, `${APP_URL}/scholarships/awards/`));
  await expect(page.getByRole("heading", { name: `Your scholarship for ${SUMMIT_NAME}`, level: 1 })).toBeVisible();
  await expect(page.getByText("Awaiting your reply")).toBeVisible();
  await a11y.check(page);
  // Accepting registers them, so it asks what every registration asks.
  await page.getByRole("button", { name: "Accept and register" }).click();
  await expect(page.getByText("Say whether you agree to be photographed or recorded.")).toBeVisible();
  await page
    .getByRole("group", { name: /How did you hear about us/ })
    .getByLabel("A colleague")
    .check();
  await page.getByLabel("Yes, I agree to be photographed and recorded").check();
  await page.getByRole("button", { name: "Accept and register" }).click();
}

test("a paired award: both accept and both are registered, free, on one order of two seats", async ({ page, browser, a11y }) => {
  test.setTimeout(300_000);
  const cycleName = `E2E awards ${Date.now().toString(36)}`;
  const cycleId = await createCycle(page, a11y, { name: cycleName, reviewers: 3 });

  const patientAccount = newAccount("awardee");
  const patient = await newPerson(browser);
  const patientAppId = await signUpAndApply(patient, a11y, patientAccount, cycleName, {
    role: "A patient",
    story: "I have lived with lupus for nine years and run an online group for newly diagnosed patients.",
    need: "I work part-time between flares; travel and a hotel are beyond me.",
    travel: "300",
    lodging: "250",
  });
  const caregiverAccount = newAccount("partner");
  await inviteCaregiver(patient, a11y, caregiverAccount.email);
  const caregiver = await newPerson(browser);
  const caregiverAppId = await acceptInvitationAndApply(caregiver, a11y, caregiverAccount, patientAccount.name, {
    story: "I care for my wife, who has lupus, and want to learn how caregivers find each other online.",
    need: "One income since I became her full-time caregiver.",
    travel: "300",
    lodging: "0",
  });

  await autoAssign(page, a11y, cycleId, [patientAccount.name, caregiverAccount.name], 3);
  const reviewer = await newPerson(browser);
  const applications = [
    { id: patientAppId, hiddenName: patientAccount.name },
    { id: caregiverAppId, hiddenName: caregiverAccount.name },
  ];
  for (const [i, email] of DEMO_REVIEWER_EMAILS.entries()) {
    if (i > 0) await reviewer.context().clearCookies();
    await scoreAs(reviewer, a11y, email, applications, ([5, 4, 4] as const)[i]);
  }

  // The committee: the pair is one entry, the request pre-filled; the fund's balance is on top.
  await page.goto(`/admin/scholarships/cycles/${cycleId}`);
  await page.getByRole("link", { name: "Committee" }).click();
  await expect(page.getByRole("heading", { name: "Committee", level: 1 })).toBeVisible();
  const available = page.getByRole("region", { name: "Available to award" });
  await expect(available).toBeVisible();
  const before = Number(((await available.locator("p").first().textContent()) ?? "").replace(/[$,]/g, ""));
  const entry = page
    .getByRole("list", { name: "Ranked applications" })
    .getByRole("listitem")
    .filter({ hasText: patientAccount.name });
  await expect(entry).toContainText(caregiverAccount.name);
  await expect(entry).toContainText("Pair");
  await expect(entry).toContainText("3 reviews");
  await expect(entry).not.toContainText("lupus");
  await expect(entry.getByLabel("Travel ($)").first()).toHaveValue("300.00");
  await a11y.check(page);
  await snap(page, "scholarship-committee");
  await entry.getByRole("button", { name: /^Award both/ }).click();
  await expect(page.getByRole("status")).toContainText(`Awarded ${patientAccount.name}`);
  await expect(page.getByRole("status")).toContainText(caregiverAccount.name);
  const after = Number(((await available.locator("p").first().textContent()) ?? "").replace(/[$,]/g, ""));
  // $495 waiver each, $550 and $300 of stipends: $1,840 committed from the fund.
  expect(before - after).toBeCloseTo(1_840, 2);
  await expect(entry).toContainText("Offered, awaiting reply");
  await a11y.check(page);

  // The caregiver accepts first: they wait for the patient, and nobody is registered yet.
  await acceptFromEmail(caregiver, a11y, caregiverAccount);
  await expect(caregiver.getByRole("status")).toContainText(`We'll register you together with ${patientAccount.name}`);
  await a11y.check(caregiver);
  // The patient accepts: both seats are registered together.
  await acceptFromEmail(patient, a11y, patientAccount);
  await expect(patient.getByRole("status")).toContainText("you're registered");
  await expect(patient.getByRole("heading", { name: "You're registered" })).toBeVisible();
  await a11y.check(patient);
  await snap(patient, "scholarship-award-accepted");

  // Their application's page leads to the award too.
  await patient.goto(`/scholarships/applications/${patientAppId}`);
  await a11y.check(patient);
  await patient.getByRole("link", { name: "Your award" }).click();
  await expect(patient.getByRole("heading", { name: "You're registered" })).toBeVisible();
  await a11y.check(patient);

  // The caregiver's page now says so too, and they were emailed their badge link.
  await caregiver.reload();
  await expect(caregiver.getByRole("heading", { name: "You're registered" })).toBeVisible();
  await a11y.check(caregiver);
  const registered = await waitForEmail(caregiverAccount.email, { subject: `You're registered for ${SUMMIT_NAME}` });
  expect(registered.text).toContain(`${APP_URL}/registrations/`);

  for (const person of [patient, caregiver]) {
    await person.getByRole("link", { name: "My registrations" }).first().click();
    await expect(person.getByRole("heading", { name: "My registrations", level: 1 })).toBeVisible();
    await expect(person.getByRole("main")).toContainText(SUMMIT_NAME);
    await expect(person.getByRole("main")).toContainText("Confirmed");
    await a11y.check(person);
  }
});
