import { describe, expect, it } from "vitest";
import { roomSchema, sessionSchema, speakerSchema, trackSchema } from "~/modules/agenda/agenda.schema.ts";
import { commitImport, previewImport } from "~/modules/agenda/csv-import.server.ts";
import { publishAgenda, releasesOverview } from "~/modules/agenda/releases.server.ts";
import { deleteSession, getSessionForEdit, listSessionsForAdmin, saveSession } from "~/modules/agenda/sessions.server.ts";
import {
  deleteSpeaker,
  getSpeakerPhoto,
  listSpeakers,
  removeSpeakerPhoto,
  saveSpeaker,
  sniffImageType,
} from "~/modules/agenda/speakers.server.ts";
import { deleteRoom, deleteTrack, getVenue, saveRoom, saveTrack } from "~/modules/agenda/venue.server.ts";
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

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const WEBP = Uint8Array.from([0x52, 0x49, 0x46, 0x46, 8, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x20]);

async function summit() {
  const campus = await campusFactory(t.db, CAMPUSES.jacksonville);
  const event = await eventFactory(t.db, {
    campusId: campus.id,
    name: "Social Media Summit",
    traits: ["published"],
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-29T17:00",
  });
  const organiser = await userFactory(t.db, { traits: ["organizer"] });
  const hall = await roomFactory(t.db, { eventId: event.id, name: "Hall", capacity: 300 });
  const studio = await roomFactory(t.db, { eventId: event.id, name: "Studio", capacity: 30 });
  return { campus, event, organiser, hall, studio };
}

const sessionInput = (overrides: Record<string, unknown> = {}) =>
  sessionSchema.parse({
    title: "Patients as partners",
    kind: "TALK",
    startsAt: "2027-09-27T09:00",
    endsAt: "2027-09-27T10:00",
    status: "DRAFT",
    ...overrides,
  });

/** Everything an organiser's edit could change, to prove a refused edit changed nothing. */
async function agendaState() {
  const [sessions, speakers, rooms, tracks, links, audit] = await Promise.all([
    t.db.agendaSession.findMany({ orderBy: { id: "asc" } }),
    t.db.speaker.findMany({ orderBy: { id: "asc" } }),
    t.db.room.findMany({ orderBy: { id: "asc" } }),
    t.db.track.findMany({ orderBy: { id: "asc" } }),
    t.db.sessionSpeaker.findMany({ orderBy: [{ sessionId: "asc" }, { speakerId: "asc" }] }),
    t.db.auditLog.count(),
  ]);
  return { sessions, speakers, rooms, tracks, links, audit };
}

/** Runs `work` after reading the state, so the refusal can be shown to change nothing. */
async function expectRefused(work: () => Promise<unknown>, message: RegExp, field?: string) {
  const before = await agendaState();
  const error = await work().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RuleViolation);
  expect((error as RuleViolation).message).toMatch(message);
  if (field) expect((error as RuleViolation).field).toBe(field);
  expect(await agendaState()).toEqual(before);
}

