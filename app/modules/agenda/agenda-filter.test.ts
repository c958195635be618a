import { describe, expect, it } from "vitest";
import {
  agendaDays,
  countByDay,
  defaultDay,
  filterSessions,
  findOverlaps,
  groupByDay,
  inRoomOrder,
  localDay,
  viewAgenda,
} from "./agenda-filter.ts";
import { parseAgendaFilters } from "./attendee.schema.ts";
import type { AgendaSnapshot, SnapshotSession } from "./snapshot.ts";

// Tests run with TZ=Asia/Kolkata: days below are the event's (New York), never the process's.
const zone = "America/New_York";

function session(id: string, startsAt: string, endsAt: string, extra: Partial<SnapshotSession> = {}): SnapshotSession {
  return {
    id,
    title: id,
    abstract: "",
    kind: "TALK",
    status: "PUBLISHED",
    trackId: null,
    roomId: null,
    startsAt,
    endsAt,
    capacity: null,
    speakerIds: [],
    sequence: 0,
    ...extra,
  };
}

const agenda: AgendaSnapshot = {
  event: {
    id: "e",
    slug: "summit",
    name: "Summit",
    timeZone: zone,
    // 27 Sept 08:00 EDT – 29 Sept 17:00 EDT
    startsAt: "2027-09-27T12:00:00.000Z",
    endsAt: "2027-09-29T21:00:00.000Z",
    campus: { name: "Jacksonville", address: "" },
  },
  tracks: [
    { id: "t-strategy", name: "Strategy", color: "#0b5cad" },
    { id: "t-patients", name: "Patients", color: "#1f7a4d" },
  ],
  rooms: [],
  speakers: [
    { id: "sp-jose", name: "José Ortega", title: "", organisation: "", bio: "", handles: {}, hasPhoto: false },
    { id: "sp-mei", name: "Mei Tanaka", title: "", organisation: "", bio: "", handles: {}, hasPhoto: false },
  ],
  sessions: [
    session("keynote", "2027-09-27T13:00:00.000Z", "2027-09-27T14:00:00.000Z", { kind: "KEYNOTE", speakerIds: ["sp-jose"] }),
    session("policy", "2027-09-27T14:30:00.000Z", "2027-09-27T15:30:00.000Z", {
      title: "Social media policy",
      trackId: "t-strategy",
      roomId: "r-hall",
    }),
    session("stories", "2027-09-27T14:30:00.000Z", "2027-09-27T15:30:00.000Z", {
      title: "Patient stories",
      abstract: "Sharing a diagnosis online, on your terms.",
      trackId: "t-patients",
      roomId: "r-studio",
      speakerIds: ["sp-mei"],
    }),
    // 22:30 EDT on the 28th is already the 29th in UTC (and in Kolkata): it belongs to the 28th.
    session("late", "2027-09-29T02:30:00.000Z", "2027-09-29T03:30:00.000Z", { title: "Evening social", kind: "BREAK" }),
    session("workshop", "2027-09-29T17:00:00.000Z", "2027-09-29T19:00:00.000Z", {
      title: "Video workshop",
      kind: "WORKSHOP",
      trackId: "t-strategy",
      roomId: "r-studio",
    }),
  ],
};

const ids = (sessions: SnapshotSession[]) => sessions.map((s) => s.id);

describe("days", () => {
  it("are the event's calendar days in its own zone", () => {
    expect(localDay("2027-09-29T02:30:00.000Z", zone)).toBe("2027-09-28");
    expect(localDay("2027-09-29T02:30:00.000Z", "Asia/Kolkata")).toBe("2027-09-29");
    expect(agendaDays(agenda)).toEqual([
      { key: "2027-09-27", label: "Monday 27 September 2027" },
      { key: "2027-09-28", label: "Tuesday 28 September 2027" },
      { key: "2027-09-29", label: "Wednesday 29 September 2027" },
    ]);
  });

  it("step over a DST change without skipping or repeating a day", () => {
    const fallBack = {
      event: { ...agenda.event, startsAt: "2027-11-06T05:00:00.000Z", endsAt: "2027-11-08T05:00:00.000Z" },
      sessions: [],
    };
    expect(agendaDays(fallBack).map((d) => d.key)).toEqual(["2027-11-06", "2027-11-07"]);
  });

  it("default to today while the event runs, else its first day", () => {
    const days = agendaDays(agenda);
    expect(defaultDay(days, zone, new Date("2027-09-28T15:00:00Z"))).toBe("2027-09-28");
    // 03:00 UTC on the 29th is still the evening of the 28th in New York.
    expect(defaultDay(days, zone, new Date("2027-09-29T03:00:00Z"))).toBe("2027-09-28");
    expect(defaultDay(days, zone, new Date("2026-01-01T12:00:00Z"))).toBe("2027-09-27");
    expect(defaultDay([], zone)).toBeUndefined();
  });

  it("count and group the sessions of each day", () => {
    expect(countByDay(agenda.sessions, zone)).toEqual({ "2027-09-27": 3, "2027-09-28": 1, "2027-09-29": 1 });
    expect(groupByDay(agenda.sessions, zone).map(([day, sessions]) => [day, ids(sessions)])).toEqual([
      ["2027-09-27", ["keynote", "policy", "stories"]],
      ["2027-09-28", ["late"]],
      ["2027-09-29", ["workshop"]],
    ]);
  });
});

