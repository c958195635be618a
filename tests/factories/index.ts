// Factories with traits, shared by the tests and prisma/seed.ts.
import { DateTime } from "luxon";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { EventKind, Role } from "~/generated/prisma/enums.ts";
import { hashPassword } from "~/modules/auth/password.server.ts";
import type { DbTx } from "~/shared/db.server.ts";

let sequence = 0;
const next = () => ++sequence;

export const CAMPUSES = {
  rochester: {
    name: "Rochester",
    city: "Rochester, MN",
    address: "200 First Street SW, Rochester, MN 55905",
    timeZone: "America/Chicago",
  },
  jacksonville: {
    name: "Jacksonville",
    city: "Jacksonville, FL",
    address: "4500 San Pablo Road S, Jacksonville, FL 32224",
    timeZone: "America/New_York",
  },
  scottsdale: {
    name: "Scottsdale",
    city: "Scottsdale, AZ",
    address: "13400 East Shea Boulevard, Scottsdale, AZ 85259",
    timeZone: "America/Phoenix",
  },
} as const;

export function campusFactory(db: DbTx, overrides: Partial<Prisma.CampusUncheckedCreateInput> = {}) {
  const n = next();
  return db.campus.create({
    data: {
      name: `Campus ${n}`,
      city: "Rochester, MN",
      address: `${n} Main Street, Rochester, MN 55901`,
      timeZone: "America/Chicago",
      ...overrides,
    },
  });
}

type EventTrait = "published" | "past";
type EventOverrides = Partial<Omit<Prisma.EventUncheckedCreateInput, "startsAt" | "endsAt">> & {
  /** Wall-clock start in the event's zone, e.g. "2027-09-27T08:00". */
  localStart?: string;
  localEnd?: string;
  traits?: EventTrait[];
};

/** An event; times given as wall-clock in the event's zone, like an organiser types them. */
export async function eventFactory(db: DbTx, { traits = [], localStart, localEnd, ...overrides }: EventOverrides = {}) {
  const n = next();
  const campusId = overrides.campusId ?? (await campusFactory(db)).id;
  const campus = await db.campus.findUniqueOrThrow({ where: { id: campusId } });
  const timeZone = overrides.timeZone ?? campus.timeZone;
  const start = localStart
    ? DateTime.fromISO(localStart, { zone: timeZone })
    : DateTime.now()
        .setZone(timeZone)
        .plus({ months: traits.includes("past") ? -2 : 2 })
        .set({ hour: 8, minute: 0, second: 0, millisecond: 0 });
  const end = localEnd ? DateTime.fromISO(localEnd, { zone: timeZone }) : start.plus({ hours: 9 });
  return db.event.create({
    data: {
      slug: `event-${n}`,
      name: `Event ${n}`,
      kind: "WORKSHOP" satisfies EventKind,
      description: "A day of practical sessions.",
      published: traits.includes("published"),
      ...overrides,
      campusId,
      timeZone,
      startsAt: start.toJSDate(),
      endsAt: end.toJSDate(),
    },
  });
}

type UserTrait = "verified" | "organizer" | "reviewer" | "staff" | "admin";
const TRAIT_ROLES: Record<Exclude<UserTrait, "verified">, Role> = {
  organizer: "ORGANIZER",
  reviewer: "REVIEWER",
  staff: "STAFF",
  admin: "ADMIN",
};

export const DEFAULT_PASSWORD = "correct-horse-battery";

export async function userFactory(
  db: DbTx,
  {
    traits = [],
    password = DEFAULT_PASSWORD,
    ...overrides
  }: Partial<Prisma.UserCreateInput> & { traits?: UserTrait[]; password?: string } = {},
) {
  const n = next();
  const roles: Role[] = [
    "ATTENDEE",
    ...traits.filter((t): t is Exclude<UserTrait, "verified"> => t !== "verified").map((t) => TRAIT_ROLES[t]),
  ];
  return db.user.create({
    data: {
      email: `person${n}-${Date.now().toString(36)}@example.org`,
      name: `Person ${n}`,
      roles,
      emailVerifiedAt: traits.includes("verified") ? new Date() : null,
      passwordHash: await hashPassword(password),
      ...overrides,
    },
  });
}

// ---------------------------------------------------------------- Agenda

const TRACK_COLOURS = ["#0b5cad", "#a23b72", "#1f7a4d", "#b45309", "#6d28d9"];

export function trackFactory(db: DbTx, overrides: Partial<Prisma.TrackUncheckedCreateInput> & { eventId: string }) {
  const n = next();
  return db.track.create({
    data: { name: `Track ${n}`, color: TRACK_COLOURS[n % TRACK_COLOURS.length], position: n, ...overrides },
  });
}

export function roomFactory(db: DbTx, overrides: Partial<Prisma.RoomUncheckedCreateInput> & { eventId: string }) {
  const n = next();
  return db.room.create({ data: { name: `Room ${n}`, capacity: 200, stepFree: true, position: n, ...overrides } });
}

export function speakerFactory(db: DbTx, overrides: Partial<Prisma.SpeakerUncheckedCreateInput> & { eventId: string }) {
  const n = next();
  return db.speaker.create({
    data: {
      name: `Speaker ${n}`,
      title: "Physician",
      organisation: "Health System",
      bio: "Works on patient communication.",
      ...overrides,
    },
  });
}

type AgendaSessionTrait = "published" | "cancelled";

/**
 * A session; `localStart`/`localEnd` are wall-clock in the event's zone.
 * `speakerIds` links speakers in order.
 */
export async function agendaSessionFactory(
  db: DbTx,
  {
    traits = [],
    localStart,
    localEnd,
    speakerIds = [],
    ...overrides
  }: Partial<Omit<Prisma.AgendaSessionUncheckedCreateInput, "startsAt" | "endsAt">> & {
    eventId: string;
    localStart: string;
    localEnd: string;
    speakerIds?: string[];
    traits?: AgendaSessionTrait[];
  },
) {
  const n = next();
  const event = await db.event.findUniqueOrThrow({ where: { id: overrides.eventId } });
  const status = traits.includes("cancelled") ? "CANCELLED" : traits.includes("published") ? "PUBLISHED" : "DRAFT";
  return db.agendaSession.create({
    data: {
      title: `Session ${n}`,
      abstract: "What we learned, and what you can use on Monday.",
      kind: "TALK",
      status,
      ...overrides,
      startsAt: DateTime.fromISO(localStart, { zone: event.timeZone }).toJSDate(),
      endsAt: DateTime.fromISO(localEnd, { zone: event.timeZone }).toJSDate(),
      speakers: { create: speakerIds.map((speakerId, position) => ({ speakerId, position })) },
    },
  });
}