describe("rooms and tracks", () => {
  it("creates, renames and deletes, each with an audit entry", async () => {
    const { event, organiser } = await summit();
    const room = await saveRoom(
      t.db,
      organiser.id,
      event.id,
      roomSchema.parse({ intent: "save-room", name: "Atrium", capacity: 120, hearingLoop: true }),
    );
    expect(room).toMatchObject({ name: "Atrium", capacity: 120, hearingLoop: true, stepFree: false, liveCaptioning: false });
    await saveRoom(
      t.db,
      organiser.id,
      event.id,
      roomSchema.parse({ intent: "save-room", roomId: room.id, name: "Atrium East", capacity: 90, stepFree: true }),
    );
    const track = await saveTrack(
      t.db,
      organiser.id,
      event.id,
      trackSchema.parse({ intent: "save-track", name: "Patients", color: "#A23B72" }),
    );
    expect(track.color).toBe("#a23b72");
    const venue = await getVenue(t.db, event.id);
    expect(venue.rooms.map((r) => [r.name, r.capacity, r.stepFree])).toEqual([
      ["Hall", 300, true],
      ["Studio", 30, true],
      ["Atrium East", 90, true],
    ]);
    await deleteRoom(t.db, organiser.id, event.id, room.id);
    await deleteTrack(t.db, organiser.id, event.id, track.id);
    const audit = await t.db.auditLog.findMany({ orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual([
      "room.created",
      "room.updated",
      "track.created",
      "room.deleted",
      "track.deleted",
    ]);
  });

  it("refuses a duplicate name, and deleting a room or track that sessions use", async () => {
    const { event, organiser, hall } = await summit();
    const track = await trackFactory(t.db, { eventId: event.id, name: "Clinicians" });
    await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      trackId: track.id,
      localStart: "2027-09-27T09:00",
      localEnd: "2027-09-27T10:00",
    });
    await expectRefused(
      () => saveRoom(t.db, organiser.id, event.id, roomSchema.parse({ intent: "save-room", name: "hall", capacity: 10 })),
      /already has this name/,
      "name",
    );
    await expectRefused(() => deleteRoom(t.db, organiser.id, event.id, hall.id), /Hall has 1 session: move or delete them first/);
    await expectRefused(() => deleteTrack(t.db, organiser.id, event.id, track.id), /Clinicians has 1 session/);
  });

  it("treats another event's room as not found", async () => {
    const { organiser, hall } = await summit();
    const other = await eventFactory(t.db);
    await expect(deleteRoom(t.db, organiser.id, other.id, hall.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      saveRoom(t.db, organiser.id, other.id, roomSchema.parse({ intent: "save-room", roomId: hall.id, name: "X", capacity: 1 })),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await t.db.room.findUniqueOrThrow({ where: { id: hall.id } })).name).toBe("Hall");
  });
});

describe("speakers", () => {
  const photo = (bytes: Uint8Array, name: string, type: string) => new File([bytes as Uint8Array<ArrayBuffer>], name, { type });

  it("recognises JPEG, PNG and WebP by their bytes, and nothing else", () => {
    expect(sniffImageType(JPEG)).toBe("image/jpeg");
    expect(sniffImageType(PNG)).toBe("image/png");
    expect(sniffImageType(WEBP)).toBe("image/webp");
    expect(sniffImageType(new TextEncoder().encode("hello, I am not a picture"))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
  });

  it("stores a photo with the type its bytes show, and handles only when given", async () => {
    const { event, organiser } = await summit();
    const input = speakerSchema.parse({
      name: "Dr. Maya Lee",
      title: "Cardiologist",
      x: "@mayalee",
      linkedin: "",
      photo: photo(WEBP, "maya.webp", "image/webp"),
    });
    const speaker = await saveSpeaker(t.db, organiser.id, event.id, input);
    const stored = await t.db.speaker.findUniqueOrThrow({ where: { id: speaker.id } });
    expect(stored.photoType).toBe("image/webp");
    expect(stored.handles).toEqual({ x: "@mayalee" });
    expect(Buffer.from(stored.photo ?? []).equals(Buffer.from(WEBP))).toBe(true);
    const served = await getSpeakerPhoto(t.db, speaker.id);
    expect(served.type).toBe("image/webp");

    // Saving without a new photo keeps the old one; removing it is its own action.
    await saveSpeaker(t.db, organiser.id, event.id, speakerSchema.parse({ name: "Dr. Maya Lee", title: "Chief" }), speaker.id);
    expect((await t.db.speaker.findUniqueOrThrow({ where: { id: speaker.id } })).photoType).toBe("image/webp");
    await removeSpeakerPhoto(t.db, organiser.id, event.id, speaker.id);
    await expect(getSpeakerPhoto(t.db, speaker.id)).rejects.toBeInstanceOf(NotFoundError);
    const [listed] = await listSpeakers(t.db, event.id);
    expect(listed).toMatchObject({ name: "Dr. Maya Lee", title: "Chief", photoUrl: null, sessions: 0 });
  });

  it("refuses a text file named .png, an oversized photo and a duplicate name, and changes nothing", async () => {
    const { event, organiser } = await summit();
    const existing = await speakerFactory(t.db, { eventId: event.id, name: "Kim Ortiz" });
    const fake = photo(new TextEncoder().encode("just some notes, not an image"), "notes.png", "image/png");
    await expectRefused(
      () => saveSpeaker(t.db, organiser.id, event.id, { ...speakerSchema.parse({ name: "New Person" }), photo: fake }),
      /“notes.png” isn't a JPEG, PNG or WebP image \(its contents don't match its type image\/png\)/,
      "photo",
    );
    const huge = new Uint8Array(2 * 1024 * 1024 + 1);
    huge.set(PNG);
    // The schema stops it first (and in the browser); the domain checks again for callers without it.
    expect(
      speakerSchema.safeParse({ name: "Big Photo", photo: photo(huge, "big.png", "image/png") }).error?.issues[0].message,
    ).toBe("The photo must be 2 MB or smaller");
    await expectRefused(
      () =>
        saveSpeaker(t.db, organiser.id, event.id, {
          ...speakerSchema.parse({ name: "Big Photo" }),
          photo: photo(huge, "big.png", "image/png"),
        }),
      /The photo is 2.0 MB; the limit is 2 MB/,
      "photo",
    );
    await expectRefused(
      () => saveSpeaker(t.db, organiser.id, event.id, speakerSchema.parse({ name: "kim ortiz" })),
      /Another speaker of this event already has this name/,
      "name",
    );
    expect((await t.db.speaker.findUniqueOrThrow({ where: { id: existing.id } })).photo).toBeNull();
  });

  it("refuses to delete a speaker who is on a session", async () => {
    const { event, organiser } = await summit();
    const speaker = await speakerFactory(t.db, { eventId: event.id, name: "Kim Ortiz" });
    const session = await agendaSessionFactory(t.db, {
      eventId: event.id,
      speakerIds: [speaker.id],
      localStart: "2027-09-27T09:00",
      localEnd: "2027-09-27T10:00",
    });
    await expectRefused(() => deleteSpeaker(t.db, organiser.id, event.id, speaker.id), /Kim Ortiz speaks in 1 session/);
    await t.db.agendaSession.delete({ where: { id: session.id } });
    await deleteSpeaker(t.db, organiser.id, event.id, speaker.id);
    expect(await t.db.speaker.count()).toBe(0);
  });
});

