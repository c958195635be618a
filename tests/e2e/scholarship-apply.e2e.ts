// A patient applies and invites their caregiver; the caregiver accepts by the emailed link
// and applies too; an organiser auto-assigns reviewers; three reviewers score both
// applications blind. The organiser then sees the pair, the scores and who read the stories.
import { ADMIN_STATE } from "./support/env.ts";
import { expect, snap, test } from "./support/fixtures.ts";
import {
  acceptInvitationAndApply,
  aliasOf,
  autoAssign,
  createCycle,
  DEMO_REVIEWER_EMAILS,
  inviteCaregiver,
  newPerson,
  scoreAs,
  signUpAndApply,
} from "./support/scholarships.ts";
import { newAccount } from "./support/users.ts";

test.use({ storageState: ADMIN_STATE });

test("a patient and their caregiver apply together and are reviewed blind", async ({ page, browser, a11y }) => {
  test.setTimeout(240_000);
  const cycleName = `E2E scholarships ${Date.now().toString(36)}`;
  const cycleId = await createCycle(page, a11y, { name: cycleName, reviewers: 3 });

  // The patient signs up, applies (a draft first), and sees where the application stands.
  const patientAccount = newAccount("patient");
  const patient = await newPerson(browser);
  const patientAppId = await signUpAndApply(
    patient,
    a11y,
    patientAccount,
    cycleName,
    {
      role: "A patient",
      story:
        "I have lived with lupus for nine years and run an online group for newly diagnosed patients. The summit would teach me to share safely.",
      need: "I work part-time between flares; travel and a hotel are beyond me.",
      travel: "420",
      lodging: "380.50",
    },
    "scholarship-apply-form",
  );
  const timeline = patient.getByRole("list", { name: "Where your application stands" });
  await expect(timeline.getByRole("listitem")).toHaveCount(5);
  await expect(timeline.getByRole("listitem").nth(1)).toContainText("Submitted — Done");
  await expect(patient.getByText("$420.00")).toBeVisible();
  await snap(patient, "scholarship-status");

  // …and invites their caregiver, who signs up from the email, accepts and applies.
  const caregiverAccount = newAccount("caregiver");
  await inviteCaregiver(patient, a11y, caregiverAccount.email);
  const caregiver = await newPerson(browser);
  const caregiverAppId = await acceptInvitationAndApply(caregiver, a11y, caregiverAccount, patientAccount.name, {
    story: "I care for my wife, who has lupus; I want to learn how caregivers can find each other online without burning out.",
    need: "One income since I became her full-time caregiver.",
    travel: "420",
    lodging: "0",
  });
  await expect(caregiver.getByText(`You apply together with ${patientAccount.name} (patient)`)).toBeVisible();
  await patient.reload();
  await expect(patient.getByText(`You apply together with ${caregiverAccount.name} (caregiver)`)).toBeVisible();
  await a11y.check(patient);

  // The organiser assigns the three demo reviewers to each; they score blind.
  await autoAssign(page, a11y, cycleId, [patientAccount.name, caregiverAccount.name], 3);
  const reviewer = await newPerson(browser);
  const applications = [
    { id: patientAppId, hiddenName: patientAccount.name },
    { id: caregiverAppId, hiddenName: caregiverAccount.name },
  ];
  for (const [i, email] of DEMO_REVIEWER_EMAILS.entries()) {
    if (i > 0) await reviewer.context().clearCookies();
    await scoreAs(reviewer, a11y, email, applications, ([5, 4, 3] as const)[i], i === 0 ? "scholarship-review-blind" : undefined);
  }
  await reviewer.goto("/review");
  await expect(reviewer.getByRole("listitem").filter({ hasText: aliasOf(patientAppId) })).toContainText("Submitted");
  await a11y.check(reviewer);

  // The organiser sees both applications reviewed: mean 4.00 from three reviews, spread 3–5.
  await page.goto(`/admin/scholarships/applications/${patientAppId}`);
  await expect(page.getByRole("heading", { name: patientAccount.name, level: 1 })).toBeVisible();
  await expect(page.getByText(/Weighted mean\s*4\.00\s*from 3 reviews \(lowest 3\.00, highest 5\.00\)/)).toBeVisible();
  await expect(page.getByRole("link", { name: new RegExp(caregiverAccount.name) })).toBeVisible();
  await a11y.check(page);
  // The applicant saw the story on their form, each reviewer in review: all on the record.
  await page.goto(`/admin/scholarships/audit?application=${patientAppId}`);
  await expect(page.getByText(/^\d+ reads? match\.$/)).toBeVisible();
  for (const email of DEMO_REVIEWER_EMAILS)
    await expect(page.getByRole("row").filter({ hasText: email }).first()).toContainText("Review");
  await a11y.check(page);
  await snap(page, "scholarship-story-reads");
});
