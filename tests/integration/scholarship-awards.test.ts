// The committee's decisions against a real database: awards commit money only while the fund
// covers them (also under 50 concurrent awards), pairs are awarded both or neither, bad input
// changes nothing, and waitlist/decline send kind emails that say nothing about anyone's health.
import { describe, expect, it } from "vitest";
import {
  AwardNotCoveredError,
  commitAward,
  declineApplication,
  splitPair,
  waitlistApplication,
} from "~/modules/scholarships/awards.server.ts";
import { fundBalance, InsufficientFundsError } from "~/modules/scholarships/fund-ledger.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import {
  eventFactory,
  fundEntryFactory,
  scholarshipApplicationFactory,
  scholarshipCycleFactory,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
const MAIL = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>" };
const STORY = "I was diagnosed three years ago and meeting others online changed how I live with it.";
const NEED = "My treatment costs leave nothing for travel.";
/** Words an email must never use about an applicant. */
const HEALTH_WORDS = /patient|caregiver|illness|diagnos|treatment|medical|condition/i;

async function setUp({ fundCents = 500_000, maxAwardCents = 150_000 } = {}) {
  const event = await eventFactory(t.db, { traits: ["published"], name: "Social Media Summit" });
  await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", priceCents: 49_500, position: 0 });
  await ticketTypeFactory(t.db, { eventId: event.id, name: "Student", priceCents: 19_500, position: 1 });
  const cycle = await scholarshipCycleFactory(t.db, { eventId: event.id, traits: ["closed"], maxAwardCents });
  if (fundCents) await fundEntryFactory(t.db, { kind: "DONATION", amountCents: fundCents, reason: "A gift for the fund" });
  const organiser = await userFactory(t.db, { traits: ["verified", "organizer"] });
  return { event, cycle, organiser };
}

function application(cycleId: string, overrides: Parameters<typeof scholarshipApplicationFactory>[1] = { cycleId }) {
  return scholarshipApplicationFactory(t.db, { traits: ["submitted"], story: STORY, financialNeed: NEED, ...overrides, cycleId });
}

/** A patient and a caregiver applying together. */
async function pair(cycleId: string, status: "SUBMITTED" | "WITHDRAWN" = "SUBMITTED") {
  const pairId = `pair-${Math.random().toString(36).slice(2)}`;
  const patient = await application(cycleId, { cycleId, role: "PATIENT", pairId });
  const caregiver = await application(cycleId, {
    cycleId,
    role: "CAREGIVER",
    pairId,
    traits: [status === "WITHDRAWN" ? "withdrawn" : "submitted"],
  });
  return { patient, caregiver };
}

/** Everything an award could change. */
const snapshot = () =>
  Promise.all([
    t.db.award.findMany({ orderBy: { id: "asc" } }),
    t.db.fundEntry.findMany({ orderBy: { id: "asc" } }),
    t.db.scholarshipApplication.findMany({ select: { id: true, status: true, pairSplit: true }, orderBy: { id: "asc" } }),
    t.db.emailOutbox.count(),
  ]);