describe("sessions", () => {
  it("stores wall-clock times in the event's zone as UTC, with speakers in order", async () => {
    const { event, organiser, hall } = await summit();
    const a = await speakerFactory(t.db, { eventId: event.id, name: "A" });
    const b = await speakerFactory(t.db, { eventId: event.id, name: "B" });
    const session = await saveSession(
      t.db,
      organiser.id,
      event.id,
      sessionInput({ roomId: hall.id, speakerIds: [b.id, a.id, b.id] }),
    );
    // 09:00 EDT is 13:00 UTC whatever the process zone (tests run in Asia/Kolkata).
    expect(session.startsAt.toISOString()).toBe("2027-09-27T13:00:00.000Z");
    expect(session.endsAt.toISOString()).toBe("2027-09-27T14:00:00.000Z");
    const edit = await getSessionForEdit(t.db, event.id, session.id);
    expect(edit.session).toMatchObject({ startsAt: "2027-09-27T09:00", endsAt: "2027-09-27T10:00", speakerIds: [b.id, a.id] });

    await saveSession(t.db, organiser.id, event.id, sessionInput({ roomId: hall.id, speakerIds: [a.id] }), session.id);
    const links = await t.db.sessionSpeaker.findMany({ where: { sessionId: session.id } });
    expect(links.map((l) => l.speakerId)).toEqual([a.id]);
    expect(await t.db.auditLog.count({ where: { subjectId: session.id } })).toBe(2);
  });

  it("reads times across a DST change in the event's zone and refuses a time the clocks skip", async () => {
    const campus = await campusFactory(t.db, CAMPUSES.rochester);
    const event = await eventFactory(t.db, { campusId: campus.id, localStart: "2027-11-06T08:00", localEnd: "2027-11-08T17:00" });
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    // First Sunday of November: CDT (UTC−5) until 2:00, then CST (UTC−6).
    const session = await saveSession(
      t.db,
      organiser.id,
      event.id,
      sessionInput({ startsAt: "2027-11-07T09:00", endsAt: "2027-11-07T10:00" }),
    );
    expect(session.startsAt.toISOString()).toBe("2027-11-07T15:00:00.000Z");
    const spring = await eventFactory(t.db, {
      campusId: campus.id,
      localStart: "2027-03-13T08:00",
      localEnd: "2027-03-15T17:00",
    });
    await expectRefused(
      () =>
        saveSession(t.db, organiser.id, spring.id, sessionInput({ startsAt: "2027-03-14T02:30", endsAt: "2027-03-14T03:30" })),
      /That start time doesn't exist in America\/Chicago/,
      "startsAt",
    );
  });

  it("refuses bad input and changes nothing: end before start, unknown or foreign room, track and speaker", async () => {
    const { event, organiser, hall } = await summit();
    const other = await eventFactory(t.db);
    const foreignRoom = await roomFactory(t.db, { eventId: other.id });
    const foreignTrack = await trackFactory(t.db, { eventId: other.id });
    const foreignSpeaker = await speakerFactory(t.db, { eventId: other.id });
    const speaker = await speakerFactory(t.db, { eventId: event.id });
    const existing = await saveSession(t.db, organiser.id, event.id, sessionInput({ roomId: hall.id, speakerIds: [speaker.id] }));

    expect(sessionSchema.safeParse({ ...sessionInput(), endsAt: "2027-09-27T08:00" }).error?.issues[0]).toMatchObject({
      path: ["endsAt"],
      message: "The end must be after the start",
    });
    // A schema-valid but equal start and end reaches the domain rule (the check after zone conversion).
    await expectRefused(
      () => saveSession(t.db, organiser.id, event.id, { ...sessionInput(), endsAt: "2027-09-27T09:00" }),
      /The end must be after the start/,
      "endsAt",
    );
    for (const [change, message, field] of [
      [{ roomId: "no-such-room" }, /That room isn't one of this event's rooms/, "roomId"],
      [{ roomId: foreignRoom.id }, /That room isn't one of this event's rooms/, "roomId"],
      [{ trackId: foreignTrack.id }, /That track isn't one of this event's tracks/, "trackId"],
      [{ speakerIds: [speaker.id, "no-such-speaker"] }, /One speaker isn't among this event's speakers/, "speakerIds"],
      [{ speakerIds: [foreignSpeaker.id] }, /One speaker isn't among this event's speakers/, "speakerIds"],
    ] as const) {
      await expectRefused(() => saveSession(t.db, organiser.id, event.id, sessionInput(change)), message, field);
      await expectRefused(() => saveSession(t.db, organiser.id, event.id, sessionInput(change), existing.id), message, field);
    }
  });

  it("keeps capacity for workshops only, and never below the RSVPs already taken", async () => {
    const { event, organiser, studio } = await summit();
    expect(sessionSchema.safeParse({ ...sessionInput(), kind: "TALK", capacity: 20 }).error?.issues[0]).toMatchObject({
      path: ["capacity"],
      message: "Only workshops take RSVPs: leave the seats blank for other kinds",
    });
    const workshop = await saveSession(
      t.db,
      organiser.id,
      event.id,
      sessionInput({ kind: "WORKSHOP", capacity: 20, roomId: studio.id }),
    );
    await t.db.agendaSession.update({ where: { id: workshop.id }, data: { rsvpCount: 12 } });
    await expectRefused(
      () =>
        saveSession(
          t.db,
          organiser.id,
          event.id,
          sessionInput({ kind: "WORKSHOP", capacity: 10, roomId: studio.id }),
          workshop.id,
        ),
      /12 people have RSVP'd: keep it a workshop with at least 12 seats/,
      "capacity",
    );
    await expectRefused(
      () => saveSession(t.db, organiser.id, event.id, sessionInput({ kind: "TALK", roomId: studio.id }), workshop.id),
      /12 people have RSVP'd/,
      "capacity",
    );
    // More seats than the room holds is a conflict shown on the agenda, not a refusal.
    await saveSession(
      t.db,
      organiser.id,
      event.id,
      sessionInput({ kind: "WORKSHOP", capacity: 45, roomId: studio.id }),
      workshop.id,
    );
    const list = await listSessionsForAdmin(t.db, event.id, {});
    expect(list.sessions[0].conflicts.map((c) => c.message)).toEqual([
      "“Patients as partners” offers 45 seats but Studio holds 30.",
    ]);
  });

  it("treats another event's session as not found", async () => {
    const { event, organiser } = await summit();
    const other = await eventFactory(t.db);
    const foreign = await agendaSessionFactory(t.db, {
      eventId: other.id,
      localStart: "2027-01-01T09:00",
      localEnd: "2027-01-01T10:00",
    });
    await expect(getSessionForEdit(t.db, event.id, foreign.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(saveSession(t.db, organiser.id, event.id, sessionInput(), foreign.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteSession(t.db, organiser.id, event.id, foreign.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.db.agendaSession.count()).toBe(1);
  });

  it("deletes drafts, but asks to cancel a session attendees can see", async () => {
    const { event, organiser, hall } = await summit();
    const shown = await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      title: "Keynote",
      traits: ["published"],
      localStart: "2027-09-27T09:00",
      localEnd: "2027-09-27T10:00",
    });
    const draft = await agendaSessionFactory(t.db, {
      eventId: event.id,
      localStart: "2027-09-27T11:00",
      localEnd: "2027-09-27T12:00",
    });
    await publishAgenda(t.db, organiser.id, event.id);
    await expectRefused(
      () => deleteSession(t.db, organiser.id, event.id, shown.id),
      /“Keynote” is in the published agenda \(release 1\)\. Set its status to cancelled instead/,
    );
    await deleteSession(t.db, organiser.id, event.id, draft.id);
    expect(await t.db.agendaSession.findMany({ select: { id: true } })).toEqual([{ id: shown.id }]);
  });

  it("lists sessions with conflict badges computed over the whole agenda, then filtered", async () => {
    const { event, hall, studio } = await summit();
    const track = await trackFactory(t.db, { eventId: event.id, name: "Patients" });
    const lee = await speakerFactory(t.db, { eventId: event.id, name: "Dr. Lee" });
    const a = await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      trackId: track.id,
      title: "A",
      traits: ["published"],
      speakerIds: [lee.id],
      localStart: "2027-09-27T09:00",
      localEnd: "2027-09-27T10:00",
    });
    await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: studio.id,
      title: "B",
      speakerIds: [lee.id],
      localStart: "2027-09-27T09:30",
      localEnd: "2027-09-27T10:30",
    });
    await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      title: "C",
      localStart: "2027-09-28T09:00",
      localEnd: "2027-09-28T10:00",
    });
    const all = await listSessionsForAdmin(t.db, event.id, {});
    expect(all.days).toEqual(["2027-09-27", "2027-09-28", "2027-09-29"]);
    expect(all.sessions.map((s) => [s.title, s.conflicts.map((c) => c.kind)])).toEqual([
      ["A", ["speaker-double-booked"]],
      ["B", ["speaker-double-booked"]],
      ["C", []],
    ]);
    expect([all.conflictCount, all.blockingCount]).toEqual([1, 1]);
    const filtered = await listSessionsForAdmin(t.db, event.id, { trackId: track.id, day: "2027-09-27", status: "PUBLISHED" });
    expect(filtered.sessions.map((s) => [s.id, s.track?.name, s.conflicts.length])).toEqual([[a.id, "Patients", 1]]);
    expect(
      (await listSessionsForAdmin(t.db, event.id, { day: "2027-09-28", roomId: hall.id })).sessions.map((s) => s.title),
    ).toEqual(["C"]);
  });
});

