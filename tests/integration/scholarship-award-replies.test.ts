// The awardee's side: accepting registers them (a free, confirmed seat on the hidden
// scholarship ticket, with a badge that says nothing of it), a pair's two seats come together
// or not at all, declining or lapsing gives the money back, and the reminder goes out once.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBadge } from "~/modules/badges/badges.server.ts";
import {
  cancelRegistration,
  myRegistrations,
  registrationForPerson,
  transferRegistration,
} from "~/modules/registration/self-service.server.ts";
import type { AttendeeDetails } from "~/modules/scholarships/award.schema.ts";
import { acceptAward, awardForApplicant, declineAward } from "~/modules/scholarships/award-replies.server.ts";
import { commitAward } from "~/modules/scholarships/awards.server.ts";
import { fundBalance } from "~/modules/scholarships/fund-ledger.server.ts";
import { runScholarshipJobs } from "~/modules/scholarships/scholarship-jobs.server.ts";
import { parseEnv } from "~/shared/env.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import {
  eventFactory,
  fundEntryFactory,
  registrationQuestionFactory,
  scholarshipApplicationFactory,
  scholarshipCycleFactory,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
const MAIL = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>" };
const DAY = 24 * 60 * 60 * 1000;
const DETAILS: AttendeeDetails = {
  organisation: "",
  accessibilityNeeds: ["STEP_FREE"],
  accessibilityNotes: "",
  photoConsent: "no",
  answers: {},
};

async function setUp({ seats = 20 } = {}) {
  const event = await eventFactory(t.db, { traits: ["published"], name: "Social Media Summit" });
  await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", priceCents: 49_500, position: 0 });
  const cycle = await scholarshipCycleFactory(t.db, { eventId: event.id, traits: ["closed"], seats });
  await fundEntryFactory(t.db, { kind: "DONATION", amountCents: 1_000_000, reason: "A gift for the fund" });
  const organiser = await userFactory(t.db, { traits: ["verified", "organizer"] });
  return { event, cycle, organiser };
}

function submitted(cycleId: string, overrides: { role?: "PATIENT" | "CAREGIVER"; pairId?: string } = {}) {
  return scholarshipApplicationFactory(t.db, { cycleId, traits: ["submitted"], ...overrides });
}

/** An application awarded through the committee's own path ($495 waiver + $400 travel + $300 lodging). */
async function award(cycleId: string, organiserId: string) {
  const app = await submitted(cycleId);
  const [made] = await commitAward(t.db, MAIL, {
    applicationId: app.id,
    decidedById: organiserId,
    waiver: true,
    travelCents: 40_000,
    lodgingCents: 30_000,
  });
  return { app, awardId: made.id, applicantId: app.applicantId };
}

async function pairAward(cycleId: string, organiserId: string) {
  const pairId = `pair-${Math.random().toString(36).slice(2)}`;
  const patient = await submitted(cycleId, { role: "PATIENT", pairId });
  const caregiver = await submitted(cycleId, { role: "CAREGIVER", pairId });
  const made = await commitAward(t.db, MAIL, {
    applicationId: patient.id,
    decidedById: organiserId,
    waiver: true,
    travelCents: 40_000,
    lodgingCents: 0,
    partner: { waiver: true, travelCents: 20_000, lodgingCents: 0 },
  });
  const awardOf = (applicationId: string) => made.find((m) => m.applicationId === applicationId)?.id as string;
  return {
    patient: { awardId: awardOf(patient.id), applicantId: patient.applicantId },
    caregiver: { awardId: awardOf(caregiver.id), applicantId: caregiver.applicantId },
  };
}

const snapshot = () =>
  Promise.all([
    t.db.award.findMany({ orderBy: { id: "asc" } }),
    t.db.fundEntry.findMany({ orderBy: { id: "asc" } }),
    t.db.order.findMany({ orderBy: { id: "asc" } }),
    t.db.registration.findMany({ orderBy: { id: "asc" } }),
    t.db.ticketType.findMany({ select: { id: true, taken: true }, orderBy: { id: "asc" } }),
  ]);