describe("filterSessions", () => {
  it("keeps everything without filters", () => {
    expect(ids(filterSessions(agenda, {}))).toEqual(["keynote", "policy", "stories", "late", "workshop"]);
  });

  it("filters by day in the event's zone, track, room and kind, all together", () => {
    expect(ids(filterSessions(agenda, { day: "2027-09-28" }))).toEqual(["late"]);
    expect(ids(filterSessions(agenda, { day: "all" }))).toHaveLength(5);
    expect(ids(filterSessions(agenda, { track: "t-strategy" }))).toEqual(["policy", "workshop"]);
    expect(ids(filterSessions(agenda, { room: "r-studio" }))).toEqual(["stories", "workshop"]);
    expect(ids(filterSessions(agenda, { kind: "WORKSHOP" }))).toEqual(["workshop"]);
    expect(ids(filterSessions(agenda, { track: "t-strategy", day: "2027-09-27" }))).toEqual(["policy"]);
    expect(ids(filterSessions(agenda, { track: "t-strategy", kind: "KEYNOTE" }))).toEqual([]);
  });

  it("searches titles, abstracts and speaker names, ignoring case and accents, every word required", () => {
    expect(ids(filterSessions(agenda, { q: "POLICY" }))).toEqual(["policy"]);
    expect(ids(filterSessions(agenda, { q: "diagnosis" }))).toEqual(["stories"]);
    expect(ids(filterSessions(agenda, { q: "jose" }))).toEqual(["keynote"]);
    expect(ids(filterSessions(agenda, { q: "tanaka stories" }))).toEqual(["stories"]);
    expect(ids(filterSessions(agenda, { q: "tanaka policy" }))).toEqual([]);
  });
});

describe("viewAgenda", () => {
  it("shows the chosen day's matches and counts the matches of every day", () => {
    const view = viewAgenda(agenda, { kind: "TALK" }, { now: new Date("2027-09-27T15:00:00Z") });
    expect(view.day).toBe("2027-09-27");
    expect(ids(view.sessions)).toEqual(["policy", "stories"]);
    expect(view.counts).toEqual({ "2027-09-27": 2 });
    expect(view.total).toBe(2);
    expect(view.days).toHaveLength(3);
  });

  it("keeps an asked-for day, and shows every day for print", () => {
    expect(viewAgenda(agenda, { day: "2027-09-29" }).sessions.map((s) => s.id)).toEqual(["workshop"]);
    expect(viewAgenda(agenda, { day: "2027-09-29" }, { allDays: true })).toMatchObject({ day: "all", total: 5 });
    expect(viewAgenda(agenda, {}, { allDays: true }).sessions).toHaveLength(5);
  });
});

describe("inRoomOrder", () => {
  it("puts parallel sessions in room order, sessions without a room first, and keeps time order", () => {
    const rooms = [{ id: "r-hall" }, { id: "r-studio" }];
    const sessions = [
      session("studio-9", "2027-09-27T13:00:00.000Z", "2027-09-27T14:00:00.000Z", { roomId: "r-studio" }),
      session("hall-9", "2027-09-27T13:00:00.000Z", "2027-09-27T14:00:00.000Z", { roomId: "r-hall" }),
      session("break-8", "2027-09-27T12:00:00.000Z", "2027-09-27T13:00:00.000Z"),
      session("break-9", "2027-09-27T13:00:00.000Z", "2027-09-27T14:00:00.000Z"),
    ];
    expect(ids(inRoomOrder(sessions, rooms))).toEqual(["break-8", "break-9", "hall-9", "studio-9"]);
    expect(ids(sessions)[0]).toBe("studio-9");
  });
});

describe("parseAgendaFilters", () => {
  it("reads the agenda's query string", () => {
    expect(parseAgendaFilters(new URLSearchParams("day=2027-09-28&track=t1&room=r1&kind=PANEL&q=%20video%20"))).toEqual({
      day: "2027-09-28",
      track: "t1",
      room: "r1",
      kind: "PANEL",
      q: "video",
    });
  });

  it("drops what it can't read instead of failing the page", () => {
    expect(parseAgendaFilters(new URLSearchParams("day=tomorrow&kind=PARTY&track=&q=%20%20&print=1"))).toEqual({});
    expect(parseAgendaFilters(new URLSearchParams(`q=${"x".repeat(500)}`)).q).toHaveLength(100);
  });
});

describe("findOverlaps", () => {
  const span = (id: string, start: string, end: string) => ({
    id,
    startsAt: `2027-09-27T${start}:00.000Z`,
    endsAt: `2027-09-27T${end}:00.000Z`,
  });

  it("pairs sessions that share any time, both ways", () => {
    const overlaps = findOverlaps([span("a", "09:00", "10:00"), span("b", "09:30", "10:30"), span("c", "11:00", "12:00")]);
    expect(Object.fromEntries(overlaps)).toEqual({ a: ["b"], b: ["a"] });
  });

  it("does not flag back-to-back sessions", () => {
    expect(findOverlaps([span("a", "09:00", "10:00"), span("b", "10:00", "11:00")]).size).toBe(0);
  });

  it("finds every overlap of a long session, whatever the input order", () => {
    const overlaps = findOverlaps([
      span("short2", "11:00", "11:30"),
      span("long", "09:00", "12:00"),
      span("short1", "09:30", "10:00"),
      span("after", "12:00", "13:00"),
    ]);
    expect(overlaps.get("long")?.sort()).toEqual(["short1", "short2"]);
    expect(overlaps.get("short1")).toEqual(["long"]);
    expect(overlaps.get("short2")).toEqual(["long"]);
    expect(overlaps.has("after")).toBe(false);
  });

  it("treats identical times as overlapping", () => {
    expect(Object.fromEntries(findOverlaps([span("a", "09:00", "10:00"), span("b", "09:00", "10:00")]))).toEqual({
      a: ["b"],
      b: ["a"],
    });
  });
});
