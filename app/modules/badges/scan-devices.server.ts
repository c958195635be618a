// Named phones and tablets at the doors. A device is named by staff ("Door 1 — Main hall") so
// "already checked in" can say where; names are unique per event, and naming a device that
// exists picks it up again (a reinstalled scanner keeps its history).
import type { Role } from "~/generated/prisma/enums.ts";
import type { Db } from "~/shared/db.server.ts";
import { ForbiddenError, isUniqueViolation, NotFoundError } from "~/shared/errors.ts";
import { mayScanEvent } from "./event-staff.server.ts";

/** Gets or creates the event's device called `name`, as seen now. */
export async function registerScanDevice(
  db: Db,
  user: { id: string; roles: Role[] },
  { eventId, name }: { eventId: string; name: string },
  now = new Date(),
) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true } });
  if (!event) throw new NotFoundError("That event doesn't exist.");
  if (!(await mayScanEvent(db, user, eventId))) throw new ForbiddenError("You are not on the staff of this event.");
  const where = { eventId_name: { eventId, name } };
  const select = { id: true, name: true } as const;
  try {
    return await db.scanDevice.upsert({
      where,
      create: { eventId, name, createdById: user.id, lastSeenAt: now },
      update: { lastSeenAt: now },
      select,
    });
  } catch (error) {
    // Two phones naming themselves alike at the same instant: the other one created it.
    if (isUniqueViolation(error)) return db.scanDevice.update({ where, data: { lastSeenAt: now }, select });
    throw error;
  }
}