describe("CSV import", () => {
  const speakersCsv = [
    "Name,Title,Organization,Bio,X",
    "Dr. Maya Lee,Cardiologist,Heart Clinic,,@mayalee",
    '"Ortiz, Kim",Patient advocate,"Voices, Inc.","Writes about ""living well"".",',
    "",
    "Sam Patel,Nurse,,,",
  ].join("\n");

  it("previews speakers, then imports them all, updating one that exists by name", async () => {
    const { event, organiser } = await summit();
    await speakerFactory(t.db, { eventId: event.id, name: "Sam Patel", title: "Old title", bio: "Kept" });
    const preview = await previewImport(t.db, event.id, "speakers", speakersCsv);
    expect(preview.fileErrors).toEqual([]);
    expect(preview.errors).toEqual([]);
    expect(preview.rows.map((r) => [r.line, "name" in r ? r.name : "", "action" in r ? r.action : ""])).toEqual([
      [2, "Dr. Maya Lee", "new"],
      [3, "Ortiz, Kim", "new"],
      [5, "Sam Patel", "update"],
    ]);
    expect(await t.db.speaker.count()).toBe(1);

    expect(await commitImport(t.db, organiser.id, event.id, "speakers", speakersCsv)).toEqual({
      kind: "speakers",
      created: 2,
      updated: 1,
    });
    const speakers = await t.db.speaker.findMany({ orderBy: { name: "asc" } });
    expect(speakers.map((s) => [s.name, s.title, s.organisation, s.bio, s.handles])).toEqual([
      ["Dr. Maya Lee", "Cardiologist", "Heart Clinic", "", { x: "@mayalee" }],
      ["Ortiz, Kim", "Patient advocate", "Voices, Inc.", 'Writes about "living well".', {}],
      ["Sam Patel", "Nurse", "", "", {}],
    ]);
    expect(await t.db.auditLog.count({ where: { action: "agenda.imported-speakers" } })).toBe(1);
  });

  it("imports sessions referring to rooms, tracks and speakers by name, times in the event's zone", async () => {
    const { event, organiser } = await summit();
    await trackFactory(t.db, { eventId: event.id, name: "Patients" });
    await commitImport(t.db, organiser.id, event.id, "speakers", speakersCsv);
    const csv = [
      "title,kind,start,end,room,track,speakers,capacity,status,abstract",
      "Opening keynote,keynote,2027-09-27 09:00,2027-09-27 10:00,hall,,Dr. Maya Lee,,published,Why we are here",
      "Video basics,Workshop,2027-09-28T13:00,2027-09-28T15:00,Studio,patients,Ortiz, Kim; Sam Patel,25,,",
    ].join("\n");
    // "Ortiz, Kim" unquoted splits the row into one value too many.
    const broken = await previewImport(t.db, event.id, "sessions", csv);
    expect(broken.errors).toEqual([
      { line: 3, messages: [expect.stringMatching(/This row has 11 values but the header names 10 columns/)] },
    ]);

    const fixed = csv.replace("Ortiz, Kim; Sam Patel", '"Ortiz, Kim; Sam Patel"');
    const preview = await previewImport(t.db, event.id, "sessions", fixed);
    expect(preview.errors).toEqual([]);
    expect(await commitImport(t.db, organiser.id, event.id, "sessions", fixed)).toMatchObject({ created: 2 });
    const sessions = await t.db.agendaSession.findMany({
      orderBy: { startsAt: "asc" },
      include: { room: true, track: true, speakers: { orderBy: { position: "asc" }, include: { speaker: true } } },
    });
    expect(
      sessions.map((s) => [
        s.title,
        s.kind,
        s.status,
        s.startsAt.toISOString(),
        s.room?.name,
        s.track?.name ?? null,
        s.capacity,
        s.speakers.map((p) => p.speaker.name),
      ]),
    ).toEqual([
      ["Opening keynote", "KEYNOTE", "PUBLISHED", "2027-09-27T13:00:00.000Z", "Hall", null, null, ["Dr. Maya Lee"]],
      ["Video basics", "WORKSHOP", "DRAFT", "2027-09-28T17:00:00.000Z", "Studio", "Patients", 25, ["Ortiz, Kim", "Sam Patel"]],
    ]);

    // The same file again would double the agenda: every row says so, and nothing is written.
    const again = await previewImport(t.db, event.id, "sessions", fixed);
    expect(again.errors.map((e) => e.line)).toEqual([2, 3]);
    expect(again.errors[0].messages).toEqual([
      "title: “Opening keynote” already starts at this time in the agenda (imported before?).",
    ]);
  });

  it("reports every broken row with its line and message, and commits nothing", async () => {
    const { event, organiser } = await summit();
    await speakerFactory(t.db, { eventId: event.id, name: "Dr. Maya Lee" });
    const csv = [
      "title,kind,start,end,room,speakers,capacity",
      "Good row,talk,2027-09-27 09:00,2027-09-27 10:00,Hall,Dr. Maya Lee,",
      "Ends first,talk,2027-09-27 11:00,2027-09-27 10:00,Hall,,",
      "Nowhere,talk,2027-09-27 11:00,2027-09-27 12:00,Basement,Nobody Known,",
      "Seats on a talk,talk,2027-09-27 13:00,2027-09-27 14:00,Hall,,40",
      '"Multi',
      'line title",party,27/09/2027,2027-09-27 15:00,,,',
      "Good row,talk,2027-09-27 09:00,2027-09-27 10:00,Studio,,",
    ].join("\r\n");
    const preview = await previewImport(t.db, event.id, "sessions", csv);
    expect(preview.fileErrors).toEqual([]);
    expect(preview.rows.map((r) => r.line)).toEqual([2]);
    expect(preview.errors).toEqual([
      { line: 3, messages: ["end: The end must be after the start"] },
      {
        line: 4,
        messages: [
          "room: No room named “Basement” in this event. Add it under Rooms & tracks first.",
          "speakers: No speaker named “Nobody Known” in this event. Import or add speakers first.",
        ],
      },
      { line: 5, messages: ["capacity: Only workshops take a capacity"] },
      {
        line: 6,
        messages: [
          "kind: Use one of keynote, panel, talk, workshop, break for kind",
          "start: Write the start as YYYY-MM-DD HH:MM (24-hour)",
        ],
      },
      { line: 8, messages: ["title: “Good row” at this time is already on line 2 of this file."] },
    ]);
    const before = await agendaState();
    await expect(commitImport(t.db, organiser.id, event.id, "sessions", csv)).rejects.toThrow(
      /Nothing was imported: 5 rows have errors \(first on line 3\)/,
    );
    expect(await agendaState()).toEqual(before);
  });

  it("names file-level problems: unknown or missing columns, unclosed quotes, no rows", async () => {
    const { event } = await summit();
    const problems = async (kind: "sessions" | "speakers", text: string) =>
      (await previewImport(t.db, event.id, kind, text)).fileErrors;
    expect(await problems("sessions", "title,kind,start,rooom\nA,talk,2027-09-27 09:00,Hall")).toEqual([
      "Unknown column “rooom”. Use: title, kind, start, end, room, track, speakers, capacity, status, abstract.",
      "The first line must name the column end.",
    ]);
    expect(await problems("speakers", 'name,bio\n"Unclosed,quote\nSomeone,bio')).toEqual([
      expect.stringMatching(/^Line 3: Quote Not Closed/),
    ]);
    expect(await problems("speakers", "name\n")).toEqual(["The file has a header line but no rows."]);
    expect(await problems("speakers", "")).toEqual(["The file is empty."]);
  });
});

