// Scholarship cycles: one application window per event, with its dates, limits, review
// settings and rubric. Creating a cycle creates the hidden ticket type accepted awards
// register on, through the registration module, so its seats count against the event's
// capacity like any other.
import type { ApplicationStatus } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { eventTime, removeTicketType, saveTicketType } from "~/modules/registration/ticket-types.server.ts";
import { toLocalInput } from "~/shared/dates.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { isUniqueViolation, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import {
  type CriterionInput,
  type CycleInput,
  MAX_CRITERIA,
  type NewCycleInput,
  type RubricIntent,
  STARTER_RUBRIC,
} from "./cycle.schema.ts";

const CYCLE_NAME_TAKEN = "This event already has a cycle with this name.";
const CRITERION_NAME_TAKEN = "This rubric already has a criterion with this name.";

/** Open for applications: on or after opensAt, before closesAt. */
export function cycleIsOpen(cycle: { opensAt: Date; closesAt: Date }, now = new Date()): boolean {
  return cycle.opensAt <= now && now < cycle.closesAt;
}

/** Events a new cycle can be for: those that have not ended. */
export function cycleEventOptions(db: Db, now = new Date()) {
  return db.event.findMany({
    where: { endsAt: { gt: now } },
    orderBy: { startsAt: "asc" },
    select: { id: true, name: true, timeZone: true, startsAt: true },
  });
}

/** Every cycle, newest event first, with how many applications it has in each status. */
export async function listCycles(db: Db) {
  const [cycles, counts] = await Promise.all([
    db.scholarshipCycle.findMany({
      orderBy: [{ event: { startsAt: "desc" } }, { opensAt: "desc" }],
      include: { event: { select: { id: true, name: true, timeZone: true, startsAt: true, endsAt: true } } },
    }),
    db.scholarshipApplication.groupBy({ by: ["cycleId", "status"], _count: { _all: true } }),
  ]);
  return cycles.map((cycle) => {
    const byStatus: Partial<Record<ApplicationStatus, number>> = {};
    for (const c of counts) if (c.cycleId === cycle.id) byStatus[c.status] = c._count._all;
    return { ...cycle, byStatus, total: Object.values(byStatus).reduce((sum, n) => sum + n, 0) };
  });
}

/** A cycle with its event, rubric (in order) and seats, for its admin page. */
export async function getCycle(db: DbTx, cycleId: string) {
  const cycle = await db.scholarshipCycle.findUnique({
    where: { id: cycleId },
    include: {
      event: { select: { id: true, name: true, slug: true, timeZone: true, startsAt: true, endsAt: true } },
      criteria: { orderBy: [{ position: "asc" }, { name: "asc" }], include: { _count: { select: { scores: true } } } },
      ticketType: { select: { id: true, name: true, priceCents: true, currency: true, capacity: true, taken: true } },
      _count: { select: { applications: true } },
    },
  });
  if (!cycle) throw new NotFoundError("That scholarship cycle doesn't exist.");
  return cycle;
}

/** The cycle's dates as `datetime-local` values in its event's zone, for the edit form. */
export function cycleFormValues(cycle: Awaited<ReturnType<typeof getCycle>>) {
  const zone = cycle.event.timeZone;
  return {
    name: cycle.name,
    opensAt: toLocalInput(cycle.opensAt, zone),
    closesAt: toLocalInput(cycle.closesAt, zone),
    decisionAt: toLocalInput(cycle.decisionAt, zone),
    replyBy: toLocalInput(cycle.replyBy, zone),
    maxAward: (cycle.maxAwardCents / 100).toFixed(2),
    reviewersPerApplication: String(cycle.reviewersPerApplication),
    blindReview: cycle.blindReview,
    retentionMonths: String(cycle.retentionMonths),
    seats: String(cycle.ticketType?.capacity ?? ""),
  };
}

/** Reads the form's wall-clock times in the event's zone; the reply deadline must fall before the event starts. */
function cycleTimes(input: CycleInput, event: { timeZone: string; startsAt: Date }) {
  const at = (value: string, field: keyof CycleInput) => eventTime(value, event.timeZone, field) as Date;
  const times = {
    opensAt: at(input.opensAt, "opensAt"),
    closesAt: at(input.closesAt, "closesAt"),
    decisionAt: at(input.decisionAt, "decisionAt"),
    replyBy: at(input.replyBy, "replyBy"),
  };
  if (times.replyBy >= event.startsAt) throw new RuleViolation("Awardees must reply before the event starts.", "replyBy");
  return times;
}

/**
 * The waiver an award is worth: the event's regular price, i.e. its first public ticket type
 * on sale (0 when it sells none).
 */
