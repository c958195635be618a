// Scholarship cycles: creating one creates its hidden ticket type (the waiver's value, seats
// from the event's capacity), dates are read in the event's zone, and the rubric is edited
// within its rules.
import { describe, expect, it } from "vitest";
import { takeSeats } from "~/modules/registration/seats.server.ts";
import { cycleSchema, newCycleSchema, rubricIntentSchema } from "~/modules/scholarships/cycle.schema.ts";
import { changeRubric, createCycle, getCycle, listOpenCycles, updateCycle } from "~/modules/scholarships/cycles.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import {
  CAMPUSES,
  campusFactory,
  eventFactory,
  registrationSettingsFactory,
  reviewAssignmentFactory,
  scholarshipApplicationFactory,
  scholarshipCycleFactory,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();

async function summit() {
  const campus = await campusFactory(t.db, CAMPUSES.jacksonville);
  const event = await eventFactory(t.db, {
    campusId: campus.id,
    traits: ["published"],
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-29T17:00",
  });
  await ticketTypeFactory(t.db, { eventId: event.id, name: "Student", priceCents: 9_500, position: 2 });
  await ticketTypeFactory(t.db, { eventId: event.id, name: "Full conference", priceCents: 59_500, position: 1 });
  return event;
}

const raw = (eventId: string, values: Record<string, unknown> = {}) => ({
  eventId,
  name: "2027 scholarships",
  opensAt: "2027-01-15T09:00",
  closesAt: "2027-04-30T17:00",
  decisionAt: "2027-06-01T12:00",
  replyBy: "2027-06-15T17:00",
  maxAward: "1,500",
  reviewersPerApplication: 3,
  blindReview: true,
  retentionMonths: 12,
  seats: 12,
  ...values,
});

const input = (eventId: string, values: Record<string, unknown> = {}) => {
  const parsed = newCycleSchema.safeParse(raw(eventId, values));
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return parsed.data;
};
async function rejection(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the work was accepted");
}

