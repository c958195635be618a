// The organisers' agenda pages through the real server (built app on node:http) on the test database.
import { describe, expect, it } from "vitest";
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
import { pageHtml as html, setupTestServer } from "../support/http.ts";

const t = setupTestDatabase();
const { request, logInAs } = setupTestServer(t, {
  env: { APP_URL: "https://summit.example.org", MAIL_FROM: "Summit <agenda@summit.example.org>" },
});

async function summit() {
  const campus = await campusFactory(t.db, CAMPUSES.jacksonville);
  const event = await eventFactory(t.db, {
    campusId: campus.id,
    name: "Social Media Summit",
    traits: ["published"],
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-29T17:00",
  });
  const hall = await roomFactory(t.db, { eventId: event.id, name: "Hall", capacity: 300 });
  const organiser = await userFactory(t.db, { traits: ["organizer"] });
  const cookie = await logInAs(organiser.email);
  return { event, hall, organiser, cookie, agenda: `/admin/events/${event.id}/agenda` };
}

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

function speakerForm(fields: Record<string, string>, photo?: File) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (photo) form.append("photo", photo);
  return form;
}

describe("who may use the agenda pages", () => {
  it("gives an attendee 403 on every page and every form, and changes nothing", async () => {
    const { event, agenda } = await summit();
    const attendee = await logInAs((await userFactory(t.db)).email);
    for (const page of ["sessions", "sessions/new", "speakers", "speakers/new", "venue", "import", "releases"]) {
      expect((await request(`${agenda}/${page}`, { cookie: attendee })).status, page).toBe(403);
    }
    const posts = [
      request(`${agenda}/venue`, { cookie: attendee, form: { intent: "save-room", name: "Sneaky", capacity: "5" } }),
      request(`${agenda}/releases`, { cookie: attendee, form: {} }),
      request(`${agenda}/sessions/new`, {
        cookie: attendee,
        form: { title: "Sneaky", kind: "TALK", startsAt: "2027-09-27T09:00", endsAt: "2027-09-27T10:00" },
      }),
    ];
    for (const response of await Promise.all(posts)) expect(response.status).toBe(403);
    expect(await t.db.room.count({ where: { eventId: event.id } })).toBe(1);
    expect(await t.db.agendaSession.count()).toBe(0);
    expect(await t.db.agendaRelease.count()).toBe(0);
  });

  it("answers unknown, malformed and other events' ids with 404", async () => {
    const { agenda, cookie } = await summit();
    const other = await eventFactory(t.db);
    const foreignSession = await agendaSessionFactory(t.db, {
      eventId: other.id,
      localStart: "2027-01-01T09:00",
      localEnd: "2027-01-01T10:00",
    });
    const foreignSpeaker = await speakerFactory(t.db, { eventId: other.id });
    for (const p of [
      `${agenda}/sessions/${foreignSession.id}`,
      `${agenda}/sessions/no-such-session`,
      `${agenda}/speakers/${foreignSpeaker.id}`,
      `${agenda}/speakers/%27%3B--`,
      "/admin/events/no-such-event/agenda/sessions",
      "/admin/events/no-such-event/agenda/releases",
    ]) {
      expect((await request(p, { cookie })).status, p).toBe(404);
    }
    // Posting to another event's session through this event's URL changes nothing.
    const edit = await request(`${agenda}/sessions/${foreignSession.id}`, {
      cookie,
      form: { title: "Hijacked", kind: "TALK", startsAt: "2027-09-27T09:00", endsAt: "2027-09-27T10:00" },
    });
    expect(edit.status).toBe(404);
    const remove = await request(`${agenda}/sessions/${foreignSession.id}`, { cookie, form: { intent: "delete" } });
    expect(remove.status).toBe(404);
    expect((await t.db.agendaSession.findUniqueOrThrow({ where: { id: foreignSession.id } })).title).toBe(foreignSession.title);
  });
});

