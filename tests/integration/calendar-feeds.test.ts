// Calendar feeds over HTTP through the built server, read back with ical.js.
import { describe, expect, it } from "vitest";
import { publishAgenda } from "~/modules/agenda/releases.server.ts";
import { findFeedOwner, issueFeedToken, personalFeedUrls, revokeFeedTokens } from "~/modules/calendar/feeds.server.ts";
import { hashToken, randomToken } from "~/shared/tokens.server.ts";
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
import { setupTestServer } from "../support/http.ts";
import { parseFeed } from "../support/ics.ts";

const APP_URL = "https://summit.example.org";
const t = setupTestDatabase();
const server = setupTestServer(t, { env: { APP_URL } });

// Publishing mails those who starred a changed session; links in them point at APP_URL.
const publish = (actorId: string, eventId: string) =>
  publishAgenda(t.db, actorId, eventId, { appUrl: APP_URL, mailFrom: "Summit <no-reply@summit.test>" });

const get = (pathname: string, headers: Record<string, string> = {}) => fetch(server.url(pathname), { headers });

/** A 200 text/calendar response, checked and parsed. */
async function feed(pathname: string) {
  const response = await get(pathname);
  const text = await response.text();
  expect(response.status, `${pathname}: ${text.slice(0, 200)}`).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
  return { response, text, ...parseFeed(text) };
}

const LONG_TITLE = `Ça marche 🎉: naïve résumés, Zoë & Ångström on 👩🏽‍⚕️ care ${"✨ émojis ".repeat(10)}`;
const LONG_ABSTRACT = `${"Über soziale Medien, Gesundheit; und Vertrauen — 🩺 ".repeat(6)}\nZweite Zeile, mit Komma.`;

/**
 * The Rochester summit (America/Chicago) across the end of DST: Saturday 6 November 2027
 * is CDT, Sunday 7 November (the first Sunday of November) is CST.
 */
async function rochesterSummit() {
  const campus =
    (await t.db.campus.findUnique({ where: { name: CAMPUSES.rochester.name } })) ??
    (await campusFactory(t.db, CAMPUSES.rochester));
  const event = await eventFactory(t.db, {
    campusId: campus.id,
    name: "Social Media Summit, 2027",
    traits: ["published"],
    localStart: "2027-11-05T08:00",
    localEnd: "2027-11-07T17:00",
  });
  const organiser = await userFactory(t.db, { traits: ["organizer"] });
  const hall = await roomFactory(t.db, { eventId: event.id, name: "Plummer Hall", hearingLoop: true });
  const studio = await roomFactory(t.db, { eventId: event.id, name: "Studio; east wing", capacity: 30 });
  const track = await trackFactory(t.db, { eventId: event.id, name: "Patient voices" });
  const lee = await speakerFactory(t.db, {
    eventId: event.id,
    name: "Dr. Ana Lee",
    title: "Cardiologist",
    organisation: "Heart Clinic",
  });
  const zoe = await speakerFactory(t.db, { eventId: event.id, name: "Zoë Ångström", title: "Nurse", organisation: "Café Santé" });
  const common = { eventId: event.id, traits: ["published" as const] };
  const saturday = await agendaSessionFactory(t.db, {
    ...common,
    title: "Saturday breakfast",
    roomId: hall.id,
    localStart: "2027-11-06T08:00",
    localEnd: "2027-11-06T09:00",
  });
  const sunday = await agendaSessionFactory(t.db, {
    ...common,
    title: "Sunday breakfast",
    roomId: hall.id,
    trackId: track.id,
    speakerIds: [lee.id],
    localStart: "2027-11-07T08:00",
    localEnd: "2027-11-07T09:00",
  });
  const long = await agendaSessionFactory(t.db, {
    ...common,
    title: LONG_TITLE,
    abstract: LONG_ABSTRACT,
    roomId: studio.id,
    trackId: track.id,
    speakerIds: [zoe.id, lee.id],
    localStart: "2027-11-05T10:00",
    localEnd: "2027-11-05T11:30",
  });
  const panel = await agendaSessionFactory(t.db, {
    ...common,
    title: "Panel, with questions",
    roomId: studio.id,
    localStart: "2027-11-06T10:00",
    localEnd: "2027-11-06T11:00",
  });
  const draft = await agendaSessionFactory(t.db, {
    eventId: event.id,
    title: "Not yet announced",
    localStart: "2027-11-06T14:00",
    localEnd: "2027-11-06T15:00",
  });
  await publish(organiser.id, event.id);
  return { event, organiser, hall, studio, sessions: { saturday, sunday, long, panel, draft } };
}

