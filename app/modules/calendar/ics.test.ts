import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { AgendaSnapshot, SnapshotSession } from "~/modules/agenda/snapshot.ts";
import { parseFeed } from "../../../tests/support/ics.ts";
import { agendaToIcs } from "./ics.ts";

const APP_URL = "https://summit.example.org";
const PUBLISHED_AT = new Date("2027-10-01T12:34:56.789Z");

let nextId = 0;

/** A session at a wall-clock time in `zone`, like an organiser types it. */
function session(zone: string, localStart: string, localEnd: string, overrides: Partial<SnapshotSession> = {}): SnapshotSession {
  nextId++;
  return {
    id: `s${nextId}`,
    title: `Session ${nextId}`,
    abstract: "What we learned.",
    kind: "TALK",
    status: "PUBLISHED",
    trackId: null,
    roomId: null,
    startsAt: DateTime.fromISO(localStart, { zone }).toUTC().toISO() as string,
    endsAt: DateTime.fromISO(localEnd, { zone }).toUTC().toISO() as string,
    capacity: null,
    speakerIds: [],
    sequence: 0,
    ...overrides,
  };
}

function snapshot(zone: string, sessions: SnapshotSession[], overrides: Partial<AgendaSnapshot> = {}): AgendaSnapshot {
  return {
    event: {
      id: "event-1",
      slug: "summit-2027",
      name: "Social Media Summit 2027",
      timeZone: zone,
      startsAt: sessions[0]?.startsAt ?? "2027-11-06T13:00:00.000Z",
      endsAt: sessions.at(-1)?.endsAt ?? "2027-11-07T23:00:00.000Z",
      campus: { name: "Rochester", address: "200 First Street SW, Rochester, MN 55905" },
    },
    tracks: [],
    rooms: [],
    speakers: [],
    sessions,
    ...overrides,
  };
}

const render = (snap: AgendaSnapshot, options: { sessionIds?: ReadonlySet<string>; calendarName?: string } = {}) =>
  agendaToIcs({ snapshot: snap, publishedAt: PUBLISHED_AT }, { appUrl: APP_URL, ...options });

