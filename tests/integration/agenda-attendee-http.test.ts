// The attendees' agenda pages through the real server, while this process runs under
// TZ=Asia/Kolkata (vitest.config.ts): every time on a page must be the event's own.
import { describe, expect, it } from "vitest";
import { rsvp, starSession } from "~/modules/agenda/attendee.server.ts";
import { publishAgenda } from "~/modules/agenda/releases.server.ts";
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
import { pageText, setupTestServer } from "../support/http.ts";

const t = setupTestDatabase();
const server = setupTestServer(t);
const { request, logInAs } = server;
const MAIL = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>" };

async function programme({ seats = 20 } = {}) {
  const campus = await campusFactory(t.db, CAMPUSES.jacksonville);
  const event = await eventFactory(t.db, {
    campusId: campus.id,
    slug: "summit",
    name: "Social Media Summit",
    traits: ["published"],
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-28T17:00",
  });
  const organiser = await userFactory(t.db, { traits: ["organizer"] });
  const strategy = await trackFactory(t.db, { eventId: event.id, name: "Strategy & Leadership", position: 0 });
  const patients = await trackFactory(t.db, { eventId: event.id, name: "Patients & Caregivers", position: 1 });
  const hall = await roomFactory(t.db, { eventId: event.id, name: "Harbor Hall", hearingLoop: true, liveCaptioning: true });
  const studio = await roomFactory(t.db, { eventId: event.id, name: "Studio 3", capacity: 30, stepFree: false });
  const jose = await speakerFactory(t.db, { eventId: event.id, name: "José Ortega", title: "Nurse educator" });
  const session = (title: string, localStart: string, localEnd: string, extra: object = {}) =>
    agendaSessionFactory(t.db, { eventId: event.id, title, localStart, localEnd, traits: ["published"], ...extra });
  const keynote = await session("Opening keynote", "2027-09-27T09:00", "2027-09-27T10:00", {
    kind: "KEYNOTE",
    roomId: hall.id,
    speakerIds: [jose.id],
  });
  const policy = await session("Policy people read", "2027-09-27T10:30", "2027-09-27T11:30", {
    roomId: hall.id,
    trackId: strategy.id,
  });
  const stories = await session("Patient stories", "2027-09-27T11:00", "2027-09-27T12:00", {
    roomId: studio.id,
    trackId: patients.id,
  });
  const workshop = await session("Caption a video", "2027-09-28T13:00", "2027-09-28T15:00", {
    kind: "WORKSHOP",
    roomId: studio.id,
    trackId: patients.id,
    capacity: seats,
  });
  const draft = await agendaSessionFactory(t.db, {
    eventId: event.id,
    title: "Secret draft",
    localStart: "2027-09-28T09:00",
    localEnd: "2027-09-28T10:00",
  });
  await publishAgenda(t.db, organiser.id, event.id, MAIL);
  return { event, strategy, patients, hall, studio, jose, keynote, policy, stories, workshop, draft };
}

const form = (intent: string, sessionId: string) => ({ form: { intent, sessionId } });

