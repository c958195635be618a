// The committee, award, reply, payout and report pages through the real server: who may see
// and do what, forms that refuse bad input with a message and change nothing, and no story
// text on any of them.
import { describe, expect, it } from "vitest";
import { commitAward } from "~/modules/scholarships/awards.server.ts";
import {
  awardFactory,
  eventFactory,
  fundEntryFactory,
  reviewAssignmentFactory,
  scholarshipApplicationFactory,
  scholarshipCycleFactory,
  stipendPayoutFactory,
  TEST_STORY_KEYS_ENV,
  TINY_PNG,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { pageText, setupTestServer } from "../support/http.ts";

const t = setupTestDatabase();
const { request, logInAs } = setupTestServer(t, {
  env: { APP_URL: "http://summit.test", SCHOLARSHIP_STORY_KEYS: TEST_STORY_KEYS_ENV },
});
const MAIL = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>" };
const STORY = "My diagnosis taught me how much a kind online community matters.";

async function setUp() {
  const event = await eventFactory(t.db, { traits: ["published"], name: "Social Media Summit" });
  await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", priceCents: 49_500, position: 0 });
  const cycle = await scholarshipCycleFactory(t.db, { eventId: event.id, traits: ["closed"], maxAwardCents: 150_000 });
  await fundEntryFactory(t.db, { kind: "DONATION", amountCents: 500_000, reason: "A gift for the fund" });
  const organiser = await userFactory(t.db, { traits: ["verified", "organizer"] });
  const applicant = await userFactory(t.db, { name: "Jordan Awardee", traits: ["verified"] });
  const application = await scholarshipApplicationFactory(t.db, {
    cycleId: cycle.id,
    applicantId: applicant.id,
    traits: ["submitted"],
    story: STORY,
  });
  await reviewAssignmentFactory(t.db, { applicationId: application.id, traits: ["scored"], scores: [5, 4, 4] });
  return { event, cycle, organiser, applicant, application };
}

const snapshot = () =>
  Promise.all([
    t.db.award.findMany({ orderBy: { id: "asc" } }),
    t.db.fundEntry.findMany({ orderBy: { id: "asc" } }),
    t.db.registration.count(),
    t.db.stipendPayout.count(),
  ]);

describe("the committee page", () => {
  it("is for organisers: others are sent to log in or refused; it shows the ranking and fund, never the story", async () => {
    const { cycle, applicant } = await setUp();
    const path = `/admin/scholarships/cycles/${cycle.id}/committee`;
    const anonymous = await request(path);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    const reviewer = await userFactory(t.db, { traits: ["verified", "reviewer"] });
    for (const email of [applicant.email, reviewer.email]) {
      expect((await request(path, { cookie: await logInAs(email) })).status).toBe(403);
    }
    const admin = await userFactory(t.db, { traits: ["verified", "admin"] });
    const page = await request(path, { cookie: await logInAs(admin.email) });
    expect(page.status).toBe(200);
    const text = await pageText(page);
    expect(text).toContain("Available to award");
    expect(text).toContain("$5,000.00");
    expect(text).toContain("Jordan Awardee");
    expect(text).not.toContain(STORY);
    // The loader's data, as the client router fetches it.
    const data = await request(`${path}.data`, { cookie: await logInAs(admin.email) });
    expect(data.status).toBe(200);
    expect(await data.text()).not.toContain(STORY);
    expect((await request("/admin/scholarships/cycles/nope/committee", { cookie: await logInAs(admin.email) })).status).toBe(404);
  });

  it("awards from the form, and refuses bad amounts, unknown ids and non-organisers, changing nothing", async () => {
    const { cycle, organiser, applicant, application } = await setUp();
    const path = `/admin/scholarships/cycles/${cycle.id}/committee`;
    const cookie = await logInAs(organiser.email);
    const form = { intent: "award", applicationId: application.id, waiver: "on", travel: "400", lodging: "300" };
    const before = await snapshot();
    const attempts: [Record<string, string>, number, string][] = [
      [{ ...form, travel: "-5" }, 400, "Enter an amount in dollars, like 350 or 350.50 (no minus sign)."],
      [{ ...form, lodging: "12345678901" }, 400, "Enter an amount in dollars"],
      [{ ...form, travel: "abc" }, 400, "Enter an amount in dollars"],
      [{ ...form, travel: "1200" }, 422, "An award is at most $1,500.00; Jordan Awardee's comes to $1,995.00."],
      [{ ...form, waiver: "", travel: "", lodging: "" }, 422, "Give Jordan Awardee some support"],
    ];
    for (const [body, status, message] of attempts) {
      const response = await request(path, { cookie, form: body });
      expect(response.status).toBe(status);
      expect(await pageText(response)).toContain(message);
    }
    expect((await request(path, { cookie, form: { ...form, applicationId: "no-such-application" } })).status).toBe(404);
    expect((await request(path, { cookie, form: { ...form, intent: "delete-everything" } })).status).toBe(400);
    expect((await request(path, { cookie: await logInAs(applicant.email), form })).status).toBe(403);
    expect(await snapshot()).toEqual(before);

    const done = await request(path, { cookie, form });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe(path);
    expect(await t.db.award.findFirstOrThrow({ where: { applicationId: application.id } })).toMatchObject({
      status: "OFFERED",
      committedCents: 49_500 + 70_000,
    });
    const again = await request(path, { cookie, form });
    expect(again.status).toBe(422);
    expect(await pageText(again)).toContain("application is already awarded");
  });
});

describe("the awardee's reply page", () => {
  it("is only the awardee's: anyone else, organisers too, gets a 404; accepting registers them", async () => {
    const { cycle, organiser, applicant, application } = await setUp();
    const [made] = await commitAward(t.db, MAIL, {
      applicationId: application.id,
      decidedById: organiser.id,
      waiver: true,
      travelCents: 40_000,
      lodgingCents: 30_000,
    });
    const path = `/scholarships/awards/${made.id}`;
    expect((await request(path)).status).toBe(302);
    const stranger = await userFactory(t.db, { traits: ["verified"] });
    const before = await snapshot();
    for (const email of [stranger.email, organiser.email]) {
      const cookie = await logInAs(email);
      expect((await request(path, { cookie })).status).toBe(404);
      expect((await request(path, { cookie, form: { intent: "decline" } })).status).toBe(404);
      expect((await request(path, { cookie, form: { intent: "accept", photoConsent: "yes" } })).status).toBe(404);
    }
    expect(await snapshot()).toEqual(before);

    const cookie = await logInAs(applicant.email);
    const page = await pageText(await request(path, { cookie }));
    expect(page).toContain("Your scholarship for Social Media Summit");
    expect(page).toContain("$1,195.00");
    expect(page).toContain("Accept and register");
    const missing = await request(path, { cookie, form: { intent: "accept" } });
    expect(missing.status).toBe(400);
    expect(await pageText(missing)).toContain("Say whether you agree to be photographed or recorded.");
    expect(await snapshot()).toEqual(before);

    const accepted = await request(path, {
      cookie,
      form: { intent: "accept", photoConsent: "yes", pronouns: "they/them", accessibilityNeeds: "QUIET_ROOM" },
    });
    expect(accepted.status).toBe(302);
    const award = await t.db.award.findUniqueOrThrow({ where: { id: made.id }, include: { registration: true } });
    expect(award.status).toBe("ACCEPTED");
    expect(award.registration).toMatchObject({
      status: "CONFIRMED",
      ticketTypeId: cycle.ticketTypeId,
      accessibilityNeeds: ["QUIET_ROOM"],
      pronouns: "they/them",
      photoConsent: true,
    });
    const mine = await pageText(await request("/registrations", { cookie }));
    expect(mine).toContain("Social Media Summit");
    const after = await pageText(await request(path, { cookie }));
    expect(after).toContain("You're registered");
  });
});

describe("the award's admin page: payouts and receipts", () => {
  it("records a payout with a receipt, which only organisers can download; bad files are refused", async () => {
    const { organiser, applicant, application } = await setUp();
    const award = await awardFactory(t.db, { applicationId: application.id, traits: ["accepted"] });
    const path = `/admin/scholarships/awards/${award.id}`;
    const cookie = await logInAs(organiser.email);
    expect((await request(path, { cookie: await logInAs(applicant.email) })).status).toBe(403);
    expect(await pageText(await request(path, { cookie }))).toContain("No payouts yet");

    const payout = (file: Blob, name: string, amount = "150") => {
      const body = new FormData();
      body.set("amount", amount);
      body.set("paidOn", new Date().toLocaleDateString("en-CA", { timeZone: "America/Chicago" }));
      body.set("note", "Train tickets");
      body.append("receipts", file, name);
      return request(path, { cookie, multipart: body });
    };
    const before = await snapshot();
    const gif = await payout(new Blob([new TextEncoder().encode("GIF89a....")], { type: "application/pdf" }), "receipt.pdf");
    expect(gif.status).toBe(422);
    expect(await pageText(gif)).toContain("“receipt.pdf” is not a PDF, PNG or JPEG file.");
    const huge = await payout(new Blob([new Uint8Array(5 * 1024 * 1024 + 10)]), "scan.pdf");
    expect(huge.status).toBe(413);
    expect(await pageText(huge)).toContain("Each receipt may be at most 5 MB");
    const tooMuch = await payout(new Blob([TINY_PNG]), "r.png", "800");
    expect(tooMuch.status).toBe(422);
    expect(await pageText(tooMuch)).toContain("more than the award's travel and lodging");
    expect(await snapshot()).toEqual(before);

    const done = await payout(new Blob([TINY_PNG], { type: "text/plain" }), "train.png");
    expect(done.status).toBe(302);
    const receipt = await t.db.stipendReceipt.findFirstOrThrow();
    expect(receipt).toMatchObject({ fileName: "train.png", contentType: "image/png" });
    const download = await request(`${path}/receipts/${receipt.id}`, { cookie });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="train.png"/);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(TINY_PNG);
    expect((await request(`${path}/receipts/${receipt.id}`, { cookie: await logInAs(applicant.email) })).status).toBe(403);
    expect((await request(`${path}/receipts/no-such-receipt`, { cookie })).status).toBe(404);
    const page = await pageText(await request(path, { cookie }));
    expect(page).toContain("Train tickets");
    expect(page).toContain("$150.00");
  });
});

describe("reports", () => {
  it("shows the cycle's figures and exports a CSV without stories, for organisers only", async () => {
    const { cycle, organiser, applicant, application } = await setUp();
    const award = await awardFactory(t.db, { applicationId: application.id, traits: ["accepted"] });
    await stipendPayoutFactory(t.db, { awardId: award.id, amountCents: 10_000 });
    const cookie = await logInAs(organiser.email);
    const page = await request(`/admin/scholarships/cycles/${cycle.id}/reports`, { cookie });
    expect(page.status).toBe(200);
    const text = await pageText(page);
    expect(text).toContain("Applications by status");
    expect(text).toContain("Patients and caregivers");
    expect(text).not.toContain(STORY);
    const csv = await request(`/admin/scholarships/cycles/${cycle.id}/reports.csv`, { cookie });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const body = await csv.text();
    expect(body).toContain("Jordan Awardee");
    expect(body).not.toContain(STORY);
    expect(
      (await request(`/admin/scholarships/cycles/${cycle.id}/reports.csv`, { cookie: await logInAs(applicant.email) })).status,
    ).toBe(403);
    expect((await request("/admin/scholarships/cycles/nope/reports.csv", { cookie })).status).toBe(404);
  });
});
