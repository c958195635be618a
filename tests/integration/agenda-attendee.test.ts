import { describe, expect, it } from "vitest";
import { filterSessions } from "~/modules/agenda/agenda-filter.ts";
import {
  attendeeState,
  cancelRsvp,
  personalAgenda,
  publicAgenda,
  rsvp,
  starSession,
  unstarSession,
} from "~/modules/agenda/attendee.server.ts";
import { publishAgenda } from "~/modules/agenda/releases.server.ts";
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
const MAIL = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>" };

/** A two-day Jacksonville event with a published programme: what attendees browse. */
async function programme({ seats = 20 } = {}) {
  const campus = await campusFactory(t.db, CAMPUSES.jacksonville);
  const event = await eventFactory(t.db, {
    campusId: campus.id,
    slug: "summit",
    traits: ["published"],
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-28T17:00",
  });
  const organiser = await userFactory(t.db, { traits: ["organizer"] });
  const [strategy, clinicians] = [
    await trackFactory(t.db, { eventId: event.id, name: "Strategy" }),
    await trackFactory(t.db, { eventId: event.id, name: "Clinicians" }),
  ];
  const hall = await roomFactory(t.db, { eventId: event.id, name: "Hall", capacity: 300 });
  const studio = await roomFactory(t.db, { eventId: event.id, name: "Studio", capacity: 30 });
  const jose = await speakerFactory(t.db, { eventId: event.id, name: "José Ortega" });
  const session = (title: string, localStart: string, localEnd: string, extra: object = {}) =>
    agendaSessionFactory(t.db, { eventId: event.id, title, localStart, localEnd, traits: ["published"], ...extra });
  const keynote = await session("Opening keynote", "2027-09-27T09:00", "2027-09-27T10:00", {
    kind: "KEYNOTE",
    roomId: hall.id,
    speakerIds: [jose.id],
  });
  const policy = await session("Policy that people read", "2027-09-27T10:30", "2027-09-27T11:30", {
    roomId: hall.id,
    trackId: strategy.id,
    abstract: "Two pages, three rules.",
  });
  const video = await session("Video for clinicians", "2027-09-27T11:00", "2027-09-27T12:00", {
    roomId: studio.id,
    trackId: clinicians.id,
  });
  const workshop = await session("Caption a video", "2027-09-28T13:00", "2027-09-28T15:00", {
    kind: "WORKSHOP",
    roomId: studio.id,
    trackId: clinicians.id,
    capacity: seats,
  });
  const draft = await agendaSessionFactory(t.db, {
    eventId: event.id,
    title: "Secret draft",
    localStart: "2027-09-28T09:00",
    localEnd: "2027-09-28T10:00",
  });
  await publishAgenda(t.db, organiser.id, event.id, MAIL);
  return { event, organiser, strategy, clinicians, hall, studio, jose, keynote, policy, video, workshop, draft };
}

describe("publicAgenda", () => {
  it("shows the latest release of a published event, never the working copy", async () => {
    const p = await programme();
    // Edited after the release: attendees still see the released title until the next one.
    await t.db.agendaSession.update({ where: { id: p.policy.id }, data: { title: "Renamed, unreleased" } });
    const { event, release, agenda } = await publicAgenda(t.db, "summit");
    expect(event.id).toBe(p.event.id);
    expect(release?.number).toBe(1);
    expect(agenda?.sessions.map((s) => s.title)).toEqual([
      "Opening keynote",
      "Policy that people read",
      "Video for clinicians",
      "Caption a video",
    ]);
  });

  it("has no agenda before the first release, and no event for unknown or draft slugs", async () => {
    const campus = await campusFactory(t.db);
    await eventFactory(t.db, { campusId: campus.id, slug: "soon", traits: ["published"] });
    await eventFactory(t.db, { campusId: campus.id, slug: "hidden" });
    expect(await publicAgenda(t.db, "soon")).toMatchObject({ release: null, agenda: null });
    await expect(publicAgenda(t.db, "nope")).rejects.toBeInstanceOf(NotFoundError);
    await expect(publicAgenda(t.db, "hidden")).rejects.toBeInstanceOf(NotFoundError);
    expect((await publicAgenda(t.db, "hidden", { includeDrafts: true })).event.slug).toBe("hidden");
  });

  it("filters a real release by day, track, room, kind and text", async () => {
    const p = await programme();
    const { agenda } = await publicAgenda(t.db, "summit");
    if (!agenda) throw new Error("no agenda");
    const titles = (filters: Parameters<typeof filterSessions>[1]) => filterSessions(agenda, filters).map((s) => s.title);
    expect(titles({ day: "2027-09-28" })).toEqual(["Caption a video"]);
    expect(titles({ track: p.clinicians.id })).toEqual(["Video for clinicians", "Caption a video"]);
    expect(titles({ room: p.hall.id, kind: "TALK" })).toEqual(["Policy that people read"]);
    expect(titles({ q: "jose" })).toEqual(["Opening keynote"]);
    expect(titles({ q: "three rules" })).toEqual(["Policy that people read"]);
  });
});

