// The organisers' schedule grid: one day of the working copy laid out by room, and
// moving or resizing a session on it.
import { DateTime } from "luxon";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { eventDays, fromLocalInput } from "~/shared/dates.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import type { Conflict } from "./conflicts.ts";
import { findConflicts } from "./releases.server.ts";
import { type MoveSessionInput, SNAP_MINUTES } from "./schedule.schema.ts";

const DAY_FORMAT = "yyyy-LL-dd";

const sessionInclude = {
  track: { select: { id: true, name: true, color: true } },
  room: { select: { id: true, name: true, capacity: true } },
  speakers: { orderBy: { position: "asc" }, select: { speaker: { select: { id: true, name: true } } } },
} as const;

/** Wall-clock minutes from the day's midnight in the zone (past 1440 when a session runs over midnight). */
function minutesIntoDay(at: Date, dayStart: DateTime): number {
  const local = DateTime.fromJSDate(at, { zone: dayStart.zoneName ?? "UTC" });
  const days = Math.round(local.startOf("day").diff(dayStart, "days").days);
  return days * 1440 + local.hour * 60 + local.minute;
}

/**
 * One day of the schedule for the grid: the event's rooms in order, the sessions that
 * start that day (in the event's zone), the tabs for every day, and the conflicts that
 * touch that day's sessions. `day` outside the list falls back to the first day.
 */
export async function scheduleForDay(db: DbTx, eventId: string, day?: string) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, name: true, startsAt: true, endsAt: true, timeZone: true },
  });
  if (!event) throw new NotFoundError("That event doesn't exist.");
  const zone = event.timeZone;

  const [rooms, tracks, allStarts] = await Promise.all([
    db.room.findMany({
      where: { eventId },
      orderBy: [{ position: "asc" }, { name: "asc" }],
      select: { id: true, name: true, capacity: true, stepFree: true, hearingLoop: true, liveCaptioning: true },
    }),
    db.track.findMany({
      where: { eventId },
      orderBy: [{ position: "asc" }, { name: "asc" }],
      select: { id: true, name: true, color: true },
    }),
    db.agendaSession.findMany({ where: { eventId }, select: { startsAt: true } }),
  ]);

  // Sessions placed outside the event's days still get a tab, or nobody could find them.
  const counts = new Map<string, number>();
  for (const { startsAt } of allStarts) {
    const d = DateTime.fromJSDate(startsAt, { zone }).toFormat(DAY_FORMAT);
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  const inEvent = new Set(eventDays(event.startsAt, event.endsAt, zone));
  const days = [...new Set([...inEvent, ...counts.keys()])]
    .sort()
    .map((date) => ({ date, inEvent: inEvent.has(date), sessionCount: counts.get(date) ?? 0 }));
  const selected = day && days.some((d) => d.date === day) ? day : days[0].date;

  const dayStart = DateTime.fromISO(selected, { zone }).startOf("day");
  const rows = await db.agendaSession.findMany({
    where: { eventId, startsAt: { gte: dayStart.toJSDate(), lt: dayStart.plus({ days: 1 }).toJSDate() } },
    orderBy: [{ startsAt: "asc" }, { title: "asc" }],
    include: sessionInclude,
  });
  const sessions = rows.map((s) => ({
    id: s.id,
    title: s.title,
    kind: s.kind,
    status: s.status,
    capacity: s.capacity,
    roomId: s.roomId,
    room: s.room,
    track: s.track,
    speakers: s.speakers.map((p) => p.speaker),
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    updatedAt: s.updatedAt,
    startMinute: minutesIntoDay(s.startsAt, dayStart),
    endMinute: minutesIntoDay(s.endsAt, dayStart),
  }));

  const ids = new Set(sessions.map((s) => s.id));
  const { conflicts } = await findConflicts(db, eventId);
  return {
    event,
    day: selected,
    days,
    rooms,
    tracks,
    sessions,
    conflicts: conflicts.filter((c) => c.sessionIds.some((id) => ids.has(id))),
  };
}