describe("session forms", () => {
  it("refuse bad input with a clear message and create nothing", async () => {
    const { event, agenda, cookie, hall } = await summit();
    const other = await eventFactory(t.db);
    const foreignRoom = await roomFactory(t.db, { eventId: other.id, name: "Elsewhere" });
    const speaker = await speakerFactory(t.db, { eventId: event.id });
    const valid = {
      title: "Patients as partners",
      kind: "TALK",
      status: "DRAFT",
      startsAt: "2027-09-27T09:00",
      endsAt: "2027-09-27T10:00",
      roomId: hall.id,
      speakerIds: [speaker.id],
    };
    for (const [change, status, message] of [
      [{ endsAt: "2027-09-27T08:30" }, 400, "The end must be after the start"],
      [{ kind: "TALK", capacity: "20" }, 400, "Only workshops take RSVPs"],
      [{ roomId: "no-such-room" }, 422, "That room isn&#x27;t one of this event&#x27;s rooms"],
      [{ roomId: foreignRoom.id }, 422, "That room isn&#x27;t one of this event&#x27;s rooms"],
      [{ speakerIds: [speaker.id, "no-such-speaker"] }, 422, "One speaker isn&#x27;t among this event&#x27;s speakers"],
    ] as [Record<string, string | string[]>, number, string][]) {
      const response = await request(`${agenda}/sessions/new`, { cookie, form: { ...valid, ...change } });
      expect(response.status, JSON.stringify(change)).toBe(status);
      expect(await html(response)).toContain(message);
    }
    expect(await t.db.agendaSession.count()).toBe(0);

    const created = await request(`${agenda}/sessions/new`, { cookie, form: valid });
    expect(created.status).toBe(302);
    const session = await t.db.agendaSession.findFirstOrThrow({ include: { speakers: true } });
    expect(session.startsAt.toISOString()).toBe("2027-09-27T13:00:00.000Z");
    expect(session.speakers.map((s) => s.speakerId)).toEqual([speaker.id]);

    const page = await html(await request(`${agenda}/sessions/${session.id}`, { cookie }));
    expect(page).toContain('value="2027-09-27T09:00"');
  });

  it("lists sessions with inline conflict badges and filters", async () => {
    const { event, agenda, cookie, hall } = await summit();
    await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      title: "Keynote",
      localStart: "2027-09-27T09:00",
      localEnd: "2027-09-27T10:00",
    });
    await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      title: "Clashing panel",
      localStart: "2027-09-27T09:30",
      localEnd: "2027-09-27T10:30",
    });
    await agendaSessionFactory(t.db, {
      eventId: event.id,
      title: "Second day talk",
      localStart: "2027-09-28T09:00",
      localEnd: "2027-09-28T10:00",
    });
    const all = await html(await request(`${agenda}/sessions`, { cookie }));
    expect(all).toContain("Room double-booked");
    expect(all).toContain("Hall is double-booked: “Keynote” and “Clashing panel” overlap.");
    expect(all).toContain("<caption");
    const dayTwo = await html(await request(`${agenda}/sessions?day=2027-09-28&status=bogus`, { cookie }));
    expect(dayTwo).toContain("Second day talk");
    expect(dayTwo).not.toContain("Clashing panel");
  });
});

