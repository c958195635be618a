import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { blockingConflicts, type ConflictSession, detectConflicts } from "./conflicts.ts";

// Jacksonville, 27–29 September 2027 (EDT, UTC−4). Tests run under TZ=Asia/Kolkata,
// so any leak of the process zone would shift the event's days.
const zone = "America/New_York";
const at = (local: string) => DateTime.fromISO(local, { zone }).toJSDate();
const event = { startsAt: at("2027-09-27T08:00"), endsAt: at("2027-09-29T17:00"), timeZone: zone };

const hall = { id: "hall", name: "Hall", capacity: 300 };
const studio = { id: "studio", name: "Studio", capacity: 30 };
const lee = { id: "lee", name: "Dr. Lee" };

let n = 0;
function session(overrides: Partial<ConflictSession> & { from: string; to: string }): ConflictSession {
  const { from, to, ...rest } = overrides;
  n++;
  return {
    id: `s${n}`,
    title: `Session ${n}`,
    status: "PUBLISHED",
    startsAt: at(from),
    endsAt: at(to),
    capacity: null,
    room: hall,
    speakers: [],
    ...rest,
  };
}

const kinds = (sessions: ConflictSession[]) => detectConflicts(event, sessions).map((c) => c.kind);

describe("room double-booked", () => {
  it("flags two sessions overlapping in one room, naming the room and both titles", () => {
    const a = session({ title: "Keynote", from: "2027-09-27T09:00", to: "2027-09-27T10:00" });
    const b = session({ title: "Panel", from: "2027-09-27T09:45", to: "2027-09-27T10:30" });
    const conflicts = detectConflicts(event, [a, b]);
    expect(conflicts).toEqual([
      { kind: "room-double-booked", sessionIds: [a.id, b.id], message: "Hall is double-booked: “Keynote” and “Panel” overlap." },
    ]);
  });

  it("flags a session inside another", () => {
    const a = session({ from: "2027-09-27T09:00", to: "2027-09-27T12:00" });
    const b = session({ from: "2027-09-27T10:00", to: "2027-09-27T10:30" });
    expect(kinds([a, b])).toEqual(["room-double-booked"]);
  });

  it("allows back-to-back sessions, different rooms, unplaced sessions and cancelled ones", () => {
    expect(
      kinds([
        session({ from: "2027-09-27T09:00", to: "2027-09-27T10:00" }),
        session({ from: "2027-09-27T10:00", to: "2027-09-27T11:00" }),
        session({ room: studio, from: "2027-09-27T09:00", to: "2027-09-27T10:00" }),
        session({ room: null, from: "2027-09-27T09:00", to: "2027-09-27T10:00" }),
        session({ room: null, from: "2027-09-27T09:30", to: "2027-09-27T10:00" }),
        session({ status: "CANCELLED", from: "2027-09-27T09:30", to: "2027-09-27T10:30" }),
      ]),
    ).toEqual([]);
  });
});

describe("speaker in two places at once", () => {
  it("flags a speaker in overlapping sessions even in different rooms", () => {
    const a = session({ title: "Talk", speakers: [lee], from: "2027-09-28T14:00", to: "2027-09-28T15:00" });
    const b = session({ title: "Workshop", room: studio, speakers: [lee], from: "2027-09-28T14:30", to: "2027-09-28T16:00" });
    const conflicts = detectConflicts(event, [a, b]);
    expect(conflicts).toEqual([
      {
        kind: "speaker-double-booked",
        sessionIds: [a.id, b.id],
        message: "Dr. Lee is in two places at once: “Talk” and “Workshop”.",
      },
    ]);
  });

  it("allows the same speaker back to back, and a cancelled session not to count", () => {
    expect(
      kinds([
        session({ speakers: [lee], from: "2027-09-28T14:00", to: "2027-09-28T15:00" }),
        session({ room: studio, speakers: [lee], from: "2027-09-28T15:00", to: "2027-09-28T16:00" }),
        session({ room: null, status: "CANCELLED", speakers: [lee], from: "2027-09-28T14:00", to: "2027-09-28T16:00" }),
      ]),
    ).toEqual([]);
  });

  it("lets different speakers overlap in different rooms", () => {
    expect(
      kinds([
        session({ speakers: [lee], from: "2027-09-28T14:00", to: "2027-09-28T15:00" }),
        session({ room: studio, speakers: [{ id: "kim", name: "Kim" }], from: "2027-09-28T14:00", to: "2027-09-28T15:00" }),
      ]),
    ).toEqual([]);
  });
});

describe("outside the event's days", () => {
  it("flags sessions before the first day or after the last, in the event's zone", () => {
    const early = session({ room: null, title: "Too early", from: "2027-09-26T16:00", to: "2027-09-26T17:00" });
    const late = session({ room: null, title: "Too late", from: "2027-09-29T23:30", to: "2027-09-30T00:30" });
    const conflicts = detectConflicts(event, [early, late]);
    expect(conflicts.map((c) => [c.kind, c.message])).toEqual([
      ["outside-event", "“Too early” is outside the event's days."],
      ["outside-event", "“Too late” is outside the event's days."],
    ]);
  });

  it("accepts the whole of each event day, before the official start and after the official end", () => {
    expect(
      kinds([
        session({ room: null, from: "2027-09-27T00:00", to: "2027-09-27T07:30" }),
        session({ room: null, from: "2027-09-29T18:00", to: "2027-09-29T23:59" }),
      ]),
    ).toEqual([]);
  });

  it("ignores a cancelled session outside the days", () => {
    expect(kinds([session({ status: "CANCELLED", from: "2027-10-02T09:00", to: "2027-10-02T10:00" })])).toEqual([]);
  });
});

describe("workshop capacity above the room's", () => {
  it("flags more seats than the room holds", () => {
    const w = session({ title: "Video basics", room: studio, capacity: 40, from: "2027-09-28T09:00", to: "2027-09-28T11:00" });
    expect(detectConflicts(event, [w])).toEqual([
      { kind: "over-room-capacity", sessionIds: [w.id], message: "“Video basics” offers 40 seats but Studio holds 30." },
    ]);
  });

  it("accepts exactly the room's capacity, no capacity, and no room", () => {
    expect(
      kinds([
        session({ room: studio, capacity: 30, from: "2027-09-28T09:00", to: "2027-09-28T10:00" }),
        session({ room: hall, capacity: null, from: "2027-09-28T09:00", to: "2027-09-28T10:00" }),
        session({ room: null, capacity: 500, from: "2027-09-28T09:00", to: "2027-09-28T10:00" }),
      ]),
    ).toEqual([]);
  });
});

describe("blockingConflicts", () => {
  it("blocks only conflicts touching a published session", () => {
    const draftA = session({ status: "DRAFT", from: "2027-09-27T09:00", to: "2027-09-27T10:00" });
    const draftB = session({ status: "DRAFT", from: "2027-09-27T09:30", to: "2027-09-27T10:30" });
    const published = session({ room: studio, capacity: 99, from: "2027-09-27T09:00", to: "2027-09-27T10:00" });
    const all = [draftA, draftB, published];
    const conflicts = detectConflicts(event, all);
    expect(conflicts.map((c) => c.kind)).toEqual(["room-double-booked", "over-room-capacity"]);
    expect(blockingConflicts(conflicts, all).map((c) => c.kind)).toEqual(["over-room-capacity"]);
  });
});
