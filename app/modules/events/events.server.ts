import type { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { fromLocalInput } from "~/shared/dates.ts";
import type { Db } from "~/shared/db.server.ts";
import { isUniqueViolation, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { pageCount } from "~/shared/pagination.ts";
import type { eventSchema } from "./event.schema.ts";

type EventInput = z.output<typeof eventSchema>;

export const EVENTS_PAGE_SIZE = 20;

const publicEventSelect = {
  id: true,
  slug: true,
  name: true,
  kind: true,
  startsAt: true,
  endsAt: true,
  timeZone: true,
  description: true,
  campus: { select: { id: true, name: true, city: true, address: true } },
} as const;

/** Published events that have not ended, grouped by campus (campuses with the soonest event first). */
export async function upcomingEventsByCampus(db: Db, now = new Date()) {
  const events = await db.event.findMany({
    where: { published: true, endsAt: { gte: now } },
    orderBy: [{ startsAt: "asc" }, { name: "asc" }],
    select: publicEventSelect,
  });
  const groups = new Map<string, { campus: (typeof events)[number]["campus"]; events: typeof events }>();
  for (const event of events) {
    const group = groups.get(event.campus.id) ?? { campus: event.campus, events: [] };
    group.events.push(event);
    groups.set(event.campus.id, group);
  }
  return [...groups.values()];
}

/** A published event by slug; drafts are visible only to those who may edit them. */
export async function getPublicEvent(db: Db, slug: string, { includeDrafts = false } = {}) {
  const event = await db.event.findUnique({ where: { slug }, select: { ...publicEventSelect, published: true } });
  if (!event || (!event.published && !includeDrafts)) throw new NotFoundError("We couldn't find that event.");
  return event;
}

export async function listEventsForAdmin(db: Db, { page }: { page: number }) {
  const [events, total] = await Promise.all([
    db.event.findMany({
      orderBy: { startsAt: "desc" },
      skip: (page - 1) * EVENTS_PAGE_SIZE,
      take: EVENTS_PAGE_SIZE,
      select: {
        id: true,
        slug: true,
        name: true,
        kind: true,
        startsAt: true,
        endsAt: true,
        timeZone: true,
        published: true,
        campus: { select: { name: true } },
      },
    }),
    db.event.count(),
  ]);
  return { events, total, pageCount: pageCount(total, EVENTS_PAGE_SIZE) };
}

export async function getEventForAdmin(db: Db, id: string) {
  const event = await db.event.findUnique({ where: { id } });
  if (!event) throw new NotFoundError("That event doesn't exist.");
  return event;
}

/** Creates (no id) or updates an event. Times arrive as wall-clock in the event's zone and are stored in UTC. */
export async function saveEvent(db: Db, actorId: string, input: EventInput, id?: string) {
  const startsAt = fromLocalInput(input.startsAt, input.timeZone);
  if (!startsAt)
    throw new RuleViolation(`That start time doesn't exist in ${input.timeZone} (the clocks change then).`, "startsAt");
  const endsAt = fromLocalInput(input.endsAt, input.timeZone);
  if (!endsAt) throw new RuleViolation(`That end time doesn't exist in ${input.timeZone} (the clocks change then).`, "endsAt");
  if (endsAt <= startsAt) throw new RuleViolation("The end must be after the start", "endsAt");
  const campus = await db.campus.findUnique({ where: { id: input.campusId }, select: { id: true } });
  if (!campus) throw new RuleViolation("Choose a campus from the list", "campusId");
  const slugOwner = await db.event.findUnique({ where: { slug: input.slug }, select: { id: true } });
  if (slugOwner && slugOwner.id !== id) throw new RuleViolation("Another event already uses this web address name.", "slug");
  if (id) await getEventForAdmin(db, id);

  const data = {
    name: input.name,
    slug: input.slug,
    kind: input.kind,
    campusId: input.campusId,
    timeZone: input.timeZone,
    startsAt,
    endsAt,
    description: input.description,
    published: input.published,
  };
  try {
    return await db.$transaction(async (tx) => {
      const event = id ? await tx.event.update({ where: { id }, data }) : await tx.event.create({ data });
      await recordAudit(tx, {
        actorId,
        action: id ? "event.updated" : "event.created",
        subjectType: "Event",
        subjectId: event.id,
        detail: { slug: event.slug, published: event.published },
      });
      return event;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RuleViolation("Another event already uses this web address name.", "slug");
    throw error;
  }
}

/** What the event editor needs besides the event: campuses with their zones. */
export function campusChoices(db: Db) {
  return db.campus.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, timeZone: true } });
}
