import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { moveSession, scheduleForDay } from "~/modules/agenda/schedule.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import {
  agendaSessionFactory,
  CAMPUSES,
  campusFactory,
  eventFactory,
  roomFactory,
  speakerFactory,
  trackFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
const ZONE = CAMPUSES.jacksonville.timeZone;

/** An instant as wall-clock in the event's zone (the tests run under another TZ). */
const wall = (at: Date) => DateTime.fromJSDate(at, { zone: ZONE }).toFormat("yyyy-LL-dd'T'HH:mm");

async function summit() {
  const campus = await campusFactory(t.db, CAMPUSES.jacksonville);
  const event = await eventFactory(t.db, { campusId: campus.id, localStart: "2027-09-27T08:00", localEnd: "2027-09-29T17:00" });
  const organiser = await userFactory(t.db, { traits: ["organizer"] });
  const hall = await roomFactory(t.db, { eventId: event.id, name: "Hall", capacity: 300, position: 1 });
  const studio = await roomFactory(t.db, { eventId: event.id, name: "Studio", capacity: 30, position: 2 });
  const talk = await agendaSessionFactory(t.db, {
    eventId: event.id,
    roomId: hall.id,
    title: "Listening online",
    localStart: "2027-09-27T10:00",
    localEnd: "2027-09-27T11:00",
  });
  return { event, organiser, hall, studio, talk };
}

async function current(id: string) {
  const s = await t.db.agendaSession.findUniqueOrThrow({ where: { id } });
  return { roomId: s.roomId, startsAt: wall(s.startsAt), endsAt: wall(s.endsAt), updatedAt: s.updatedAt.toISOString() };
}