async function regularTicket(db: DbTx, eventId: string) {
  return db.ticketType.findFirst({
    where: { eventId, visibility: "PUBLIC", archived: false },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    select: { name: true, priceCents: true },
  });
}

/** A name for the hidden ticket type that says nothing about scholarships (it may show on registrations). */
async function seatTicketName(db: DbTx, eventId: string, base: string) {
  const taken = new Set(
    (await db.ticketType.findMany({ where: { eventId }, select: { name: true } })).map((t) => t.name.toLowerCase()),
  );
  const stem = `${base} (complimentary)`;
  for (let n = 1; ; n++) {
    const name = n === 1 ? stem : `${stem} ${n}`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** Creates a cycle with a starter rubric and its hidden ticket type (price: the waiver value). */
export async function createCycle(db: Db, actorId: string, input: NewCycleInput) {
  const event = await db.event.findUnique({
    where: { id: input.eventId },
    select: { id: true, name: true, timeZone: true, startsAt: true, endsAt: true },
  });
  if (!event) throw new RuleViolation("Choose one of the events in the list.", "eventId");
  if (event.endsAt <= new Date()) throw new RuleViolation("That event has already ended.", "eventId");
  const times = cycleTimes(input, event);
  const clash = await db.scholarshipCycle.findFirst({
    where: { eventId: event.id, name: { equals: input.name, mode: "insensitive" } },
    select: { id: true },
  });
  if (clash) throw new RuleViolation(CYCLE_NAME_TAKEN, "name");

  const regular = await regularTicket(db, event.id);
  const ticketType = await saveTicketType(db, actorId, event.id, {
    name: await seatTicketName(db, event.id, regular?.name ?? "Registration"),
    description: `Seats for the awards of ${input.name}: registered at no charge when an award is accepted.`,
    price: regular?.priceCents ?? 0,
    memberPrice: undefined,
    capacity: input.seats,
    salesStartAt: undefined,
    salesEndAt: undefined,
    visibility: "HIDDEN",
    // A patient and their caregiver hold two seats together.
    maxPerOrder: 2,
    position: undefined,
  });
  try {
    return await db.$transaction(async (tx) => {
      const cycle = await tx.scholarshipCycle.create({
        data: {
          eventId: event.id,
          name: input.name,
          ...times,
          maxAwardCents: input.maxAward,
          reviewersPerApplication: input.reviewersPerApplication,
          blindReview: input.blindReview,
          retentionMonths: input.retentionMonths,
          ticketTypeId: ticketType.id,
          criteria: { create: STARTER_RUBRIC.map((c, position) => ({ ...c, position })) },
        },
      });
      await recordAudit(tx, {
        actorId,
        action: "scholarship-cycle.created",
        subjectType: "ScholarshipCycle",
        subjectId: cycle.id,
        detail: { eventId: event.id, name: cycle.name, maxAwardCents: cycle.maxAwardCents, ticketTypeId: ticketType.id },
      });
      return cycle;
    });
  } catch (error) {
    // The cycle didn't come to be: its ticket type must not linger on the event.
    await removeTicketType(db, actorId, event.id, ticketType.id);
    if (isUniqueViolation(error)) throw new RuleViolation(CYCLE_NAME_TAKEN, "name");
    throw error;
  }
}

/** Saves a cycle's settings; the seats become its ticket type's capacity (never below seats taken). */
export async function updateCycle(db: Db, actorId: string, cycleId: string, input: CycleInput) {
  const cycle = await getCycle(db, cycleId);
  const times = cycleTimes(input, cycle.event);
  const clash = await db.scholarshipCycle.findFirst({
    where: { eventId: cycle.eventId, name: { equals: input.name, mode: "insensitive" }, id: { not: cycle.id } },
    select: { id: true },
  });
  if (clash) throw new RuleViolation(CYCLE_NAME_TAKEN, "name");
  const seats = await db.ticketType.findUnique({ where: { id: cycle.ticketTypeId ?? "" } });
  if (seats && seats.capacity !== input.seats) {
    try {
      await saveTicketType(
        db,
        actorId,
        cycle.eventId,
        {
          name: seats.name,
          description: seats.description,
          price: seats.priceCents,
          memberPrice: seats.memberPriceCents ?? undefined,
          capacity: input.seats,
          salesStartAt: seats.salesStartAt ? toLocalInput(seats.salesStartAt, cycle.event.timeZone) : undefined,
          salesEndAt: seats.salesEndAt ? toLocalInput(seats.salesEndAt, cycle.event.timeZone) : undefined,
          visibility: seats.visibility,
          maxPerOrder: seats.maxPerOrder,
          position: seats.position,
        },
        seats.id,
      );
    } catch (error) {
      if (error instanceof RuleViolation && error.field === "capacity") throw new RuleViolation(error.message, "seats");
      throw error;
    }
  }
  try {
    return await db.$transaction(async (tx) => {
      const saved = await tx.scholarshipCycle.update({
        where: { id: cycle.id },
        data: {
          name: input.name,
          ...times,
          maxAwardCents: input.maxAward,
          reviewersPerApplication: input.reviewersPerApplication,
          blindReview: input.blindReview,
          retentionMonths: input.retentionMonths,
        },
      });
      await recordAudit(tx, {
        actorId,
        action: "scholarship-cycle.updated",
        subjectType: "ScholarshipCycle",
        subjectId: cycle.id,
        detail: {
          name: saved.name,
          maxAwardCents: saved.maxAwardCents,
          reviewersPerApplication: saved.reviewersPerApplication,
          blindReview: saved.blindReview,
          seats: input.seats,
        },
      });
      return saved;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RuleViolation(CYCLE_NAME_TAKEN, "name");
    throw error;
  }
}

/** Adds, edits, moves or removes one rubric criterion. A criterion reviewers have scored stays. */
export async function changeRubric(db: Db, actorId: string, cycleId: string, change: RubricIntent) {
  try {
    return await db.$transaction(async (tx) => {
      // One rubric edit at a time per cycle, so positions and the last-criterion rule hold.
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "ScholarshipCycle" WHERE id = ${cycleId} FOR UPDATE`;
      if (locked.length === 0) throw new NotFoundError("That scholarship cycle doesn't exist.");
      const criteria = await tx.scholarshipCriterion.findMany({
        where: { cycleId },
        orderBy: [{ position: "asc" }, { name: "asc" }],
        include: { _count: { select: { scores: true } } },
      });
      const target = "criterionId" in change ? criteria.find((c) => c.id === change.criterionId) : undefined;
      if ("criterionId" in change && !target) throw new NotFoundError("That criterion isn't part of this rubric.");
      const nameTaken = (input: CriterionInput) =>
        criteria.some((c) => c.id !== target?.id && c.name.toLowerCase() === input.name.toLowerCase());

      let summary: string;
      if (change.intent === "add-criterion") {
        if (criteria.length >= MAX_CRITERIA) throw new RuleViolation(`A rubric has at most ${MAX_CRITERIA} criteria.`);
        if (nameTaken(change)) throw new RuleViolation(CRITERION_NAME_TAKEN, "name");
        await tx.scholarshipCriterion.create({
          data: {
            cycleId,
            name: change.name,
            description: change.description,
            weight: change.weight,
            position: criteria.length,
          },
        });
        summary = `Added “${change.name}”.`;
      } else if (change.intent === "save-criterion") {
        if (nameTaken(change)) throw new RuleViolation(CRITERION_NAME_TAKEN, "name");
        await tx.scholarshipCriterion.update({
          where: { id: change.criterionId },
          data: { name: change.name, description: change.description, weight: change.weight },
        });
        summary = `Saved “${change.name}”.`;
      } else if (change.intent === "remove-criterion") {
        const c = target as (typeof criteria)[number];
        if (criteria.length === 1) throw new RuleViolation("A rubric needs at least one criterion.");
        if (c._count.scores > 0)
          throw new RuleViolation(`Reviewers have already scored “${c.name}”, so it stays. You can change its weight.`);
        await tx.scholarshipCriterion.delete({ where: { id: c.id } });
        summary = `Removed “${c.name}”.`;
      } else {
        const order = criteria.map((c) => c.id);
        const from = order.indexOf(change.criterionId);
        const to = change.intent === "move-up" ? from - 1 : from + 1;
        if (to >= 0 && to < order.length) [order[from], order[to]] = [order[to], order[from]];
        for (const [position, id] of order.entries()) {
          await tx.scholarshipCriterion.update({ where: { id }, data: { position } });
        }
        summary = `Moved “${target?.name}” ${change.intent === "move-up" ? "up" : "down"}.`;
      }
      await recordAudit(tx, {
        actorId,
        action: "scholarship-cycle.rubric-changed",
        subjectType: "ScholarshipCycle",
        subjectId: cycleId,
        detail: { change: change.intent, summary },
      });
      return { summary };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RuleViolation(CRITERION_NAME_TAKEN, "name");
    throw error;
  }
}

/** Cycles open for applications now, soonest closing first, with their events. */
export function listOpenCycles(db: Db, now = new Date()) {
  return db.scholarshipCycle.findMany({
    where: { opensAt: { lte: now }, closesAt: { gt: now }, event: { published: true } },
    orderBy: { closesAt: "asc" },
    include: { event: { select: { name: true, slug: true, timeZone: true, startsAt: true, endsAt: true } } },
  });
}
