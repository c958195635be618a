import { describe, expect, it } from "vitest";
import {
  cancellationRefund,
  canEditDetails,
  DEFAULT_POLICY,
  detailsEditCutoff,
  eventHasStarted,
  refundDeadline,
} from "./refund-policy.ts";

// 8:00 AM in New York on Monday 15 March 2027, a week after the clocks went forward.
const event = { startsAt: new Date("2027-03-15T12:00:00Z"), timeZone: "America/New_York" };
const policy = { refundFullUntilDays: 14, detailsEditCutoffDays: 2 };

describe("refund policy", () => {
  it("counts days back in the event's zone, keeping the wall-clock time across DST", () => {
    // 1 March, 8:00 AM EST = 13:00 UTC (not 12:00: the clocks changed on 14 March).
    expect(refundDeadline(event, policy)).toEqual(new Date("2027-03-01T13:00:00Z"));
    expect(detailsEditCutoff(event, policy)).toEqual(new Date("2027-03-13T13:00:00Z"));
  });

  it("refunds what is left of the seat's price before the deadline and nothing from the deadline on", () => {
    const seat = { priceCents: 49_500, refundedCents: 0 };
    expect(cancellationRefund(seat, event, policy, new Date("2027-03-01T12:59:59Z"))).toMatchObject({
      amountCents: 49_500,
      beforeDeadline: true,
    });
    expect(cancellationRefund(seat, event, policy, new Date("2027-03-01T13:00:00Z"))).toMatchObject({
      amountCents: 0,
      beforeDeadline: false,
    });
    // Partly refunded by an organiser already: only the rest.
    expect(
      cancellationRefund({ priceCents: 49_500, refundedCents: 9_500 }, event, policy, new Date("2027-01-01")).amountCents,
    ).toBe(40_000);
    expect(cancellationRefund({ priceCents: 0, refundedCents: 0 }, event, policy, new Date("2027-01-01")).amountCents).toBe(0);
  });

  it("a policy of 0 days refunds in full until the start", () => {
    const lastMinute = { ...policy, refundFullUntilDays: 0 };
    expect(
      cancellationRefund({ priceCents: 100, refundedCents: 0 }, event, lastMinute, new Date("2027-03-15T11:59:00Z")).amountCents,
    ).toBe(100);
  });

  it("allows edits until the cut-off and knows when the event has started", () => {
    expect(canEditDetails(event, DEFAULT_POLICY, new Date("2027-03-13T12:59:00Z"))).toBe(true);
    expect(canEditDetails(event, DEFAULT_POLICY, new Date("2027-03-13T13:00:00Z"))).toBe(false);
    expect(eventHasStarted(event, new Date("2027-03-15T11:59:59Z"))).toBe(false);
    expect(eventHasStarted(event, new Date("2027-03-15T12:00:00Z"))).toBe(true);
  });
});