describe("cycles", () => {
  it("creates a cycle in the event's zone with a starter rubric and a hidden ticket type worth the regular price", async () => {
    const event = await summit();
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const cycle = await createCycle(t.db, organiser.id, input(event.id));
    const saved = await getCycle(t.db, cycle.id);
    // 9:00 in Jacksonville in January is 14:00 UTC.
    expect(saved.opensAt.toISOString()).toBe("2027-01-15T14:00:00.000Z");
    expect(saved.replyBy.toISOString()).toBe("2027-06-15T21:00:00.000Z");
    expect(saved).toMatchObject({ maxAwardCents: 150_000, reviewersPerApplication: 3, blindReview: true, retentionMonths: 12 });
    expect(saved.criteria.map((c) => [c.name, c.weight])).toEqual([
      ["Impact of attending", 3],
      ["Financial need", 2],
      ["Community contribution", 1],
    ]);
    expect(saved.ticketType).toMatchObject({
      name: "Full conference (complimentary)",
      priceCents: 59_500,
      capacity: 12,
      taken: 0,
    });
    expect(await t.db.ticketType.findUniqueOrThrow({ where: { id: saved.ticketTypeId as string } })).toMatchObject({
      visibility: "HIDDEN",
      maxPerOrder: 2,
    });
    expect(await t.db.auditLog.count({ where: { action: "scholarship-cycle.created" } })).toBe(1);

    // A second cycle gets a ticket type of its own; a clashing name leaves nothing behind.
    await createCycle(t.db, organiser.id, input(event.id, { name: "2027 second round" }));
    expect(await t.db.ticketType.count({ where: { eventId: event.id, visibility: "HIDDEN" } })).toBe(2);
    const clash = await rejection(createCycle(t.db, organiser.id, input(event.id, { name: "2027 SCHOLARSHIPS" })));
    expect(clash).toMatchObject({ message: "This event already has a cycle with this name.", field: "name" });
    expect(await t.db.ticketType.count({ where: { eventId: event.id } })).toBe(4);
  });

  it("takes its seats from the event's capacity and never drops them below seats taken", async () => {
    const event = await summit();
    await registrationSettingsFactory(t.db, { eventId: event.id, capacity: 100 });
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const cycle = await getCycle(t.db, (await createCycle(t.db, organiser.id, input(event.id, { seats: 4 }))).id);
    expect(await takeSeats(t.db, event.id, cycle.ticketTypeId as string, 3)).toBe(true);
    expect((await t.db.registrationSettings.findUniqueOrThrow({ where: { eventId: event.id } })).seatsTaken).toBe(3);

    const edit = cycleSchema.parse(raw(event.id, { seats: 2 }));
    const refused = await rejection(updateCycle(t.db, organiser.id, cycle.id, edit));
    expect(refused).toMatchObject({ field: "seats" });
    expect(refused.message).toMatch(/3 seats are already held or sold/);
    const saved = await updateCycle(t.db, organiser.id, cycle.id, { ...edit, seats: 6, name: "Renamed" });
    expect(saved.name).toBe("Renamed");
    expect((await getCycle(t.db, cycle.id)).ticketType?.capacity).toBe(6);
  });

  it("refuses dates out of order, a reply deadline after the event starts, and ended events", async () => {
    const event = await summit();
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const errors = (values: Record<string, unknown>) => {
      const parsed = newCycleSchema.safeParse(raw(event.id, values));
      return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(errors({ closesAt: "2027-01-01T09:00" })).toContain("closesAt: Applications must close after they open");
    expect(errors({ decisionAt: "2027-04-01T09:00" })).toContain("decisionAt: Decisions come after applications close");
    expect(errors({ maxAward: "-5" })).toContain("maxAward: Enter the maximum award in dollars and cents, like 295 or 295.00");
    expect(errors({ maxAward: "0" })).toEqual(["maxAward: The maximum award must be more than $0 and at most $50,000"]);
    expect(errors({ reviewersPerApplication: 0 })).toEqual([
      "reviewersPerApplication: The number of reviewers per application must be at least 1",
    ]);
    const late = await rejection(createCycle(t.db, organiser.id, input(event.id, { replyBy: "2027-09-28T09:00" })));
    expect(late).toMatchObject({ message: "Awardees must reply before the event starts.", field: "replyBy" });
    // 02:30 on the spring-forward night doesn't exist in New York.
    const skipped = await rejection(createCycle(t.db, organiser.id, input(event.id, { opensAt: "2027-03-14T02:30" })));
    expect(skipped).toMatchObject({ field: "opensAt" });
    const past = await eventFactory(t.db, { traits: ["past"] });
    expect(await rejection(createCycle(t.db, organiser.id, input(past.id)))).toMatchObject({ field: "eventId" });
    expect(await t.db.scholarshipCycle.count()).toBe(0);
    expect(await t.db.ticketType.count({ where: { visibility: "HIDDEN" } })).toBe(0);
  });

  it("lists only open cycles of published events to applicants", async () => {
    const event = await eventFactory(t.db, { traits: ["published"] });
    const draftEvent = await eventFactory(t.db);
    const open = await scholarshipCycleFactory(t.db, { eventId: event.id });
    await scholarshipCycleFactory(t.db, { eventId: event.id, traits: ["closed"] });
    await scholarshipCycleFactory(t.db, { eventId: event.id, traits: ["upcoming"] });
    await scholarshipCycleFactory(t.db, { eventId: draftEvent.id });
    expect((await listOpenCycles(t.db)).map((c) => c.id)).toEqual([open.id]);
  });
});

describe("the rubric", () => {
  const change = (values: Record<string, unknown>) => rubricIntentSchema.parse(values);

  it("adds, edits, reorders and removes criteria; scored criteria and the last one stay", async () => {
    const event = await eventFactory(t.db, { traits: ["published"] });
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const cycle = await scholarshipCycleFactory(t.db, { eventId: event.id, criteria: [{ name: "Impact", weight: 2 }] });
    const names = async () => (await getCycle(t.db, cycle.id)).criteria.map((c) => `${c.name}:${c.weight}`);

    await changeRubric(t.db, organiser.id, cycle.id, change({ intent: "add-criterion", name: "Need", weight: 1 }));
    await changeRubric(t.db, organiser.id, cycle.id, change({ intent: "add-criterion", name: "Reach", weight: 1 }));
    expect(await names()).toEqual(["Impact:2", "Need:1", "Reach:1"]);
    const [impact, need, reach] = (await getCycle(t.db, cycle.id)).criteria;
    await changeRubric(t.db, organiser.id, cycle.id, change({ intent: "move-up", criterionId: reach.id }));
    await changeRubric(t.db, organiser.id, cycle.id, change({ intent: "move-down", criterionId: impact.id }));
    expect(await names()).toEqual(["Reach:1", "Impact:2", "Need:1"]);
    await changeRubric(
      t.db,
      organiser.id,
      cycle.id,
      change({ intent: "save-criterion", criterionId: need.id, name: "Financial need", weight: 4 }),
    );
    expect(await names()).toEqual(["Reach:1", "Impact:2", "Financial need:4"]);
    const clash = await rejection(
      changeRubric(t.db, organiser.id, cycle.id, change({ intent: "add-criterion", name: "impact", weight: 1 })),
    );
    expect(clash).toMatchObject({ message: "This rubric already has a criterion with this name.", field: "name" });

    const application = await scholarshipApplicationFactory(t.db, { cycleId: cycle.id, traits: ["submitted"] });
    await reviewAssignmentFactory(t.db, { applicationId: application.id, traits: ["scored"] });
    const scored = await rejection(
      changeRubric(t.db, organiser.id, cycle.id, change({ intent: "remove-criterion", criterionId: impact.id })),
    );
    expect(scored).toBeInstanceOf(RuleViolation);
    expect(scored.message).toMatch(/already scored “Impact”/);
    await t.db.reviewScore.deleteMany();
    await changeRubric(t.db, organiser.id, cycle.id, change({ intent: "remove-criterion", criterionId: impact.id }));
    await changeRubric(t.db, organiser.id, cycle.id, change({ intent: "remove-criterion", criterionId: reach.id }));
    expect(await names()).toEqual(["Financial need:4"]);
    const last = await rejection(
      changeRubric(t.db, organiser.id, cycle.id, change({ intent: "remove-criterion", criterionId: need.id })),
    );
    expect(last.message).toBe("A rubric needs at least one criterion.");
    const other = await scholarshipCycleFactory(t.db, { eventId: event.id });
    const foreign = await rejection(
      changeRubric(t.db, organiser.id, other.id, change({ intent: "remove-criterion", criterionId: need.id })),
    );
    expect(foreign.message).toBe("That criterion isn't part of this rubric.");
    expect(await names()).toEqual(["Financial need:4"]);
  });
});
