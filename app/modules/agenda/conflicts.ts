// Schedule conflicts, computed from the organisers' working copy. Pure, so the grid can
// recompute them after every move and tests can state each rule directly.
import { DateTime } from "luxon";

export type ConflictKind = "room-double-booked" | "speaker-double-booked" | "outside-event" | "over-room-capacity";

export type Conflict = { kind: ConflictKind; sessionIds: string[]; message: string };

export type ConflictSession = {
  id: string;
  title: string;
  status: "DRAFT" | "PUBLISHED" | "CANCELLED";
  startsAt: Date;
  endsAt: Date;
  capacity: number | null;
  room: { id: string; name: string; capacity: number } | null;
  speakers: { id: string; name: string }[];
};

export type ConflictEvent = { startsAt: Date; endsAt: Date; timeZone: string };

const overlaps = (a: ConflictSession, b: ConflictSession) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

/** Pairs of overlapping sessions within each group (sweep over start times). */
function overlappingPairs(groups: Map<string, ConflictSession[]>) {
  const pairs: [string, ConflictSession, ConflictSession][] = [];
  for (const [key, sessions] of groups) {
    const sorted = [...sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length && sorted[j].startsAt < sorted[i].endsAt; j++) {
        if (overlaps(sorted[i], sorted[j])) pairs.push([key, sorted[i], sorted[j]]);
      }
    }
  }
  return pairs;
}

function groupBy(sessions: ConflictSession[], keys: (s: ConflictSession) => string[]) {
  const groups = new Map<string, ConflictSession[]>();
  for (const s of sessions) for (const key of keys(s)) groups.set(key, [...(groups.get(key) ?? []), s]);
  return groups;
}

/** Every conflict among sessions that will happen (cancelled ones take no room or speaker). */
export function detectConflicts(event: ConflictEvent, sessions: ConflictSession[]): Conflict[] {
  const live = sessions.filter((s) => s.status !== "CANCELLED");
  const conflicts: Conflict[] = [];

  for (const [, a, b] of overlappingPairs(groupBy(live, (s) => (s.room ? [s.room.id] : [])))) {
    conflicts.push({
      kind: "room-double-booked",
      sessionIds: [a.id, b.id],
      message: `${a.room?.name} is double-booked: “${a.title}” and “${b.title}” overlap.`,
    });
  }

  const speakerNames = new Map(live.flatMap((s) => s.speakers.map((p) => [p.id, p.name] as const)));
  for (const [speakerId, a, b] of overlappingPairs(groupBy(live, (s) => s.speakers.map((p) => p.id)))) {
    conflicts.push({
      kind: "speaker-double-booked",
      sessionIds: [a.id, b.id],
      message: `${speakerNames.get(speakerId)} is in two places at once: “${a.title}” and “${b.title}”.`,
    });
  }

  // The event's days, whole, in its own zone: a session at 07:00 on day one is fine.
  const firstDay = DateTime.fromJSDate(event.startsAt, { zone: event.timeZone }).startOf("day").toJSDate();
  const lastDayEnd = DateTime.fromJSDate(event.endsAt, { zone: event.timeZone }).endOf("day").toJSDate();
  for (const s of live) {
    if (s.startsAt < firstDay || s.endsAt > lastDayEnd) {
      conflicts.push({ kind: "outside-event", sessionIds: [s.id], message: `“${s.title}” is outside the event's days.` });
    }
    if (s.capacity !== null && s.room && s.capacity > s.room.capacity) {
      conflicts.push({
        kind: "over-room-capacity",
        sessionIds: [s.id],
        message: `“${s.title}” offers ${s.capacity} seats but ${s.room.name} holds ${s.room.capacity}.`,
      });
    }
  }
  return conflicts;
}

/** Conflicts that stop publication: those touching a session that is to be published. */
export function blockingConflicts(conflicts: Conflict[], sessions: Pick<ConflictSession, "id" | "status">[]): Conflict[] {
  const published = new Set(sessions.filter((s) => s.status === "PUBLISHED").map((s) => s.id));
  return conflicts.filter((c) => c.sessionIds.some((id) => published.has(id)));
}