describe("agenda page", () => {
  it("lists the released sessions with times in the event's zone, the zone named", async () => {
    // The process is in India (UTC+5:30); the event in New York (UTC-4 in September).
    expect(new Date("2027-09-27T13:00:00Z").getTimezoneOffset()).toBe(-330);
    await programme();
    const response = await request("/events/summit/agenda?day=2027-09-27");
    expect(response.status).toBe(200);
    const html = await pageText(response);
    expect(html).toContain("All times are in EDT (America/New_York)");
    expect(html).toContain("Monday 27 September 2027");
    expect(html).toContain("9:00 – 10:00 AM EDT");
    expect(html).toContain("10:30 – 11:30 AM EDT");
    for (const title of ["Opening keynote", "Policy people read", "Patient stories", "José Ortega", "Strategy & Leadership"]) {
      expect(html).toContain(title);
    }
    // The other day is a tab away; drafts are never shown.
    expect(html).not.toContain("Caption a video");
    expect(html).not.toContain("Secret draft");
  });

  it("filters by track, room, kind and text, and tells where the other matches are", async () => {
    const p = await programme();
    const byTrack = await pageText(await request(`/events/summit/agenda?day=2027-09-27&track=${p.patients.id}`));
    expect(byTrack).toContain("Patient stories");
    expect(byTrack).not.toContain("Policy people read");
    expect(byTrack).not.toContain("Opening keynote");
    // The workshop matches too, on Tuesday: the Tuesday tab counts it.
    expect(byTrack).toMatch(/Tuesday.*?28 September.*?1 session</s);

    const byRoomAndKind = await pageText(await request(`/events/summit/agenda?day=all&room=${p.studio.id}&kind=WORKSHOP`));
    expect(byRoomAndKind).toContain("Caption a video");
    expect(byRoomAndKind).not.toContain("Patient stories");

    const search = await pageText(await request("/events/summit/agenda?day=all&q=jose"));
    expect(search).toContain("Opening keynote");
    expect(search).not.toContain("Policy people read");

    const none = await pageText(await request("/events/summit/agenda?day=2027-09-27&q=astrophysics"));
    expect(none).toContain("No sessions match these filters");
    // Nonsense filters are dropped, not an error.
    expect((await request("/events/summit/agenda?day=someday&kind=PARTY")).status).toBe(200);
  });

  it("prints every day as a compact table", async () => {
    await programme();
    const html = await pageText(await request("/events/summit/agenda?print=1"));
    expect(html).toContain("<table");
    expect(html).toContain("Monday 27 September 2027");
    expect(html).toContain("Tuesday 28 September 2027");
    expect(html).toContain("1:00 – 3:00 PM EDT");
    // Paper gets the programme, not the site's navigation.
    expect(html).toMatch(/<header class="[^"]*print:hidden/);
  });

  it("says the programme is coming before the first release", async () => {
    const campus = await campusFactory(t.db);
    await eventFactory(t.db, { campusId: campus.id, slug: "soon", traits: ["published"] });
    const response = await request("/events/soon/agenda");
    expect(response.status).toBe(200);
    expect(await pageText(response)).toContain("The programme will appear here soon");
  });

  it("answers unknown or malformed slugs, sessions and speakers with 404", async () => {
    const p = await programme();
    const cookie = await logInAs((await userFactory(t.db)).email);
    for (const path of [
      "/events/nope/agenda",
      "/events/nope/speakers",
      "/events/nope/my-agenda",
      "/events/summit/sessions/nope",
      `/events/summit/sessions/${p.draft.id}`,
      "/events/summit/sessions/%27%3B--",
      "/events/summit/speakers/nope",
      "/events/summit/speakers/%E2%9C%93",
    ]) {
      const response = await request(path, { cookie });
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toContain("find that");
    }
  });
});

describe("stars", () => {
  it("need a login (and come back to the page), then work and are idempotent", async () => {
    const p = await programme();
    const anonymous = await request("/events/summit/agenda", form("star", p.keynote.id));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe("/login?redirectTo=%2Fevents%2Fsummit%2Fagenda");
    expect(await t.db.favourite.count()).toBe(0);

    const alex = await userFactory(t.db);
    const cookie = await logInAs(alex.email);
    for (let i = 0; i < 2; i++) {
      const starred = await request("/events/summit/agenda?day=2027-09-27", { cookie, ...form("star", p.keynote.id) });
      expect(starred.status).toBe(200);
    }
    expect(await t.db.favourite.findMany({ select: { sessionId: true } })).toEqual([{ sessionId: p.keynote.id }]);
    const page = await pageText(await request("/events/summit/agenda?day=2027-09-27", { cookie }));
    expect(page).toContain(" – remove “Opening keynote” from my agenda");

    // From the session page too; unstarring twice is as harmless.
    for (let i = 0; i < 2; i++) {
      expect((await request(`/events/summit/sessions/${p.keynote.id}`, { cookie, ...form("unstar", p.keynote.id) })).status).toBe(
        200,
      );
    }
    expect(await t.db.favourite.count()).toBe(0);
  });

  it("refuse drafts, unknown sessions and unknown buttons, changing nothing", async () => {
    const p = await programme();
    const cookie = await logInAs((await userFactory(t.db)).email);
    expect((await request("/events/summit/agenda", { cookie, ...form("star", p.draft.id) })).status).toBe(404);
    expect((await request("/events/summit/agenda", { cookie, ...form("star", "nope") })).status).toBe(404);
    expect((await request("/events/summit/agenda", { cookie, ...form("explode", p.keynote.id) })).status).toBe(400);
    expect((await request("/events/summit/agenda", { cookie, form: { intent: "star" } })).status).toBe(400);
    expect(await t.db.favourite.count()).toBe(0);
  });
});

