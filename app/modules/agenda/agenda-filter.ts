// Pure views of a published agenda for attendees: its days in the event's zone, the
// filters of the agenda page and overlaps in a personal agenda. No I/O, so pages and
// tests share them and the browser can run them too.
import { formatDate } from "~/shared/dates.ts";
import type { AgendaSnapshot, SnapshotSession } from "./snapshot.ts";

// One formatter per zone, and each answer remembered: an agenda asks about the same few
// hundred instants on every request, and formatToParts costs microseconds each time.
const dayFormatters = new Map<string, Intl.DateTimeFormat>();
const days = new Map<string, string>();

/** The calendar day ("2027-09-27") of an instant in `zone`. */
export function localDay(at: Date | string, zone: string): string {
  const iso = typeof at === "string" ? at : at.toISOString();
  const key = `${zone} ${iso}`;
  const known = days.get(key);
  if (known) return known;
  let formatter = dayFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormatters.set(zone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(iso))) parts[part.type] = part.value;
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  if (days.size >= 20_000) days.clear();
  days.set(key, day);
  return day;
}

export type AgendaDay = { key: string; label: string };

/** Day keys are calendar dates, so stepping through them is plain date arithmetic (no zone, no DST). */
function nextDayKey(key: string): string {
  const [y, m, d] = key.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** "Monday 27 September 2027" for a day key. */
export function dayLabel(key: string): string {
  return formatDate(new Date(`${key}T12:00:00Z`), "UTC");
}

/** Every day of the event in its own zone, plus any day a session falls on outside them. */
export function agendaDays(agenda: Pick<AgendaSnapshot, "event" | "sessions">): AgendaDay[] {
  const zone = agenda.event.timeZone;
  const keys = new Set<string>();
  // An event ending at midnight belongs to the previous day.
  const last = localDay(new Date(new Date(agenda.event.endsAt).getTime() - 1), zone);
  for (let key = localDay(agenda.event.startsAt, zone); key <= last; key = nextDayKey(key)) keys.add(key);
  for (const s of agenda.sessions) keys.add(localDay(s.startsAt, zone));
  return [...keys].sort().map((key) => ({ key, label: dayLabel(key) }));
}

/** Today while the event runs, else its first day. */
export function defaultDay(days: AgendaDay[], zone: string, now = new Date()): string | undefined {
  const today = localDay(now, zone);
  return days.find((d) => d.key === today)?.key ?? days[0]?.key;
}

/** What the agenda page filters by; `day` is a day key or "all". */
export type AgendaFilters = {
  day?: string;
  track?: string;
  room?: string;
  kind?: SnapshotSession["kind"];
  q?: string;
};

/** Lower-case, accents stripped: "José" is found by "jose". */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}

/**
 * The sessions matching every filter, in agenda order. Text search looks at the
 * title, abstract and speaker names and needs every word somewhere.
 */
export function filterSessions(agenda: AgendaSnapshot, filters: AgendaFilters): SnapshotSession[] {
  const zone = agenda.event.timeZone;
  const words = filters.q ? fold(filters.q).split(/\s+/).filter(Boolean) : [];
  const speakerNames = new Map(agenda.speakers.map((s) => [s.id, s.name]));
  const day = filters.day === "all" ? undefined : filters.day;
  return agenda.sessions.filter((s) => {
    if (filters.track && s.trackId !== filters.track) return false;
    if (filters.room && s.roomId !== filters.room) return false;
    if (filters.kind && s.kind !== filters.kind) return false;
    if (day && localDay(s.startsAt, zone) !== day) return false;
    if (words.length === 0) return true;
    const text = fold([s.title, s.abstract, ...s.speakerIds.map((id) => speakerNames.get(id) ?? "")].join("\n"));
    return words.every((w) => text.includes(w));
  });
}

/** Parallel sessions in room order (the release sorts them by start, then title). */
export function inRoomOrder<T extends Pick<SnapshotSession, "startsAt" | "roomId">>(
  sessions: T[],
  rooms: Pick<AgendaSnapshot["rooms"][number], "id">[],
): T[] {
  const order = new Map(rooms.map((r, i) => [r.id, i]));
  const place = (s: T) => (s.roomId ? (order.get(s.roomId) ?? rooms.length) : -1);
  return [...sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || place(a) - place(b));
}

/** Sessions (in agenda order) grouped by their day in the event's zone, days in order. */
export function groupByDay<T extends Pick<SnapshotSession, "startsAt">>(sessions: T[], zone: string): [string, T[]][] {
  const days = new Map<string, T[]>();
  for (const s of sessions) {
    const key = localDay(s.startsAt, zone);
    const list = days.get(key);
    if (list) list.push(s);
    else days.set(key, [s]);
  }
  return [...days];
}

/** How many of `sessions` fall on each day: the day tabs show where the other matches are. */
export function countByDay(sessions: Pick<SnapshotSession, "startsAt">[], zone: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of sessions) {
    const key = localDay(s.startsAt, zone);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * What the agenda page shows: the event's days, the chosen one (today while the event
 * runs, else the first; every day when `allDays`), the matches on it in agenda order and
 * how many matches each day has.
 */
export function viewAgenda(agenda: AgendaSnapshot, filters: AgendaFilters, { allDays = false, now = new Date() } = {}) {
  const zone = agenda.event.timeZone;
  const days = agendaDays(agenda);
  const matching = filterSessions(agenda, { ...filters, day: undefined });
  const day = allDays ? "all" : (filters.day ?? defaultDay(days, zone, now) ?? "all");
  const onDay = day === "all" ? matching : matching.filter((s) => localDay(s.startsAt, zone) === day);
  return { days, day, counts: countByDay(matching, zone), total: matching.length, sessions: inRoomOrder(onDay, agenda.rooms) };
}

export type TimeSpan = { id: string; startsAt: string; endsAt: string };

/**
 * For each session that overlaps another, the ids of those it overlaps. One ending
 * as the next begins is no overlap (back-to-back sessions are fine).
 */
export function findOverlaps(sessions: TimeSpan[]): Map<string, string[]> {
  const sorted = sessions
    .map((s) => ({ id: s.id, start: Date.parse(s.startsAt), end: Date.parse(s.endsAt) }))
    .sort((a, b) => a.start - b.start);
  const overlaps = new Map<string, string[]>();
  const add = (a: string, b: string) => overlaps.set(a, [...(overlaps.get(a) ?? []), b]);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j].start < sorted[i].end; j++) {
      if (sorted[i].start >= sorted[j].end) continue;
      add(sorted[i].id, sorted[j].id);
      add(sorted[j].id, sorted[i].id);
    }
  }
  return overlaps;
}