describe("awarding within the fund", () => {
  it("commits the award, the waiver at the regular ticket's price, and emails the applicant kindly", async () => {
    const { cycle, organiser } = await setUp();
    const app = await application(cycle.id);
    const [award] = await commitAward(t.db, MAIL, {
      applicationId: app.id,
      decidedById: organiser.id,
      waiver: true,
      travelCents: 40_000,
      lodgingCents: 30_000,
    });
    expect(award.committedCents).toBe(49_500 + 70_000);
    const stored = await t.db.award.findUniqueOrThrow({ where: { id: award.id } });
    expect(stored).toMatchObject({ status: "OFFERED", waiverCents: 49_500, replyBy: cycle.replyBy, decidedById: organiser.id });
    expect((await t.db.scholarshipApplication.findUniqueOrThrow({ where: { id: app.id } })).status).toBe("AWARDED");
    expect(await fundBalance(t.db)).toEqual({
      raisedCents: 500_000,
      committedCents: 119_500,
      paidCents: 0,
      availableCents: 380_500,
    });
    const entry = await t.db.fundEntry.findFirstOrThrow({ where: { kind: "AWARD_COMMITTED" } });
    expect(entry).toMatchObject({ awardId: award.id, amountCents: 119_500, createdById: organiser.id });
    const applicant = await t.db.user.findUniqueOrThrow({ where: { id: app.applicantId } });
    const [email] = await t.db.emailOutbox.findMany({ where: { toAddress: applicant.email } });
    expect(email.subject).toBe("A scholarship for Social Media Summit: please reply");
    expect(email.text).toContain(`http://summit.test/scholarships/awards/${award.id}`);
    expect(email.text).toContain("$1,195.00");
    for (const body of [email.text, email.html]) {
      expect(body).not.toContain(STORY);
      expect(body).not.toContain(NEED);
      expect(body).not.toMatch(HEALTH_WORDS);
    }
    expect(
      await t.db.auditLog.findFirst({ where: { action: "scholarship.award.committed", subjectId: award.id } }),
    ).toMatchObject({
      actorId: organiser.id,
    });
  });

  it("refuses an award the fund can't cover, saying what is available, and changes nothing", async () => {
    const { cycle, organiser } = await setUp({ fundCents: 100_000 });
    const app = await application(cycle.id);
    const before = await snapshot();
    const attempt = commitAward(t.db, MAIL, {
      applicationId: app.id,
      decidedById: organiser.id,
      waiver: true,
      travelCents: 40_000,
      lodgingCents: 30_000,
    });
    await expect(attempt).rejects.toThrow(AwardNotCoveredError);
    await expect(attempt).rejects.toThrow("The fund has $1,000.00 available; this award needs $1,195.00. Nothing was committed.");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses amounts above the maximum, negative, fractional or huge, and empty awards, changing nothing", async () => {
    const { cycle, organiser } = await setUp({ maxAwardCents: 100_000 });
    const app = await application(cycle.id);
    const before = await snapshot();
    const award = (amounts: { waiver?: boolean; travelCents: number; lodgingCents: number }) =>
      commitAward(t.db, MAIL, { applicationId: app.id, decidedById: organiser.id, waiver: false, ...amounts });
    const attempts: [Parameters<typeof award>[0], string][] = [
      [{ waiver: true, travelCents: 40_000, lodgingCents: 20_000 }, "An award is at most $1,000.00"],
      [{ travelCents: -100, lodgingCents: 0 }, "Enter the travel stipend in whole cents, zero or more."],
      [{ travelCents: 0, lodgingCents: 10.5 }, "Enter the lodging stipend in whole cents, zero or more."],
      [{ travelCents: Number.NaN, lodgingCents: 0 }, "Enter the travel stipend in whole cents, zero or more."],
      [{ travelCents: 10 ** 12, lodgingCents: 0 }, "That travel amount is far larger than any award can be."],
      [{ travelCents: Number.MAX_SAFE_INTEGER + 2, lodgingCents: 0 }, "whole cents"],
      [{ travelCents: 0, lodgingCents: 0 }, "some support"],
    ];
    for (const [amounts, message] of attempts) {
      const attempt = award(amounts);
      await expect(attempt).rejects.toThrow(RuleViolation);
      await expect(attempt).rejects.toThrow(message);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses applications that can't be awarded: drafts and unknown ids are not found, decided ones say why", async () => {
    const { event, cycle, organiser } = await setUp();
    const other = await scholarshipCycleFactory(t.db, { eventId: event.id, traits: ["closed"] });
    const draft = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id });
    const withdrawn = await application(cycle.id, { cycleId: cycle.id, traits: ["withdrawn"] });
    const elsewhere = await application(other.id, { cycleId: other.id });
    const awarded = await application(cycle.id);
    const amounts = { waiver: false, travelCents: 10_000, lodgingCents: 0, decidedById: organiser.id, cycleId: cycle.id };
    await commitAward(t.db, MAIL, { ...amounts, applicationId: awarded.id });
    const before = await snapshot();
    for (const id of [draft.id, "no-such-application", "x".repeat(300), elsewhere.id])
      await expect(commitAward(t.db, MAIL, { ...amounts, applicationId: id })).rejects.toThrow(NotFoundError);
    await expect(commitAward(t.db, MAIL, { ...amounts, applicationId: withdrawn.id })).rejects.toThrow(
      "application is withdrawn, so it can't be awarded",
    );
    await expect(commitAward(t.db, MAIL, { ...amounts, applicationId: awarded.id })).rejects.toThrow(
      "application is already awarded",
    );
    expect(await snapshot()).toEqual(before);
  });

  it("refuses once the event has begun or the reply deadline has passed", async () => {
    const { cycle, organiser } = await setUp();
    const app = await application(cycle.id);
    const before = await snapshot();
    const amounts = { applicationId: app.id, decidedById: organiser.id, waiver: false, travelCents: 10_000, lodgingCents: 0 };
    await expect(commitAward(t.db, MAIL, { ...amounts, now: new Date(cycle.replyBy.getTime() + 1) })).rejects.toThrow(
      "The reply deadline",
    );
    const event = await t.db.event.update({ where: { id: cycle.eventId }, data: { startsAt: new Date(Date.now() - 60_000) } });
    await expect(commitAward(t.db, MAIL, amounts)).rejects.toThrow(`${event.name} has already begun`);
    expect(await snapshot()).toEqual(before);
  });
});

