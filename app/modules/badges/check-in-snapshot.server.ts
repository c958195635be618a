// The scanner's offline copy of a list: every registration of the event in any status (so a
// cancelled, transferred or reissued badge is refused offline too: this is also the
// revocation list), the public keys, who is already in, and the duplicates to show staff.
import type { Db } from "~/shared/db.server.ts";
import { ForbiddenError, NotFoundError } from "~/shared/errors.ts";
import { type BadgeKeyring, type BadgeVerifyKey, eventTag } from "./badge-keys.server.ts";
import type { Scanner } from "./check-in.server.ts";
import { mayScanEvent } from "./event-staff.server.ts";
import { ENTRY_COLUMNS, type EntryRow, toListEntry } from "./list-entries.server.ts";
import type { ListEntry } from "./verdict.ts";

export type CheckInSnapshot = {
  list: {
    id: string;
    name: string;
    kind: "EVENT" | "DAY" | "SESSION";
    eventId: string;
    eventName: string;
    eventTag: string;
    /** Ticket type ids the list admits. */
    admits: string[];
    /** Archived lists can't be scanned any more. */
    archived: boolean;
  };
  keys: BadgeVerifyKey[];
  entries: ListEntry[];
  checkIns: { registrationId: string; checkedInAt: string; deviceName: string | null }[];
  duplicates: { registrationId: string; name: string; deviceName: string | null; scannedAt: string }[];
  generatedAt: string;
};

export async function checkInSnapshot(
  db: Db,
  ring: BadgeKeyring,
  { user, listId }: { user: Scanner; listId: string },
  now = new Date(),
): Promise<CheckInSnapshot> {
  const list = await db.checkInList.findUnique({
    where: { id: listId },
    select: {
      id: true,
      name: true,
      kind: true,
      eventId: true,
      archived: true,
      event: { select: { name: true } },
      ticketTypes: { select: { ticketTypeId: true } },
    },
  });
  if (!list) throw new NotFoundError("That check-in list doesn't exist.");
  if (!(await mayScanEvent(db, user, list.eventId))) throw new ForbiddenError("You are not on the staff of this event.");

  const [entries, checkIns, duplicates] = await Promise.all([
    db.$queryRaw<EntryRow[]>`
      SELECT ${ENTRY_COLUMNS}
      FROM "Registration" r
      JOIN "Order" o ON o.id = r."orderId"
      JOIN "TicketType" t ON t.id = r."ticketTypeId"
      WHERE r."eventId" = ${list.eventId}
      ORDER BY r."attendeeName", r.id`,
    db.$queryRaw<{ registrationId: string; checkedInAt: Date; deviceName: string | null }[]>`
      SELECT c."registrationId", c."scannedAt" AS "checkedInAt", d.name AS "deviceName"
      FROM "CheckIn" c LEFT JOIN "ScanDevice" d ON d.id = c."deviceId"
      WHERE c."listId" = ${listId}
      ORDER BY c."scannedAt"`,
    db.$queryRaw<{ registrationId: string; name: string | null; deviceName: string | null; scannedAt: Date }[]>`
      SELECT sr."registrationId", r."attendeeName" AS name, d.name AS "deviceName", sr."scannedAt"
      FROM "ScanReceipt" sr
      LEFT JOIN "Registration" r ON r.id = sr."registrationId"
      LEFT JOIN "ScanDevice" d ON d.id = sr."deviceId"
      WHERE sr."listId" = ${listId} AND sr.outcome = 'DUPLICATE'
      ORDER BY sr."scannedAt" DESC`,
  ]);
  return {
    list: {
      id: list.id,
      name: list.name,
      kind: list.kind,
      eventId: list.eventId,
      eventName: list.event.name,
      eventTag: eventTag(list.eventId),
      admits: list.ticketTypes.map((t) => t.ticketTypeId),
      archived: list.archived,
    },
    keys: ring.verifyKeys,
    entries: entries.map(toListEntry),
    checkIns: checkIns.map((c) => ({ ...c, checkedInAt: c.checkedInAt.toISOString() })),
    duplicates: duplicates.map((d) => ({ ...d, name: d.name ?? "Unknown", scannedAt: d.scannedAt.toISOString() })),
    generatedAt: now.toISOString(),
  };
}
