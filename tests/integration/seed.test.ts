import { describe, expect, it } from "vitest";
import { localDay } from "~/modules/agenda/agenda-filter.ts";
import { personalAgenda } from "~/modules/agenda/attendee.server.ts";
import { findConflicts, getPublishedAgenda, listReleases, publishAgenda } from "~/modules/agenda/releases.server.ts";
import type { ReleaseChange } from "~/modules/agenda/snapshot.ts";
import { formatTime } from "~/shared/dates.ts";
import { DEMO_SUMMIT_SLUG, DEMO_WORKSHOP } from "../../prisma/demo-agenda.ts";
import { seedDemo, seedIfEmpty } from "../../prisma/seed.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
const MAIL = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>" };

async function summit() {
  const event = await t.db.event.findUniqueOrThrow({ where: { slug: DEMO_SUMMIT_SLUG } });
  const published = await getPublishedAgenda(t.db, event.id);
  if (!published) throw new Error("the demo agenda is not published");
  return { event, ...published };
}

/** Row counts that a second seed must leave alone. */
async function counts() {
  const [users, events, sessions, releases, favourites, rsvps, emails] = await Promise.all([
    t.db.user.count(),
    t.db.event.count(),
    t.db.agendaSession.count(),
    t.db.agendaRelease.count(),
    t.db.favourite.count(),
    t.db.rsvp.count(),
    t.db.emailOutbox.count(),
  ]);
  return { users, events, sessions, releases, favourites, rsvps, emails };
}

describe("seedIfEmpty", () => {
  it("gives the demo summit a realistic, conflict-free three-day agenda in two releases", async () => {
    expect(await seedIfEmpty(t.db, MAIL)).toBe(true);
    const { event, release, snapshot } = await summit();
    const zone = event.timeZone;

    const live = snapshot.sessions.filter((s) => s.status === "PUBLISHED");
    expect(live.length).toBeGreaterThanOrEqual(30);
    expect(snapshot.tracks.map((tr) => tr.name)).toEqual(["Strategy & Leadership", "Clinicians Online", "Patients & Caregivers"]);
    expect(snapshot.rooms).toHaveLength(4);
    expect(snapshot.speakers.length).toBeGreaterThanOrEqual(23);
    expect(snapshot.speakers.length).toBeLessThanOrEqual(27);
    expect(new Set(live.map((s) => s.kind))).toEqual(new Set(["KEYNOTE", "PANEL", "TALK", "WORKSHOP", "BREAK"]));
    // A keynote every morning at nine, on each of the three days.
    const keynotes = live.filter((s) => s.kind === "KEYNOTE" && formatTime(new Date(s.startsAt), zone) === "9:00 AM EDT");
    expect(keynotes.map((s) => localDay(s.startsAt, zone))).toEqual(["2027-09-27", "2027-09-28", "2027-09-29"]);
    expect((await findConflicts(t.db, event.id)).conflicts).toEqual([]);

    // Release 2 lists what changed since release 1.
    expect(release.number).toBe(2);
    const [second, first] = await listReleases(t.db, event.id);
    expect(first.number).toBe(1);
    const kinds = (second.changes as unknown as ReleaseChange[]).flatMap((c) => c.kinds);
    expect(kinds).toEqual(expect.arrayContaining(["moved", "new room", "cancelled"]));
    expect(snapshot.sessions.filter((s) => s.status === "CANCELLED")).toHaveLength(1);

    // The workshop has limited seats, one of them the demo attendee's.
    const workshop = await t.db.agendaSession.findFirstOrThrow({ where: { eventId: event.id, title: DEMO_WORKSHOP } });
    expect(workshop).toMatchObject({ kind: "WORKSHOP", capacity: 24, rsvpCount: 1 });

    // The demo attendee's agenda has stars, an overlapping pair, the cancelled session and the workshop.
    const attendee = await t.db.user.findUniqueOrThrow({ where: { email: "attendee@summit.test" } });
    const mine = await personalAgenda(t.db, attendee.id, event.id);
    expect(mine.sessions.length).toBeGreaterThanOrEqual(5);
    expect(mine.sessions.filter((s) => s.overlapsWith.length > 0)).toHaveLength(2);
    expect(mine.sessions.some((s) => s.status === "CANCELLED")).toBe(true);
    expect(mine.rsvps).toEqual([workshop.id]);
    // Release 2 changed sessions they starred: one email tells them.
    expect(await t.db.emailOutbox.count({ where: { toAddress: "attendee@summit.test" } })).toBe(1);

    const before = await counts();
    expect(await seedIfEmpty(t.db, MAIL)).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it("finishes the releases on the next start when a start stopped after the seed's transaction", async () => {
    await t.db.$transaction((tx) => seedDemo(tx), { timeout: 120_000 });
    expect(await seedIfEmpty(t.db, MAIL)).toBe(true);
    expect((await summit()).release.number).toBe(2);

    // …or after release 1.
    await t.db.$executeRawUnsafe(`TRUNCATE "User", "Campus" CASCADE`);
    await t.db.$transaction((tx) => seedDemo(tx), { timeout: 120_000 });
    const { id } = await t.db.event.findUniqueOrThrow({ where: { slug: DEMO_SUMMIT_SLUG } });
    const organiser = await t.db.user.findUniqueOrThrow({ where: { email: "organizer@summit.test" } });
    await publishAgenda(t.db, organiser.id, id, MAIL);
    expect(await seedIfEmpty(t.db, MAIL)).toBe(true);
    const { release, snapshot } = await summit();
    expect(release.number).toBe(2);
    expect(snapshot.sessions.filter((s) => s.status === "CANCELLED")).toHaveLength(1);
    expect(await seedIfEmpty(t.db, MAIL)).toBe(false);
  });

  it("leaves a database seeded before the demo had an agenda alone", async () => {
    await t.db.$transaction((tx) => seedDemo(tx), { timeout: 120_000 });
    await t.db.agendaSession.deleteMany();
    expect(await seedIfEmpty(t.db, MAIL)).toBe(false);
    expect(await t.db.agendaRelease.count()).toBe(0);
  });
});
