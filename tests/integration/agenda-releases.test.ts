import { describe, expect, it } from "vitest";
import { getPublishedAgenda, publishAgenda } from "~/modules/agenda/releases.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import {
  agendaSessionFactory,
  CAMPUSES,
  campusFactory,
  eventFactory,
  roomFactory,
  speakerFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();

async function summit() {
  const campus = await campusFactory(t.db, CAMPUSES.jacksonville);
  const event = await eventFactory(t.db, {
    campusId: campus.id,
    traits: ["published"],
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-29T17:00",
  });
  const organiser = await userFactory(t.db, { traits: ["organizer"] });
  const hall = await roomFactory(t.db, { eventId: event.id, name: "Hall", capacity: 300 });
  const studio = await roomFactory(t.db, { eventId: event.id, name: "Studio", capacity: 30 });
  return { event, organiser, hall, studio };
}

describe("publishAgenda", () => {
  it("numbers releases, lists what changed and raises SEQUENCE only on changed sessions", async () => {
    const { event, organiser, hall, studio } = await summit();
    const keynote = await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      title: "Keynote",
      traits: ["published"],
      localStart: "2027-09-27T09:00",
      localEnd: "2027-09-27T10:00",
    });
    const panel = await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      title: "Panel",
      traits: ["published"],
      localStart: "2027-09-27T10:30",
      localEnd: "2027-09-27T11:30",
    });
    await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: studio.id,
      title: "Draft idea",
      localStart: "2027-09-27T09:00",
      localEnd: "2027-09-27T10:00",
    });

    const first = await publishAgenda(t.db, organiser.id, event.id);
    expect(first.release.number).toBe(1);
    expect(first.changes.map((c) => [c.title, c.kinds])).toEqual([
      ["Keynote", ["new"]],
      ["Panel", ["new"]],
    ]);
    expect(first.snapshot.sessions.map((s) => s.sequence)).toEqual([0, 0]);

    await t.db.agendaSession.update({ where: { id: panel.id }, data: { roomId: studio.id, capacity: 20 } });
    await t.db.agendaSession.update({ where: { id: keynote.id }, data: { status: "CANCELLED" } });
    const second = await publishAgenda(t.db, organiser.id, event.id);
    expect(second.release.number).toBe(2);
    expect(Object.fromEntries(second.changes.map((c) => [c.title, c.kinds]))).toEqual({
      Keynote: ["cancelled"],
      Panel: ["new room", "updated"],
    });
    expect(second.snapshot.sessions.map((s) => [s.title, s.status, s.sequence])).toEqual([
      ["Keynote", "CANCELLED", 1],
      ["Panel", "PUBLISHED", 1],
    ]);
    await expect(publishAgenda(t.db, organiser.id, event.id)).rejects.toThrow(/Nothing has changed since release 2/);

    // Deleting a published session keeps it in the next release as cancelled.
    await t.db.agendaSession.delete({ where: { id: panel.id } });
    const third = await publishAgenda(t.db, organiser.id, event.id);
    expect(third.snapshot.sessions.find((s) => s.title === "Panel")).toMatchObject({ status: "CANCELLED", sequence: 2 });
    expect((await getPublishedAgenda(t.db, event.id))?.release.number).toBe(3);
  });

  it("refuses while a published session is in conflict, and publishes nothing", async () => {
    const { event, organiser, hall } = await summit();
    const speaker = await speakerFactory(t.db, { eventId: event.id, name: "Dr. Lee" });
    await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      title: "A",
      traits: ["published"],
      speakerIds: [speaker.id],
      localStart: "2027-09-27T09:00",
      localEnd: "2027-09-27T10:00",
    });
    await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      title: "B",
      traits: ["published"],
      localStart: "2027-09-27T09:30",
      localEnd: "2027-09-27T10:30",
    });
    const error = await publishAgenda(t.db, organiser.id, event.id).catch((e) => e);
    expect(error).toBeInstanceOf(RuleViolation);
    expect(error.message).toMatch(/Hall is double-booked/);
    expect(await t.db.agendaRelease.count()).toBe(0);
  });
});
