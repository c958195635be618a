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