describe("speaker photos", () => {
  it("uploads a photo checked by its bytes and serves it with its type, ETag and cache headers", async () => {
    const { event, agenda, cookie } = await summit();
    const created = await request(`${agenda}/speakers/new`, {
      cookie,
      multipart: speakerForm({ name: "Dr. Maya Lee", title: "Cardiologist" }, new File([PNG], "maya.png", { type: "image/png" })),
    });
    expect(created.status).toBe(302);
    const speaker = await t.db.speaker.findFirstOrThrow({ where: { eventId: event.id } });
    expect(speaker.photoType).toBe("image/png");

    const photo = await request(`/speakers/${speaker.id}/photo`);
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/png");
    expect(photo.headers.get("cache-control")).toContain("must-revalidate");
    expect(Buffer.from(await photo.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);
    const etag = photo.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"[a-z0-9]+"$/);
    const again = await request(`/speakers/${speaker.id}/photo`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    // The admin list links a versioned address, which browsers may keep for a year.
    const list = await html(await request(`${agenda}/speakers`, { cookie }));
    const versioned = list.match(/\/speakers\/[^"]+\/photo\?v=[a-z0-9]+/)?.[0] ?? "";
    expect(versioned).not.toBe("");
    expect((await request(versioned)).headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("refuses a text file named .png and an oversized photo, keeping the old photo", async () => {
    const { event, agenda, cookie } = await summit();
    const speaker = await speakerFactory(t.db, { eventId: event.id, name: "Kim Ortiz", photo: PNG, photoType: "image/png" });
    const page = `${agenda}/speakers/${speaker.id}`;
    const fake = await request(page, {
      cookie,
      multipart: speakerForm({ name: "Kim Ortiz" }, new File(["not an image, honest"], "notes.png", { type: "image/png" })),
    });
    expect(fake.status).toBe(422);
    expect(await html(fake)).toContain("“notes.png” isn&#x27;t a JPEG, PNG or WebP image");

    const huge = new Uint8Array(2 * 1024 * 1024 + 10);
    huge.set(PNG);
    const oversized = await request(page, {
      cookie,
      multipart: speakerForm({ name: "Kim Ortiz Renamed" }, new File([huge], "big.png", { type: "image/png" })),
    });
    expect(oversized.status).toBe(413);
    expect(await html(oversized)).toContain("The photo must be 2 MB or smaller");

    const wrongType = await request(page, {
      cookie,
      multipart: speakerForm({ name: "Kim Ortiz" }, new File(["GIF89a"], "anim.gif", { type: "image/gif" })),
    });
    expect(wrongType.status).toBe(400);
    expect(await html(wrongType)).toContain("The photo must be a JPEG, PNG or WebP image");

    const stored = await t.db.speaker.findUniqueOrThrow({ where: { id: speaker.id } });
    expect(stored.name).toBe("Kim Ortiz");
    expect(Buffer.from(stored.photo ?? []).equals(Buffer.from(PNG))).toBe(true);
  });

  it("404s a speaker without a photo and an unknown speaker", async () => {
    const { event } = await summit();
    const speaker = await speakerFactory(t.db, { eventId: event.id });
    expect((await request(`/speakers/${speaker.id}/photo`)).status).toBe(404);
    expect((await request("/speakers/nope/photo")).status).toBe(404);
  });
});

describe("CSV import", () => {
  it("previews row errors with line numbers, refuses to commit a broken file, then imports a good one", async () => {
    const { event, agenda, cookie } = await summit();
    await speakerFactory(t.db, { eventId: event.id, name: "Dr. Maya Lee" });
    const upload = (intent: string, text: string, asFile: boolean) => {
      const form = new FormData();
      form.append("intent", intent);
      form.append("kind", "sessions");
      if (asFile) form.append("file", new File([text], "agenda.csv", { type: "text/csv" }));
      else form.append("text", text);
      return request(`${agenda}/import`, { cookie, multipart: form });
    };
    const broken = [
      "title,kind,start,end,room,speakers",
      "Keynote,keynote,2027-09-27 09:00,2027-09-27 10:00,Hall,Dr. Maya Lee",
      "Backwards,talk,2027-09-27 11:00,2027-09-27 10:00,Hall,",
      "Lost,talk,2027-09-27 12:00,2027-09-27 13:00,Basement,",
    ].join("\n");
    const preview = await upload("preview", broken, true);
    expect(preview.status).toBe(200);
    const shown = await html(preview);
    expect(shown).toContain("1 session ready, 2 rows with errors");
    expect(shown).toContain("end: The end must be after the start");
    expect(shown).toContain("room: No room named “Basement” in this event.");
    expect(shown).not.toContain("Import 1 session");

    const forced = await upload("commit", broken, false);
    expect(forced.status).toBe(422);
    expect(await html(forced)).toContain("Nothing was imported: 2 rows have errors (first on line 3).");
    expect(await t.db.agendaSession.count()).toBe(0);

    const good = broken.split("\n").slice(0, 2).join("\n");
    expect(await html(await upload("preview", good, true))).toContain("Import 1 session");
    const committed = await upload("commit", good, false);
    expect(committed.status).toBe(302);
    expect(committed.headers.get("location")).toBe(`${agenda}/sessions`);
    expect(await t.db.agendaSession.count()).toBe(1);
  });
});

describe("publishing", () => {
  it("is refused while a published session is in conflict, then publishes and queues the attendees' emails", async () => {
    const { event, agenda, cookie, hall } = await summit();
    const keynote = await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      title: "Keynote",
      traits: ["published"],
      localStart: "2027-09-27T09:00",
      localEnd: "2027-09-27T10:00",
    });
    const clash = await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      title: "Clash",
      traits: ["published"],
      localStart: "2027-09-27T09:30",
      localEnd: "2027-09-27T10:30",
    });
    const page = await html(await request(`${agenda}/releases`, { cookie }));
    expect(page).toContain("Blocks publishing");
    expect(page).toMatch(/<button[^>]*disabled=""[^>]*>Publish release 1/);
    const refused = await request(`${agenda}/releases`, { cookie, form: {} });
    expect(refused.status).toBe(422);
    expect(await html(refused)).toContain("Fix 1 conflict before publishing");
    expect(await t.db.agendaRelease.count()).toBe(0);

    await t.db.agendaSession.update({ where: { id: clash.id }, data: { startsAt: new Date("2027-09-27T15:00:00Z") } });
    expect((await request(`${agenda}/releases`, { cookie, form: {} })).status).toBe(302);
    const attendee = await userFactory(t.db, { email: "fan@example.org" });
    await t.db.favourite.create({ data: { userId: attendee.id, sessionId: keynote.id } });
    await t.db.agendaSession.update({ where: { id: keynote.id }, data: { status: "CANCELLED" } });
    const second = await request(`${agenda}/releases`, { cookie, form: {} });
    expect(second.status).toBe(302);
    expect(await t.db.agendaRelease.count()).toBe(2);
    const [email] = await t.db.emailOutbox.findMany();
    expect(email).toMatchObject({ toAddress: "fan@example.org", fromAddress: "Summit <agenda@summit.example.org>" });
    expect(email.html).toContain(`https://summit.example.org/events/${event.slug}/agenda`);
    const history = await html(await request(`${agenda}/releases`, { cookie }));
    expect(history).toContain("Release 2");
    expect(history).toContain("cancelled");
  });
});

describe("rooms and tracks", () => {
  it("adds a room, refuses a duplicate name and refuses deleting a room in use", async () => {
    const { event, agenda, cookie, hall } = await summit();
    const added = await request(`${agenda}/venue`, {
      cookie,
      form: { intent: "save-room", name: "Studio", capacity: "30", stepFree: "on", liveCaptioning: "on" },
    });
    expect(added.status).toBe(302);
    expect(await t.db.room.findFirst({ where: { name: "Studio" } })).toMatchObject({
      capacity: 30,
      stepFree: true,
      hearingLoop: false,
      liveCaptioning: true,
    });
    const duplicate = await request(`${agenda}/venue`, { cookie, form: { intent: "save-room", name: "hall", capacity: "10" } });
    expect(duplicate.status).toBe(422);
    expect(await html(duplicate)).toContain("Another room of this event already has this name.");
    await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      localStart: "2027-09-27T09:00",
      localEnd: "2027-09-27T10:00",
    });
    const inUse = await request(`${agenda}/venue`, { cookie, form: { intent: "delete-room", roomId: hall.id } });
    expect(inUse.status).toBe(422);
    expect(await html(inUse)).toContain("Hall has 1 session: move or delete them first.");
    const track = await request(`${agenda}/venue`, {
      cookie,
      form: { intent: "save-track", name: "Patients", color: "#A23B72" },
    });
    expect(track.status).toBe(302);
    expect(await t.db.room.count({ where: { eventId: event.id } })).toBe(2);
    expect(await t.db.track.findFirst({ where: { eventId: event.id } })).toMatchObject({ name: "Patients", color: "#a23b72" });
  });
});