describe("stars", () => {
  it("star and unstar are idempotent", async () => {
    const p = await programme();
    const alex = await userFactory(t.db);
    await starSession(t.db, alex.id, p.keynote.id);
    await starSession(t.db, alex.id, p.keynote.id);
    await Promise.all([starSession(t.db, alex.id, p.policy.id), starSession(t.db, alex.id, p.policy.id)]);
    expect(await t.db.favourite.count({ where: { userId: alex.id } })).toBe(2);
    await unstarSession(t.db, alex.id, p.keynote.id);
    await unstarSession(t.db, alex.id, p.keynote.id);
    expect((await attendeeState(t.db, alex.id, p.event.id)).starred).toEqual([p.policy.id]);
  });

  it("only sessions of the latest release can be starred, and not cancelled ones", async () => {
    const p = await programme();
    const alex = await userFactory(t.db);
    // Published in the working copy but not released yet: attendees can't see it.
    const unreleased = await agendaSessionFactory(t.db, {
      eventId: p.event.id,
      title: "Late addition",
      traits: ["published"],
      localStart: "2027-09-28T16:00",
      localEnd: "2027-09-28T17:00",
    });
    for (const id of [p.draft.id, unreleased.id, "no-such-session", '\'; DROP TABLE "Favourite"; --']) {
      await expect(starSession(t.db, alex.id, id), id).rejects.toBeInstanceOf(NotFoundError);
    }
    await t.db.agendaSession.update({ where: { id: p.video.id }, data: { status: "CANCELLED" } });
    await publishAgenda(t.db, p.organiser.id, p.event.id, MAIL);
    await expect(starSession(t.db, alex.id, p.video.id)).rejects.toThrow(/cancelled/);
    expect(await t.db.favourite.count()).toBe(0);
  });
});

describe("personalAgenda", () => {
  it("lists starred sessions of the release with overlaps flagged; cancelled ones clash with nothing", async () => {
    const p = await programme();
    const alex = await userFactory(t.db);
    for (const s of [p.keynote, p.policy, p.video, p.workshop]) await starSession(t.db, alex.id, s.id);
    const mine = await personalAgenda(t.db, alex.id, p.event.id);
    expect(mine.sessions.map((s) => [s.title, s.overlapsWith])).toEqual([
      ["Opening keynote", []],
      ["Policy that people read", [p.video.id]],
      ["Video for clinicians", [p.policy.id]],
      ["Caption a video", []],
    ]);

    await t.db.agendaSession.update({ where: { id: p.video.id }, data: { status: "CANCELLED" } });
    await publishAgenda(t.db, p.organiser.id, p.event.id, MAIL);
    const after = await personalAgenda(t.db, alex.id, p.event.id);
    expect(after.sessions.find((s) => s.id === p.video.id)).toMatchObject({ status: "CANCELLED", overlapsWith: [] });
    expect(after.sessions.every((s) => s.overlapsWith.length === 0)).toBe(true);
  });

  it("is empty for someone else, and before any release", async () => {
    const p = await programme();
    const alex = await userFactory(t.db);
    const sam = await userFactory(t.db);
    await starSession(t.db, alex.id, p.keynote.id);
    expect((await personalAgenda(t.db, sam.id, p.event.id)).sessions).toEqual([]);
    const other = await eventFactory(t.db, { campusId: p.event.campusId, traits: ["published"] });
    expect(await personalAgenda(t.db, alex.id, other.id)).toMatchObject({ agenda: null, sessions: [], rsvps: [] });
  });
});

