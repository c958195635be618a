import { DateTime, IANAZone } from "luxon";

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

// Pages format many dates per request; building an Intl.DateTimeFormat is the costly part
// (luxon builds one per call), so keep one per zone and read the fields from it.
const formatters = new Map<string, Intl.DateTimeFormat>();

type WallParts = {
  year: string;
  month: string;
  day: string;
  weekday: string;
  hour: string;
  minute: string;
  dayPeriod: string;
  timeZoneName: string;
};

function wallParts(at: Date, zone: string): WallParts {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "long",
      day: "numeric",
      weekday: "long",
      hour: "numeric",
      minute: "2-digit",
      hour12: true,
      timeZoneName: "short",
    });
    formatters.set(zone, formatter);
  }
  const parts = {} as Record<string, string>;
  for (const part of formatter.formatToParts(at)) parts[part.type] = part.value;
  return parts as WallParts;
}

const sameDay = (a: WallParts, b: WallParts) => a.year === b.year && a.month === b.month && a.day === b.day;

/** "America/Chicago" → "CDT" at that instant (abbreviation depends on DST). */
export function zoneAbbreviation(at: Date, zone: string): string {
  return wallParts(at, zone).timeZoneName;
}

/** "27–29 September 2027", "30 September – 2 October 2027" or "Friday 12 March 2027", in the event's own zone. */
export function formatDateRange(startsAt: Date, endsAt: Date, zone: string): string {
  const start = wallParts(startsAt, zone);
  // An event ending at midnight belongs to the previous day.
  const end = wallParts(new Date(endsAt.getTime() - 1), zone);
  if (sameDay(start, end)) return `${start.weekday} ${start.day} ${start.month} ${start.year}`;
  if (start.year === end.year && start.month === end.month) return `${start.day}–${end.day} ${end.month} ${end.year}`;
  if (start.year === end.year) return `${start.day} ${start.month} – ${end.day} ${end.month} ${end.year}`;
  return `${start.day} ${start.month} ${start.year} – ${end.day} ${end.month} ${end.year}`;
}

/** "Monday 27 September 2027" in the given zone. */
export function formatDate(at: Date, zone: string): string {
  const p = wallParts(at, zone);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** "9:00 AM CDT" in the given zone. */
export function formatTime(at: Date, zone: string): string {
  const p = wallParts(at, zone);
  return `${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`;
}

/** "27 Sep 2027, 9:00 AM EDT" */
export function formatDateTime(at: Date, zone: string): string {
  const p = wallParts(at, zone);
  return `${p.day} ${p.month.slice(0, 3)} ${p.year}, ${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}`;
}

/** The event's calendar days as `yyyy-mm-dd` in its own zone, first to last. */
export function eventDays(startsAt: Date, endsAt: Date, zone: string): string[] {
  const days: string[] = [];
  const last = DateTime.fromJSDate(endsAt, { zone }).startOf("day");
  for (let d = DateTime.fromJSDate(startsAt, { zone }).startOf("day"); d <= last; d = d.plus({ days: 1 })) {
    days.push(d.toFormat("yyyy-LL-dd"));
  }
  return days;
}

/** Value for an `<input type="datetime-local">`, showing the instant as wall time in `zone`. */
export function toLocalInput(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** Reads a `datetime-local` value as wall time in `zone`; null when it is not a real time there. */
export function fromLocalInput(value: string, zone: string): Date | null {
  const local = DateTime.fromISO(value, { zone });
  if (!local.isValid) return null;
  // A wall time skipped by a DST jump does not exist; luxon would silently shift it.
  if (local.toFormat("yyyy-LL-dd'T'HH:mm") !== value.slice(0, 16)) return null;
  return local.toJSDate();
}

/** The IANA zones this runtime knows, US zones first (all current campuses are in the US). */
export function timeZoneOptions(): string[] {
  const all = Intl.supportedValuesOf("timeZone");
  const us = all.filter(
    (z) =>
      z.startsWith("America/") &&
      ["Chicago", "New_York", "Phoenix", "Denver", "Los_Angeles", "Anchorage"].some((c) => z.endsWith(c)),
  );
  return [...us, ...all.filter((z) => !us.includes(z))];
}
