// The door's view of a registration (ListEntry), read in raw SQL by the scan, the search and
// the offline snapshot alike: one column list and one row mapping, so the three never differ.
import { Prisma } from "~/generated/prisma/client.ts";
import type { AccessibilityNeed } from "~/generated/prisma/enums.ts";
import { ACCESSIBILITY_LABELS } from "~/modules/registration/registration.schema.ts";
import type { ListEntry } from "./verdict.ts";

/** Needs `r` = "Registration", `o` = its "Order", `t` = its "TicketType". Text for hotQuery, Sql for $queryRaw. */
export const ENTRY_COLUMNS_SQL = `r.id AS "registrationId", r."attendeeName" AS "name", r."attendeeEmail" AS "email",
  o.reference AS "orderReference", r."ticketTypeId", t.name AS "ticketType", r.status::text AS "status",
  r."badgeVersion", r."accessibilityNeeds"::text[] AS "needs"`;
export const ENTRY_COLUMNS = Prisma.raw(ENTRY_COLUMNS_SQL);

export type EntryRow = {
  registrationId: string;
  name: string;
  email: string;
  orderReference: string;
  ticketTypeId: string;
  ticketType: string;
  status: ListEntry["status"];
  badgeVersion: number;
  needs: AccessibilityNeed[];
};

export function toListEntry(row: EntryRow): ListEntry {
  return {
    registrationId: row.registrationId,
    name: row.name,
    email: row.email,
    orderReference: row.orderReference,
    ticketTypeId: row.ticketTypeId,
    ticketType: row.ticketType,
    status: row.status,
    badgeVersion: row.badgeVersion,
    accessibilityNeeds: row.needs.map((need) => ACCESSIBILITY_LABELS[need] ?? need),
  };
}