describe("RSVP", () => {
  it("never gives more seats than the workshop has, under 30 concurrent requests for 20 seats", async () => {
    const p = await programme({ seats: 20 });
    const people = await Promise.all(Array.from({ length: 30 }, () => userFactory(t.db)));
    const results = await Promise.allSettled(people.map((u) => rsvp(t.db, u.id, p.workshop.id)));
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(20);
    expect(refused).toHaveLength(10);
    for (const error of refused) {
      expect(error).toBeInstanceOf(RuleViolation);
      expect(error.message).toBe("This workshop is full.");
    }
    const workshop = await t.db.agendaSession.findUniqueOrThrow({ where: { id: p.workshop.id } });
    expect(workshop.rsvpCount).toBe(20);
    expect(await t.db.rsvp.count({ where: { sessionId: p.workshop.id } })).toBe(20);
    expect((await attendeeState(t.db, null, p.event.id)).seats[p.workshop.id]).toEqual({ capacity: 20, left: 0 });
  });

  it("a cancelled RSVP frees the seat for someone else; cancelling twice frees one seat", async () => {
    const p = await programme({ seats: 1 });
    const [alex, sam] = [await userFactory(t.db), await userFactory(t.db)];
    await rsvp(t.db, alex.id, p.workshop.id);
    await expect(rsvp(t.db, sam.id, p.workshop.id)).rejects.toThrow("This workshop is full.");
    const cancelled = await Promise.all([cancelRsvp(t.db, alex.id, p.workshop.id), cancelRsvp(t.db, alex.id, p.workshop.id)]);
    expect(cancelled.sort()).toEqual([false, true]);
    expect((await t.db.agendaSession.findUniqueOrThrow({ where: { id: p.workshop.id } })).rsvpCount).toBe(0);
    await rsvp(t.db, sam.id, p.workshop.id);
    expect(await t.db.rsvp.findMany({ select: { userId: true } })).toEqual([{ userId: sam.id }]);
    expect(await cancelRsvp(t.db, alex.id, p.workshop.id)).toBe(false);
    expect((await t.db.agendaSession.findUniqueOrThrow({ where: { id: p.workshop.id } })).rsvpCount).toBe(1);
  });

  it("a double click takes one seat, and the seat puts the workshop in the person's agenda", async () => {
    const p = await programme({ seats: 5 });
    const alex = await userFactory(t.db);
    const results = await Promise.all([1, 2, 3].map(() => rsvp(t.db, alex.id, p.workshop.id)));
    expect(results.filter((r) => !r.alreadyHadSeat)).toHaveLength(1);
    expect((await t.db.agendaSession.findUniqueOrThrow({ where: { id: p.workshop.id } })).rsvpCount).toBe(1);
    expect(await t.db.rsvp.count()).toBe(1);
    const state = await attendeeState(t.db, alex.id, p.event.id);
    expect(state).toMatchObject({ starred: [p.workshop.id], rsvps: [p.workshop.id] });
    expect(state.seats[p.workshop.id]).toEqual({ capacity: 5, left: 4 });
  });

  it("refuses sessions without seats to book, cancelled ones and unknown ids, and changes nothing", async () => {
    const p = await programme();
    const alex = await userFactory(t.db);
    await expect(rsvp(t.db, alex.id, p.keynote.id)).rejects.toThrow(/needs no RSVP/);
    await expect(rsvp(t.db, alex.id, p.draft.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(rsvp(t.db, alex.id, "nope")).rejects.toBeInstanceOf(NotFoundError);
    await t.db.agendaSession.update({ where: { id: p.workshop.id }, data: { status: "CANCELLED" } });
    await publishAgenda(t.db, p.organiser.id, p.event.id, MAIL);
    await expect(rsvp(t.db, alex.id, p.workshop.id)).rejects.toThrow(/cancelled/);
    expect(await t.db.rsvp.count()).toBe(0);
    expect(await t.db.favourite.count()).toBe(0);
    expect((await t.db.agendaSession.findUniqueOrThrow({ where: { id: p.workshop.id } })).rsvpCount).toBe(0);
  });
});
