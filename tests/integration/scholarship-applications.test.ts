// Applying for a scholarship: drafts, submitting, editing until the cycle closes, withdrawing,
// the story encrypted at rest and read only through readStory (audited), key rotation,
// caregiver pairing by invitation, and bad input or other people's ids changing nothing.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type ApplicationInput, applicationSchema } from "~/modules/scholarships/application.schema.ts";
import {
  getOwnApplication,
  listMyApplications,
  saveApplication,
  withdrawApplication,
} from "~/modules/scholarships/applications.server.ts";
import { acceptInvitation, invitationForLink, inviteCaregiver } from "~/modules/scholarships/caregiver-invitations.server.ts";
import { listStoryReads, readStory, type StoryReader } from "~/modules/scholarships/story-access.server.ts";
import { decryptStory, rotateStoryKeys, storyKeyId } from "~/modules/scholarships/story-crypto.server.ts";
import { ForbiddenError, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import {
  eventFactory,
  reviewAssignmentFactory,
  scholarshipApplicationFactory,
  scholarshipCycleFactory,
  TEST_STORY_KEYS,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
const KEYS = TEST_STORY_KEYS;
const MAIL = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>" };
const STORY =
  "Since my diagnosis I have found other patients online; attending the summit would let me learn to speak for us safely.";
const NEED = "Treatment costs leave nothing for travel; I work twenty hours a week.";

async function openCycle(overrides: { maxAwardCents?: number } = {}) {
  const event = await eventFactory(t.db, { traits: ["published"], timeZone: "America/New_York" });
  return scholarshipCycleFactory(t.db, { eventId: event.id, maxAwardCents: 100_000, ...overrides });
}

/** What the form sends, parsed by the form's own schema. */
function form(values: Record<string, unknown>, maxAwardCents = 100_000): ApplicationInput {
  const parsed = applicationSchema({ maxAwardCents }).safeParse({
    intent: "submit",
    role: "PATIENT",
    story: STORY,
    financialNeed: NEED,
    requestWaiver: true,
    requestTravel: "450",
    requestLodging: "300.50",
    consentReviewersRead: true,
    ...values,
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}

function schemaErrors(values: Record<string, unknown>, maxAwardCents = 100_000) {
  const parsed = applicationSchema({ maxAwardCents }).safeParse({ intent: "submit", role: "PATIENT", ...values });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

async function rejection(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the work was accepted");
}

const rawColumns = (id: string) =>
  t.db.$queryRaw<{ storyCipher: string | null; financialNeedCipher: string | null }[]>`
    SELECT "storyCipher", "financialNeedCipher" FROM "ScholarshipApplication" WHERE id = ${id}`;

describe("encryption at rest and the read audit", () => {
  it("stores the story and financial need only as AES-GCM ciphertext; readStory decrypts and audits every read", async () => {
    const cycle = await openCycle();
    const applicant = await userFactory(t.db, { traits: ["verified"] });
    const saved = await saveApplication(t.db, KEYS, { applicantId: applicant.id, cycleId: cycle.id, input: form({}) });

    const [raw] = await rawColumns(saved.id);
    for (const column of [raw.storyCipher, raw.financialNeedCipher]) {
      expect(column).toMatch(/^v1\.test\.[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(column).not.toContain("diagnosis");
      expect(column).not.toContain("Treatment");
    }
    // No other column or the audit log holds the words either.
    const leaks = await t.db.$queryRaw<{ n: number }[]>`
      SELECT COUNT(*)::int AS n FROM "ScholarshipApplication" a WHERE a::text ILIKE '%diagnosis%'`;
    expect(leaks[0].n).toBe(0);
    expect(JSON.stringify(await t.db.auditLog.findMany())).not.toContain("diagnosis");

    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const read = await readStory(t.db, { applicationId: saved.id, reader: organiser, purpose: "organiser", keys: KEYS });
    expect(read).toEqual({ story: STORY, financialNeed: NEED, erased: false });
    const entries = await t.db.auditLog.findMany({ where: { action: "story.read" } });
    expect(entries).toEqual([
      expect.objectContaining({
        actorId: organiser.id,
        subjectType: "ScholarshipApplication",
        subjectId: saved.id,
        detail: { purpose: "organiser", cycleId: cycle.id, own: false },
      }),
    ]);
  });

  it("lets the applicant, organisers and assigned non-recused reviewers with consent read; others get 404 or 403 and nothing is logged", async () => {
    const cycle = await openCycle();
    const application = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
    const noConsent = await scholarshipApplicationFactory(t.db, {
      cycleId: cycle.id,
      traits: ["submitted"],
      consentReviewersRead: false,
    });
    const assigned = await userFactory(t.db, { traits: ["reviewer"] });
    const recused = await userFactory(t.db, { traits: ["reviewer"] });
    const stranger = await userFactory(t.db, { traits: ["reviewer"] });
    const attendee = await userFactory(t.db);
    await reviewAssignmentFactory(t.db, { applicationId: application.id, reviewerId: assigned.id });
    await reviewAssignmentFactory(t.db, { applicationId: application.id, reviewerId: recused.id, traits: ["recused"] });
    await reviewAssignmentFactory(t.db, { applicationId: noConsent.id, reviewerId: assigned.id });
    const read = (applicationId: string, reader: StoryReader) =>
      readStory(t.db, { applicationId, reader, purpose: "review", keys: KEYS });

    expect(await rejection(read(application.id, stranger))).toBeInstanceOf(NotFoundError);
    expect(await rejection(read(application.id, attendee))).toBeInstanceOf(NotFoundError);
    expect((await rejection(read(application.id, recused))).message).toMatch(/conflict of interest/);
    expect(await rejection(read(noConsent.id, assigned))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(read("no-such-application", assigned))).toBeInstanceOf(NotFoundError);
    // A reviewer whose role was taken away reads nothing, even while still assigned.
    expect(await rejection(read(application.id, { id: assigned.id, roles: ["ATTENDEE"] }))).toBeInstanceOf(NotFoundError);
    expect(await t.db.auditLog.count({ where: { action: "story.read" } })).toBe(0);

    expect((await read(application.id, assigned)).story).toMatch(/chronic illness/);
    expect((await read(application.id, { id: application.applicantId, roles: ["ATTENDEE"] })).story).toMatch(/chronic/);
    expect((await read(noConsent.id, { id: attendee.id, roles: ["ADMIN"] })).financialNeed).toMatch(/part-time/);

    const all = await listStoryReads(t.db, { page: 1 });
    expect(all.total).toBe(3);
    expect(all.entries.map((e) => e.reader?.id)).toEqual([attendee.id, application.applicantId, assigned.id]);
    expect(all.entries[1].own).toBe(true);
    const byReviewer = await listStoryReads(t.db, { readerId: assigned.id, page: 1 });
    expect(byReviewer.entries).toEqual([
      expect.objectContaining({ purpose: "review", application: expect.objectContaining({ id: application.id }) }),
    ]);
    expect((await listStoryReads(t.db, { applicationId: noConsent.id, page: 1 })).total).toBe(1);
    expect(all.readers.map((r) => r.id).sort()).toEqual([attendee.id, application.applicantId, assigned.id].sort());
  });

  it("rotates keys: every stored story is re-sealed with the new key, then the old key can be dropped", async () => {
    const cycle = await openCycle();
    const old = TEST_STORY_KEYS;
    const next = [{ id: "2027", key: randomBytes(32).toString("base64url") }, ...old];
    const a = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, story: "first story text" });
    const b = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, story: "second story", financialNeed: null });
    const erased = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, story: null, financialNeed: null });

    expect(await rotateStoryKeys(t.db, next)).toEqual({ rewritten: 2, failed: [] });
    for (const { id } of [a, b]) {
      const [raw] = await rawColumns(id);
      expect(storyKeyId(raw.storyCipher as string)).toBe("2027");
      if (raw.financialNeedCipher) expect(storyKeyId(raw.financialNeedCipher)).toBe("2027");
    }
    const [rawA] = await rawColumns(a.id);
    expect(decryptStory([next[0]], rawA.storyCipher as string, a.id, "story")).toBe("first story text");
    expect((await rawColumns(erased.id))[0]).toEqual({ storyCipher: null, financialNeedCipher: null });
    // Nothing left to do the second time; the run is on the audit log.
    expect(await rotateStoryKeys(t.db, next)).toEqual({ rewritten: 0, failed: [] });
    expect(await t.db.auditLog.count({ where: { action: "story.keys-rotated" } })).toBe(2);

    // A story sealed with a key nobody configured is reported, not destroyed.
    const lost = await scholarshipApplicationFactory(t.db, {
      cycleId: cycle.id,
      keys: [{ id: "lost", key: randomBytes(32).toString("base64url") }],
    });
    const before = await rawColumns(lost.id);
    expect(await rotateStoryKeys(t.db, next)).toEqual({ rewritten: 0, failed: [lost.id] });
    expect(await rawColumns(lost.id)).toEqual(before);
  });
});

describe("drafts, submitting, editing and withdrawing", () => {
  it("saves a partial draft, submits it complete, edits it until the cycle closes and never makes a second application", async () => {
    const cycle = await openCycle();
    const applicant = await userFactory(t.db, { traits: ["verified"] });
    const save = (values: Record<string, unknown>) =>
      saveApplication(t.db, KEYS, { applicantId: applicant.id, cycleId: cycle.id, input: form(values) });

    const draft = await save({ intent: "save", story: "", financialNeed: "", consentReviewersRead: false, requestTravel: "" });
    expect(draft).toMatchObject({ status: "DRAFT", submittedAt: null, storyCipher: null, requestTravelCents: 0 });
    // A partial draft is fine; submitting the same answers is not.
    expect(schemaErrors({ story: "", financialNeed: "", consentReviewersRead: false })).toEqual([
      `story: Tell us your story in at least 50 characters: why attending matters to you.`,
      "financialNeed: Tell us about your financial need.",
      "requestWaiver: Ask for at least one kind of support: the registration waiver, travel or lodging.",
      "consentReviewersRead: Reviewers must be able to read your story to consider your application.",
    ]);

    const submitted = await save({});
    expect(submitted).toMatchObject({
      id: draft.id,
      status: "SUBMITTED",
      requestTravelCents: 45_000,
      requestLodgingCents: 30_050,
      consentReviewersRead: true,
      consentPublicQuote: false,
    });
    const firstSubmittedAt = submitted.submittedAt;
    const edited = await save({ story: `${STORY} Edited.`, consentPublicQuote: true });
    expect(edited).toMatchObject({ id: draft.id, status: "SUBMITTED", consentPublicQuote: true, submittedAt: firstSubmittedAt });
    // A submitted application isn't quietly turned back into a draft.
    expect((await rejection(save({ intent: "save" }))).message).toMatch(/already submitted/);
    expect(await t.db.scholarshipApplication.count()).toBe(1);
    const reader = { id: applicant.id, roles: applicant.roles };
    expect((await readStory(t.db, { applicationId: draft.id, reader, purpose: "applicant", keys: KEYS })).story).toBe(
      `${STORY} Edited.`,
    );

    await t.db.scholarshipCycle.update({ where: { id: cycle.id }, data: { closesAt: new Date(Date.now() - 1000) } });
    const before = await t.db.scholarshipApplication.findUniqueOrThrow({ where: { id: draft.id } });
    const closed = await rejection(save({ story: `${STORY} Too late.` }));
    expect(closed).toBeInstanceOf(RuleViolation);
    expect(closed.message).toMatch(/^Applications closed on .+ E[SD]T, so applications can no longer be changed\.$/);
    expect(await t.db.scholarshipApplication.findUniqueOrThrow({ where: { id: draft.id } })).toEqual(before);
  });

  it("withdraws once; a withdrawn application can't be edited or withdrawn again, and shows as withdrawn", async () => {
    const cycle = await openCycle();
    const application = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
    await withdrawApplication(t.db, application.applicantId, application.id);
    const withdrawn = await t.db.scholarshipApplication.findUniqueOrThrow({ where: { id: application.id } });
    expect(withdrawn).toMatchObject({ status: "WITHDRAWN", withdrawnAt: expect.any(Date) });
    expect((await rejection(withdrawApplication(t.db, application.applicantId, application.id))).message).toMatch(
      /already withdrawn/,
    );
    const edit = await rejection(
      saveApplication(t.db, KEYS, { applicantId: application.applicantId, cycleId: cycle.id, input: form({}) }),
    );
    expect(edit.message).toBe("You withdrew this application, so it can't be changed.");
    expect(await t.db.scholarshipApplication.findUniqueOrThrow({ where: { id: application.id } })).toEqual(withdrawn);
    expect((await listMyApplications(t.db, application.applicantId))[0].stage).toBe("Withdrawn");
  });

  it("refuses oversized stories, negative or huge amounts and requests above the cycle's maximum with clear messages", async () => {
    expect(schemaErrors({ story: "x".repeat(10_001) })).toContain("story: Your story can be at most 10,000 characters.");
    expect(schemaErrors({ requestTravel: "-50" })).toContain("requestTravel: The travel amount can't be negative.");
    expect(schemaErrors({ requestLodging: "99999999999" })).toContain("requestLodging: That lodging amount is far too large.");
    expect(schemaErrors({ requestTravel: "fifty" })).toContain(
      "requestTravel: Enter the travel amount in dollars, like 250 or 250.00.",
    );
    expect(schemaErrors({ requestTravel: "600", requestLodging: "500" }, 100_000)).toContain(
      "requestLodging: Travel and lodging together can be at most $1,000.00, this cycle's maximum award.",
    );
    expect(schemaErrors({ role: "DOCTOR" })).toContain("role: Say whether you are applying as a patient or as a caregiver.");

    // The server checks the cycle's own maximum too, whatever maximum the form was built with.
    const cycle = await openCycle({ maxAwardCents: 50_000 });
    const applicant = await userFactory(t.db, { traits: ["verified"] });
    const over = await rejection(
      saveApplication(t.db, KEYS, {
        applicantId: applicant.id,
        cycleId: cycle.id,
        input: form({ requestTravel: "400", requestLodging: "200" }),
      }),
    );
    expect(over).toMatchObject({
      message: "Travel and lodging together are more than this cycle's maximum award.",
      field: "requestLodging",
    });
    expect(await t.db.scholarshipApplication.count()).toBe(0);
  });

  it("answers other applicants' ids as if they didn't exist", async () => {
    const cycle = await openCycle();
    const theirs = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
    const me = await userFactory(t.db, { traits: ["verified"] });
    const before = await t.db.scholarshipApplication.findMany();
    expect(await rejection(getOwnApplication(t.db, me.id, theirs.id))).toBeInstanceOf(NotFoundError);
    expect(await rejection(withdrawApplication(t.db, me.id, theirs.id))).toBeInstanceOf(NotFoundError);
    expect(
      await rejection(inviteCaregiver(t.db, MAIL, { patientId: me.id, applicationId: theirs.id, email: "x@example.org" })),
    ).toBeInstanceOf(NotFoundError);
    expect(await t.db.scholarshipApplication.findMany()).toEqual(before);
    expect(await t.db.caregiverInvitation.count()).toBe(0);
  });
});

describe("caregiver pairing", () => {
  it("a patient invites their caregiver by email; accepting creates a caregiver draft with the same pairId on both", async () => {
    const cycle = await openCycle();
    const patient = await userFactory(t.db, { traits: ["verified"], name: "Pat Patient" });
    const application = await saveApplication(t.db, KEYS, { applicantId: patient.id, cycleId: cycle.id, input: form({}) });
    const sent = await inviteCaregiver(t.db, MAIL, {
      patientId: patient.id,
      applicationId: application.id,
      email: "carer@example.org",
    });
    expect(sent.expiresAt.getTime() - Date.now()).toBeGreaterThan(13.9 * 24 * 3600_000);

    const [mail] = await t.db.emailOutbox.findMany({ where: { toAddress: "carer@example.org" } });
    expect(mail.subject).toMatch(/^Pat Patient invites you to apply together for /);
    // The email says nothing of the application itself.
    expect(mail.text).not.toContain("diagnosis");
    const token = mail.text.match(/scholarships\/invitations\/([\w-]+)/)?.[1] as string;
    expect(token).toBeTruthy();
    // Only a hash of the link's token is stored.
    const invitation = await t.db.caregiverInvitation.findUniqueOrThrow({ where: { applicationId: application.id } });
    expect(invitation.tokenHash).not.toBe(token);
    expect(JSON.stringify(invitation)).not.toContain(token);

    const carer = await userFactory(t.db, { traits: ["verified"], name: "Casey Carer" });
    expect(await invitationForLink(t.db, token, carer.id)).toMatchObject({ state: "open", patientName: "Pat Patient" });
    expect((await invitationForLink(t.db, token, patient.id))?.state).toBe("own");
    expect((await rejection(acceptInvitation(t.db, { token, userId: patient.id }))).message).toMatch(/your own invitation/);

    const caregiverApplication = await acceptInvitation(t.db, { token, userId: carer.id });
    expect(caregiverApplication).toMatchObject({ role: "CAREGIVER", status: "DRAFT", pairId: application.id, cycleId: cycle.id });
    expect((await t.db.scholarshipApplication.findUniqueOrThrow({ where: { id: application.id } })).pairId).toBe(application.id);
    expect((await getOwnApplication(t.db, patient.id, application.id)).partner).toMatchObject({
      name: "Casey Carer",
      role: "CAREGIVER",
      stage: "Draft",
    });
    expect((await getOwnApplication(t.db, carer.id, caregiverApplication.id)).partner).toMatchObject({
      name: "Pat Patient",
      role: "PATIENT",
      stage: "Submitted",
    });
    expect(await invitationForLink(t.db, token, carer.id)).toMatchObject({
      state: "accepted",
      acceptedApplicationId: caregiverApplication.id,
    });

    // One caregiver per patient: the link works once, and no second invitation goes out.
    const other = await userFactory(t.db, { traits: ["verified"] });
    expect((await rejection(acceptInvitation(t.db, { token, userId: other.id }))).message).toBe(
      "This invitation has already been accepted.",
    );
    const again = await rejection(
      inviteCaregiver(t.db, MAIL, { patientId: patient.id, applicationId: application.id, email: "other@example.org" }),
    );
    expect(again.message).toMatch(/a patient applies with one caregiver/);
    expect(await t.db.scholarshipApplication.count({ where: { pairId: application.id } })).toBe(2);
    expect(await t.db.emailOutbox.count()).toBe(1);

    // The pair keeps its roles.
    const switchRole = await rejection(
      saveApplication(t.db, KEYS, { applicantId: carer.id, cycleId: cycle.id, input: form({ role: "PATIENT" }) }),
    );
    expect(switchRole).toMatchObject({ field: "role" });
  });

  it("re-inviting replaces the pending link; expired links, closed cycles and caregivers' own applications are refused", async () => {
    const cycle = await openCycle();
    const application = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id });
    const invite = (email: string) =>
      inviteCaregiver(t.db, MAIL, { patientId: application.applicantId, applicationId: application.id, email });
    await invite("first@example.org");
    await invite("second@example.org");
    const mails = await t.db.emailOutbox.findMany({ orderBy: { createdAt: "asc" } });
    const tokens = mails.map((m) => m.text.match(/scholarships\/invitations\/([\w-]+)/)?.[1] as string);
    expect(await t.db.caregiverInvitation.count()).toBe(1);
    const carer = await userFactory(t.db, { traits: ["verified"] });
    expect(await rejection(acceptInvitation(t.db, { token: tokens[0], userId: carer.id }))).toBeInstanceOf(NotFoundError);

    // A caregiver who already applied as a patient in this cycle can't join as a caregiver.
    await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, applicantId: carer.id, role: "PATIENT" });
    expect((await rejection(acceptInvitation(t.db, { token: tokens[1], userId: carer.id }))).message).toMatch(/as a patient/);

    const late = await userFactory(t.db, { traits: ["verified"] });
    await t.db.caregiverInvitation.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await rejection(acceptInvitation(t.db, { token: tokens[1], userId: late.id }))).message).toMatch(/has expired/);
    expect(await t.db.scholarshipApplication.count({ where: { role: "CAREGIVER" } })).toBe(0);
    expect(await t.db.caregiverInvitation.findFirst({ where: { acceptedAt: { not: null } } })).toBeNull();

    // Caregivers don't invite, and the patient can't invite themselves.
    const caregiver = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, role: "CAREGIVER" });
    expect(
      (
        await rejection(
          inviteCaregiver(t.db, MAIL, { patientId: caregiver.applicantId, applicationId: caregiver.id, email: "a@example.org" }),
        )
      ).message,
    ).toMatch(/Only a patient/);
    const patient = await t.db.user.findUniqueOrThrow({ where: { id: application.applicantId } });
    expect(await rejection(invite(patient.email))).toMatchObject({ field: "email" });

    await t.db.scholarshipCycle.update({ where: { id: cycle.id }, data: { closesAt: new Date(Date.now() - 1000) } });
    expect((await rejection(invite("third@example.org"))).message).toBe("Applications for this cycle are closed.");
    expect(await t.db.emailOutbox.count()).toBe(2);
  });
});