describe("moveSession", () => {
  it("moves a session to another room and time, in the event's zone, and audits it", async () => {
    const { event, organiser, studio, talk } = await summit();
    const result = await moveSession(t.db, organiser.id, event.id, talk.id, {
      roomId: studio.id,
      startsAt: "2027-09-27T14:30",
      endsAt: "2027-09-27T15:30",
      updatedAt: talk.updatedAt.toISOString(),
    });
    expect(result.session.room?.name).toBe("Studio");
    expect(result.conflicts).toEqual([]);
    const after = await current(talk.id);
    expect(after).toMatchObject({ roomId: studio.id, startsAt: "2027-09-27T14:30", endsAt: "2027-09-27T15:30" });
    // 14:30 EDT is 18:30 UTC, whatever the server's own zone.
    expect(result.session.startsAt.toISOString()).toBe("2027-09-27T18:30:00.000Z");
    expect(after.updatedAt).toBe(result.session.updatedAt.toISOString());
    expect(after.updatedAt).not.toBe(talk.updatedAt.toISOString());

    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "agenda.session.moved", subjectId: talk.id } });
    expect(audit.actorId).toBe(organiser.id);
    expect(audit.detail).toMatchObject({ to: { roomId: studio.id, startsAt: "2027-09-27T18:30:00.000Z" } });
  });

  it("resizes a session in place", async () => {
    const { event, organiser, hall, talk } = await summit();
    await moveSession(t.db, organiser.id, event.id, talk.id, {
      roomId: hall.id,
      startsAt: "2027-09-27T10:00",
      endsAt: "2027-09-27T11:45",
      updatedAt: talk.updatedAt.toISOString(),
    });
    expect(await current(talk.id)).toMatchObject({ roomId: hall.id, startsAt: "2027-09-27T10:00", endsAt: "2027-09-27T11:45" });
  });

  it("moves a break that has no room in time and keeps it out of the rooms", async () => {
    const { event, organiser } = await summit();
    const lunch = await agendaSessionFactory(t.db, {
      eventId: event.id,
      title: "Lunch",
      kind: "BREAK",
      localStart: "2027-09-27T12:00",
      localEnd: "2027-09-27T13:00",
    });
    const moved = await moveSession(t.db, organiser.id, event.id, lunch.id, {
      startsAt: "2027-09-27T12:30",
      endsAt: "2027-09-27T13:30",
      updatedAt: lunch.updatedAt.toISOString(),
    });
    expect(moved.session.room).toBeNull();
    expect(await current(lunch.id)).toMatchObject({ roomId: null, startsAt: "2027-09-27T12:30", endsAt: "2027-09-27T13:30" });
  });

  it("reports a double booking after a move into an occupied slot, and allows a time outside the event as a conflict", async () => {
    const { event, organiser, studio, talk } = await summit();
    const workshop = await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: studio.id,
      title: "Hands-on video",
      localStart: "2027-09-27T13:00",
      localEnd: "2027-09-27T15:00",
    });
    const moved = await moveSession(t.db, organiser.id, event.id, talk.id, {
      roomId: studio.id,
      startsAt: "2027-09-27T14:00",
      endsAt: "2027-09-27T15:00",
      updatedAt: talk.updatedAt.toISOString(),
    });
    expect(moved.conflicts).toEqual([
      expect.objectContaining({ kind: "room-double-booked", sessionIds: expect.arrayContaining([talk.id, workshop.id]) }),
    ]);
    expect(moved.conflicts[0].message).toMatch(/Studio is double-booked/);

    // The day after the event is a conflict to fix, not a refusal.
    const late = await moveSession(t.db, organiser.id, event.id, talk.id, {
      roomId: studio.id,
      startsAt: "2027-09-30T09:00",
      endsAt: "2027-09-30T10:00",
      updatedAt: moved.session.updatedAt.toISOString(),
    });
    expect(late.conflicts.map((c) => c.kind)).toEqual(["outside-event"]);
  });

  it("refuses bad moves and changes nothing", async () => {
    const { event, organiser, hall, talk } = await summit();
    const other = await eventFactory(t.db, {
      campusId: event.campusId,
      localStart: "2027-09-27T08:00",
      localEnd: "2027-09-27T17:00",
    });
    const foreignRoom = await roomFactory(t.db, { eventId: other.id, name: "Elsewhere" });
    const foreignSession = await agendaSessionFactory(t.db, {
      eventId: other.id,
      roomId: foreignRoom.id,
      localStart: "2027-09-27T10:00",
      localEnd: "2027-09-27T11:00",
    });
    const before = await current(talk.id);
    const auditsBefore = await t.db.auditLog.count();
    const valid = { roomId: hall.id, startsAt: "2027-09-27T12:00", endsAt: "2027-09-27T13:00", updatedAt: before.updatedAt };

    const refusals: [string, () => Promise<unknown>, typeof RuleViolation | typeof NotFoundError, RegExp][] = [
      [
        "another event's room",
        () => moveSession(t.db, organiser.id, event.id, talk.id, { ...valid, roomId: foreignRoom.id }),
        RuleViolation,
        /one of this event's rooms/,
      ],
      [
        "an unknown session",
        () => moveSession(t.db, organiser.id, event.id, "no-such-session", valid),
        NotFoundError,
        /isn't part of this event/,
      ],
      [
        "another event's session",
        () => moveSession(t.db, organiser.id, event.id, foreignSession.id, valid),
        NotFoundError,
        /isn't part of this event/,
      ],
      [
        "an end before the start",
        () => moveSession(t.db, organiser.id, event.id, talk.id, { ...valid, endsAt: "2027-09-27T11:00" }),
        RuleViolation,
        /end must be after the start/,
      ],
      [
        "a time off the 5-minute marks",
        () => moveSession(t.db, organiser.id, event.id, talk.id, { ...valid, startsAt: "2027-09-27T12:03" }),
        RuleViolation,
        /5-minute mark/,
      ],
      [
        "a stale version",
        () =>
          moveSession(t.db, organiser.id, event.id, talk.id, {
            ...valid,
            updatedAt: new Date(Date.now() - 60_000).toISOString(),
          }),
        RuleViolation,
        /Someone else changed this session; the grid has been refreshed/,
      ],
    ];
    for (const [label, attempt, type, message] of refusals) {
      const error = (await attempt().catch((e: unknown) => e)) as Error;
      expect(error, label).toBeInstanceOf(type);
      expect(error.message, label).toMatch(message);
    }
    expect(await current(talk.id)).toEqual(before);
    expect(await current(foreignSession.id)).toMatchObject({ roomId: foreignRoom.id, startsAt: "2027-09-27T10:00" });
    expect(await t.db.auditLog.count()).toBe(auditsBefore);
  });

  it("lets only the first of two organisers who saw the same version save", async () => {
    const { event, organiser, hall, studio, talk } = await summit();
    const colleague = await userFactory(t.db, { traits: ["organizer"] });
    const seen = talk.updatedAt.toISOString();
    const results = await Promise.allSettled([
      moveSession(t.db, organiser.id, event.id, talk.id, {
        roomId: studio.id,
        startsAt: "2027-09-27T09:00",
        endsAt: "2027-09-27T10:00",
        updatedAt: seen,
      }),
      moveSession(t.db, colleague.id, event.id, talk.id, {
        roomId: hall.id,
        startsAt: "2027-09-27T15:00",
        endsAt: "2027-09-27T16:00",
        updatedAt: seen,
      }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const winner = results.findIndex((r) => r.status === "fulfilled");
    const after = await current(talk.id);
    expect(after.startsAt).toBe(winner === 0 ? "2027-09-27T09:00" : "2027-09-27T15:00");
    expect(await t.db.auditLog.count({ where: { action: "agenda.session.moved" } })).toBe(1);
  });
});

describe("scheduleForDay", () => {
  it("lays out one day in the event's zone with rooms in order, tracks, speakers and that day's conflicts", async () => {
    const { event, hall, studio, talk } = await summit();
    const track = await trackFactory(t.db, { eventId: event.id, name: "Patients", color: "#a23b72" });
    const lee = await speakerFactory(t.db, { eventId: event.id, name: "Dr. Lee" });
    await t.db.agendaSession.update({ where: { id: talk.id }, data: { trackId: track.id } });
    const clash = await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      title: "Overlap",
      speakerIds: [lee.id],
      traits: ["published"],
      localStart: "2027-09-27T10:30",
      localEnd: "2027-09-27T11:30",
    });
    // 21:00 on day one in Jacksonville is already day two in UTC: it must stay on day one.
    const evening = await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: studio.id,
      title: "Evening meet-up",
      localStart: "2027-09-27T21:00",
      localEnd: "2027-09-27T22:30",
    });
    await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: studio.id,
      title: "Day two",
      localStart: "2027-09-28T09:00",
      localEnd: "2027-09-28T10:00",
    });
    await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: studio.id,
      title: "Stray",
      localStart: "2027-10-02T09:00",
      localEnd: "2027-10-02T10:00",
    });

    const day = await scheduleForDay(t.db, event.id);
    expect(day.day).toBe("2027-09-27");
    expect(day.days).toEqual([
      { date: "2027-09-27", inEvent: true, sessionCount: 3 },
      { date: "2027-09-28", inEvent: true, sessionCount: 1 },
      { date: "2027-09-29", inEvent: true, sessionCount: 0 },
      { date: "2027-10-02", inEvent: false, sessionCount: 1 },
    ]);
    expect(day.rooms.map((r) => r.name)).toEqual(["Hall", "Studio"]);
    expect(day.sessions.map((s) => [s.title, s.startMinute, s.endMinute])).toEqual([
      ["Listening online", 600, 660],
      ["Overlap", 630, 690],
      ["Evening meet-up", 1260, 1350],
    ]);
    expect(day.sessions[0].track).toMatchObject({ name: "Patients", color: "#a23b72" });
    expect(day.sessions[1]).toMatchObject({ status: "PUBLISHED", speakers: [{ id: lee.id, name: "Dr. Lee" }] });
    expect(day.conflicts).toEqual([expect.objectContaining({ kind: "room-double-booked", sessionIds: [talk.id, clash.id] })]);
    expect(evening.id).toBe(day.sessions[2].id);

    const second = await scheduleForDay(t.db, event.id, "2027-09-28");
    expect(second.sessions.map((s) => s.title)).toEqual(["Day two"]);
    expect(second.conflicts).toEqual([]);
    const stray = await scheduleForDay(t.db, event.id, "2027-10-02");
    expect(stray.conflicts.map((c) => c.kind)).toEqual(["outside-event"]);
    expect((await scheduleForDay(t.db, event.id, "2031-01-01")).day).toBe("2027-09-27");
    await expect(scheduleForDay(t.db, "no-such-event")).rejects.toBeInstanceOf(NotFoundError);
  });
});