describe("agendaToIcs", () => {
  it("runs under a process zone that is none of the events'", () => {
    // vitest.config.ts sets TZ; without it the wall-clock tests below prove nothing.
    expect(new Date("2027-01-15T12:00:00Z").getTimezoneOffset()).toBe(-330);
  });

  it("writes Chicago wall-clock times on both sides of the November DST change", () => {
    const chicago = "America/Chicago";
    // Saturday 6 November 2027 is still CDT (UTC−5); DST ends at 02:00 on Sunday 7 November (CST, UTC−6).
    const saturday = session(chicago, "2027-11-06T08:00", "2027-11-06T09:00", { title: "Saturday breakfast" });
    const sunday = session(chicago, "2027-11-07T08:00", "2027-11-07T09:00", { title: "Sunday breakfast" });
    const feed = parseFeed(render(snapshot(chicago, [saturday, sunday])));
    const byTitle = Object.fromEntries(feed.events.map((e) => [e.summary, e]));

    expect(byTitle["Saturday breakfast"].start).toEqual({
      tzid: chicago,
      local: "2027-11-06T08:00",
      utc: "2027-11-06T13:00:00.000Z",
    });
    expect(byTitle["Saturday breakfast"].end.utc).toBe("2027-11-06T14:00:00.000Z");
    expect(byTitle["Sunday breakfast"].start).toEqual({
      tzid: chicago,
      local: "2027-11-07T08:00",
      utc: "2027-11-07T14:00:00.000Z",
    });
    expect(byTitle["Sunday breakfast"].end).toEqual({
      tzid: chicago,
      local: "2027-11-07T09:00",
      utc: "2027-11-07T15:00:00.000Z",
    });
    expect(feed.timeZone).toBe(chicago);
  });

  it("writes Scottsdale times as MST in July and January (Arizona keeps no DST)", () => {
    const phoenix = "America/Phoenix";
    const july = session(phoenix, "2027-07-15T09:00", "2027-07-15T10:00", { title: "July" });
    const january = session(phoenix, "2028-01-13T09:00", "2028-01-13T10:00", { title: "January" });
    const text = render(snapshot(phoenix, [july, january]));
    const feed = parseFeed(text);
    expect(feed.events.map((e) => [e.summary, e.start])).toEqual([
      ["July", { tzid: phoenix, local: "2027-07-15T09:00", utc: "2027-07-15T16:00:00.000Z" }],
      ["January", { tzid: phoenix, local: "2028-01-13T09:00", utc: "2028-01-13T16:00:00.000Z" }],
    ]);
    expect(text).toContain("DTSTART;TZID=America/Phoenix:20270715T090000\r\n");
    expect(text).toContain("TZID:America/Phoenix\r\n");
  });

  it("falls back to UTC times for a zone it has no VTIMEZONE for, rather than a dangling TZID", () => {
    const zone = "America/Ciudad_Juarez";
    const text = render(snapshot(zone, [session(zone, "2027-07-15T09:00", "2027-07-15T10:00")]));
    const [event] = parseFeed(text).events;
    expect(event.start).toEqual({ tzid: null, local: "2027-07-15T15:00", utc: "2027-07-15T15:00:00.000Z" });
    expect(text).not.toContain("TZID=");
  });

  it("gives each session a stable UID, its SEQUENCE, DTSTAMP in UTC and a URL back to it", () => {
    const zone = "America/New_York";
    const a = session(zone, "2027-09-27T09:00", "2027-09-27T10:00", { sequence: 3 });
    const b = session(zone, "2027-09-27T10:00", "2027-09-27T11:00");
    const text = render(snapshot(zone, [a, b]));
    const feed = parseFeed(text);
    expect(feed.events.map((e) => [e.uid, e.sequence, e.dtstamp, e.url])).toEqual([
      [`session-${a.id}@summit.example.org`, 3, "20271001T123456Z", `${APP_URL}/events/summit-2027/sessions/${a.id}`],
      [`session-${b.id}@summit.example.org`, 0, "20271001T123456Z", `${APP_URL}/events/summit-2027/sessions/${b.id}`],
    ]);
    // Same input, same bytes: what lets an ETag stand for the body.
    expect(render(snapshot(zone, [a, b]))).toBe(text);
  });

  it("puts room, campus and address in LOCATION, and speakers, abstract, track and room in DESCRIPTION", () => {
    const zone = "America/Chicago";
    const keynote = session(zone, "2027-09-27T09:00", "2027-09-27T10:00", {
      title: "Opening keynote",
      abstract: "Why patients' stories matter.",
      roomId: "hall",
      trackId: "voices",
      speakerIds: ["lee", "ortiz"],
    });
    const snap = snapshot(zone, [keynote], {
      rooms: [{ id: "hall", name: "Plummer Hall", capacity: 300, stepFree: true, hearingLoop: true, liveCaptioning: false }],
      tracks: [{ id: "voices", name: "Patient voices", color: "#0b5cad" }],
      speakers: [
        {
          id: "lee",
          name: "Dr. Ana Lee",
          title: "Physician",
          organisation: "Heart Clinic",
          bio: "",
          handles: {},
          hasPhoto: false,
        },
        { id: "ortiz", name: "Sam Ortiz", title: "", organisation: "Patient advocate", bio: "", handles: {}, hasPhoto: false },
      ],
    });
    const [event] = parseFeed(render(snap)).events;
    expect(event.location).toBe("Plummer Hall, Rochester, 200 First Street SW, Rochester, MN 55905");
    expect(event.description).toBe(
      [
        "Speakers:\nDr. Ana Lee, Physician, Heart Clinic\nSam Ortiz, Patient advocate",
        "Why patients' stories matter.",
        "Track: Patient voices\nRoom: Plummer Hall (step-free access, hearing loop)",
        `${APP_URL}/events/summit-2027/sessions/${keynote.id}`,
      ].join("\n\n"),
    );
    expect(event.categories).toEqual(["Patient voices"]);
    expect(event.status).toBe("CONFIRMED");
  });

  it("keeps a cancelled session, marked STATUS:CANCELLED", () => {
    const zone = "America/Chicago";
    const gone = session(zone, "2027-09-27T09:00", "2027-09-27T10:00", { title: "Panel", status: "CANCELLED", sequence: 2 });
    const [event] = parseFeed(render(snapshot(zone, [gone]))).events;
    expect(event).toMatchObject({ status: "CANCELLED", sequence: 2, summary: "Cancelled: Panel" });
    expect(event.description).toMatch(/^This session has been cancelled\./);
  });

  it("escapes commas, semicolons, backslashes and newlines, and reads them back unchanged", () => {
    const zone = "America/Chicago";
    const title = "Ask me anything; really, anything \\ everything";
    const abstract = "First line, with a comma; and a semicolon.\nSecond line.\r\nThird line.";
    const tricky = session(zone, "2027-09-27T09:00", "2027-09-27T10:00", { title, abstract, roomId: "r" });
    const snap = snapshot(zone, [tricky], {
      event: { ...snapshot(zone, []).event, name: "Summit, 2027; Rochester" },
      rooms: [
        { id: "r", name: "Room 1; east, upstairs", capacity: 10, stepFree: false, hearingLoop: false, liveCaptioning: false },
      ],
    });
    const text = render(snap);
    const feed = parseFeed(text);
    const [event] = feed.events;
    expect(event.summary).toBe(title);
    expect(event.description).toContain("First line, with a comma; and a semicolon.\nSecond line.\nThird line.");
    expect(event.location).toBe("Room 1; east, upstairs, Rochester, 200 First Street SW, Rochester, MN 55905");
    expect(feed.name).toBe("Summit, 2027; Rochester");
    const unfolded = text.replace(/\r\n /g, "");
    expect(unfolded).toContain("SUMMARY:Ask me anything\\; really\\, anything \\\\ everything\r\n");
    expect(unfolded).toContain("X-WR-CALNAME:Summit\\, 2027\\; Rochester\r\n");
    expect(unfolded).toContain("Second line.\\nThird line.");
  });

  it("folds long multi-byte text at 75 octets without splitting a character", () => {
    const zone = "America/Chicago";
    const title = `Ça marche 🎉 — café, naïve résumé, Zoë & Ångström ${"👩🏽‍⚕️🩺 ".repeat(12)}`;
    const abstract = `${"Über die Rolle sozialer Medien in der Gesundheitsversorgung — ✨ ".repeat(8)}日本語のテキストも含みます。`;
    const long = session(zone, "2027-09-27T09:00", "2027-09-27T10:00", { title, abstract });
    const text = render(snapshot(zone, [long], { event: { ...snapshot(zone, []).event, name: `Sommet ${"é".repeat(80)}` } }));
    const feed = parseFeed(text);
    expect(feed.events[0].summary).toBe(title);
    expect(feed.events[0].description).toContain(abstract);
    expect(feed.name).toBe(`Sommet ${"é".repeat(80)}`);
    // Folding did happen, at most 75 octets each (parseFeed checks the limit).
    expect(feed.lines.filter((line) => line.startsWith(" ")).length).toBeGreaterThan(10);
    expect(Math.max(...feed.lines.map((line) => Buffer.byteLength(line)))).toBeLessThanOrEqual(75);
  });

  it("writes only the chosen sessions, under the chosen name, with calendar properties before the first component", () => {
    const zone = "America/Chicago";
    const a = session(zone, "2027-09-27T09:00", "2027-09-27T10:00");
    const b = session(zone, "2027-09-27T10:00", "2027-09-27T11:00");
    const feed = parseFeed(render(snapshot(zone, [a, b]), { sessionIds: new Set([b.id]), calendarName: "My agenda" }));
    expect(feed.events.map((e) => e.uid)).toEqual([`session-${b.id}@summit.example.org`]);
    expect(feed.name).toBe("My agenda");
    const firstComponent = feed.lines.findIndex((line, i) => i > 0 && line.startsWith("BEGIN:"));
    expect(feed.lines.slice(0, firstComponent)).toContain("X-WR-TIMEZONE:America/Chicago");

    const empty = parseFeed(render(snapshot(zone, [a]), { sessionIds: new Set() }));
    expect(empty.events).toEqual([]);
    expect(empty.timeZone).toBe(zone);
  });
});
