// What the staff's door pages load: the events someone may scan with each list's progress
// (/staff), and one event's lists for its scanner. Who may scan is event-staff.server.ts's rule.
import type { Db } from "~/shared/db.server.ts";
import { ForbiddenError, NotFoundError } from "~/shared/errors.ts";
import type { Scanner } from "./check-in.server.ts";
import { listProgress } from "./check-in-lists.server.ts";
import { eventsToScan, mayScanEvent } from "./event-staff.server.ts";

/** The /staff start page: events soonest first, each open list with checked-in / expected. */
export async function doorOverview(db: Db, user: Scanner) {
  const events = await eventsToScan(db, user);
  const progress = await Promise.all(events.map((e) => (e.checkInLists.length ? listProgress(db, e.id) : new Map())));
  return events.map((event, i) => ({
    ...event,
    checkInLists: event.checkInLists.map((list) => ({
      ...list,
      checkedIn: progress[i].get(list.id)?.checkedIn ?? 0,
      expected: progress[i].get(list.id)?.expected ?? 0,
    })),
  }));
}

/** The scanner page of an event: its name, zone and open lists. */
export async function scannerEvent(db: Db, user: Scanner, eventId: string) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: {
      id: true,
      name: true,
      timeZone: true,
      checkInLists: {
        where: { archived: false },
        orderBy: { createdAt: "asc" },
        select: { id: true, name: true, kind: true, day: true },
      },
    },
  });
  if (!event) throw new NotFoundError("That event doesn't exist.");
  if (!(await mayScanEvent(db, user, eventId))) throw new ForbiddenError("You are not on the staff of this event.");
  return event;
}
