import type { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { MAX_PHOTO_BYTES, type PHOTO_TYPES, SOCIAL_NETWORKS, type SocialNetwork, type speakerSchema } from "./agenda.schema.ts";
import { getAgendaEvent } from "./venue.server.ts";

type SpeakerInput = z.output<typeof speakerSchema>;
type PhotoType = (typeof PHOTO_TYPES)[number];

/** What the bytes say the file is; the declared type and the file name are only claims. */
export function sniffImageType(bytes: Uint8Array): PhotoType | null {
  const starts = (signature: number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b);
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  // RIFF....WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Reads and checks an uploaded photo: size first, then what its bytes really are. */
export async function readPhoto(file: File): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: PhotoType }> {
  if (file.size > MAX_PHOTO_BYTES)
    throw new RuleViolation(
      `The photo is ${megabytes(file.size)}; the limit is 2 MB. Try a smaller or compressed image.`,
      "photo",
    );
  if (file.size === 0) throw new RuleViolation("That photo file is empty.", "photo");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffImageType(bytes);
  if (!type)
    throw new RuleViolation(
      `“${file.name}” isn't a JPEG, PNG or WebP image (its contents don't match${file.type ? ` its type ${file.type}` : ""}).`,
      "photo",
    );
  return { bytes, type };
}

function handlesFrom(input: Pick<SpeakerInput, SocialNetwork>): Record<string, string> {
  return Object.fromEntries(SOCIAL_NETWORKS.filter((n) => input[n]).map((n) => [n, input[n]]));
}

/** Names are unique within an event: the sessions CSV refers to speakers by name. */
async function assertNameFree(db: DbTx, eventId: string, name: string, speakerId?: string) {
  const clash = await db.speaker.findFirst({
    where: { eventId, name: { equals: name, mode: "insensitive" }, ...(speakerId ? { id: { not: speakerId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new RuleViolation("Another speaker of this event already has this name.", "name");
}

export async function listSpeakers(db: Db, eventId: string) {
  await getAgendaEvent(db, eventId);
  const speakers = await db.speaker.findMany({
    where: { eventId },
    orderBy: { name: "asc" },
    // Never the photo bytes: a list would drag megabytes through the pool.
    select: {
      id: true,
      name: true,
      title: true,
      organisation: true,
      photoType: true,
      updatedAt: true,
      _count: { select: { sessions: true } },
    },
  });
  return speakers.map(({ photoType, updatedAt, _count, ...s }) => ({
    ...s,
    sessions: _count.sessions,
    photoUrl: photoType ? speakerPhotoUrl(s.id, updatedAt) : null,
  }));
}

/** A speaker of the event for the editor; another event's speaker is a 404. */
export async function getSpeaker(db: Db, eventId: string, speakerId: string) {
  const speaker = await db.speaker.findFirst({
    where: { id: speakerId, eventId },
    select: {
      id: true,
      name: true,
      title: true,
      organisation: true,
      bio: true,
      handles: true,
      photoType: true,
      updatedAt: true,
      sessions: { select: { session: { select: { id: true, title: true } } }, orderBy: { session: { startsAt: "asc" } } },
    },
  });
  if (!speaker) throw new NotFoundError("That speaker doesn't exist.");
  const handles = (speaker.handles ?? {}) as Partial<Record<SocialNetwork, string>>;
  return {
    id: speaker.id,
    name: speaker.name,
    title: speaker.title,
    organisation: speaker.organisation,
    bio: speaker.bio,
    x: handles.x ?? "",
    linkedin: handles.linkedin ?? "",
    mastodon: handles.mastodon ?? "",
    bluesky: handles.bluesky ?? "",
    photoUrl: speaker.photoType ? speakerPhotoUrl(speaker.id, speaker.updatedAt) : null,
    sessions: speaker.sessions.map((s) => s.session),
  };
}

/** Creates (no id) or updates a speaker; a photo, when given, replaces the current one. */
export async function saveSpeaker(db: Db, actorId: string, eventId: string, input: SpeakerInput, speakerId?: string) {
  await getAgendaEvent(db, eventId);
  if (speakerId && !(await db.speaker.findFirst({ where: { id: speakerId, eventId }, select: { id: true } })))
    throw new NotFoundError("That speaker doesn't exist.");
  await assertNameFree(db, eventId, input.name, speakerId);
  const photo = input.photo ? await readPhoto(input.photo) : null;
  const data = {
    name: input.name,
    title: input.title,
    organisation: input.organisation,
    bio: input.bio,
    handles: handlesFrom(input),
    ...(photo ? { photo: photo.bytes, photoType: photo.type } : {}),
  };
  return db.$transaction(async (tx) => {
    const speaker = speakerId
      ? await tx.speaker.update({ where: { id: speakerId }, data, select: { id: true, name: true } })
      : await tx.speaker.create({ data: { ...data, eventId }, select: { id: true, name: true } });
    await recordAudit(tx, {
      actorId,
      action: speakerId ? "speaker.updated" : "speaker.created",
      subjectType: "Speaker",
      subjectId: speaker.id,
      detail: { eventId, name: speaker.name, ...(photo ? { photo: { type: photo.type, bytes: photo.bytes.byteLength } } : {}) },
    });
    return speaker;
  });
}

export async function removeSpeakerPhoto(db: Db, actorId: string, eventId: string, speakerId: string) {
  const speaker = await db.speaker.findFirst({ where: { id: speakerId, eventId }, select: { id: true, name: true } });
  if (!speaker) throw new NotFoundError("That speaker doesn't exist.");
  await db.$transaction(async (tx) => {
    await tx.speaker.update({ where: { id: speaker.id }, data: { photo: null, photoType: null } });
    await recordAudit(tx, {
      actorId,
      action: "speaker.photo-removed",
      subjectType: "Speaker",
      subjectId: speaker.id,
      detail: { eventId },
    });
  });
  return speaker;
}

/** Deletes a speaker who is on no session; removing them from sessions is a deliberate edit of each. */
export async function deleteSpeaker(db: Db, actorId: string, eventId: string, speakerId: string) {
  const speaker = await db.speaker.findFirst({
    where: { id: speakerId, eventId },
    select: { id: true, name: true, _count: { select: { sessions: true } } },
  });
  if (!speaker) throw new NotFoundError("That speaker doesn't exist.");
  const used = speaker._count.sessions;
  if (used > 0)
    throw new RuleViolation(
      `${speaker.name} speaks in ${used} session${used === 1 ? "" : "s"}: remove them from ${used === 1 ? "it" : "those"} first.`,
    );
  await db.$transaction(async (tx) => {
    await tx.speaker.delete({ where: { id: speaker.id } });
    await recordAudit(tx, {
      actorId,
      action: "speaker.deleted",
      subjectType: "Speaker",
      subjectId: speaker.id,
      detail: { eventId, name: speaker.name },
    });
  });
  return speaker;
}

/** A version that changes whenever the speaker (and so possibly the photo) changes. */
function photoVersion(updatedAt: Date) {
  return updatedAt.getTime().toString(36);
}

/** The public photo address; the version lets browsers keep it for a year. */
export function speakerPhotoUrl(speakerId: string, updatedAt: Date) {
  return `/speakers/${speakerId}/photo?v=${photoVersion(updatedAt)}`;
}

/** The stored photo, its type and a version for ETag; a speaker without a photo is a 404. */
export async function getSpeakerPhoto(db: Db, speakerId: string) {
  const speaker = await db.speaker.findUnique({
    where: { id: speakerId },
    select: { photo: true, photoType: true, updatedAt: true },
  });
  if (!speaker?.photo || !speaker.photoType) throw new NotFoundError("That speaker has no photo.");
  return { bytes: speaker.photo, type: speaker.photoType, version: photoVersion(speaker.updatedAt) };
}

/** Just the version, to answer If-None-Match without reading the bytes. */
export async function getSpeakerPhotoVersion(db: Db, speakerId: string) {
  const speaker = await db.speaker.findUnique({ where: { id: speakerId }, select: { photoType: true, updatedAt: true } });
  if (!speaker?.photoType) throw new NotFoundError("That speaker has no photo.");
  return photoVersion(speaker.updatedAt);
}