describe("accepting", () => {
  it("registers the awardee on the hidden ticket, free and confirmed, with a badge that doesn't reveal the scholarship", async () => {
    const { cycle, organiser } = await setUp();
    const { awardId, applicantId } = await award(cycle.id, organiser.id);
    const before = await fundBalance(t.db);
    const result = await acceptAward(t.db, MAIL, { awardId, userId: applicantId, details: DETAILS });
    expect(result.registered).toBe(true);

    const stored = await t.db.award.findUniqueOrThrow({
      where: { id: awardId },
      include: { registration: { include: { order: true } } },
    });
    expect(stored.status).toBe("ACCEPTED");
    expect(stored.attendeeDetails).toBeNull();
    const registration = stored.registration;
    expect(registration).toMatchObject({
      status: "CONFIRMED",
      ticketTypeId: cycle.ticketTypeId,
      userId: applicantId,
      priceCents: 0,
      photoConsent: false,
      accessibilityNeeds: ["STEP_FREE"],
    });
    expect(registration?.order).toMatchObject({ source: "SCHOLARSHIP", status: "PAID", totalCents: 0 });
    expect((await t.db.ticketType.findUniqueOrThrow({ where: { id: cycle.ticketTypeId as string } })).taken).toBe(1);

    // The waiver moved from committed to paid; nothing else moved.
    const waiver = await t.db.fundEntry.findFirstOrThrow({ where: { kind: "STIPEND_PAID", awardId } });
    expect(waiver).toMatchObject({ amountCents: 49_500, memo: "Registration fee waived" });
    expect(stored.paidCents).toBe(49_500);
    expect(await fundBalance(t.db)).toEqual({
      ...before,
      committedCents: before.committedCents - 49_500,
      paidCents: before.paidCents + 49_500,
    });

    const env = parseEnv({
      NODE_ENV: "test",
      SESSION_SECRET: "x".repeat(40),
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "awards-")),
    });
    const badge = await loadBadge(t.db, env, {
      id: registration?.id as string,
      eventId: cycle.eventId,
    });
    expect(badge.ribbon).toBe("Attendee");
    expect(JSON.stringify(badge)).not.toMatch(/scholarship|complimentary/i);
    const user = await t.db.user.findUniqueOrThrow({ where: { id: applicantId } });
    const mine = await myRegistrations(t.db, { id: user.id, email: user.email });
    expect(mine.upcoming.map((r) => r.id)).toContain(registration?.id);
    expect(await t.db.emailOutbox.count({ where: { toAddress: user.email, template: "order-confirmation" } })).toBe(1);
    await expect(acceptAward(t.db, MAIL, { awardId, userId: applicantId, details: DETAILS })).rejects.toThrow(
      "You have already accepted this award.",
    );
  });

  it("asks the event's required questions like any registration, and changes nothing until they're answered", async () => {
    const { cycle, organiser } = await setUp();
    const question = await registrationQuestionFactory(t.db, {
      eventId: cycle.eventId,
      label: "How did you hear about us?",
      kind: "SINGLE_CHOICE",
      options: ["A colleague", "Social media"],
      required: true,
    });
    const { awardId, applicantId } = await award(cycle.id, organiser.id);
    const before = await snapshot();
    const attempt = acceptAward(t.db, MAIL, { awardId, userId: applicantId, details: DETAILS });
    await expect(attempt).rejects.toThrow("Please answer “How did you hear about us?”.");
    await expect(attempt).rejects.toMatchObject({ field: `answers.${question.id}` });
    expect(await snapshot()).toEqual(before);
    await acceptAward(t.db, MAIL, {
      awardId,
      userId: applicantId,
      details: { ...DETAILS, answers: { [question.id]: "Social media" } },
    });
  });

  it("says so clearly when the event has no seat left, and nothing changes", async () => {
    const { cycle, organiser } = await setUp({ seats: 0 });
    const { awardId, applicantId } = await award(cycle.id, organiser.id);
    const before = await snapshot();
    const attempt = acceptAward(t.db, MAIL, { awardId, userId: applicantId, details: DETAILS });
    await expect(attempt).rejects.toThrow(RuleViolation);
    await expect(attempt).rejects.toThrow("Social Media Summit has no room for a seat right now");
    expect(await snapshot()).toEqual(before);
  });

  it("another applicant's award, or a made-up id, doesn't exist for them; nothing changes", async () => {
    const { cycle, organiser } = await setUp();
    const { awardId } = await award(cycle.id, organiser.id);
    const stranger = await userFactory(t.db, { traits: ["verified"] });
    const before = await snapshot();
    for (const id of [awardId, "no-such-award", "%00"]) {
      await expect(awardForApplicant(t.db, id, stranger.id)).rejects.toThrow(NotFoundError);
      await expect(acceptAward(t.db, MAIL, { awardId: id, userId: stranger.id, details: DETAILS })).rejects.toThrow(
        NotFoundError,
      );
      await expect(declineAward(t.db, MAIL, { awardId: id, userId: stranger.id })).rejects.toThrow(NotFoundError);
    }
    await expect(awardForApplicant(t.db, awardId, organiser.id)).rejects.toThrow(NotFoundError);
    expect(await snapshot()).toEqual(before);
  });
});

