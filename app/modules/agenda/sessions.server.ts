import type { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { eventDays, fromLocalInput, toLocalInput } from "~/shared/dates.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import type { SessionFilter, sessionSchema } from "./agenda.schema.ts";
import { type Conflict, detectConflicts } from "./conflicts.ts";
import { findConflicts } from "./releases.server.ts";
import type { AgendaSnapshot } from "./snapshot.ts";
import { getAgendaEvent } from "./venue.server.ts";

type SessionInput = z.output<typeof sessionSchema>;

/** What the session form offers: the event's tracks, rooms and speakers. */
export async function sessionChoices(db: DbTx, eventId: string) {
  const event = await getAgendaEvent(db, eventId);
  const [tracks, rooms, speakers] = await Promise.all([
    db.track.findMany({ where: { eventId }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true } }),
    db.room.findMany({
      where: { eventId },
      orderBy: [{ position: "asc" }, { name: "asc" }],
      select: { id: true, name: true, capacity: true },
    }),
    db.speaker.findMany({ where: { eventId }, orderBy: { name: "asc" }, select: { id: true, name: true, organisation: true } }),
  ]);
  return { event, tracks, rooms, speakers };
}

/**
 * The sessions list: every session of the event with its conflicts (computed over the whole
 * working copy, so a filter never hides the other half of a clash), then filtered.
 */
export async function listSessionsForAdmin(db: Db, eventId: string, filter: SessionFilter) {
  const event = await getAgendaEvent(db, eventId);
  const [tracks, rooms, rows] = await Promise.all([
    db.track.findMany({ where: { eventId }, orderBy: [{ position: "asc" }, { name: "asc" }] }),
    db.room.findMany({ where: { eventId }, orderBy: [{ position: "asc" }, { name: "asc" }] }),
    db.agendaSession.findMany({
      where: { eventId },
      orderBy: [{ startsAt: "asc" }, { room: { position: "asc" } }, { title: "asc" }],
      select: {
        id: true,
        title: true,
        kind: true,
        status: true,
        startsAt: true,
        endsAt: true,
        capacity: true,
        rsvpCount: true,
        trackId: true,
        roomId: true,
        room: { select: { id: true, name: true, capacity: true } },
        speakers: { orderBy: { position: "asc" }, select: { speaker: { select: { id: true, name: true } } } },
      },
    }),
  ]);
  const sessions = rows.map((s) => ({ ...s, speakers: s.speakers.map((p) => p.speaker) }));
  const conflicts = detectConflicts(event, sessions);
  const bySession = new Map<string, Conflict[]>();
  for (const c of conflicts) for (const id of c.sessionIds) bySession.set(id, [...(bySession.get(id) ?? []), c]);
  const trackById = new Map(tracks.map((t) => [t.id, t]));
  const shown = sessions.filter(
    (s) =>
      (!filter.day || toLocalInput(s.startsAt, event.timeZone).slice(0, 10) === filter.day) &&
      (!filter.trackId || s.trackId === filter.trackId) &&
      (!filter.roomId || s.roomId === filter.roomId) &&
      (!filter.status || s.status === filter.status) &&
      (!filter.kind || s.kind === filter.kind),
  );
  const published = new Set(sessions.filter((s) => s.status === "PUBLISHED").map((s) => s.id));
  return {
    event,
    days: eventDays(event.startsAt, event.endsAt, event.timeZone),
    tracks,
    rooms,
    total: sessions.length,
    conflictCount: conflicts.length,
    blockingCount: conflicts.filter((c) => c.sessionIds.some((id) => published.has(id))).length,
    sessions: shown.map((s) => ({
      ...s,
      track: s.trackId ? (trackById.get(s.trackId) ?? null) : null,
      conflicts: bySession.get(s.id) ?? [],
    })),
  };
}

/** A session of the event as its form shows it (times as wall-clock in the event's zone). */
export async function getSessionForEdit(db: Db, eventId: string, sessionId: string) {
  const choices = await sessionChoices(db, eventId);
  const session = await db.agendaSession.findFirst({
    where: { id: sessionId, eventId },
    include: { speakers: { orderBy: { position: "asc" }, select: { speakerId: true } } },
  });
  if (!session) throw new NotFoundError("That session doesn't exist.");
  const { conflicts } = await findConflicts(db, eventId);
  const zone = choices.event.timeZone;
  return {
    ...choices,
    conflicts: conflicts.filter((c) => c.sessionIds.includes(session.id)),
    session: {
      id: session.id,
      title: session.title,
      abstract: session.abstract,
      kind: session.kind,
      trackId: session.trackId ?? "",
      roomId: session.roomId ?? "",
      startsAt: toLocalInput(session.startsAt, zone),
      endsAt: toLocalInput(session.endsAt, zone),
      speakerIds: session.speakers.map((s) => s.speakerId),
      capacity: session.capacity === null ? "" : String(session.capacity),
      rsvpCount: session.rsvpCount,
      status: session.status,
    },
  };
}

/** A wall-clock time in the event's zone as an instant; a time the clocks skip is refused. */
export function eventInstant(value: string, zone: string, field: string, label: string) {
  const at = fromLocalInput(value, zone);
  if (!at) throw new RuleViolation(`That ${label} time doesn't exist in ${zone} (the clocks change then).`, field);
  return at;
}

/**
 * Room, track and speakers must be this event's: ids from another event, or made up,
 * are refused with a message on the field, before anything is written.
 */
