import { describe, expect, it } from "vitest";
import { saveCampus } from "~/modules/events/campuses.server.ts";
import { campusChoices, getPublicEvent, saveEvent, upcomingEventsByCampus } from "~/modules/events/events.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { CAMPUSES, campusFactory, eventFactory, userFactory } from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();

const validInput = (campusId: string) => ({
  name: "Social Media Summit 2027",
  slug: "summit-2027",
  kind: "SUMMIT" as const,
  campusId,
  timeZone: "America/New_York",
  startsAt: "2027-09-27T08:00",
  endsAt: "2027-09-29T17:00",
  description: "Three days.",
  published: true,
});

describe("saveEvent", () => {
  it("stores wall-clock times of the event's zone as UTC and records who did it", async () => {
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const campus = await campusFactory(t.db, CAMPUSES.jacksonville);
    const event = await saveEvent(t.db, organiser.id, validInput(campus.id));
    // 08:00 EDT is 12:00 UTC, whatever zone this process runs in.
    expect(event.startsAt.toISOString()).toBe("2027-09-27T12:00:00.000Z");
    expect(event.endsAt.toISOString()).toBe("2027-09-29T21:00:00.000Z");
    const audit = await t.db.auditLog.findMany({ where: { subjectId: event.id } });
    expect(audit).toMatchObject([{ action: "event.created", actorId: organiser.id }]);
  });

  it("refuses a slug another event uses, and changes nothing", async () => {
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const campus = await campusFactory(t.db);
    await eventFactory(t.db, { campusId: campus.id, slug: "summit-2027", name: "First" });
    const error = await saveEvent(t.db, organiser.id, validInput(campus.id)).catch((e) => e);
    expect(error).toBeInstanceOf(RuleViolation);
    expect(error).toMatchObject({ field: "slug" });
    expect(await t.db.event.count()).toBe(1);
    expect(await t.db.auditLog.count()).toBe(0);
  });

  it("refuses an end before the start, an unknown campus and a time skipped by DST", async () => {
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const campus = await campusFactory(t.db, CAMPUSES.rochester);
    const input = { ...validInput(campus.id), timeZone: "America/Chicago" };
    await expect(saveEvent(t.db, organiser.id, { ...input, endsAt: "2027-09-26T08:00" })).rejects.toMatchObject({
      field: "endsAt",
    });
    await expect(saveEvent(t.db, organiser.id, { ...input, campusId: "no-such-campus" })).rejects.toMatchObject({
      field: "campusId",
    });
    // 14 March 2027 02:30 does not exist in Chicago: clocks jump from 02:00 to 03:00.
    await expect(saveEvent(t.db, organiser.id, { ...input, startsAt: "2027-03-14T02:30" })).rejects.toMatchObject({
      field: "startsAt",
    });
    expect(await t.db.event.count()).toBe(0);
  });

  it("updates an existing event and 404s an unknown id", async () => {
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const campus = await campusFactory(t.db, CAMPUSES.jacksonville);
    const event = await saveEvent(t.db, organiser.id, validInput(campus.id));
    const updated = await saveEvent(t.db, organiser.id, { ...validInput(campus.id), name: "Renamed" }, event.id);
    expect(updated.name).toBe("Renamed");
    await expect(saveEvent(t.db, organiser.id, { ...validInput(campus.id), slug: "other" }, "missing")).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe("upcomingEventsByCampus", () => {
  it("lists published events that have not ended, grouped by campus, soonest first", async () => {
    const rochester = await campusFactory(t.db, CAMPUSES.rochester);
    const scottsdale = await campusFactory(t.db, CAMPUSES.scottsdale);
    await eventFactory(t.db, {
      campusId: rochester.id,
      slug: "later",
      traits: ["published"],
      localStart: "2030-05-10T08:00",
      localEnd: "2030-05-14T16:00",
    });
    await eventFactory(t.db, {
      campusId: scottsdale.id,
      slug: "sooner",
      traits: ["published"],
      localStart: "2030-03-06T09:00",
      localEnd: "2030-03-06T16:00",
    });
    await eventFactory(t.db, { campusId: rochester.id, slug: "draft", localStart: "2030-01-01T09:00" });
    await eventFactory(t.db, { campusId: rochester.id, slug: "past", traits: ["published", "past"] });
    const groups = await upcomingEventsByCampus(t.db);
    expect(groups.map((g) => [g.campus.name, g.events.map((e) => e.slug)])).toEqual([
      ["Scottsdale", ["sooner"]],
      ["Rochester", ["later"]],
    ]);
  });

  it("hides drafts from the public unless asked for", async () => {
    await eventFactory(t.db, { slug: "draft" });
    await expect(getPublicEvent(t.db, "draft")).rejects.toBeInstanceOf(NotFoundError);
    expect((await getPublicEvent(t.db, "draft", { includeDrafts: true })).slug).toBe("draft");
    await expect(getPublicEvent(t.db, "nope")).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("campuses", () => {
  it("refuses a duplicate campus name and lists campuses for the event form", async () => {
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    await saveCampus(t.db, organiser.id, CAMPUSES.rochester);
    await expect(saveCampus(t.db, organiser.id, { ...CAMPUSES.rochester, city: "Elsewhere" })).rejects.toMatchObject({
      field: "name",
    });
    expect(await campusChoices(t.db)).toMatchObject([{ name: "Rochester", timeZone: "America/Chicago" }]);
  });
});
