// Check-in lists: who may pass which door. A list is for the whole event, one day of it (in
// the event's zone) or one workshop, and names the ticket types it admits; each registration
// is admitted once per list (the unique pair in CheckIn).
import { DateTime } from "luxon";
import type { CheckInListKind } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { getRegistrationEvent } from "~/modules/registration/ticket-types.server.ts";
import { eventDays, formatDate, formatDateTime, formatTime } from "~/shared/dates.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { isUniqueViolation, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import type { CheckInListInput } from "./check-in-list.schema.ts";

type EventTimes = { startsAt: Date; endsAt: Date; timeZone: string };

/** "2027-09-27" → "Monday 27 September 2027", read as a day in the event's zone. */
export function dayLabel(day: string, timeZone: string): string {
  return formatDate(DateTime.fromISO(day, { zone: timeZone }).set({ hour: 12 }).toJSDate(), timeZone);
}

/** What a list is for, in words: "Whole event", a day, or the workshop and its time. */
export function listPurpose(
  list: { kind: CheckInListKind; day: string | null; session: { title: string; startsAt: Date } | null },
  timeZone: string,
): string {
  if (list.kind === "DAY" && list.day) return dayLabel(list.day, timeZone);
  if (list.kind === "SESSION" && list.session)
    return `${list.session.title} (${formatDateTime(list.session.startsAt, timeZone)})`;
  return "Whole event";
}

/** The choices of the list form: the event's ticket types, its days and its workshops. */
export async function checkInListChoices(db: Db, eventId: string) {
  const event = await getRegistrationEvent(db, eventId);
  const [ticketTypes, workshops] = await Promise.all([
    db.ticketType.findMany({
      where: { eventId },
      orderBy: [{ position: "asc" }, { name: "asc" }],
      select: { id: true, name: true, archived: true },
    }),
    db.agendaSession.findMany({
      where: { eventId, kind: "WORKSHOP" },
      orderBy: { startsAt: "asc" },
      select: { id: true, title: true, startsAt: true, status: true },
    }),
  ]);
  return {
    event,
    ticketTypes,
    days: eventDays(event.startsAt, event.endsAt, event.timeZone).map((day) => ({
      value: day,
      label: dayLabel(day, event.timeZone),
    })),
    workshops: workshops.map((w) => ({
      value: w.id,
      label: `${w.title} — ${formatDate(w.startsAt, event.timeZone)}, ${formatTime(w.startsAt, event.timeZone)}${w.status === "CANCELLED" ? " (cancelled)" : ""}`,
    })),
  };
}

export type ListProgress = { listId: string; checkedIn: number; expected: number };

/**
 * Per list of the event: people admitted, and confirmed registrations whose ticket type the
 * list admits (who we expect at that door). One aggregate query.
 */
export async function listProgress(db: Db, eventId: string): Promise<Map<string, ListProgress>> {
  const rows = await db.$queryRaw<ListProgress[]>`
    SELECT l.id AS "listId",
      (SELECT COUNT(*) FROM "CheckIn" c WHERE c."listId" = l.id)::int AS "checkedIn",
      (SELECT COUNT(*) FROM "Registration" r
         JOIN "CheckInListTicketType" lt ON lt."ticketTypeId" = r."ticketTypeId" AND lt."listId" = l.id
       WHERE r.status = 'CONFIRMED')::int AS expected
    FROM "CheckInList" l
    WHERE l."eventId" = ${eventId}`;
  return new Map(rows.map((r) => [r.listId, r]));
}

/** The lists page: every list of the event (archived last) with what it admits and how far check-in has got. */
export async function listCheckInLists(db: Db, eventId: string) {
  const event = await getRegistrationEvent(db, eventId);
  const [lists, progress] = await Promise.all([
    db.checkInList.findMany({
      where: { eventId },
      orderBy: [{ archived: "asc" }, { createdAt: "asc" }],
      include: {
        session: { select: { title: true, startsAt: true } },
        ticketTypes: { select: { ticketType: { select: { name: true, position: true } } } },
      },
    }),
    listProgress(db, eventId),
  ]);
  return {
    event,
    lists: lists.map((l) => ({
      id: l.id,
      name: l.name,
      kind: l.kind,
      archived: l.archived,
      purpose: listPurpose(l, event.timeZone),
      admits: l.ticketTypes
        .map((t) => t.ticketType)
        .sort((a, b) => a.position - b.position)
        .map((t) => t.name),
      checkedIn: progress.get(l.id)?.checkedIn ?? 0,
      expected: progress.get(l.id)?.expected ?? 0,
    })),
  };
}