describe("pairs hold two seats together", () => {
  it("registers both in one order once both have accepted", async () => {
    const { cycle, organiser } = await setUp();
    const { patient, caregiver } = await pairAward(cycle.id, organiser.id);
    const first = await acceptAward(t.db, MAIL, { awardId: caregiver.awardId, userId: caregiver.applicantId, details: DETAILS });
    expect(first).toMatchObject({ registered: false });
    expect(await t.db.registration.count()).toBe(0);
    expect(await t.db.award.findUniqueOrThrow({ where: { id: caregiver.awardId } })).toMatchObject({
      status: "ACCEPTED",
      registrationId: null,
      attendeeDetails: DETAILS,
    });
    const view = await awardForApplicant(t.db, patient.awardId, patient.applicantId);
    expect(view.partner).toMatchObject({ status: "ACCEPTED", registered: false });

    await acceptAward(t.db, MAIL, {
      awardId: patient.awardId,
      userId: patient.applicantId,
      details: { ...DETAILS, photoConsent: "yes" },
    });
    const orders = await t.db.order.findMany({ include: { registrations: true } });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ source: "SCHOLARSHIP", status: "PAID", buyerId: patient.applicantId });
    expect(orders[0].registrations.map((r) => r.status)).toEqual(["CONFIRMED", "CONFIRMED"]);
    const awards = await t.db.award.findMany({ where: { id: { in: [patient.awardId, caregiver.awardId] } } });
    for (const a of awards) {
      expect(a.status).toBe("ACCEPTED");
      expect(orders[0].registrations.map((r) => r.id)).toContain(a.registrationId);
    }
    expect(await t.db.fundEntry.count({ where: { kind: "STIPEND_PAID", memo: "Registration fee waived" } })).toBe(2);
    const caregiverUser = await t.db.user.findUniqueOrThrow({ where: { id: caregiver.applicantId } });
    expect(await t.db.emailOutbox.count({ where: { toAddress: caregiverUser.email, template: "award-registered" } })).toBe(1);
  });

  it("refuses the second acceptance when two seats aren't free together, changing nothing", async () => {
    const { cycle, organiser } = await setUp({ seats: 1 });
    const { patient, caregiver } = await pairAward(cycle.id, organiser.id);
    await acceptAward(t.db, MAIL, { awardId: patient.awardId, userId: patient.applicantId, details: DETAILS });
    const before = await snapshot();
    const attempt = acceptAward(t.db, MAIL, { awardId: caregiver.awardId, userId: caregiver.applicantId, details: DETAILS });
    await expect(attempt).rejects.toThrow("has no room for 2 seats together right now");
    expect(await snapshot()).toEqual(before);
  });

  it("when one declines, the other is registered alone and the declined money goes back", async () => {
    const { cycle, organiser } = await setUp();
    const { patient, caregiver } = await pairAward(cycle.id, organiser.id);
    await acceptAward(t.db, MAIL, { awardId: patient.awardId, userId: patient.applicantId, details: DETAILS });
    const before = await fundBalance(t.db);
    await declineAward(t.db, MAIL, { awardId: caregiver.awardId, userId: caregiver.applicantId });
    const registered = await t.db.award.findUniqueOrThrow({ where: { id: patient.awardId }, include: { registration: true } });
    expect(registered.registration?.status).toBe("CONFIRMED");
    expect(await t.db.registration.count()).toBe(1);
    const released = await t.db.fundEntry.findFirstOrThrow({ where: { kind: "AWARD_RELEASED", awardId: caregiver.awardId } });
    expect(released.amountCents).toBe(49_500 + 20_000);
    const after = await fundBalance(t.db);
    expect(after.availableCents).toBe(before.availableCents + 69_500);
  });
});