async function resolveReferences(db: DbTx, eventId: string, input: Pick<SessionInput, "roomId" | "trackId" | "speakerIds">) {
  const speakerIds = [...new Set(input.speakerIds.filter(Boolean))];
  const [room, track, speakers] = await Promise.all([
    input.roomId ? db.room.findFirst({ where: { id: input.roomId, eventId }, select: { id: true } }) : null,
    input.trackId ? db.track.findFirst({ where: { id: input.trackId, eventId }, select: { id: true } }) : null,
    speakerIds.length ? db.speaker.findMany({ where: { id: { in: speakerIds }, eventId }, select: { id: true } }) : [],
  ]);
  if (input.roomId && !room)
    throw new RuleViolation("That room isn't one of this event's rooms. Choose one from the list.", "roomId");
  if (input.trackId && !track)
    throw new RuleViolation("That track isn't one of this event's tracks. Choose one from the list.", "trackId");
  if (speakers.length !== speakerIds.length) {
    const missing = speakerIds.length - speakers.length;
    throw new RuleViolation(
      `${missing === 1 ? "One speaker isn't" : `${missing} speakers aren't`} among this event's speakers. Choose from the list.`,
      "speakerIds",
    );
  }
  return { roomId: input.roomId || null, trackId: input.trackId || null, speakerIds };
}

/**
 * Creates (no id) or updates a session. Times arrive as wall-clock in the event's zone.
 * Clashes (double bookings, outside the event's days, more seats than the room) are
 * conflicts shown on the agenda, not refusals: organisers often fix them in steps.
 */
export async function saveSession(db: Db, actorId: string, eventId: string, input: SessionInput, sessionId?: string) {
  const event = await getAgendaEvent(db, eventId);
  if (sessionId && !(await db.agendaSession.findFirst({ where: { id: sessionId, eventId }, select: { id: true } })))
    throw new NotFoundError("That session doesn't exist.");
  const startsAt = eventInstant(input.startsAt, event.timeZone, "startsAt", "start");
  const endsAt = eventInstant(input.endsAt, event.timeZone, "endsAt", "end");
  if (endsAt <= startsAt) throw new RuleViolation("The end must be after the start", "endsAt");
  const refs = await resolveReferences(db, eventId, input);
  const capacity = input.kind === "WORKSHOP" ? (input.capacity ?? null) : null;

  const data = {
    title: input.title,
    abstract: input.abstract,
    kind: input.kind,
    status: input.status,
    trackId: refs.trackId,
    roomId: refs.roomId,
    startsAt,
    endsAt,
    capacity,
  };
  const speakers = refs.speakerIds.map((speakerId, position) => ({ speakerId, position }));
  return db.$transaction(async (tx) => {
    if (sessionId) {
      // Locks the row against a concurrent RSVP, so seats can't drop below the people holding them.
      const [{ rsvpCount }] = await tx.$queryRaw<{ rsvpCount: number }[]>`
        SELECT "rsvpCount" FROM "AgendaSession" WHERE id = ${sessionId} FOR UPDATE`;
      if (rsvpCount > 0 && (capacity === null || capacity < rsvpCount)) {
        throw new RuleViolation(
          `${rsvpCount} ${rsvpCount === 1 ? "person has" : "people have"} RSVP'd: keep it a workshop with at least ${rsvpCount} seats.`,
          "capacity",
        );
      }
    }
    const session = sessionId
      ? await tx.agendaSession.update({
          where: { id: sessionId },
          data: { ...data, speakers: { deleteMany: {}, create: speakers } },
        })
      : await tx.agendaSession.create({ data: { ...data, eventId, speakers: { create: speakers } } });
    await recordAudit(tx, {
      actorId,
      action: sessionId ? "session.updated" : "session.created",
      subjectType: "AgendaSession",
      subjectId: session.id,
      detail: {
        eventId,
        title: session.title,
        status: session.status,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        roomId: refs.roomId,
      },
    });
    return session;
  });
}

/**
 * Deletes a session. One attendees can see in the latest release is refused: deleting
 * would also drop their stars, so nobody could be told; cancelling tells them.
 */
export async function deleteSession(db: Db, actorId: string, eventId: string, sessionId: string) {
  const session = await db.agendaSession.findFirst({ where: { id: sessionId, eventId }, select: { id: true, title: true } });
  if (!session) throw new NotFoundError("That session doesn't exist.");
  const latest = await db.agendaRelease.findFirst({
    where: { eventId },
    orderBy: { number: "desc" },
    select: { number: true, snapshot: true },
  });
  const shown = (latest?.snapshot as AgendaSnapshot | undefined)?.sessions.find((s) => s.id === session.id);
  if (latest && shown?.status === "PUBLISHED") {
    throw new RuleViolation(
      `“${session.title}” is in the published agenda (release ${latest.number}). Set its status to cancelled instead, so attendees who starred it are told and calendars drop it.`,
    );
  }
  // A workshop's door list would lose what it is for (and its check-ins); the list goes first.
  const doorList = await db.checkInList.findFirst({ where: { sessionId: session.id }, select: { name: true } });
  if (doorList) {
    throw new RuleViolation(
      `“${session.title}” has a door check-in list (“${doorList.name}”). Point that list at another workshop or day first, under Check-in.`,
    );
  }
  await db.$transaction(async (tx) => {
    await tx.agendaSession.delete({ where: { id: session.id } });
    await recordAudit(tx, {
      actorId,
      action: "session.deleted",
      subjectType: "AgendaSession",
      subjectId: session.id,
      detail: { eventId, title: session.title },
    });
  });
  return session;
}
