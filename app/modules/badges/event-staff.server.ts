// Who may scan an event's badges: organisers and admins any event, STAFF accounts only the
// events an organiser assigned them to.
import type { Role } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { getRegistrationEvent } from "~/modules/registration/ticket-types.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { isUniqueViolation, NotFoundError, RuleViolation } from "~/shared/errors.ts";

type Scanner = { id: string; roles: Role[] };

/** Organisers and admins scan every event; they need no assignment. */
export function scansEveryEvent(user: Pick<Scanner, "roles">): boolean {
  return user.roles.includes("ADMIN") || user.roles.includes("ORGANIZER");
}

/** Whether `user` may scan badges (and see the door lists) of the event. */
export async function mayScanEvent(db: DbTx, user: Scanner, eventId: string): Promise<boolean> {
  if (scansEveryEvent(user)) return true;
  if (!user.roles.includes("STAFF")) return false;
  return (await db.eventStaff.count({ where: { eventId, userId: user.id } })) > 0;
}

/** The events `user` may scan, soonest first, with their open lists: the staff's start page. */
export async function eventsToScan(db: Db, user: Scanner) {
  if (!scansEveryEvent(user) && !user.roles.includes("STAFF")) return [];
  return db.event.findMany({
    where: scansEveryEvent(user) ? {} : { staff: { some: { userId: user.id } } },
    orderBy: { startsAt: "asc" },
    select: {
      id: true,
      name: true,
      startsAt: true,
      endsAt: true,
      timeZone: true,
      checkInLists: {
        where: { archived: false },
        orderBy: { createdAt: "asc" },
        select: { id: true, name: true, kind: true, day: true },
      },
    },
  });
}

/** The staff page: assigned accounts, and the event's devices with when each was last seen. */
export async function listEventStaff(db: Db, eventId: string) {
  const event = await getRegistrationEvent(db, eventId);
  const [staff, devices] = await Promise.all([
    db.eventStaff.findMany({
      where: { eventId },
      orderBy: { user: { name: "asc" } },
      select: { createdAt: true, user: { select: { id: true, name: true, email: true, roles: true } } },
    }),
    db.scanDevice.findMany({
      where: { eventId },
      orderBy: [{ lastSeenAt: { sort: "desc", nulls: "last" } }, { name: "asc" }],
      select: {
        id: true,
        name: true,
        lastSeenAt: true,
        createdAt: true,
        createdBy: { select: { name: true } },
        _count: { select: { checkIns: true } },
      },
    }),
  ]);
  return {
    event,
    staff: staff.map((s) => ({ ...s.user, assignedAt: s.createdAt, stillStaff: s.user.roles.includes("STAFF") })),
    devices: devices.map((d) => ({
      id: d.id,
      name: d.name,
      lastSeenAt: d.lastSeenAt,
      createdAt: d.createdAt,
      createdBy: d.createdBy?.name ?? null,
      checkIns: d._count.checkIns,
    })),
  };
}

/** Assigns the STAFF account with this email to the event. */
export async function assignStaff(db: Db, actorId: string, eventId: string, email: string) {
  await getRegistrationEvent(db, eventId);
  const user = await db.user.findUnique({
    where: { email: email.toLowerCase() },
    select: { id: true, name: true, email: true, roles: true },
  });
  if (!user) throw new RuleViolation(`No account uses ${email}. Ask them to sign up first.`, "email");
  if (!user.roles.includes("STAFF")) {
    if (scansEveryEvent(user))
      throw new RuleViolation(`${user.name} is an organiser or admin and can already scan every event.`, "email");
    throw new RuleViolation(`${user.name} doesn't have the Staff role. An admin can give it under People & roles.`, "email");
  }
  try {
    await db.$transaction(async (tx) => {
      await tx.eventStaff.create({ data: { eventId, userId: user.id } });
      await recordAudit(tx, {
        actorId,
        action: "event-staff.assign",
        subjectType: "Event",
        subjectId: eventId,
        detail: { userId: user.id, email: user.email },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RuleViolation(`${user.name} is already on this event's staff.`, "email");
    throw error;
  }
  return user;
}

/** Takes a staff member off the event; their past check-ins stay. */
export async function unassignStaff(db: Db, actorId: string, eventId: string, userId: string) {
  return db.$transaction(async (tx) => {
    const assignment = await tx.eventStaff.findUnique({
      where: { eventId_userId: { eventId, userId } },
      select: { user: { select: { name: true, email: true } } },
    });
    if (!assignment) throw new NotFoundError("That person isn't on this event's staff.");
    await tx.eventStaff.delete({ where: { eventId_userId: { eventId, userId } } });
    await recordAudit(tx, {
      actorId,
      action: "event-staff.remove",
      subjectType: "Event",
      subjectId: eventId,
      detail: { userId, email: assignment.user.email },
    });
    return assignment.user;
  });
}
