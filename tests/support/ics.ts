// Reads an iCalendar feed back the way a subscriber's app would (ical.js), after checking
// the RFC 5545 framing rules ical.js itself is lenient about.
import ICAL from "ical.js";
import { expect } from "vitest";

export type FeedTime = {
  /** TZID the time was written under; null for UTC. */
  tzid: string | null;
  /** Wall-clock time as written, "2027-11-07T08:00". */
  local: string;
  /** The instant it denotes, ISO 8601 UTC. */
  utc: string;
};

export type FeedEvent = {
  uid: string;
  sequence: number;
  /** As written, e.g. "20271001T123456Z". */
  dtstamp: string;
  summary: string;
  description: string;
  location: string;
  url: string;
  status: string;
  categories: string[];
  start: FeedTime;
  end: FeedTime;
};

export type Feed = { name: string; timeZone: string; events: FeedEvent[]; lines: string[] };

// RFC 5545 §3.8.8.2: an X- property is TEXT unless it says otherwise; ical.js leaves it raw.
const unescapeText = (value: string) => value.replace(/\\([\\;,nN])/g, (_, ch: string) => (ch === "n" || ch === "N" ? "\n" : ch));

function time(value: ICAL.Time): FeedTime {
  const tzid = value.zone?.tzid && value.zone.tzid !== "UTC" ? value.zone.tzid : null;
  return { tzid, local: value.toString().slice(0, 16), utc: value.toJSDate().toISOString() };
}

/** Every rule of the framing, then the parsed calendar. */
export function parseFeed(text: string): Feed {
  expect(text.startsWith("BEGIN:VCALENDAR\r\n"), "starts with BEGIN:VCALENDAR").toBe(true);
  expect(text.endsWith("END:VCALENDAR\r\n"), "ends with END:VCALENDAR and CRLF").toBe(true);
  expect(text.replace(/\r\n/g, ""), "no bare CR or LF").not.toMatch(/[\r\n]/);
  expect(text, "no character was split by folding").not.toContain("\uFFFD");
  const lines = text.slice(0, -2).split("\r\n");
  const long = lines.filter((line) => Buffer.byteLength(line, "utf8") > 75);
  expect(long, "lines longer than 75 octets").toEqual([]);

  const calendar = new ICAL.Component(ICAL.parse(text));
  const zones = new Set(calendar.getAllSubcomponents("vtimezone").map((z) => String(z.getFirstPropertyValue("tzid"))));
  const unfolded = text.replace(/\r\n[ \t]/g, "");
  const tzids = new Set([...unfolded.matchAll(/;TZID=([^;:]+)[;:]/g)].map((m) => m[1]));
  for (const tzid of tzids) expect(zones, `VTIMEZONE for TZID=${tzid}`).toContain(tzid);

  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const text = (name: string) => String(component.getFirstPropertyValue(name) ?? "");
    return {
      uid: event.uid,
      sequence: event.sequence,
      dtstamp: (component.getFirstProperty("dtstamp")?.toICALString() ?? "").replace(/^DTSTAMP:/, ""),
      summary: event.summary,
      description: event.description,
      location: event.location,
      url: text("url"),
      status: text("status"),
      categories: component.getAllProperties("categories").flatMap((p) => p.getValues().map(String)),
      start: time(event.startDate),
      end: time(event.endDate),
    };
  });
  const uids = events.map((e) => e.uid);
  expect(new Set(uids).size, "unique UIDs").toBe(uids.length);
  return {
    name: unescapeText(String(calendar.getFirstPropertyValue("x-wr-calname") ?? "")),
    timeZone: unescapeText(String(calendar.getFirstPropertyValue("x-wr-timezone") ?? "")),
    events,
    lines,
  };
}