describe("publishing emails", () => {
  async function starredAgenda() {
    const { event, organiser, hall, studio } = await summit();
    const at = (title: string, localStart: string, localEnd: string, roomId = hall.id) =>
      agendaSessionFactory(t.db, { eventId: event.id, roomId, title, traits: ["published"], localStart, localEnd });
    const keynote = await at("Keynote", "2027-09-27T09:00", "2027-09-27T10:00");
    const panel = await at("Panel", "2027-09-27T10:30", "2027-09-27T11:30");
    const workshop = await at("Workshop", "2027-09-27T13:00", "2027-09-27T15:00", studio.id);
    await publishAgenda(t.db, organiser.id, event.id);
    const person = (name: string) => userFactory(t.db, { name, email: `${name.toLowerCase()}@example.org` });
    const [ana, ben, cat, dana] = [await person("Ana"), await person("Ben"), await person("Cat"), await person("Dana")];
    await t.db.favourite.createMany({
      data: [
        { userId: ana.id, sessionId: keynote.id },
        { userId: ana.id, sessionId: workshop.id },
        { userId: ben.id, sessionId: panel.id },
        { userId: ben.id, sessionId: workshop.id },
        { userId: cat.id, sessionId: workshop.id },
        { userId: dana.id, sessionId: keynote.id },
        { userId: dana.id, sessionId: panel.id },
      ],
    });
    return { event, organiser, hall, studio, keynote, panel, workshop };
  }
  const mail = { appUrl: "https://summit.example.org", mailFrom: "Summit <agenda@summit.example.org>" };
  const outbox = () => t.db.emailOutbox.findMany({ orderBy: { toAddress: "asc" } });

  it("sends each attendee one email listing only their changed sessions, with new times in the event's zone", async () => {
    const { event, organiser, studio, keynote, panel } = await starredAgenda();
    await saveSession(
      t.db,
      organiser.id,
      event.id,
      sessionInput({
        title: "Panel",
        abstract: "What we learned, and what you can use on Monday.",
        startsAt: "2027-09-27T16:00",
        endsAt: "2027-09-27T17:00",
        roomId: studio.id,
        status: "PUBLISHED",
      }),
      panel.id,
    );
    await t.db.agendaSession.update({ where: { id: keynote.id }, data: { status: "CANCELLED" } });
    expect((await releasesOverview(t.db, event.id)).pending).toMatchObject({ number: 2, recipients: 3 });

    const result = await publishAgenda(t.db, organiser.id, event.id, mail);
    expect(result.notified).toBe(3);
    const emails = await outbox();
    // Cat starred only the unchanged workshop: no email.
    expect(emails.map((e) => [e.toAddress, e.template, e.fromAddress, e.subject])).toEqual([
      ["ana@example.org", "agenda-changes", mail.mailFrom, "“Keynote”: cancelled · Social Media Summit"],
      ["ben@example.org", "agenda-changes", mail.mailFrom, "“Panel”: moved, new room · Social Media Summit"],
      ["dana@example.org", "agenda-changes", mail.mailFrom, "2 sessions you starred have changed · Social Media Summit"],
    ]);
    const [ana, ben, dana] = emails;
    expect(ana.text).toMatch(
      /Keynote[\s\S]*Cancelled[\s\S]*Was scheduled for Monday 27 September 2027, 9:00 AM – 10:00 AM EDT in Hall/,
    );
    expect(ana.text).not.toMatch(/Panel|Workshop/);
    expect(ben.text).toMatch(
      /Panel[\s\S]*Moved · New room[\s\S]*Now: Monday 27 September 2027, 4:00 PM – 5:00 PM EDT in Studio[\s\S]*Before: Monday 27 September 2027, 10:30 AM – 11:30 AM EDT in Hall/,
    );
    expect(ben.text).not.toMatch(/Keynote|Workshop/);
    expect(ben.text).toContain("America/New_York");
    expect(ben.html).toContain(`https://summit.example.org/events/${event.slug}/agenda`);
    expect(dana.text).toMatch(/Keynote[\s\S]*Cancelled[\s\S]*Panel[\s\S]*Moved · New room/);
  });

  it("emails nobody whose starred sessions did not change, and nothing when publishing fails", async () => {
    const { event, organiser, hall, panel } = await starredAgenda();
    // Only the panel's abstract changes: Ben and Dana starred it; Ana and Cat did not.
    await t.db.agendaSession.update({ where: { id: panel.id }, data: { abstract: "Now with patient voices." } });
    await agendaSessionFactory(t.db, {
      eventId: event.id,
      roomId: hall.id,
      title: "Clash",
      traits: ["published"],
      localStart: "2027-09-27T10:45",
      localEnd: "2027-09-27T11:15",
    });
    await expect(publishAgenda(t.db, organiser.id, event.id, mail)).rejects.toThrow(/Hall is double-booked/);
    expect(await t.db.emailOutbox.count()).toBe(0);

    await t.db.agendaSession.deleteMany({ where: { title: "Clash" } });
    await publishAgenda(t.db, organiser.id, event.id, mail);
    expect((await outbox()).map((e) => [e.toAddress, e.subject])).toEqual([
      ["ben@example.org", "“Panel”: details updated · Social Media Summit"],
      ["dana@example.org", "“Panel”: details updated · Social Media Summit"],
    ]);
  });
});
