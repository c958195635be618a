// What organisers read about an event's registrations: the filtered table, its CSV export
// and the accessibility-needs report for operations staff.
import type { AccessibilityNeed } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { getEventForAdmin } from "~/modules/events/events.server.ts";
import type { Db } from "~/shared/db.server.ts";
import { pageCount } from "~/shared/pagination.ts";
import { ACCESSIBILITY_NEEDS } from "./registration.schema.ts";
import { registrationsCsv } from "./registrations-csv.ts";
import {
  REGISTRATIONS_PAGE_SIZE,
  type RegistrationFilter,
  registrationFilterQuery,
  registrationOrderBy,
  registrationWhere,
  usableAnswerFilters,
} from "./registrations-filter.ts";

const rowSelect = {
  id: true,
  attendeeName: true,
  attendeeEmail: true,
  organisation: true,
  status: true,
  priceCents: true,
  member: true,
  accessibilityNeeds: true,
  accessibilityNotes: true,
  photoConsent: true,
  answers: true,
  createdAt: true,
  ticketType: { select: { id: true, name: true } },
  order: { select: { id: true, reference: true, currency: true, source: true } },
} as const;

function eventQuestions(db: Db, eventId: string) {
  return db.registrationQuestion.findMany({
    where: { eventId },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { id: true, label: true, kind: true, options: true },
  });
}

/** One page of the event's registrations matching `filter`, with the counts and the filter choices. */
export async function listRegistrations(db: Db, eventId: string, filter: RegistrationFilter) {
  const event = await getEventForAdmin(db, eventId);
  const [ticketTypes, questions] = await Promise.all([
    db.ticketType.findMany({
      where: { eventId },
      orderBy: [{ position: "asc" }, { name: "asc" }],
      select: { id: true, name: true },
    }),
    eventQuestions(db, eventId),
  ]);
  const answers = usableAnswerFilters(filter.answers, questions);
  const where = registrationWhere(eventId, { ...filter, answers }, questions);
  const [total, matching] = await Promise.all([db.registration.count({ where: { eventId } }), db.registration.count({ where })]);
  const pages = pageCount(matching, REGISTRATIONS_PAGE_SIZE);
  const page = Math.min(filter.page, pages);
  const registrations = await db.registration.findMany({
    where,
    orderBy: registrationOrderBy(filter),
    skip: (page - 1) * REGISTRATIONS_PAGE_SIZE,
    take: REGISTRATIONS_PAGE_SIZE,
    select: rowSelect,
  });
  return {
    event,
    ticketTypes,
    questions,
    filter: { ...filter, answers, page },
    registrations,
    total,
    matching,
    pageCount: pages,
  };
}

/** Every registration matching `filter` (no paging) and every question, for the CSV export. */
export async function registrationsForExport(db: Db, eventId: string, filter: RegistrationFilter) {
  const event = await getEventForAdmin(db, eventId);
  const questions = await eventQuestions(db, eventId);
  const answers = usableAnswerFilters(filter.answers, questions);
  const registrations = await db.registration.findMany({
    where: registrationWhere(eventId, { ...filter, answers }, questions),
    orderBy: registrationOrderBy(filter),
    select: rowSelect,
  });
  return { event, questions, registrations };
}

/**
 * The export as a file. Exports carry personal data (accessibility needs among it) out of
 * the app, so each one is audited with the filters used and the rows it held.
 */
export async function exportRegistrations(db: Db, actorId: string, eventId: string, filter: RegistrationFilter) {
  const { event, questions, registrations } = await registrationsForExport(db, eventId, filter);
  await recordAudit(db, {
    actorId,
    action: "registrations.export",
    subjectType: "Event",
    subjectId: event.id,
    detail: { rows: registrations.length, filter: registrationFilterQuery(filter) },
  });
  return { filename: `${event.slug}-registrations.csv`, csv: registrationsCsv(registrations, questions, event.timeZone) };
}

export type RegistrationRow = Awaited<ReturnType<typeof registrationsForExport>>["registrations"][number];

/**
 * Confirmed attendees grouped by each accessibility need they gave (someone with two needs
 * is in two groups), the count per need, and those who said no to photos and recordings.
 */
export async function accessibilityReport(db: Db, eventId: string) {
  const event = await getEventForAdmin(db, eventId);
  const attendeeSelect = {
    id: true,
    attendeeName: true,
    attendeeEmail: true,
    organisation: true,
    accessibilityNeeds: true,
    accessibilityNotes: true,
    ticketType: { select: { name: true } },
    order: { select: { reference: true } },
  } as const;
  const [withNeeds, noPhotos, counts] = await Promise.all([
    db.registration.findMany({
      where: { eventId, status: "CONFIRMED", NOT: { accessibilityNeeds: { isEmpty: true } } },
      orderBy: [{ attendeeName: "asc" }, { id: "asc" }],
      select: attendeeSelect,
    }),
    db.registration.findMany({
      where: { eventId, status: "CONFIRMED", photoConsent: false },
      orderBy: [{ attendeeName: "asc" }, { id: "asc" }],
      select: attendeeSelect,
    }),
    db.$queryRaw<{ need: AccessibilityNeed; attendees: number }[]>`
      SELECT need::text AS need, COUNT(*)::int AS attendees
      FROM "Registration", unnest("accessibilityNeeds") AS need
      WHERE "eventId" = ${eventId} AND status = 'CONFIRMED'
      GROUP BY need`,
  ]);
  const countOf = new Map(counts.map((c) => [c.need, c.attendees]));
  const groups = ACCESSIBILITY_NEEDS.map((need) => ({
    need,
    count: countOf.get(need) ?? 0,
    attendees: withNeeds.filter((r) => r.accessibilityNeeds.includes(need)),
  }));
  return { event, groups, attendeesWithNeeds: withNeeds.length, noPhotos };
}