describe("a cancelled scholarship seat gives its waiver back", () => {
  it("can't be given away; cancelled, it returns the registration fee to the fund once, keeping travel and lodging", async () => {
    const { cycle, organiser } = await setUp();
    const { awardId, applicantId } = await award(cycle.id, organiser.id);
    await acceptAward(t.db, MAIL, { awardId, userId: applicantId, details: DETAILS });
    const accepted = await t.db.award.findUniqueOrThrow({ where: { id: awardId } });
    const before = await fundBalance(t.db);
    const holder = await t.db.user.findUniqueOrThrow({ where: { id: applicantId } });
    // A free seat: nothing goes to Stripe, whose address here answers nothing.
    const env = { ...MAIL, stripe: { secretKey: "sk_test_x", webhookSecret: "whsec_x", apiUrl: "http://127.0.0.1:9" } };

    // Personal: the seat can't be given away (the award would follow the wrong person).
    const seat = await registrationForPerson(t.db, accepted.registrationId as string, holder);
    expect(seat.can).toMatchObject({ transfer: false, cancel: true });
    await expect(
      transferRegistration(t.db, MAIL, holder, accepted.registrationId as string, {
        name: "Someone Else",
        email: "else@example.org",
      }),
    ).rejects.toThrow(/comes with your award, so it can't be given to someone else/);

    await cancelRegistration(t.db, env, holder, accepted.registrationId as string, { expectedRefundCents: 0 });

    expect((await t.db.registration.findUniqueOrThrow({ where: { id: accepted.registrationId as string } })).status).toBe(
      "CANCELLED",
    );
    expect((await t.db.ticketType.findUniqueOrThrow({ where: { id: cycle.ticketTypeId as string } })).taken).toBe(0);
    expect(await fundBalance(t.db)).toEqual({
      ...before,
      paidCents: before.paidCents - 49_500,
      availableCents: before.availableCents + 49_500,
    });
    const returned = await t.db.fundEntry.findMany({ where: { kind: "WAIVER_RETURNED", awardId } });
    expect(returned).toMatchObject([{ amountCents: 49_500 }]);
    expect(await t.db.award.findUniqueOrThrow({ where: { id: awardId } })).toMatchObject({
      status: "ACCEPTED",
      waiverCents: 0,
      committedCents: accepted.committedCents - 49_500,
      paidCents: 0,
    });

    // Cancelled already: refused, and nothing is returned twice.
    await expect(
      cancelRegistration(t.db, env, holder, accepted.registrationId as string, { expectedRefundCents: 0 }),
    ).rejects.toBeInstanceOf(RuleViolation);
    expect(await t.db.fundEntry.count({ where: { kind: "WAIVER_RETURNED" } })).toBe(1);
  });
});

describe("declining and lapsing give the money back", () => {
  it("declining releases what the award committed", async () => {
    const { cycle, organiser } = await setUp();
    const { awardId, applicantId } = await award(cycle.id, organiser.id);
    const before = await fundBalance(t.db);
    await expect(declineAward(t.db, MAIL, { awardId, userId: applicantId })).resolves.toEqual({ releasedCents: 119_500 });
    expect(await fundBalance(t.db)).toEqual({
      ...before,
      committedCents: before.committedCents - 119_500,
      availableCents: before.availableCents + 119_500,
    });
    expect((await t.db.award.findUniqueOrThrow({ where: { id: awardId } })).status).toBe("DECLINED");
    await expect(acceptAward(t.db, MAIL, { awardId, userId: applicantId, details: DETAILS })).rejects.toThrow("You declined");
  });

  it("an unanswered award lapses after its deadline, once, releasing its money and saying so kindly", async () => {
    const { cycle, organiser } = await setUp();
    const { awardId, applicantId } = await award(cycle.id, organiser.id);
    const before = await fundBalance(t.db);
    const early = await runScholarshipJobs(t.db, MAIL, new Date(cycle.replyBy.getTime() - 1));
    expect(early.lapsed).toEqual([]);
    const after = new Date(cycle.replyBy.getTime() + 1);
    const [one, two] = await Promise.all([runScholarshipJobs(t.db, MAIL, after), runScholarshipJobs(t.db, MAIL, after)]);
    expect([...one.lapsed, ...two.lapsed]).toEqual([awardId]);
    expect((await t.db.award.findUniqueOrThrow({ where: { id: awardId } })).status).toBe("LAPSED");
    expect(await t.db.fundEntry.count({ where: { kind: "AWARD_RELEASED", awardId } })).toBe(1);
    expect((await fundBalance(t.db)).availableCents).toBe(before.availableCents + 119_500);
    const applicant = await t.db.user.findUniqueOrThrow({ where: { id: applicantId } });
    expect(await t.db.emailOutbox.count({ where: { toAddress: applicant.email, template: "award-lapsed" } })).toBe(1);
    await expect(acceptAward(t.db, MAIL, { awardId, userId: applicantId, details: DETAILS, now: after })).rejects.toThrow(
      "This offer has closed",
    );
  });

  it("a pair partner who accepted is registered alone when the other lets the offer lapse", async () => {
    const { cycle, organiser } = await setUp();
    const { patient, caregiver } = await pairAward(cycle.id, organiser.id);
    await acceptAward(t.db, MAIL, { awardId: caregiver.awardId, userId: caregiver.applicantId, details: DETAILS });
    await runScholarshipJobs(t.db, MAIL, new Date(cycle.replyBy.getTime() + 60_000));
    expect((await t.db.award.findUniqueOrThrow({ where: { id: patient.awardId } })).status).toBe("LAPSED");
    const caregiverAward = await t.db.award.findUniqueOrThrow({
      where: { id: caregiver.awardId },
      include: { registration: true },
    });
    expect(caregiverAward.registration?.status).toBe("CONFIRMED");
  });
});

describe("the reply reminder", () => {
  it("goes out three days before the deadline, exactly once, however many workers run", async () => {
    const { cycle, organiser } = await setUp();
    const { awardId, applicantId } = await award(cycle.id, organiser.id);
    const tooEarly = await runScholarshipJobs(t.db, MAIL, new Date(cycle.replyBy.getTime() - 3 * DAY - 60_000));
    expect(tooEarly.reminded).toEqual([]);
    const due = new Date(cycle.replyBy.getTime() - 3 * DAY + 60_000);
    const rounds = await Promise.all([1, 2, 3].map(() => runScholarshipJobs(t.db, MAIL, due)));
    expect(rounds.flatMap((r) => r.reminded)).toEqual([awardId]);
    await runScholarshipJobs(t.db, MAIL, new Date(cycle.replyBy.getTime() - DAY));
    const applicant = await t.db.user.findUniqueOrThrow({ where: { id: applicantId } });
    const reminders = await t.db.emailOutbox.findMany({ where: { toAddress: applicant.email, template: "award-reminder" } });
    expect(reminders).toHaveLength(1);
    expect(reminders[0].text).toContain(`http://summit.test/scholarships/awards/${awardId}`);
    expect((await t.db.award.findUniqueOrThrow({ where: { id: awardId } })).remindedAt).toEqual(due);
  });

  it("isn't sent to someone who has already replied", async () => {
    const { cycle, organiser } = await setUp();
    const { awardId, applicantId } = await award(cycle.id, organiser.id);
    await declineAward(t.db, MAIL, { awardId, userId: applicantId });
    const round = await runScholarshipJobs(t.db, MAIL, new Date(cycle.replyBy.getTime() - DAY));
    expect(round.reminded).toEqual([]);
  });
});
