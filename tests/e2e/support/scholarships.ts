// Steps of the scholarship journey, shared by scholarship-apply.e2e.ts and the award e2e that
// continues it: an organiser opens a cycle, a patient applies and invites their caregiver,
// the caregiver accepts and applies, reviewers are assigned and score both applications.
import { type Browser, expect, type Page } from "@playwright/test";
import { DateTime } from "luxon";
import { APP_URL, DEMO_PASSWORD } from "./env.ts";
import { type A11y, snap } from "./fixtures.ts";
import { linkInText, waitForEmail } from "./mail.ts";
import { type NewAccount, submitLogIn, submitSignUp } from "./users.ts";

/** The demo's reviewers (prisma/seed.ts and prisma/demo-scholarships.ts). */
export const DEMO_REVIEWER_EMAILS = ["reviewer@summit.test", "jamie.reviewer@summit.test", "priya.reviewer@summit.test"];
export const SUMMIT_NAME = "Social Media Summit 2027";
const SUMMIT_ZONE = "America/New_York";

/** "Applicant #K3F9Q2": how blind reviewers see an application. */
export const aliasOf = (applicationId: string) => `Applicant #${applicationId.slice(-6).toUpperCase()}`;

/** A fresh page in its own browser context (its own cookies), for a second person. */
export async function newPerson(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

export async function logInAs(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await submitLogIn(page, email, password);
  await expect(page.getByRole("button", { name: "Log out" })).toBeVisible();
}

/**
 * As an organiser (the page's user): a new cycle for the demo summit, open since yesterday,
 * blind, with `reviewers` reviewers per application. Returns its id.
 */
export async function createCycle(page: Page, a11y: A11y, { name, reviewers = 3 }: { name: string; reviewers?: number }) {
  await page.goto("/admin/scholarships");
  await a11y.check(page);
  await page.getByRole("link", { name: "New cycle" }).click();
  await expect(page.getByRole("heading", { name: "New scholarship cycle", level: 1 })).toBeVisible();
  await a11y.check(page);
  const event = page.getByLabel("Event", { exact: true });
  await event.selectOption((await event.locator("option", { hasText: SUMMIT_NAME }).getAttribute("value")) as string);
  await page.getByLabel("Name", { exact: true }).fill(name);
  const yesterday = DateTime.now().setZone(SUMMIT_ZONE).minus({ days: 1 }).toFormat("yyyy-LL-dd'T'HH:mm");
  await page.getByLabel("Applications open").fill(yesterday);
  await page.getByLabel("Applications close").fill("2027-06-01T17:00");
  await page.getByLabel("Decisions by").fill("2027-07-01T12:00");
  await page.getByLabel("Awardees reply by").fill("2027-07-15T17:00");
  await page.getByLabel("Maximum award for travel and lodging (USD)").fill("1500");
  await page.getByLabel("Scholarship seats").fill("10");
  await page.getByLabel("Reviewers per application").fill(String(reviewers));
  await page.getByRole("button", { name: "Create cycle" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(`${name} created`);
  await a11y.check(page);
  return page.url().split("/").at(-1) as string;
}

export type Answers = {
  role: "A patient" | "A caregiver";
  story: string;
  need: string;
  travel: string;
  lodging: string;
};

/**
 * On the apply page: fills the form, saves a draft first, then submits. Returns the
 * application id. `screenshot` names a snap() of the filled form.
 */
export async function fillAndSubmitApplication(page: Page, a11y: A11y, answers: Answers, screenshot?: string) {
  await expect(page.getByRole("heading", { name: /scholarship/, level: 1 })).toBeVisible();
  const role = page.getByRole("radio", { name: new RegExp(`^${answers.role}`) });
  if (await role.count()) await role.check();
  await page.getByLabel("Why does attending matter to you?").fill(answers.story);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status")).toHaveText("Draft saved. Submit it before applications close.");
  await expect(page.getByLabel("Why does attending matter to you?")).toHaveValue(answers.story);
  await a11y.check(page);

  await page.getByLabel("Your financial need").fill(answers.need);
  await page.getByLabel("Travel (USD)").fill(answers.travel);
  await page.getByLabel("Lodging (USD)").fill(answers.lodging);
  await page.getByLabel(/Step-free access/).check();
  // Submitting without the reviewers' consent is refused in the browser, with the reason.
  await page.getByRole("button", { name: "Submit application" }).click();
  await expect(page.getByText("Reviewers must be able to read your story to consider your application.")).toBeVisible();
  await page.getByLabel(/Reviewers may read my story/).check();
  if (screenshot) await snap(page, screenshot);
  await page.getByRole("button", { name: "Submit application" }).click();
  await expect(page.getByRole("heading", { name: "My scholarship application", level: 1 })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Application submitted.");
  await a11y.check(page);
  return page.url().split("/").at(-1) as string;
}

/** A brand-new account applies to the cycle named `cycleName` from the Scholarships page. */
export async function signUpAndApply(
  page: Page,
  a11y: A11y,
  account: NewAccount,
  cycleName: string,
  answers: Answers,
  screenshot?: string,
) {
  await page.goto("/signup");
  await submitSignUp(page, account);
  await expect(page).toHaveURL("/account");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Scholarships" }).click();
  await expect(page.getByRole("heading", { name: "Scholarships", level: 1 })).toBeVisible();
  await a11y.check(page);
  await page.getByRole("listitem").filter({ hasText: cycleName }).getByRole("link", { name: /Apply/ }).click();
  return fillAndSubmitApplication(page, a11y, answers, screenshot);
}

/** On the patient's status page: invites the caregiver by email. */
export async function inviteCaregiver(page: Page, a11y: A11y, email: string) {
  await page.getByLabel("Your caregiver's email").fill(email);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").first()).toContainText(`Invitation sent to ${email}`);
  await a11y.check(page);
}

/**
 * The caregiver opens the emailed link, signs up on the way, accepts and submits their own
 * application. Returns its id.
 */
export async function acceptInvitationAndApply(
  page: Page,
  a11y: A11y,
  account: NewAccount,
  patientName: string,
  answers: Omit<Answers, "role">,
) {
  const mail = await waitForEmail(account.email, { subject: `${patientName} invites you to apply together for ${SUMMIT_NAME}` });
  const link = linkInText(mail, `${APP_URL}/scholarships/invitations/`);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Log in", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "Create an account" }).click();
  await submitSignUp(page, account);
  await expect(page.getByRole("heading", { name: "Apply together", level: 1 })).toBeVisible();
  await expect(page.getByText(`${patientName} invites you to apply for a scholarship as their caregiver`)).toBeVisible();
  await a11y.check(page);
  await page.getByRole("button", { name: "Accept and start my application" }).click();
  await expect(page.getByRole("status")).toContainText("You're paired.");
  await expect(page.getByText("You are applying as a caregiver.")).toBeVisible();
  await a11y.check(page);
  return fillAndSubmitApplication(page, a11y, { ...answers, role: "A caregiver" });
}

/** As an organiser: auto-assigns the cycle's reviewers and checks each application got `perApplication`. */
export async function autoAssign(page: Page, a11y: A11y, cycleId: string, applicantNames: string[], perApplication = 3) {
  await page.goto(`/admin/scholarships/cycles/${cycleId}/applications`);
  await page.getByRole("button", { name: "Auto-assign reviewers" }).click();
  await expect(page.getByRole("status")).toContainText(`${applicantNames.length * perApplication} assignments made.`);
  for (const name of applicantNames) {
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row.getByRole("listitem")).toHaveCount(perApplication);
  }
  await a11y.check(page);
}

/**
 * `reviewer` logs in on `page` and scores the given applications (blind: found by alias),
 * each criterion `score`, with a private comment. Checks that no applicant name shows.
 */
export async function scoreAs(
  page: Page,
  a11y: A11y,
  reviewer: string,
  applications: { id: string; hiddenName: string }[],
  score: 1 | 2 | 3 | 4 | 5,
  screenshot?: string,
) {
  await logInAs(page, reviewer);
  for (const application of applications) {
    await page.goto("/review");
    await expect(page.getByRole("heading", { name: "My reviews", level: 1 })).toBeVisible();
    await page.getByRole("link", { name: aliasOf(application.id) }).click();
    await expect(page.getByRole("heading", { name: aliasOf(application.id), level: 1 })).toBeVisible();
    await expect(page.getByText("Blind review.")).toBeVisible();
    await expect(page.getByText(application.hiddenName)).toHaveCount(0);
    await a11y.check(page);
    const groups = page.getByRole("group").filter({ hasText: /weight \d+ of \d+/ });
    for (const group of await groups.all()) await group.getByText(String(score), { exact: true }).click();
    await page.getByLabel("Private comment").fill(`Scored ${score} by ${reviewer}.`);
    if (screenshot && application === applications[0]) await snap(page, screenshot);
    await page.getByRole("button", { name: "Submit review" }).click();
    await expect(page.getByRole("status")).toHaveText("Review submitted. Thank you.");
  }
  await a11y.check(page);
}