export type DaySchedule = Awaited<ReturnType<typeof scheduleForDay>>;

function wallClock(value: string, zone: string, label: "start" | "end"): Date {
  const at = fromLocalInput(value, zone);
  if (!at) throw new RuleViolation(`That ${label} time doesn't exist in ${zone} (the clocks change then).`, `${label}sAt`);
  if (DateTime.fromJSDate(at, { zone }).minute % SNAP_MINUTES !== 0) {
    throw new RuleViolation(`The ${label} must be on a ${SNAP_MINUTES}-minute mark.`, `${label}sAt`);
  }
  return at;
}

export type MovedSession = {
  session: {
    id: string;
    title: string;
    room: { id: string; name: string } | null;
    startsAt: Date;
    endsAt: Date;
    updatedAt: Date;
  };
  previous: { roomId: string | null; startsAt: Date; endsAt: Date };
  /** Every conflict of the event after the move. */
  conflicts: Conflict[];
  /** The event's zone, for saying where the session went in its own wall-clock. */
  timeZone: string;
};

/**
 * Puts a session in a room (or in none, like a break for everyone) at a time: a drag, a
 * resize or a keyboard move on the grid. Times are wall-clock in the event's zone. A time outside the event's days is allowed
 * and reported as a conflict, like a double booking. Refuses, changing nothing, when
 * someone else saved the session since `updatedAt` (the version the organiser saw).
 */
export async function moveSession(
  db: Db,
  actorId: string,
  eventId: string,
  sessionId: string,
  input: MoveSessionInput,
): Promise<MovedSession> {
  return db.$transaction(async (tx) => {
    const before = await tx.agendaSession.findFirst({
      where: { id: sessionId, eventId },
      select: { title: true, roomId: true, startsAt: true, endsAt: true, event: { select: { timeZone: true } } },
    });
    if (!before) throw new NotFoundError("That session isn't part of this event (it may have been deleted).");
    const room = input.roomId
      ? await tx.room.findFirst({ where: { id: input.roomId, eventId }, select: { id: true, name: true } })
      : null;
    if (input.roomId && !room) throw new RuleViolation("Choose one of this event's rooms.", "roomId");
    const zone = before.event.timeZone;
    const startsAt = wallClock(input.startsAt, zone, "start");
    const endsAt = wallClock(input.endsAt, zone, "end");
    if (endsAt <= startsAt) throw new RuleViolation("The end must be after the start.", "endsAt");
    const seen = new Date(input.updatedAt);
    if (Number.isNaN(seen.getTime())) throw new RuleViolation("Reload the grid and try again.");

    // Optimistic concurrency: the row changes only if nobody saved it since the organiser loaded it.
    const { count } = await tx.agendaSession.updateMany({
      where: { id: sessionId, eventId, updatedAt: seen },
      data: { roomId: room?.id ?? null, startsAt, endsAt },
    });
    if (count === 0) throw new RuleViolation("Someone else changed this session; the grid has been refreshed.");
    const { updatedAt } = await tx.agendaSession.findUniqueOrThrow({ where: { id: sessionId }, select: { updatedAt: true } });

    await recordAudit(tx, {
      actorId,
      action: "agenda.session.moved",
      subjectType: "AgendaSession",
      subjectId: sessionId,
      detail: {
        eventId,
        from: { roomId: before.roomId, startsAt: before.startsAt.toISOString(), endsAt: before.endsAt.toISOString() },
        to: { roomId: room?.id ?? null, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
      },
    });
    const { conflicts } = await findConflicts(tx, eventId);
    return {
      session: { id: sessionId, title: before.title, room, startsAt, endsAt, updatedAt },
      previous: { roomId: before.roomId, startsAt: before.startsAt, endsAt: before.endsAt },
      conflicts,
      timeZone: zone,
    };
  });
}
