// Published agenda → RFC 5545 text. Pure: no database, no clock, no process time zone.
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { escape as escapeText, foldLines, ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import type { AgendaSnapshot, SnapshotRoom, SnapshotSession, SnapshotSpeaker } from "~/modules/agenda/snapshot.ts";

/**
 * Bumped whenever the bytes this module writes for the same release change (a new
 * property, a new wording), so feed ETags change with it and clients refetch.
 */
export const ICS_FORMAT_VERSION = 1;

export const ICS_CONTENT_TYPE = "text/calendar; charset=utf-8";

export type IcsAgenda = {
  snapshot: AgendaSnapshot;
  /** When the release was published: every VEVENT's DTSTAMP. */
  publishedAt: Date;
};

export type IcsOptions = {
  /** Public origin, e.g. "https://summit.example.org": UIDs take its host name and URLs point back to it. */
  appUrl: string;
  /** Only these sessions (one session, a personal agenda); every session of the release when omitted. */
  sessionIds?: ReadonlySet<string>;
  /** The calendar's name in the subscriber's app; the event's name when omitted. */
  calendarName?: string;
};

// Reading a zone file per feed would cost a disk read on every request.
const vtimezones = new Map<string, string | null>();
function vtimezone(zone: string): string | null {
  if (!vtimezones.has(zone)) vtimezones.set(zone, getVtimezoneComponent(zone));
  return vtimezones.get(zone) ?? null;
}

const ROOM_FEATURES: [keyof SnapshotRoom, string][] = [
  ["stepFree", "step-free access"],
  ["hearingLoop", "hearing loop"],
  ["liveCaptioning", "live captioning"],
];

function roomLine(room: SnapshotRoom): string {
  const features = ROOM_FEATURES.filter(([key]) => room[key]).map(([, label]) => label);
  return `Room: ${room.name}${features.length ? ` (${features.join(", ")})` : ""}`;
}

function speakerLine(speaker: SnapshotSpeaker): string {
  return [speaker.name, speaker.title, speaker.organisation].filter(Boolean).join(", ");
}

function description(
  session: SnapshotSession,
  speakers: SnapshotSpeaker[],
  room: SnapshotRoom | undefined,
  trackName: string | undefined,
  url: string,
): string {
  const parts: string[] = [];
  if (session.status === "CANCELLED") parts.push("This session has been cancelled.");
  if (speakers.length) parts.push(`${speakers.length === 1 ? "Speaker" : "Speakers"}:\n${speakers.map(speakerLine).join("\n")}`);
  if (session.abstract.trim()) parts.push(session.abstract.trim());
  const facts = [trackName ? `Track: ${trackName}` : "", room ? roomLine(room) : ""].filter(Boolean);
  if (facts.length) parts.push(facts.join("\n"));
  // Many calendar apps hide the URL property; the link in the text is always shown.
  parts.push(url);
  return parts.join("\n\n");
}

/** The subscriber's app shows this; commas and semicolons are escaped like any TEXT value. */
function xProperty(name: string, value: string): string {
  return foldLines(`${name}:${escapeText(value, false)}`);
}

/**
 * The sessions of a published agenda as an iCalendar feed: one VEVENT per session
 * with a stable UID, the SEQUENCE the releases gave it, DTSTAMP in UTC and local
 * times under the event's TZID with a matching VTIMEZONE. Cancelled sessions stay,
 * with STATUS:CANCELLED, so subscribed calendars drop them.
 */
export function agendaToIcs({ snapshot, publishedAt }: IcsAgenda, { appUrl, sessionIds, calendarName }: IcsOptions): string {
  const { event } = snapshot;
  const origin = appUrl.replace(/\/$/, "");
  const host = new URL(origin).hostname;
  const zone = event.timeZone;
  // A TZID without its VTIMEZONE is invalid; for a zone the bundle lacks, UTC times are the correct fallback.
  const zoned = vtimezone(zone) !== null;

  const calendar = ical({ prodId: { company: "Summit", product: "Agenda", language: "EN" } });
  // ical-generator writes NAME and X-WR-CALNAME unescaped.
  calendar.name(escapeText(calendarName ?? event.name, false));
  // Only the generator, not the zone's name: a calendar-level zone makes ical-generator 11
  // write DTSTAMP as local time without "Z". X-WR-TIMEZONE is added below instead.
  calendar.timezone({ name: null, generator: vtimezone });
  // A hint (RFC 7986) for how often subscribers refetch.
  calendar.ttl(60 * 60);

  const rooms = new Map(snapshot.rooms.map((r) => [r.id, r]));
  const tracks = new Map(snapshot.tracks.map((t) => [t.id, t.name]));
  const speakers = new Map(snapshot.speakers.map((s) => [s.id, s]));
  const place = `${event.campus.name}, ${event.campus.address}`;

  for (const session of snapshot.sessions) {
    if (sessionIds && !sessionIds.has(session.id)) continue;
    const room = session.roomId ? rooms.get(session.roomId) : undefined;
    const trackName = session.trackId ? tracks.get(session.trackId) : undefined;
    const url = `${origin}/events/${encodeURIComponent(event.slug)}/sessions/${encodeURIComponent(session.id)}`;
    const cancelled = session.status === "CANCELLED";
    // luxon values in the event's zone: a native Date would be printed in the process's zone under the TZID.
    const start = DateTime.fromISO(session.startsAt, { zone: "utc" });
    const end = DateTime.fromISO(session.endsAt, { zone: "utc" });
    calendar.createEvent({
      id: `session-${session.id}@${host}`,
      sequence: session.sequence,
      stamp: publishedAt,
      start: zoned ? start.setZone(zone) : start,
      end: zoned ? end.setZone(zone) : end,
      timezone: zoned ? zone : null,
      // Some apps ignore STATUS; the title still says it.
      summary: cancelled ? `Cancelled: ${session.title}` : session.title,
      description: description(
        session,
        session.speakerIds.flatMap((id) => speakers.get(id) ?? []),
        room,
        trackName,
        url,
      ),
      location: room ? `${room.name}, ${place}` : place,
      url,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      categories: trackName ? [{ name: trackName }] : [],
    });
  }

  return withZoneHint(calendar.toString(), zone);
}

function withZoneHint(text: string, zone: string): string {
  // Calendar properties must precede components (RFC 5545 §3.6), so X-WR-TIMEZONE goes before the first one.
  const firstComponent = text.search(/\r\n(BEGIN:V|END:VCALENDAR)/);
  // ical-generator ends the last line without CRLF; RFC 5545 ends every content line with one.
  return `${text.slice(0, firstComponent)}\r\n${xProperty("X-WR-TIMEZONE", zone)}${text.slice(firstComponent)}\r\n`;
}

export type IcsEvent = {
  id: string;
  slug: string;
  name: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  updatedAt: Date;
  campus: { name: string; address: string };
};

/**
 * The event itself as one VEVENT (the confirmation's "Add to calendar"): its whole span in
 * the event's zone, the campus address as LOCATION. The UID is stable, so importing the
 * file again updates the entry instead of adding a second one.
 */
export function eventToIcs(event: IcsEvent, { appUrl }: { appUrl: string }): string {
  const origin = appUrl.replace(/\/$/, "");
  const zone = event.timeZone;
  const zoned = vtimezone(zone) !== null;
  const url = `${origin}/events/${encodeURIComponent(event.slug)}`;
  const calendar = ical({ prodId: { company: "Summit", product: "Event", language: "EN" } });
  calendar.name(escapeText(event.name, false));
  calendar.timezone({ name: null, generator: vtimezone });
  const start = DateTime.fromJSDate(event.startsAt, { zone: "utc" });
  const end = DateTime.fromJSDate(event.endsAt, { zone: "utc" });
  calendar.createEvent({
    id: `event-${event.id}@${new URL(origin).hostname}`,
    stamp: event.updatedAt,
    start: zoned ? start.setZone(zone) : start,
    end: zoned ? end.setZone(zone) : end,
    timezone: zoned ? zone : null,
    summary: event.name,
    description: [event.description.trim(), url].filter(Boolean).join("\n\n"),
    location: `${event.campus.name} campus, ${event.campus.address}`,
    url,
    status: ICalEventStatus.CONFIRMED,
  });
  return withZoneHint(calendar.toString(), zone);
}