describe("paired applications", () => {
  it("awards a patient and caregiver together, or neither when the fund covers only one", async () => {
    const { cycle, organiser } = await setUp({ fundCents: 150_000 });
    const { patient, caregiver } = await pair(cycle.id);
    const before = await snapshot();
    const both = (travelCents: number) =>
      commitAward(t.db, MAIL, {
        applicationId: patient.id,
        decidedById: organiser.id,
        waiver: true,
        travelCents,
        lodgingCents: 0,
        partner: { waiver: true, travelCents, lodgingCents: 0 },
      });
    // 2 × ($495 + $300) = $1,590 > $1,500: neither, and the message is about both.
    await expect(both(30_000)).rejects.toThrow("The fund has $1,500.00 available; this award needs $1,590.00.");
    expect(await snapshot()).toEqual(before);

    const awards = await both(20_000);
    expect(awards.map((a) => a.applicationId).sort()).toEqual([patient.id, caregiver.id].sort());
    expect(await t.db.scholarshipApplication.count({ where: { status: "AWARDED" } })).toBe(2);
    expect((await fundBalance(t.db)).availableCents).toBe(150_000 - 2 * 69_500);
    const emails = await t.db.emailOutbox.findMany();
    expect(emails).toHaveLength(2);
    for (const email of emails) expect(email.text).toMatch(/awarded together with .+'s, so you can attend together/);
  });

  it("won't award half a pair: it asks for both, or an explicit, audited split", async () => {
    const { cycle, organiser } = await setUp();
    const { patient, caregiver } = await pair(cycle.id, "WITHDRAWN");
    const before = await snapshot();
    const alone = { applicationId: patient.id, decidedById: organiser.id, waiver: true, travelCents: 0, lodgingCents: 0 };
    await expect(commitAward(t.db, MAIL, alone)).rejects.toThrow("whose application is withdrawn. Split the pair");
    await expect(waitlistApplication(t.db, MAIL, { applicationId: patient.id, decidedById: organiser.id })).rejects.toThrow(
      "Split the pair",
    );
    expect(await snapshot()).toEqual(before);

    await expect(splitPair(t.db, { applicationId: caregiver.id, actorId: organiser.id, reason: "  " })).rejects.toThrow(
      "Say why",
    );
    expect(await snapshot()).toEqual(before);
    const reason = "The caregiver withdrew; the patient will travel with family.";
    await expect(splitPair(t.db, { applicationId: caregiver.id, actorId: organiser.id, reason })).resolves.toHaveLength(2);
    const split = await t.db.auditLog.findFirstOrThrow({ where: { action: "scholarship.pair.split" } });
    expect(split).toMatchObject({ actorId: organiser.id, subjectId: caregiver.id, detail: expect.objectContaining({ reason }) });
    await expect(splitPair(t.db, { applicationId: patient.id, actorId: organiser.id, reason: "again" })).rejects.toThrow(
      "already decided apart",
    );
    const [award] = await commitAward(t.db, MAIL, alone);
    expect(award.applicationId).toBe(patient.id);
    expect(await t.db.award.count()).toBe(1);
  });

  it("asks for both sets of amounts when a pair is awarded from one row", async () => {
    const { cycle, organiser } = await setUp();
    const { patient } = await pair(cycle.id);
    const before = await snapshot();
    await expect(
      commitAward(t.db, MAIL, {
        applicationId: patient.id,
        decidedById: organiser.id,
        waiver: true,
        travelCents: 0,
        lodgingCents: 0,
      }),
    ).rejects.toThrow("award both together, or split the pair first");
    expect(await snapshot()).toEqual(before);
  });
});

describe("concurrent awards", () => {
  it("50 awards at once against a fund that covers exactly 10: 10 commit, and the balance never goes below zero", async () => {
    const { cycle, organiser } = await setUp({ fundCents: 100_000 });
    await t.db.user.createMany({
      data: Array.from({ length: 50 }, (_, i) => ({ email: `rush${i}@example.org`, name: `Applicant ${i}`, passwordHash: "x" })),
    });
    const applicants = await t.db.user.findMany({ where: { email: { startsWith: "rush" } } });
    const apps = await Promise.all(applicants.map((a) => application(cycle.id, { cycleId: cycle.id, applicantId: a.id })));

    const results = await Promise.allSettled(
      apps.map((app) =>
        commitAward(t.db, MAIL, {
          applicationId: app.id,
          decidedById: organiser.id,
          waiver: false,
          travelCents: 10_000,
          lodgingCents: 0,
        }),
      ),
    );
    const committed = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(committed).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const r of refused) expect(r.reason).toBeInstanceOf(InsufficientFundsError);

    expect(await fundBalance(t.db)).toMatchObject({ raisedCents: 100_000, committedCents: 100_000, availableCents: 0 });
    expect(await t.db.award.count()).toBe(10);
    expect(await t.db.scholarshipApplication.count({ where: { status: "AWARDED" } })).toBe(10);
    // No moment in the ledger's history had more committed than raised.
    const entries = await t.db.fundEntry.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    let raised = 0;
    let committedSoFar = 0;
    for (const e of entries) {
      if (e.kind === "DONATION") raised += e.amountCents;
      if (e.kind === "AWARD_COMMITTED") committedSoFar += e.amountCents;
      expect(committedSoFar).toBeLessThanOrEqual(raised);
    }
    expect(committedSoFar).toBe(100_000);
  });
});

