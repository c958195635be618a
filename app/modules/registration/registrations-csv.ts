// The registrations export: one row per registration, every answer as a column.
import { stringify } from "csv-stringify/sync";
import { DateTime } from "luxon";
import type { AccessibilityNeed, RegistrationStatus } from "~/generated/prisma/enums.ts";
import { formatAnswer } from "./questions.ts";
import { ACCESSIBILITY_LABELS } from "./registration.schema.ts";
import { REGISTRATION_STATUS_LABELS } from "./registrations-filter.ts";

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab / carriage return that hides
 * one) as a formula: an attendee could type `=HYPERLINK(…)` as their name. A leading
 * apostrophe makes the cell plain text (OWASP's advice for CSV injection).
 */
export function csvSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type CsvRegistration = {
  attendeeName: string;
  attendeeEmail: string;
  organisation: string;
  status: RegistrationStatus;
  priceCents: number;
  member: boolean;
  accessibilityNeeds: AccessibilityNeed[];
  accessibilityNotes: string;
  photoConsent: boolean;
  answers: unknown;
  createdAt: Date;
  ticketType: { name: string };
  order: { reference: string; currency: string };
};

/** Cents as a plain decimal ("295.00"): spreadsheets sum it, unlike "$295.00". */
function decimal(cents: number): string {
  return (cents / 100).toFixed(2);
}

export function registrationsCsv(
  registrations: CsvRegistration[],
  questions: { id: string; label: string }[],
  timeZone: string,
): string {
  const header = [
    "Order reference",
    "Attendee",
    "Email",
    "Organisation",
    "Ticket type",
    "Status",
    "Price",
    "Currency",
    "Member",
    "Accessibility needs",
    "Accessibility notes",
    "Photo consent",
    `Registered (${timeZone})`,
    ...questions.map((q) => q.label),
  ];
  const rows = registrations.map((r) => {
    const answers = (r.answers ?? {}) as Record<string, unknown>;
    return [
      r.order.reference,
      r.attendeeName,
      r.attendeeEmail,
      r.organisation,
      r.ticketType.name,
      REGISTRATION_STATUS_LABELS[r.status],
      decimal(r.priceCents),
      r.order.currency.toUpperCase(),
      r.member ? "Yes" : "No",
      r.accessibilityNeeds.map((n) => ACCESSIBILITY_LABELS[n]).join("; "),
      r.accessibilityNotes,
      r.photoConsent ? "Yes" : "No",
      DateTime.fromJSDate(r.createdAt, { zone: timeZone }).toFormat("yyyy-LL-dd HH:mm"),
      ...questions.map((q) => formatAnswer(answers[q.id])),
    ];
  });
  // The BOM tells Excel the file is UTF-8 (names with accents); CRLF is RFC 4180's line end.
  // csv-stringify quotes only cells holding the record delimiter, so a bare "\n" in a note
  // would end the row in Excel: quote any line break.
  return stringify(
    [header, ...rows].map((row) => row.map(csvSafe)),
    {
      bom: true,
      record_delimiter: "windows",
      quoted_match: /[\r\n]/,
    },
  );
}
