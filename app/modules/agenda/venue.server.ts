import type { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { isUniqueViolation, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import type { roomSchema, trackSchema } from "./agenda.schema.ts";

type RoomInput = z.output<typeof roomSchema>;
type TrackInput = z.output<typeof trackSchema>;

/** The event an agenda page works on; every agenda function starts here, so a wrong id is a 404. */
export async function getAgendaEvent(db: DbTx, eventId: string) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, name: true, slug: true, timeZone: true, startsAt: true, endsAt: true },
  });
  if (!event) throw new NotFoundError("That event doesn't exist.");
  return event;
}

/** Rooms and tracks in display order, with how many sessions use each. */
export async function getVenue(db: Db, eventId: string) {
  await getAgendaEvent(db, eventId);
  const [rooms, tracks] = await Promise.all([
    db.room.findMany({
      where: { eventId },
      orderBy: [{ position: "asc" }, { name: "asc" }],
      include: { _count: { select: { sessions: true } } },
    }),
    db.track.findMany({
      where: { eventId },
      orderBy: [{ position: "asc" }, { name: "asc" }],
      include: { _count: { select: { sessions: true } } },
    }),
  ]);
  return { rooms, tracks };
}

async function nextPosition(db: DbTx, model: "room" | "track", eventId: string) {
  const last =
    model === "room"
      ? await db.room.aggregate({ where: { eventId }, _max: { position: true } })
      : await db.track.aggregate({ where: { eventId }, _max: { position: true } });
  return (last._max.position ?? -1) + 1;
}

/** Creates (no `roomId`) or updates a room of the event. */
export async function saveRoom(db: Db, actorId: string, eventId: string, { roomId, intent: _, ...input }: RoomInput) {
  await getAgendaEvent(db, eventId);
  if (roomId && !(await db.room.findFirst({ where: { id: roomId, eventId }, select: { id: true } })))
    throw new NotFoundError("That room doesn't exist.");
  const clash = await db.room.findFirst({
    where: { eventId, name: { equals: input.name, mode: "insensitive" }, ...(roomId ? { id: { not: roomId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new RuleViolation("Another room of this event already has this name.", "name");
  try {
    return await db.$transaction(async (tx) => {
      const room = roomId
        ? await tx.room.update({ where: { id: roomId }, data: input })
        : await tx.room.create({
            data: { ...input, eventId, position: input.position ?? (await nextPosition(tx, "room", eventId)) },
          });
      await recordAudit(tx, {
        actorId,
        action: roomId ? "room.updated" : "room.created",
        subjectType: "Room",
        subjectId: room.id,
        detail: { eventId, name: room.name, capacity: room.capacity },
      });
      return room;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RuleViolation("Another room of this event already has this name.", "name");
    throw error;
  }
}

/** Deletes an empty room; a room with sessions would silently unplace them, so it refuses. */
export async function deleteRoom(db: Db, actorId: string, eventId: string, roomId: string) {
  const room = await db.room.findFirst({ where: { id: roomId, eventId }, include: { _count: { select: { sessions: true } } } });
  if (!room) throw new NotFoundError("That room doesn't exist.");
  const used = room._count.sessions;
  if (used > 0) throw new RuleViolation(`${room.name} has ${used} session${used === 1 ? "" : "s"}: move or delete them first.`);
  await db.$transaction(async (tx) => {
    await tx.room.delete({ where: { id: room.id } });
    await recordAudit(tx, {
      actorId,
      action: "room.deleted",
      subjectType: "Room",
      subjectId: room.id,
      detail: { eventId, name: room.name },
    });
  });
  return room;
}

/** Creates (no `trackId`) or updates a track of the event. */
export async function saveTrack(db: Db, actorId: string, eventId: string, { trackId, intent: _, ...input }: TrackInput) {
  await getAgendaEvent(db, eventId);
  if (trackId && !(await db.track.findFirst({ where: { id: trackId, eventId }, select: { id: true } })))
    throw new NotFoundError("That track doesn't exist.");
  const clash = await db.track.findFirst({
    where: { eventId, name: { equals: input.name, mode: "insensitive" }, ...(trackId ? { id: { not: trackId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new RuleViolation("Another track of this event already has this name.", "name");
  try {
    return await db.$transaction(async (tx) => {
      const track = trackId
        ? await tx.track.update({ where: { id: trackId }, data: input })
        : await tx.track.create({
            data: { ...input, eventId, position: input.position ?? (await nextPosition(tx, "track", eventId)) },
          });
      await recordAudit(tx, {
        actorId,
        action: trackId ? "track.updated" : "track.created",
        subjectType: "Track",
        subjectId: track.id,
        detail: { eventId, name: track.name, color: track.color },
      });
      return track;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RuleViolation("Another track of this event already has this name.", "name");
    throw error;
  }
}

/** Deletes an unused track; sessions would otherwise lose their track without anyone noticing. */
export async function deleteTrack(db: Db, actorId: string, eventId: string, trackId: string) {
  const track = await db.track.findFirst({
    where: { id: trackId, eventId },
    include: { _count: { select: { sessions: true } } },
  });
  if (!track) throw new NotFoundError("That track doesn't exist.");
  const used = track._count.sessions;
  if (used > 0)
    throw new RuleViolation(`${track.name} has ${used} session${used === 1 ? "" : "s"}: move them to another track first.`);
  await db.$transaction(async (tx) => {
    await tx.track.delete({ where: { id: track.id } });
    await recordAudit(tx, {
      actorId,
      action: "track.deleted",
      subjectType: "Track",
      subjectId: track.id,
      detail: { eventId, name: track.name },
    });
  });
  return track;
}
