import type { Prisma } from "~/generated/prisma/client.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { blockingConflicts, type Conflict, detectConflicts } from "./conflicts.ts";
import type { AgendaSnapshot, ChangeKind, ReleaseChange, SnapshotSession } from "./snapshot.ts";

const workingSessionInclude = {
  room: { select: { id: true, name: true, capacity: true } },
  speakers: { orderBy: { position: "asc" }, select: { speaker: { select: { id: true, name: true } } } },
} as const;

/** The working copy's conflicts, for the grid and the publish button. */
export async function findConflicts(db: DbTx, eventId: string): Promise<{ conflicts: Conflict[]; blocking: Conflict[] }> {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { startsAt: true, endsAt: true, timeZone: true } });
  if (!event) throw new NotFoundError("That event doesn't exist.");
  const rows = await db.agendaSession.findMany({ where: { eventId }, include: workingSessionInclude });
  const sessions = rows.map((s) => ({ ...s, speakers: s.speakers.map((p) => p.speaker) }));
  const conflicts = detectConflicts(event, sessions);
  return { conflicts, blocking: blockingConflicts(conflicts, sessions) };
}

/** The working copy (published and cancelled sessions) as attendees would see it. */
async function buildSnapshot(
  tx: DbTx,
  eventId: string,
): Promise<Omit<AgendaSnapshot, "sessions"> & { sessions: Omit<SnapshotSession, "sequence">[] }> {
  const event = await tx.event.findUniqueOrThrow({ where: { id: eventId }, include: { campus: true } });
  const [tracks, rooms, sessions] = await Promise.all([
    tx.track.findMany({ where: { eventId }, orderBy: [{ position: "asc" }, { name: "asc" }] }),
    tx.room.findMany({ where: { eventId }, orderBy: [{ position: "asc" }, { name: "asc" }] }),
    tx.agendaSession.findMany({
      where: { eventId, status: { in: ["PUBLISHED", "CANCELLED"] } },
      orderBy: [{ startsAt: "asc" }, { room: { position: "asc" } }, { title: "asc" }],
      include: { speakers: { orderBy: { position: "asc" }, select: { speakerId: true } } },
    }),
  ]);
  const speakerIds = [...new Set(sessions.flatMap((s) => s.speakers.map((p) => p.speakerId)))];
  const speakers = await tx.speaker.findMany({
    where: { id: { in: speakerIds } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, title: true, organisation: true, bio: true, handles: true, photoType: true },
  });
  return {
    event: {
      id: event.id,
      slug: event.slug,
      name: event.name,
      timeZone: event.timeZone,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
      campus: { name: event.campus.name, address: event.campus.address },
    },
    tracks: tracks.map(({ id, name, color }) => ({ id, name, color })),
    rooms: rooms.map(({ id, name, capacity, stepFree, hearingLoop, liveCaptioning }) => ({
      id,
      name,
      capacity,
      stepFree,
      hearingLoop,
      liveCaptioning,
    })),
    speakers: speakers.map(({ photoType, handles, ...s }) => ({
      ...s,
      handles: (handles ?? {}) as Record<string, string>,
      hasPhoto: Boolean(photoType),
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      title: s.title,
      abstract: s.abstract,
      kind: s.kind,
      status: s.status as "PUBLISHED" | "CANCELLED",
      trackId: s.trackId,
      roomId: s.roomId,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      capacity: s.capacity,
      speakerIds: s.speakers.map((p) => p.speakerId),
    })),
  };
}

/** What a calendar or an attendee would notice between two versions of a session. */
function sessionChanges(
  before: SnapshotSession | undefined,
  after: Omit<SnapshotSession, "sequence">,
  speakerName: (id: string) => string,
  previousSpeakerName: (id: string) => string,
): ChangeKind[] {
  if (!before) return ["new"];
  const kinds: ChangeKind[] = [];
  if (before.status !== after.status) kinds.push(after.status === "CANCELLED" ? "cancelled" : "reinstated");
  if (before.startsAt !== after.startsAt || before.endsAt !== after.endsAt) kinds.push("moved");
  if (before.roomId !== after.roomId) kinds.push("new room");
  const shown = (s: Omit<SnapshotSession, "sequence">, name: (id: string) => string) =>
    JSON.stringify([s.title, s.abstract, s.kind, s.trackId, s.capacity, s.speakerIds.map(name)]);
  if (shown(before, previousSpeakerName) !== shown(after, speakerName)) kinds.push("updated");
  return kinds;
}

export type PublishedAgenda = { release: { id: string; number: number; publishedAt: Date }; snapshot: AgendaSnapshot };

