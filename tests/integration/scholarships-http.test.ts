// Scholarship pages through the real server: who may open what (applicants, reviewers,
// organisers), applying with drafts and bad input, the caregiver link, reviewers' 404s and
// recusal, the organiser's cycle, assignment and story-read pages.
import { describe, expect, it } from "vitest";
import {
  eventFactory,
  reviewAssignmentFactory,
  scholarshipApplicationFactory,
  scholarshipCycleFactory,
  TEST_STORY_KEYS_ENV,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { pageText, setupTestServer } from "../support/http.ts";

const t = setupTestDatabase();
const { request, logInAs } = setupTestServer(t, {
  env: { APP_URL: "http://summit.test", SCHOLARSHIP_STORY_KEYS: TEST_STORY_KEYS_ENV },
});
const STORY = "Since my diagnosis I have found other patients online; attending would let me learn to speak for us safely.";

async function openCycle(overrides: { blindReview?: boolean; maxAwardCents?: number } = {}) {
  const event = await eventFactory(t.db, { traits: ["published"], name: "Social Media Summit", timeZone: "America/New_York" });
  return scholarshipCycleFactory(t.db, { eventId: event.id, maxAwardCents: 100_000, ...overrides });
}

const applicationForm = (values: Record<string, string | string[]> = {}) => ({
  intent: "submit",
  role: "PATIENT",
  story: STORY,
  financialNeed: "Treatment leaves nothing for travel.",
  requestWaiver: "on",
  requestTravel: "400",
  requestLodging: "250",
  consentReviewersRead: "on",
  ...values,
});

const rows = () => t.db.scholarshipApplication.findMany({ orderBy: { id: "asc" } });

describe("roles", () => {
  it("sends visitors to log in, and keeps attendees out of review and admin pages", async () => {
    const cycle = await openCycle();
    const anonymous = await request(`/scholarships/apply/${cycle.id}`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/scholarships/apply/${cycle.id}`)}`);
    expect((await request("/review")).status).toBe(302);
    // The list of open cycles is public.
    const list = await pageText(await request("/scholarships"));
    expect(list).toContain("Social Media Summit");
    expect(list).toContain("Log in to apply");

    const attendee = await userFactory(t.db, { traits: ["verified"] });
    const cookie = await logInAs(attendee.email);
    for (const path of ["/review", "/admin/scholarships", "/admin/scholarships/audit", `/admin/scholarships/cycles/${cycle.id}`])
      expect((await request(path, { cookie })).status, path).toBe(403);
    const reviewer = await userFactory(t.db, { traits: ["verified", "reviewer"] });
    const reviewerCookie = await logInAs(reviewer.email);
    expect((await request("/review", { cookie: reviewerCookie })).status).toBe(200);
    expect((await request("/admin/scholarships", { cookie: reviewerCookie })).status).toBe(403);
    expect((await request("/scholarships/apply/no-such-cycle", { cookie })).status).toBe(404);
  });
});

describe("applying", () => {
  it("saves a draft, submits, shows where it stands, and refuses changes after the cycle closes", async () => {
    const cycle = await openCycle();
    const applicant = await userFactory(t.db, { traits: ["verified"] });
    const cookie = await logInAs(applicant.email);
    const form = await pageText(await request(`/scholarships/apply/${cycle.id}`, { cookie }));
    expect(form).toContain("Why does attending matter to you?");
    expect(form).toContain("Reviewers may read my story (required to submit)");
    expect(form).toContain("The organisation may quote my story publicly (optional)");

    const draft = await request(`/scholarships/apply/${cycle.id}`, {
      cookie,
      form: { intent: "save", role: "CAREGIVER", story: "Just started." },
    });
    expect(draft.status).toBe(302);
    expect(draft.headers.get("location")).toBe(`/scholarships/apply/${cycle.id}`);
    const [saved] = await rows();
    expect(saved).toMatchObject({ status: "DRAFT", role: "CAREGIVER", applicantId: applicant.id });
    expect(await pageText(await request(`/scholarships/apply/${cycle.id}`, { cookie }))).toContain("Just started.");

    const missingConsent = await request(`/scholarships/apply/${cycle.id}`, {
      cookie,
      form: applicationForm({ consentReviewersRead: [] }),
    });
    expect(missingConsent.status).toBe(400);
    expect(await pageText(missingConsent)).toContain("Reviewers must be able to read your story to consider your application.");

    const submitted = await request(`/scholarships/apply/${cycle.id}`, { cookie, form: applicationForm() });
    expect(submitted.status).toBe(302);
    expect(submitted.headers.get("location")).toBe(`/scholarships/applications/${saved.id}`);
    const status = await pageText(await request(`/scholarships/applications/${saved.id}`, { cookie }));
    expect(status).toContain("We have your application");
    expect(status).toContain("Under review");
    expect(status).toContain("$400.00");
    // The status page shows no story: reading it is the edit page's business.
    expect(status).not.toContain("diagnosis");

    await t.db.scholarshipCycle.update({ where: { id: cycle.id }, data: { closesAt: new Date(Date.now() - 1000) } });
    const before = await rows();
    const late = await request(`/scholarships/apply/${cycle.id}`, { cookie, form: applicationForm({ story: `${STORY} Late.` }) });
    expect(late.status).toBe(422);
    expect(await pageText(late)).toMatch(/Applications closed on .+, so applications can no longer be changed\./);
    expect(await rows()).toEqual(before);
    // The apply page says so, without reading the story, and leads to the status page.
    const reads = await t.db.auditLog.count({ where: { action: "story.read" } });
    const closedPage = await pageText(await request(`/scholarships/apply/${cycle.id}`, { cookie }));
    expect(closedPage).toMatch(/Applications closed on .+, so applications can no longer be changed\./);
    expect(closedPage).toContain(`/scholarships/applications/${saved.id}`);
    expect(closedPage).not.toContain("diagnosis");
    expect(await t.db.auditLog.count({ where: { action: "story.read" } })).toBe(reads);
  });

  it("refuses oversized stories, negative, huge or over-the-maximum amounts with clear messages and changes nothing", async () => {
    const cycle = await openCycle({ maxAwardCents: 50_000 });
    const applicant = await userFactory(t.db, { traits: ["verified"] });
    const cookie = await logInAs(applicant.email);
    const attempts: [Record<string, string | string[]>, string][] = [
      [{ story: "x".repeat(10_001) }, "Your story can be at most 10,000 characters."],
      [{ requestTravel: "-20" }, "The travel amount can't be negative."],
      [{ requestLodging: "1000000000" }, "That lodging amount is far too large."],
      [
        { requestTravel: "400", requestLodging: "200" },
        "Travel and lodging together can be at most $500.00, this cycle's maximum award.",
      ],
      [{ role: "SURGEON" }, "Say whether you are applying as a patient or as a caregiver."],
      [{ accessibilityNeeds: ["TELEPORT"] }, "Unknown accessibility need."],
    ];
    for (const [values, message] of attempts) {
      const response = await request(`/scholarships/apply/${cycle.id}`, { cookie, form: applicationForm(values) });
      expect(response.status, message).toBe(400);
      expect(await pageText(response)).toContain(message);
    }
    expect(await rows()).toEqual([]);
  });

  it("answers other applicants' application ids with 404 and changes nothing", async () => {
    const cycle = await openCycle();
    const theirs = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
    const me = await userFactory(t.db, { traits: ["verified"] });
    const cookie = await logInAs(me.email);
    const before = await rows();
    expect((await request(`/scholarships/applications/${theirs.id}`, { cookie })).status).toBe(404);
    expect((await request(`/scholarships/applications/${theirs.id}`, { cookie, form: { intent: "withdraw" } })).status).toBe(404);
    const invite = await request(`/scholarships/applications/${theirs.id}`, {
      cookie,
      form: { intent: "invite-caregiver", email: "carer@example.org" },
    });
    expect(invite.status).toBe(404);
    expect(await rows()).toEqual(before);
    expect(await t.db.caregiverInvitation.count()).toBe(0);
  });

  it("pairs a patient and a caregiver through the emailed link, and withdraws", async () => {
    const cycle = await openCycle();
    const patient = await userFactory(t.db, { traits: ["verified"], name: "Pat Patient" });
    const application = await scholarshipApplicationFactory(t.db, {
      cycleId: cycle.id,
      applicantId: patient.id,
      traits: ["submitted"],
    });
    const cookie = await logInAs(patient.email);
    const bad = await request(`/scholarships/applications/${application.id}`, {
      cookie,
      form: { intent: "invite-caregiver", email: "not an email" },
    });
    expect(bad.status).toBe(400);
    expect(await pageText(bad)).toContain("Enter a valid email address");
    const sent = await request(`/scholarships/applications/${application.id}`, {
      cookie,
      form: { intent: "invite-caregiver", email: "Carer@Example.org" },
    });
    expect(sent.status).toBe(302);
    const [mail] = await t.db.emailOutbox.findMany();
    expect(mail.toAddress).toBe("carer@example.org");
    const link = mail.text.match(/http:\/\/summit\.test(\/scholarships\/invitations\/[\w-]+)/)?.[1] as string;

    // The caregiver is sent to log in first, then accepts.
    expect((await request(link)).headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(link)}`);
    const carer = await userFactory(t.db, { traits: ["verified"], name: "Casey Carer" });
    const carerCookie = await logInAs(carer.email);
    const invitation = await pageText(await request(link, { cookie: carerCookie }));
    expect(invitation).toContain("<strong>Pat Patient</strong> invites you to apply for a scholarship as their caregiver");
    const accepted = await request(link, { cookie: carerCookie, form: {} });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe(`/scholarships/apply/${cycle.id}`);
    const caregiver = await t.db.scholarshipApplication.findFirstOrThrow({ where: { applicantId: carer.id } });
    expect(caregiver).toMatchObject({ role: "CAREGIVER", pairId: application.id });
    expect(await pageText(await request(`/scholarships/applications/${application.id}`, { cookie }))).toContain(
      "You apply together with <strong>Casey Carer</strong> (caregiver)",
    );
    expect(await pageText(await request(`/scholarships/applications/${caregiver.id}`, { cookie: carerCookie }))).toContain(
      "You apply together with <strong>Pat Patient</strong> (patient)",
    );
    expect((await request("/scholarships/invitations/made-up-token", { cookie: carerCookie })).status).toBe(404);

    const withdrawn = await request(`/scholarships/applications/${application.id}`, { cookie, form: { intent: "withdraw" } });
    expect(withdrawn.status).toBe(302);
    expect((await t.db.scholarshipApplication.findUniqueOrThrow({ where: { id: application.id } })).status).toBe("WITHDRAWN");
    expect(await pageText(await request(`/scholarships/applications/${application.id}`, { cookie }))).toContain(
      "You withdrew this application",
    );
  });
});

describe("reviewing", () => {
  it("gives a reviewer 404 for an application not assigned to them, and hides names in blind mode", async () => {
    const cycle = await openCycle({ blindReview: true });
    const applicant = await userFactory(t.db, { name: "Robin Quill", email: "robin.quill@example.org" });
    const application = await scholarshipApplicationFactory(t.db, {
      cycleId: cycle.id,
      applicantId: applicant.id,
      traits: ["submitted"],
    });
    const mine = await userFactory(t.db, { traits: ["verified", "reviewer"] });
    const other = await userFactory(t.db, { traits: ["verified", "reviewer"] });
    const assignment = await reviewAssignmentFactory(t.db, { applicationId: application.id, reviewerId: mine.id });
    const foreign = await reviewAssignmentFactory(t.db, { applicationId: application.id, reviewerId: other.id });
    const cookie = await logInAs(mine.email);

    expect((await request(`/review/${foreign.id}`, { cookie })).status).toBe(404);
    expect((await request(`/review/${application.id}`, { cookie })).status).toBe(404);
    expect((await request(`/review/${foreign.id}`, { cookie, form: { intent: "save", comment: "x" } })).status).toBe(404);
    expect(await t.db.auditLog.count({ where: { action: "story.read" } })).toBe(0);

    const page = await pageText(await request(`/review/${assignment.id}`, { cookie }));
    expect(page).toContain(`Applicant #${application.id.slice(-6).toUpperCase()}`);
    expect(page).toContain("chronic illness");
    expect(page).not.toContain("Robin");
    expect(page).not.toContain("robin.quill");
    expect(await t.db.auditLog.count({ where: { action: "story.read", actorId: mine.id } })).toBe(1);

    const [impact, need, community] = cycle.criteria;
    const incomplete = await request(`/review/${assignment.id}`, {
      cookie,
      form: { intent: "submit", [`scores.${impact.id}`]: "5" },
    });
    expect(incomplete.status).toBe(400);
    expect(await pageText(incomplete)).toContain(`Score “${need.name}” before submitting.`);
    const done = await request(`/review/${assignment.id}`, {
      cookie,
      form: {
        intent: "submit",
        [`scores.${impact.id}`]: "5",
        [`scores.${need.id}`]: "4",
        [`scores.${community.id}`]: "3",
        comment: "Strong case.",
      },
    });
    expect(done.status).toBe(302);
    expect(await t.db.reviewScore.count({ where: { assignmentId: assignment.id } })).toBe(3);
    expect(await pageText(await request("/review", { cookie }))).toContain("Submitted");
  });

  it("a recused reviewer cannot score: 403 with the reason, nothing changes", async () => {
    const cycle = await openCycle();
    const application = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
    const reviewer = await userFactory(t.db, { traits: ["verified", "reviewer"] });
    await userFactory(t.db, { traits: ["verified", "reviewer"], name: "Stand In" });
    const assignment = await reviewAssignmentFactory(t.db, { applicationId: application.id, reviewerId: reviewer.id });
    const cookie = await logInAs(reviewer.email);

    const noReason = await request(`/review/${assignment.id}`, { cookie, form: { intent: "declare-conflict", reason: "" } });
    expect(noReason.status).toBe(400);
    const recused = await request(`/review/${assignment.id}`, {
      cookie,
      form: { intent: "declare-conflict", reason: "She is my cousin." },
    });
    expect(recused.status).toBe(302);
    expect(await t.db.reviewAssignment.count({ where: { applicationId: application.id, conflictDeclaredAt: null } })).toBe(1);

    const before = await t.db.reviewAssignment.findUniqueOrThrow({ where: { id: assignment.id }, include: { scores: true } });
    const [impact, need, community] = cycle.criteria;
    const score = await request(`/review/${assignment.id}`, {
      cookie,
      form: {
        intent: "submit",
        [`scores.${impact.id}`]: "5",
        [`scores.${need.id}`]: "5",
        [`scores.${community.id}`]: "5",
      },
    });
    expect(score.status).toBe(403);
    expect(await pageText(score)).toContain("You declared a conflict of interest on this application, so you can't score it.");
    expect(await t.db.reviewAssignment.findUniqueOrThrow({ where: { id: assignment.id }, include: { scores: true } })).toEqual(
      before,
    );
    const page = await pageText(await request(`/review/${assignment.id}`, { cookie }));
    expect(page).toContain("You can no longer read or score this application.");
    expect(page).not.toContain("chronic illness");
  });
});

describe("organisers", () => {
  it("create a cycle, auto-assign reviewers, open an application's story and see who read it", async () => {
    const event = await eventFactory(t.db, {
      traits: ["published"],
      localStart: "2027-09-27T08:00",
      localEnd: "2027-09-29T17:00",
    });
    await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", priceCents: 49_500 });
    const organiser = await userFactory(t.db, { traits: ["verified", "organizer"], name: "Olivia Organiser" });
    const cookie = await logInAs(organiser.email);
    const bad = await request("/admin/scholarships/cycles/new", {
      cookie,
      form: {
        eventId: event.id,
        name: "2027",
        opensAt: "2027-05-01T09:00",
        closesAt: "2027-04-01T09:00",
        decisionAt: "2027-06-01T09:00",
        replyBy: "2027-06-15T09:00",
        maxAward: "1500",
        reviewersPerApplication: "2",
        retentionMonths: "12",
        seats: "10",
      },
    });
    expect(bad.status).toBe(400);
    expect(await pageText(bad)).toContain("Applications must close after they open");
    expect(await t.db.scholarshipCycle.count()).toBe(0);

    const created = await request("/admin/scholarships/cycles/new", {
      cookie,
      form: {
        eventId: event.id,
        name: "2027 scholarships",
        opensAt: "2026-01-01T09:00",
        closesAt: "2027-04-01T09:00",
        decisionAt: "2027-06-01T09:00",
        replyBy: "2027-06-15T09:00",
        maxAward: "1500",
        reviewersPerApplication: "2",
        blindReview: "on",
        retentionMonths: "12",
        seats: "10",
      },
    });
    expect(created.status).toBe(302);
    const cycle = await t.db.scholarshipCycle.findFirstOrThrow({ include: { ticketType: true } });
    expect(created.headers.get("location")).toBe(`/admin/scholarships/cycles/${cycle.id}`);
    expect(cycle.ticketType).toMatchObject({ visibility: "HIDDEN", priceCents: 49_500, capacity: 10 });
    const editPage = await pageText(await request(`/admin/scholarships/cycles/${cycle.id}`, { cookie }));
    expect(editPage).toContain("Impact of attending");
    expect(editPage).toContain("In-person (complimentary)");

    const applications = [];
    for (let i = 0; i < 3; i++)
      applications.push(await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] }));
    for (let i = 0; i < 3; i++) await userFactory(t.db, { traits: ["reviewer"], name: `Reviewer ${i}` });
    const assigned = await request(`/admin/scholarships/cycles/${cycle.id}/applications`, {
      cookie,
      form: { intent: "auto-assign" },
    });
    expect(assigned.status).toBe(302);
    expect(await t.db.reviewAssignment.count()).toBe(6);
    const list = await pageText(await request(`/admin/scholarships/cycles/${cycle.id}/applications`, { cookie }));
    expect(list).toContain("Reviewer 0");

    const detail = `/admin/scholarships/applications/${applications[0].id}`;
    const closed = await pageText(await request(detail, { cookie }));
    expect(closed).toContain("Read the story");
    expect(closed).not.toContain("chronic illness");
    expect(await t.db.auditLog.count({ where: { action: "story.read" } })).toBe(0);
    expect(await pageText(await request(`${detail}?story=1`, { cookie }))).toContain("chronic illness");

    const audit = await pageText(await request(`/admin/scholarships/audit?application=${applications[0].id}`, { cookie }));
    expect(audit).toContain("1 read match.");
    expect(audit).toContain("Olivia Organiser");
    expect(audit).toContain("Organiser");
    expect(await pageText(await request(`/admin/scholarships/audit?application=${applications[1].id}`, { cookie }))).toContain(
      "No story reads match",
    );
    expect((await request("/admin/scholarships/applications/nope", { cookie })).status).toBe(404);
  });
});