describe("session page", () => {
  it("shows the room's accessibility, the speakers and a calendar file that works", async () => {
    const p = await programme();
    const response = await request(`/events/summit/sessions/${p.workshop.id}`);
    expect(response.status).toBe(200);
    const html = await pageText(response);
    expect(html).toContain("Tuesday 28 September 2027, 1:00 – 3:00 PM EDT");
    expect(html).toContain("Studio 3, Jacksonville campus");
    expect(html).toContain("No step-free access");
    expect(html).toContain("Workshop · 20 of 20 seats left");
    expect(html).toContain("Log in to reserve a seat");
    const ics = `/events/summit/sessions/${p.workshop.id}.ics`;
    expect(html).toContain(`href="${ics}"`);
    const calendar = await request(ics);
    expect(calendar.status).toBe(200);
    expect(calendar.headers.get("content-type")).toBe("text/calendar; charset=utf-8");

    const keynote = await pageText(await request(`/events/summit/sessions/${p.keynote.id}`));
    for (const text of ["Step-free access", "Hearing loop", "Live captioning", "José Ortega", "Nurse educator"]) {
      expect(keynote).toContain(text);
    }
    expect(keynote).toContain(`/events/summit/speakers/${p.jose.id}`);
  });

  it("takes a seat, says when the workshop is full and gives the seat back", async () => {
    const p = await programme({ seats: 1 });
    const path = `/events/summit/sessions/${p.workshop.id}`;
    const alex = await userFactory(t.db);
    const sam = await userFactory(t.db);
    const alexCookie = await logInAs(alex.email);
    const samCookie = await logInAs(sam.email);

    const taken = await request(path, { cookie: alexCookie, ...form("rsvp", p.workshop.id) });
    expect(taken.status).toBe(200);
    expect(await pageText(taken)).toContain("You have a seat at “Caption a video”.");

    const samPage = await pageText(await request(path, { cookie: samCookie }));
    expect(samPage).toContain("Workshop · Full");
    expect(samPage).toContain("This workshop is full.");
    expect(samPage).not.toContain("Reserve a seat");
    const agenda = await pageText(await request("/events/summit/agenda?day=2027-09-28", { cookie: samCookie }));
    expect(agenda).toContain("Workshop · Full");
    const refused = await request(path, { cookie: samCookie, ...form("rsvp", p.workshop.id) });
    expect(refused.status).toBe(422);
    expect(await pageText(refused)).toContain("This workshop is full.");

    expect((await request(path, { cookie: alexCookie, ...form("cancel-rsvp", p.workshop.id) })).status).toBe(200);
    expect((await request(path, { cookie: samCookie, ...form("rsvp", p.workshop.id) })).status).toBe(200);
    expect(await t.db.rsvp.findMany({ select: { userId: true } })).toEqual([{ userId: sam.id }]);
    expect((await t.db.agendaSession.findUniqueOrThrow({ where: { id: p.workshop.id } })).rsvpCount).toBe(1);
  });
});

describe("speaker pages", () => {
  it("list the programme's speakers and each one's sessions", async () => {
    const p = await programme();
    const list = await pageText(await request("/events/summit/speakers"));
    expect(list).toContain("José Ortega");
    const page = await pageText(await request(`/events/summit/speakers/${p.jose.id}`));
    expect(page).toContain("Nurse educator");
    expect(page).toContain("Opening keynote");
    expect(page).toContain("Monday 27 September 2027, 9:00 – 10:00 AM EDT");
  });
});

describe("my agenda", () => {
  it("needs a login, lists starred sessions by day and warns about overlaps", async () => {
    const p = await programme();
    const redirect = await request("/events/summit/my-agenda");
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe("/login?redirectTo=%2Fevents%2Fsummit%2Fmy-agenda");

    const alex = await userFactory(t.db);
    for (const s of [p.keynote, p.policy, p.stories]) await starSession(t.db, alex.id, s.id);
    await rsvp(t.db, alex.id, p.workshop.id);
    const html = await pageText(await request("/events/summit/my-agenda", { cookie: await logInAs(alex.email) }));
    expect(html).toContain("2 of your sessions overlap");
    expect(html).toMatch(/Overlaps with.*Patient stories.*\(11:00 AM – 12:00 PM EDT\)/s);
    expect(html).toContain("Tuesday 28 September 2027");
    expect(html).toContain("Your reserved seats");
    expect(html).toContain("Give back my seat");
  });

  it("makes a secret calendar link shown once, which revoking turns off", async () => {
    await programme();
    const alex = await userFactory(t.db);
    const cookie = await logInAs(alex.email);
    const made = await request("/events/summit/my-agenda", { cookie, form: { intent: "create-feed" } });
    expect(made.status).toBe(200);
    const html = await pageText(made);
    const webcal = html.match(/href="(webcal:\/\/[^"]+\/calendar\/[A-Za-z0-9_-]+\.ics)"/)?.[1];
    expect(webcal).toBeDefined();
    expect(html).toContain("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F");
    const feedPath = new URL((webcal as string).replace(/^webcal:/, "http:")).pathname;
    expect((await request(feedPath)).status).toBe(200);

    // Shown once: the page itself never has it again.
    const later = await pageText(await request("/events/summit/my-agenda", { cookie }));
    expect(later).not.toContain(feedPath);
    expect(later).toContain("You have a calendar link");

    expect((await request("/events/summit/my-agenda", { cookie, form: { intent: "revoke-feed" } })).status).toBe(200);
    expect((await request(feedPath)).status).toBe(404);
  });
});
