import { DateTime } from "luxon";
import type { Prisma } from "~/generated/prisma/client.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { enqueueEmail } from "~/modules/email/outbox.server.ts";
import { renderEmail } from "~/modules/email/templates.server.ts";
import { formatDate, formatTime } from "~/shared/dates.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { type Env, env } from "~/shared/env.server.ts";
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

/** The next release as it would be now: the previous one, the new snapshot and what changed between them. */
async function draftRelease(tx: DbTx, eventId: string) {
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
  const snapshot: AgendaSnapshot = { ...draft, sessions };
  return { previous, before, snapshot, changes };
}

/** Where publishing mails come from and link to (the app's settings; tests pass their own). */
export type AgendaMailSettings = Pick<Env, "appUrl" | "mailFrom">;

const CHANGE_LABELS: Record<ChangeKind, string> = {
  new: "New",
  moved: "Moved",
  "new room": "New room",
  cancelled: "Cancelled",
  reinstated: "Back on",
  updated: "Details updated",
  removed: "Removed",
};

/** "Monday 27 September 2027, 9:00 AM – 10:00 AM EDT in Hall", in the event's zone. */
function describeSlot(session: Pick<SnapshotSession, "startsAt" | "endsAt" | "roomId">, snapshot: AgendaSnapshot) {
  const zone = snapshot.event.timeZone;
  const start = new Date(session.startsAt);
  const end = new Date(session.endsAt);
  const startTime = DateTime.fromJSDate(start, { zone }).toFormat("h:mm a");
  const room = snapshot.rooms.find((r) => r.id === session.roomId)?.name;
  return `${formatDate(start, zone)}, ${startTime} – ${formatTime(end, zone)}${room ? ` in ${room}` : ""}`;
}

/**
 * One email per attendee who starred a session this release changes, listing only their
 * sessions; queued in the publishing transaction so mail exists exactly when the release does.
 */
async function notifyStarrers(
  tx: DbTx,
  mail: AgendaMailSettings | undefined,
  { before, snapshot, changes }: Pick<Awaited<ReturnType<typeof draftRelease>>, "before" | "snapshot" | "changes">,
) {
  // A session new to attendees can't have been starred from an earlier release.
  const notable = new Map(changes.filter((c) => c.kinds.some((k) => k !== "new")).map((c) => [c.sessionId, c]));
  if (notable.size === 0) return 0;
  const favourites = await tx.favourite.findMany({
    where: { sessionId: { in: [...notable.keys()] } },
    select: { sessionId: true, user: { select: { id: true, email: true, name: true } } },
  });
  if (favourites.length === 0) return 0;
  const settings = mail ?? env();
  const order = new Map(snapshot.sessions.map((s, i) => [s.id, i]));
  const byUser = new Map<string, { user: (typeof favourites)[number]["user"]; sessionIds: string[] }>();
  for (const f of favourites) {
    const entry = byUser.get(f.user.id) ?? { user: f.user, sessionIds: [] };
    entry.sessionIds.push(f.sessionId);
    byUser.set(f.user.id, entry);
  }
  const previous = new Map(before?.sessions.map((s) => [s.id, s]));
  for (const { user, sessionIds } of byUser.values()) {
    sessionIds.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    const items = sessionIds.flatMap((id) => {
      const session = snapshot.sessions.find((s) => s.id === id);
      const change = notable.get(id);
      if (!session || !change) return [];
      const prior = previous.get(id);
      const relocated = change.kinds.includes("moved") || change.kinds.includes("new room");
      return [
        {
          title: session.title,
          changes: change.kinds.map((k) => CHANGE_LABELS[k]),
          cancelled: session.status === "CANCELLED",
          when: describeSlot(session, snapshot),
          previously: relocated && prior && before ? describeSlot(prior, before) : null,
        },
      ];
    });
    const rendered = await renderEmail("agenda-changes", {
      name: user.name,
      eventName: snapshot.event.name,
      timeZone: snapshot.event.timeZone,
      agendaUrl: `${settings.appUrl}/events/${snapshot.event.slug}/agenda`,
      sessions: items,
    });
    await enqueueEmail(tx, { ...rendered, to: user.email, from: settings.mailFrom });
  }
  return byUser.size;
}

/**
 * Publishes the working copy as the next numbered release: refuses while conflicts
 * touch published sessions, diffs against the previous release, raises SEQUENCE on
 * every changed session and keeps withdrawn ones as cancelled so subscribed calendars
 * drop them. Attendees who starred a changed session get one email listing their changes.
 */
export async function publishAgenda(db: Db, actorId: string, eventId: string, mail?: AgendaMailSettings) {
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
      const drafted = await draftRelease(tx, eventId);
      const { previous, snapshot, changes } = drafted;

      if (previous && changes.length === 0) throw new RuleViolation(`Nothing has changed since release ${previous.number}.`);
      if (!previous && snapshot.sessions.length === 0)
        throw new RuleViolation("Publish at least one session first (set its status to published).");

      const release = await tx.agendaRelease.create({
        data: {
          eventId,
          number: (previous?.number ?? 0) + 1,
          snapshot: snapshot as unknown as Prisma.InputJsonValue,
          changes: changes as unknown as Prisma.InputJsonValue,
          publishedById: actorId,
        },
      });
      const notified = await notifyStarrers(tx, mail, drafted);
      await recordAudit(tx, {
        actorId,
        action: "agenda.published",
        subjectType: "Event",
        subjectId: eventId,
        detail: { release: release.number, changes: changes.length, notified },
      });
      return { release, changes, snapshot, notified };
    },
    { timeout: 60_000 },
  );
}

/**
 * The publish page: conflicts (those blocking publication apart), what the next release
 * would change and how many attendees it would email, and the release history.
 */
export async function releasesOverview(db: Db, eventId: string) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, name: true, timeZone: true } });
  if (!event) throw new NotFoundError("That event doesn't exist.");
  const [{ conflicts, blocking }, { previous, changes }, releases] = await Promise.all([
    findConflicts(db, eventId),
    draftRelease(db, eventId),
    listReleases(db, eventId),
  ]);
  const notable = changes.filter((c) => c.kinds.some((k) => k !== "new")).map((c) => c.sessionId);
  const conflicting = [...new Set(conflicts.flatMap((c) => c.sessionIds))];
  const [starrers, titled] = await Promise.all([
    notable.length
      ? db.favourite.findMany({ where: { sessionId: { in: notable } }, distinct: ["userId"], select: { userId: true } })
      : [],
    db.agendaSession.findMany({ where: { id: { in: conflicting } }, select: { id: true, title: true } }),
  ]);
  return {
    event,
    conflicts,
    blocking,
    sessionTitles: Object.fromEntries(titled.map((s) => [s.id, s.title])) as Record<string, string>,
    pending: { number: (previous?.number ?? 0) + 1, changes, recipients: starrers.length },
    releases: releases.map((r) => ({ ...r, changes: r.changes as unknown as ReleaseChange[] })),
  };
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
