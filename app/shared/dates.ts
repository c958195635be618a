import { DateTime, IANAZone } from "luxon";

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** "America/Chicago" → "CDT" at that instant (abbreviation depends on DST). */
export function zoneAbbreviation(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("ZZZZ");
}

/** "27–29 September 2027", "30 September – 2 October 2027" or "Friday 12 March 2027", in the event's own zone. */
export function formatDateRange(startsAt: Date, endsAt: Date, zone: string): string {
  const start = DateTime.fromJSDate(startsAt, { zone });
  // An event ending at midnight belongs to the previous day.
  const end = DateTime.fromJSDate(endsAt, { zone }).minus({ milliseconds: 1 });
  if (start.hasSame(end, "day")) return start.toFormat("EEEE d MMMM yyyy");
  if (start.hasSame(end, "month")) return `${start.toFormat("d")}–${end.toFormat("d MMMM yyyy")}`;
  if (start.hasSame(end, "year")) return `${start.toFormat("d MMMM")} – ${end.toFormat("d MMMM yyyy")}`;
  return `${start.toFormat("d MMMM yyyy")} – ${end.toFormat("d MMMM yyyy")}`;
}

/** "Monday 27 September 2027" in the given zone. */
export function formatDate(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("EEEE d MMMM yyyy");
}

/** "9:00 AM CDT" in the given zone. */
export function formatTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("h:mm a ZZZZ");
}

/** "27 Sep 2027, 9:00 AM EDT" */
export function formatDateTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("d LLL yyyy, h:mm a ZZZZ");
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