/**
 * Publishes the working copy as the next numbered release: refuses while conflicts
 * touch published sessions, diffs against the previous release, raises SEQUENCE on
 * every changed session and keeps withdrawn ones as cancelled so subscribed calendars
 * drop them.
 */
export async function publishAgenda(db: Db, actorId: string, eventId: string) {
  return db.$transaction(
    async (tx) => {
      // One publisher at a time per event: release numbers and diffs must not interleave.
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Event" WHERE id = ${eventId} FOR UPDATE`;
      if (locked.length === 0) throw new NotFoundError("That event doesn't exist.");
      const { blocking } = await findConflicts(tx, eventId);
      if (blocking.length > 0) {
        throw new RuleViolation(
          `Fix ${blocking.length} conflict${blocking.length === 1 ? "" : "s"} before publishing: ${blocking[0].message}`,
        );
      }
      const previous = await tx.agendaRelease.findFirst({ where: { eventId }, orderBy: { number: "desc" } });
      const before = previous ? (previous.snapshot as unknown as AgendaSnapshot) : null;
      const draft = await buildSnapshot(tx, eventId);

      const beforeSessions = new Map(before?.sessions.map((s) => [s.id, s]));
      const names = new Map(draft.speakers.map((s) => [s.id, s.name]));
      const previousNames = new Map(before?.speakers.map((s) => [s.id, s.name]));
      const changes: ReleaseChange[] = [];
      const sessions: SnapshotSession[] = draft.sessions.map((s) => {
        const prior = beforeSessions.get(s.id);
        const kinds = sessionChanges(
          prior,
          s,
          (id) => names.get(id) ?? "",
          (id) => previousNames.get(id) ?? "",
        );
        if (kinds.length) changes.push({ sessionId: s.id, title: s.title, kinds });
        return { ...s, sequence: prior ? prior.sequence + (kinds.length ? 1 : 0) : 0 };
      });
      // Sessions withdrawn since (deleted or back to draft) stay, cancelled, so calendars drop them.
      const kept = new Set(sessions.map((s) => s.id));
      for (const gone of before?.sessions ?? []) {
        if (kept.has(gone.id)) continue;
        const withdrawn = gone.status !== "CANCELLED";
        if (withdrawn) changes.push({ sessionId: gone.id, title: gone.title, kinds: ["cancelled"] });
        sessions.push({ ...gone, status: "CANCELLED", sequence: gone.sequence + (withdrawn ? 1 : 0) });
        for (const id of gone.speakerIds) {
          const speaker = before?.speakers.find((p) => p.id === id);
          if (speaker && !draft.speakers.some((p) => p.id === id)) draft.speakers.push(speaker);
        }
      }
      sessions.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.title.localeCompare(b.title));

      if (previous && changes.length === 0) throw new RuleViolation(`Nothing has changed since release ${previous.number}.`);
      if (!previous && sessions.length === 0)
        throw new RuleViolation("Publish at least one session first (set its status to published).");

      const snapshot: AgendaSnapshot = { ...draft, sessions };
      const release = await tx.agendaRelease.create({
        data: {
          eventId,
          number: (previous?.number ?? 0) + 1,
          snapshot: snapshot as unknown as Prisma.InputJsonValue,
          changes: changes as unknown as Prisma.InputJsonValue,
          publishedById: actorId,
        },
      });
      await recordAudit(tx, {
        actorId,
        action: "agenda.published",
        subjectType: "Event",
        subjectId: eventId,
        detail: { release: release.number, changes: changes.length },
      });
      return { release, changes, snapshot };
    },
    { timeout: 60_000 },
  );
}

/** The agenda attendees see: the latest release, or null before the first one. */
export async function getPublishedAgenda(db: Db, eventId: string): Promise<PublishedAgenda | null> {
  const release = await db.agendaRelease.findFirst({ where: { eventId }, orderBy: { number: "desc" } });
  if (!release) return null;
  return {
    release: { id: release.id, number: release.number, publishedAt: release.publishedAt },
    snapshot: release.snapshot as unknown as AgendaSnapshot,
  };
}

/** Just enough to answer a conditional request (ETag / Last-Modified) without reading the snapshot. */
export function latestReleaseStamp(db: Db, eventId: string) {
  return db.agendaRelease.findFirst({
    where: { eventId },
    orderBy: { number: "desc" },
    select: { id: true, number: true, publishedAt: true },
  });
}

export function listReleases(db: Db, eventId: string) {
  return db.agendaRelease.findMany({
    where: { eventId },
    orderBy: { number: "desc" },
    select: { id: true, number: true, publishedAt: true, changes: true, publishedBy: { select: { name: true } } },
  });
}