describe("waitlist and decline", () => {
  it("waitlists and then declines a pair together, with kind emails and audit entries", async () => {
    const { cycle, organiser } = await setUp();
    const { patient, caregiver } = await pair(cycle.id);
    const names = await waitlistApplication(t.db, MAIL, { applicationId: caregiver.id, decidedById: organiser.id });
    expect(names).toHaveLength(2);
    const statuses = () => t.db.scholarshipApplication.findMany({ select: { status: true } });
    expect((await statuses()).map((s) => s.status)).toEqual(["WAITLISTED", "WAITLISTED"]);
    await expect(waitlistApplication(t.db, MAIL, { applicationId: patient.id, decidedById: organiser.id })).rejects.toThrow(
      "is on the waiting list, so it can't be waitlisted",
    );
    await declineApplication(t.db, MAIL, { applicationId: patient.id, decidedById: organiser.id });
    expect((await statuses()).map((s) => s.status)).toEqual(["DECLINED", "DECLINED"]);
    await expect(declineApplication(t.db, MAIL, { applicationId: patient.id, decidedById: organiser.id })).rejects.toThrow(
      "already declined",
    );

    const emails = await t.db.emailOutbox.findMany({ orderBy: { createdAt: "asc" } });
    expect(emails.map((e) => e.template).sort()).toEqual([
      "application-declined",
      "application-declined",
      "application-waitlisted",
      "application-waitlisted",
    ]);
    for (const email of emails) {
      expect(email.subject).toMatch(/^Your scholarship application for Social Media Summit/);
      for (const body of [email.text, email.html]) {
        expect(body).not.toContain(STORY);
        expect(body).not.toContain(NEED);
        expect(body).not.toMatch(HEALTH_WORDS);
      }
    }
    expect(await t.db.auditLog.count({ where: { action: "scholarship.application.waitlisted" } })).toBe(2);
    expect(await t.db.auditLog.count({ where: { action: "scholarship.application.declined" } })).toBe(2);
  });

  it("a waitlisted application can still be awarded when money comes in", async () => {
    const { cycle, organiser } = await setUp({ fundCents: 0 });
    const app = await application(cycle.id);
    await waitlistApplication(t.db, MAIL, { applicationId: app.id, decidedById: organiser.id });
    const amounts = { applicationId: app.id, decidedById: organiser.id, waiver: false, travelCents: 50_000, lodgingCents: 0 };
    await expect(commitAward(t.db, MAIL, amounts)).rejects.toThrow("The fund has $0.00 available");
    await fundEntryFactory(t.db, { kind: "DONATION", amountCents: 50_000, reason: "A late gift" });
    await commitAward(t.db, MAIL, amounts);
    expect((await fundBalance(t.db)).availableCents).toBe(0);
  });
});
