// The event's self-service rules as pure functions: when attendees may edit their details,
// and how much a cancellation refunds. Days count back from the start in the event's zone,
// so "14 days before" keeps its wall-clock time across a DST change.
import { DateTime } from "luxon";

/** Used when the event has no registration settings row (the schema's defaults). */
export const DEFAULT_REFUND_FULL_UNTIL_DAYS = 14;
export const DEFAULT_DETAILS_EDIT_CUTOFF_DAYS = 2;

export type PolicyEvent = { startsAt: Date; timeZone: string };
export type PolicySettings = { refundFullUntilDays: number; detailsEditCutoffDays: number };

export const DEFAULT_POLICY: PolicySettings = {
  refundFullUntilDays: DEFAULT_REFUND_FULL_UNTIL_DAYS,
  detailsEditCutoffDays: DEFAULT_DETAILS_EDIT_CUTOFF_DAYS,
};

function daysBefore(event: PolicyEvent, days: number): Date {
  return DateTime.fromJSDate(event.startsAt, { zone: event.timeZone }).minus({ days }).toJSDate();
}

/** The moment full refunds end; cancelling at or after it refunds nothing. */
export function refundDeadline(event: PolicyEvent, settings: PolicySettings): Date {
  return daysBefore(event, settings.refundFullUntilDays);
}

/** The moment attendees can no longer change their details (badges are being printed). */
export function detailsEditCutoff(event: PolicyEvent, settings: PolicySettings): Date {
  return daysBefore(event, settings.detailsEditCutoffDays);
}

export type CancellationQuote = {
  /** What cancelling now refunds: the rest of what the seat cost before the deadline, nothing after. */
  amountCents: number;
  deadline: Date;
  beforeDeadline: boolean;
};

export function cancellationRefund(
  seat: { priceCents: number; refundedCents: number },
  event: PolicyEvent,
  settings: PolicySettings,
  now: Date,
): CancellationQuote {
  const deadline = refundDeadline(event, settings);
  const beforeDeadline = now < deadline;
  return { amountCents: beforeDeadline ? Math.max(0, seat.priceCents - seat.refundedCents) : 0, deadline, beforeDeadline };
}

export function canEditDetails(event: PolicyEvent, settings: PolicySettings, now: Date): boolean {
  return now < detailsEditCutoff(event, settings);
}

/** Transfers and cancellations stop when the event starts. */
export function eventHasStarted(event: PolicyEvent, now: Date): boolean {
  return now >= event.startsAt;
}