/** One list of the event, for its edit page; NotFoundError for another event's list. */
export async function getCheckInList(db: Db, eventId: string, listId: string) {
  const list = await db.checkInList.findFirst({
    where: { id: listId, eventId },
    include: { ticketTypes: { select: { ticketTypeId: true } } },
  });
  if (!list) throw new NotFoundError("That check-in list doesn't exist.");
  const progress = (await listProgress(db, eventId)).get(list.id);
  return {
    id: list.id,
    name: list.name,
    kind: list.kind,
    day: list.day,
    sessionId: list.sessionId,
    archived: list.archived,
    ticketTypeIds: list.ticketTypes.map((t) => t.ticketTypeId),
    checkedIn: progress?.checkedIn ?? 0,
    expected: progress?.expected ?? 0,
  };
}

async function checkTarget(tx: DbTx, event: EventTimes & { id: string }, input: CheckInListInput) {
  const ticketTypeIds = [...new Set(input.ticketTypeIds)];
  const known = await tx.ticketType.count({ where: { id: { in: ticketTypeIds }, eventId: event.id } });
  if (known !== ticketTypeIds.length) throw new RuleViolation("Tick ticket types of this event only.", "ticketTypeIds");
  if (input.kind === "DAY") {
    const days = eventDays(event.startsAt, event.endsAt, event.timeZone);
    if (!input.day || !days.includes(input.day))
      throw new RuleViolation(`Choose a day of the event (${days[0]} to ${days[days.length - 1]}).`, "day");
  }
  if (input.kind === "SESSION") {
    const session = await tx.agendaSession.findFirst({
      where: { id: input.sessionId ?? "", eventId: event.id },
      select: { kind: true },
    });
    if (!session) throw new RuleViolation("Choose a workshop of this event.", "sessionId");
    if (session.kind !== "WORKSHOP") throw new RuleViolation("Only workshops have their own check-in list.", "sessionId");
  }
  return {
    ticketTypeIds,
    day: input.kind === "DAY" ? (input.day ?? null) : null,
    sessionId: input.kind === "SESSION" ? (input.sessionId ?? null) : null,
  };
}

/** Creates (no listId) or updates a list of the event. Names are unique per event. */
export async function saveCheckInList(db: Db, actorId: string, eventId: string, input: CheckInListInput, listId?: string) {
  const event = await getRegistrationEvent(db, eventId);
  try {
    return await db.$transaction(async (tx) => {
      if (listId && !(await tx.checkInList.findFirst({ where: { id: listId, eventId }, select: { id: true } })))
        throw new NotFoundError("That check-in list doesn't exist.");
      const { ticketTypeIds, day, sessionId } = await checkTarget(tx, event, input);
      const data = { name: input.name, kind: input.kind, day, sessionId };
      const list = listId
        ? await tx.checkInList.update({ where: { id: listId }, data })
        : await tx.checkInList.create({ data: { ...data, eventId } });
      if (listId) await tx.checkInListTicketType.deleteMany({ where: { listId } });
      await tx.checkInListTicketType.createMany({
        data: ticketTypeIds.map((ticketTypeId) => ({ listId: list.id, ticketTypeId })),
      });
      await recordAudit(tx, {
        actorId,
        action: listId ? "check-in-list.update" : "check-in-list.create",
        subjectType: "CheckInList",
        subjectId: list.id,
        detail: { eventId, name: list.name, kind: list.kind, day, sessionId, ticketTypeIds },
      });
      return list;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RuleViolation(`This event already has a list called “${input.name}”.`, "name");
    throw error;
  }
}

/** Archived lists can no longer be scanned; their check-ins stay and they can be restored. */
export async function setCheckInListArchived(db: Db, actorId: string, eventId: string, listId: string, archived: boolean) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.checkInList.updateMany({ where: { id: listId, eventId }, data: { archived } });
    if (count === 0) throw new NotFoundError("That check-in list doesn't exist.");
    await recordAudit(tx, {
      actorId,
      action: archived ? "check-in-list.archive" : "check-in-list.restore",
      subjectType: "CheckInList",
      subjectId: listId,
      detail: { eventId },
    });
    return tx.checkInList.findUniqueOrThrow({ where: { id: listId } });
  });
}