describe("whole-event feed", () => {
  it("carries every published session with the right wall-clock times across the DST change", async () => {
    const { event, sessions } = await rochesterSummit();
    const { response, events, name, timeZone, text } = await feed(`/events/${event.slug}/agenda.ics`);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(name).toBe("Social Media Summit, 2027");
    expect(timeZone).toBe("America/Chicago");
    expect(events.map((e) => e.uid).sort()).toEqual(
      [sessions.saturday, sessions.sunday, sessions.long, sessions.panel].map((s) => `session-${s.id}@summit.example.org`).sort(),
    );
    const byTitle = Object.fromEntries(events.map((e) => [e.summary, e]));
    expect(byTitle["Saturday breakfast"].start).toEqual({
      tzid: "America/Chicago",
      local: "2027-11-06T08:00",
      utc: "2027-11-06T13:00:00.000Z",
    });
    expect(byTitle["Sunday breakfast"].start).toEqual({
      tzid: "America/Chicago",
      local: "2027-11-07T08:00",
      utc: "2027-11-07T14:00:00.000Z",
    });
    expect(byTitle["Sunday breakfast"].end.local).toBe("2027-11-07T09:00");

    const sunday = byTitle["Sunday breakfast"];
    expect(sunday.location).toBe("Plummer Hall, Rochester, 200 First Street SW, Rochester, MN 55905");
    expect(sunday.description).toContain("Speaker:\nDr. Ana Lee, Cardiologist, Heart Clinic");
    expect(sunday.url).toBe(`${APP_URL}/events/${event.slug}/sessions/${sessions.sunday.id}`);
    expect(sunday.sequence).toBe(0);
    expect(sunday.status).toBe("CONFIRMED");
    const release = await t.db.agendaRelease.findFirstOrThrow({ where: { eventId: event.id } });
    expect(sunday.dtstamp).toBe(`${release.publishedAt.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`);

    // Long multi-byte text survives folding; commas, semicolons and newlines survive escaping.
    const long = byTitle[LONG_TITLE];
    expect(long.description).toContain(LONG_ABSTRACT);
    expect(long.description).toContain("Speakers:\nZoë Ångström, Nurse, Café Santé\nDr. Ana Lee, Cardiologist, Heart Clinic");
    expect(long.location).toBe("Studio; east wing, Rochester, 200 First Street SW, Rochester, MN 55905");
    expect(text).toContain("SUMMARY:Panel\\, with questions\r\n");
  });

  it("raises SEQUENCE on an edited session after re-publishing, keeps a cancelled one, and changes the ETag", async () => {
    const { event, organiser, studio, sessions } = await rochesterSummit();
    const url = `/events/${event.slug}/agenda.ics`;
    const first = await feed(url);
    const etag = first.response.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\/".+"$/);

    await t.db.agendaSession.update({ where: { id: sessions.saturday.id }, data: { roomId: studio.id } });
    await t.db.agendaSession.update({ where: { id: sessions.panel.id }, data: { status: "CANCELLED" } });
    await publish(organiser.id, event.id);

    const stale = await get(url, { "If-None-Match": etag });
    expect(stale.status).toBe(200);
    const second = parseFeed(await stale.text());
    expect(stale.headers.get("etag")).not.toBe(etag);
    const sequence = (events: typeof second.events) => Object.fromEntries(events.map((e) => [e.uid, e.sequence]));
    const before = sequence(first.events);
    const after = sequence(second.events);
    const uid = (id: string) => `session-${id}@summit.example.org`;
    expect(after[uid(sessions.saturday.id)]).toBe(before[uid(sessions.saturday.id)] + 1);
    expect(after[uid(sessions.panel.id)]).toBe(before[uid(sessions.panel.id)] + 1);
    expect(after[uid(sessions.sunday.id)]).toBe(before[uid(sessions.sunday.id)]);

    const cancelled = second.events.find((e) => e.uid === uid(sessions.panel.id));
    expect(cancelled).toMatchObject({ status: "CANCELLED", summary: "Cancelled: Panel, with questions" });
    expect(second.events.find((e) => e.uid === uid(sessions.saturday.id))?.location).toMatch(/^Studio; east wing, /);
  });

  it("answers 304 to If-None-Match and If-Modified-Since, 200 when they are stale", async () => {
    const { event } = await rochesterSummit();
    const url = `/events/${event.slug}/agenda.ics`;
    const { response } = await feed(url);
    const etag = response.headers.get("etag") ?? "";
    const lastModified = response.headers.get("last-modified") ?? "";
    expect(new Date(lastModified).getTime()).toBeGreaterThan(0);

    const byTag = await get(url, { "If-None-Match": etag });
    expect(byTag.status).toBe(304);
    expect(await byTag.text()).toBe("");
    expect(byTag.headers.get("etag")).toBe(etag);
    expect(byTag.headers.get("cache-control")).toBe("public, max-age=300");
    expect((await get(url, { "If-None-Match": `W/"other", ${etag}` })).status).toBe(304);
    expect((await get(url, { "If-None-Match": etag.replace(/^W\//, "") })).status).toBe(304);

    expect((await get(url, { "If-Modified-Since": lastModified })).status).toBe(304);
    const hourEarlier = new Date(new Date(lastModified).getTime() - 3_600_000).toUTCString();
    expect((await get(url, { "If-Modified-Since": hourEarlier })).status).toBe(200);
    expect((await get(url, { "If-Modified-Since": "not a date" })).status).toBe(200);
    // If-None-Match decides when both are sent.
    expect((await get(url, { "If-None-Match": 'W/"other"', "If-Modified-Since": lastModified })).status).toBe(200);
  });

  it("answers 404 with a clear message for an unknown or draft event and before the first release", async () => {
    const campus = await campusFactory(t.db, CAMPUSES.rochester);
    const unpublished = await eventFactory(t.db, { campusId: campus.id, traits: ["published"], slug: "no-agenda-yet" });
    const draft = await eventFactory(t.db, { campusId: campus.id, slug: "secret-draft", localStart: "2027-11-05T08:00" });
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    await agendaSessionFactory(t.db, {
      eventId: draft.id,
      traits: ["published"],
      localStart: "2027-11-05T09:00",
      localEnd: "2027-11-05T10:00",
    });
    await publish(organiser.id, draft.id);

    for (const [pathname, message] of [
      ["/events/no-such-event/agenda.ics", "couldn't find that event"],
      [`/events/${draft.slug}/agenda.ics`, "couldn't find that event"],
      [`/events/${unpublished.slug}/agenda.ics`, "agenda hasn't been published yet"],
    ]) {
      const response = await get(pathname);
      expect(response.status, pathname).toBe(404);
      expect(await response.text(), pathname).toContain(message);
    }
  });
});

describe("one-session file", () => {
  it("holds just that session, as a download", async () => {
    const { event, sessions } = await rochesterSummit();
    const { response, events, name } = await feed(`/events/${event.slug}/sessions/${sessions.sunday.id}.ics`);
    expect(events.map((e) => [e.uid, e.summary, e.start.local])).toEqual([
      [`session-${sessions.sunday.id}@summit.example.org`, "Sunday breakfast", "2027-11-07T08:00"],
    ]);
    expect(name).toBe("Sunday breakfast · Social Media Summit, 2027");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${event.slug}-session.ics"`);
    const etag = response.headers.get("etag") ?? "";
    expect((await get(`/events/${event.slug}/sessions/${sessions.sunday.id}.ics`, { "If-None-Match": etag })).status).toBe(304);
    const lastModified = response.headers.get("last-modified") ?? "";
    expect(
      (await get(`/events/${event.slug}/sessions/${sessions.sunday.id}.ics`, { "If-Modified-Since": lastModified })).status,
    ).toBe(304);
  });

  it("answers 404 for a draft, unknown or malformed session id and an unknown event", async () => {
    const { event, sessions } = await rochesterSummit();
    for (const pathname of [
      `/events/${event.slug}/sessions/${sessions.draft.id}.ics`,
      `/events/${event.slug}/sessions/does-not-exist.ics`,
      `/events/${event.slug}/sessions/%27%3B--.ics`,
      `/events/nope/sessions/${sessions.sunday.id}.ics`,
    ]) {
      const response = await get(pathname);
      expect(response.status, pathname).toBe(404);
      expect(await response.text(), pathname).toMatch(/isn't in the published agenda|couldn't find that event/);
    }
  });
});

describe("Scottsdale (America/Phoenix, no DST)", () => {
  it("shows 09:00 MST in July and in January", async () => {
    const campus = await campusFactory(t.db, CAMPUSES.scottsdale);
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const results: [string, string, string][] = [];
    for (const day of ["2027-07-15", "2028-01-13"]) {
      const event = await eventFactory(t.db, {
        campusId: campus.id,
        traits: ["published"],
        localStart: `${day}T08:00`,
        localEnd: `${day}T17:00`,
      });
      await agendaSessionFactory(t.db, {
        eventId: event.id,
        traits: ["published"],
        localStart: `${day}T09:00`,
        localEnd: `${day}T10:00`,
      });
      await publish(organiser.id, event.id);
      const { events, text } = await feed(`/events/${event.slug}/agenda.ics`);
      expect(text).toContain("BEGIN:VTIMEZONE\r\nTZID:America/Phoenix\r\n");
      results.push(...events.map((e): [string, string, string] => [e.start.tzid ?? "UTC", e.start.local, e.start.utc]));
    }
    expect(results).toEqual([
      ["America/Phoenix", "2027-07-15T09:00", "2027-07-15T16:00:00.000Z"],
      ["America/Phoenix", "2028-01-13T09:00", "2028-01-13T16:00:00.000Z"],
    ]);
  });
});

describe("personal feed", () => {
  async function starred() {
    const summit = await rochesterSummit();
    const { sessions } = summit;
    const attendee = await userFactory(t.db);
    const other = await userFactory(t.db);
    // A star on a session of another event must not leak into this event's feed.
    const elsewhere = await rochesterSummit();
    for (const sessionId of [sessions.sunday.id, sessions.panel.id, sessions.draft.id, elsewhere.sessions.sunday.id])
      await t.db.favourite.create({ data: { userId: attendee.id, sessionId } });
    await t.db.favourite.create({ data: { userId: other.id, sessionId: sessions.saturday.id } });
    const token = await issueFeedToken(t.db, attendee.id, summit.event.id);
    return { ...summit, attendee, token };
  }

  it("lists only the person's starred sessions that are published, cancelled ones marked", async () => {
    const { event, organiser, sessions, token } = await starred();
    const url = `/calendar/${token}.ics`;
    const first = await feed(url);
    expect(first.response.headers.get("cache-control")).toBe("private, max-age=0, must-revalidate");
    expect(first.name).toBe("Social Media Summit, 2027: my agenda");
    expect(first.events.map((e) => e.summary).sort()).toEqual(["Panel, with questions", "Sunday breakfast"]);

    await t.db.agendaSession.update({ where: { id: sessions.panel.id }, data: { status: "CANCELLED" } });
    await publish(organiser.id, event.id);
    const second = await feed(url);
    expect(second.events.map((e) => [e.summary, e.status, e.sequence]).sort()).toEqual([
      ["Cancelled: Panel, with questions", "CANCELLED", 1],
      ["Sunday breakfast", "CONFIRMED", 0],
    ]);
  });

  it("revalidates with the ETag, which changes when the person stars or un-stars a session", async () => {
    const { attendee, sessions, token } = await starred();
    const url = `/calendar/${token}.ics`;
    const { response } = await feed(url);
    const etag = response.headers.get("etag") ?? "";
    const notModified = await get(url, { "If-None-Match": etag });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("cache-control")).toBe("private, max-age=0, must-revalidate");

    await t.db.favourite.create({ data: { userId: attendee.id, sessionId: sessions.saturday.id } });
    const afterStar = await get(url, { "If-None-Match": etag });
    expect(afterStar.status).toBe(200);
    expect(parseFeed(await afterStar.text()).events).toHaveLength(3);
    const starredTag = afterStar.headers.get("etag") ?? "";

    await t.db.favourite.delete({ where: { userId_sessionId: { userId: attendee.id, sessionId: sessions.sunday.id } } });
    const afterUnstar = await get(url, { "If-None-Match": starredTag });
    expect(afterUnstar.status).toBe(200);
    expect(
      parseFeed(await afterUnstar.text())
        .events.map((e) => e.summary)
        .sort(),
    ).toEqual(["Panel, with questions", "Saturday breakfast"]);

    // An un-star leaves no timestamp, so If-Modified-Since alone never earns a 304 here.
    const lastModified = afterUnstar.headers.get("last-modified") ?? "";
    expect((await get(url, { "If-Modified-Since": lastModified })).status).toBe(200);
  });

  it("stops working when revoked or replaced; unknown tokens get 404", async () => {
    const { attendee, event, token } = await starred();
    expect(await findFeedOwner(t.db, token)).toEqual({ userId: attendee.id, eventId: event.id });
    const replacement = await issueFeedToken(t.db, attendee.id, event.id);
    expect(replacement).not.toBe(token);
    expect(await findFeedOwner(t.db, token)).toBeNull();
    const replaced = await get(`/calendar/${token}.ics`);
    expect(replaced.status).toBe(404);
    expect(await replaced.text()).toContain("calendar link doesn't work any more");
    expect((await get(`/calendar/${replacement}.ics`)).status).toBe(200);

    expect(await revokeFeedTokens(t.db, attendee.id, event.id)).toBe(1);
    expect((await get(`/calendar/${replacement}.ics`)).status).toBe(404);
    // A revoked token stays revoked even for a client holding a current ETag.
    expect((await get(`/calendar/${replacement}.ics`, { "If-None-Match": "*" })).status).toBe(404);
    for (const unknown of [randomToken(), "short", "%27%3B--"]) {
      expect((await get(`/calendar/${unknown}.ics`)).status, unknown).toBe(404);
    }
    // Only the hash is stored.
    const rows = await t.db.calendarFeedToken.findMany({ where: { userId: attendee.id } });
    expect(rows.map((r) => r.tokenHash).sort()).toEqual([hashToken(token), hashToken(replacement)].sort());
  });

  it("offers https, webcal and Google Calendar addresses", () => {
    const urls = personalFeedUrls(APP_URL, "summit-2027", "abc_-123");
    expect(urls).toEqual({
      https: `${APP_URL}/calendar/abc_-123.ics`,
      webcal: "webcal://summit.example.org/calendar/abc_-123.ics",
      google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent("webcal://summit.example.org/calendar/abc_-123.ics")}`,
    });
    expect(personalFeedUrls(`${APP_URL}/`, undefined, "abc_-123")).toEqual(urls);
  });
});
