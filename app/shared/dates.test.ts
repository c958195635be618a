import { describe, expect, it } from "vitest";
import {
  formatDate,
  formatDateRange,
  formatDateTime,
  formatTime,
  fromLocalInput,
  toLocalInput,
  zoneAbbreviation,
} from "./dates.ts";

// Tests run with TZ=Asia/Kolkata: every expectation below is in the event's zone, never the process's.
const chicago = "America/Chicago";
const phoenix = "America/Phoenix";

function at(local: string, zone: string): Date {
  const date = fromLocalInput(local, zone);
  if (!date) throw new Error(`${local} does not exist in ${zone}`);
  return date;
}

describe("formatDateRange", () => {
  it("names the weekday of a one-day event", () => {
    expect(formatDateRange(at("2027-09-27T09:00", chicago), at("2027-09-27T17:00", chicago), chicago)).toBe(
      "Monday 27 September 2027",
    );
  });

  it("shares month and year within one month", () => {
    expect(formatDateRange(at("2027-09-27T08:00", chicago), at("2027-09-29T17:00", chicago), chicago)).toBe(
      "27–29 September 2027",
    );
  });

  it("names both months across a month boundary", () => {
    expect(formatDateRange(at("2027-09-30T08:00", chicago), at("2027-10-02T17:00", chicago), chicago)).toBe(
      "30 September – 2 October 2027",
    );
  });

  it("names both years across a year boundary", () => {
    expect(formatDateRange(at("2027-12-30T08:00", phoenix), at("2028-01-02T12:00", phoenix), phoenix)).toBe(
      "30 December 2027 – 2 January 2028",
    );
  });

  it("counts an end at midnight as the previous day", () => {
    expect(formatDateRange(at("2027-09-27T08:00", chicago), at("2027-09-30T00:00", chicago), chicago)).toBe(
      "27–29 September 2027",
    );
    expect(formatDateRange(at("2027-09-27T18:00", chicago), at("2027-09-28T00:00", chicago), chicago)).toBe(
      "Monday 27 September 2027",
    );
  });

  it("uses the event's zone for the day, not UTC's", () => {
    // 20:00 in Chicago on 27 September is already the 28th in UTC and in Kolkata.
    expect(formatDateRange(at("2027-09-27T20:00", chicago), at("2027-09-27T22:00", chicago), chicago)).toBe(
      "Monday 27 September 2027",
    );
  });
});

describe("zoneAbbreviation", () => {
  it("follows daylight saving in Chicago", () => {
    expect(zoneAbbreviation(new Date("2027-01-15T18:00:00Z"), chicago)).toBe("CST");
    expect(zoneAbbreviation(new Date("2027-07-15T18:00:00Z"), chicago)).toBe("CDT");
  });

  it("stays MST all year in Phoenix", () => {
    expect(zoneAbbreviation(new Date("2027-01-15T18:00:00Z"), phoenix)).toBe("MST");
    expect(zoneAbbreviation(new Date("2027-07-15T18:00:00Z"), phoenix)).toBe("MST");
  });
});

describe("fromLocalInput / toLocalInput", () => {
  it("reads wall time in the event's zone, with or without DST", () => {
    expect(fromLocalInput("2027-01-15T08:00", chicago)?.toISOString()).toBe("2027-01-15T14:00:00.000Z");
    expect(fromLocalInput("2027-07-15T08:00", chicago)?.toISOString()).toBe("2027-07-15T13:00:00.000Z");
    expect(fromLocalInput("2027-01-15T08:00", phoenix)?.toISOString()).toBe("2027-01-15T15:00:00.000Z");
    expect(fromLocalInput("2027-07-15T08:00", phoenix)?.toISOString()).toBe("2027-07-15T15:00:00.000Z");
  });

  it("round-trips a wall time in Chicago and Phoenix", () => {
    for (const zone of [chicago, phoenix]) {
      for (const local of ["2027-01-15T08:00", "2027-03-14T03:30", "2027-07-15T23:59", "2027-11-07T12:00", "2028-02-29T00:00"]) {
        expect(toLocalInput(at(local, zone), zone)).toBe(local);
      }
    }
  });

  it("shows an instant as the event zone's wall time", () => {
    expect(toLocalInput(new Date("2027-07-15T13:00:00Z"), chicago)).toBe("2027-07-15T08:00");
    expect(toLocalInput(new Date("2027-07-15T13:00:00Z"), phoenix)).toBe("2027-07-15T06:00");
  });

  it("returns null for a time skipped by DST in Chicago, but not in Phoenix", () => {
    expect(fromLocalInput("2027-03-14T02:30", chicago)).toBeNull();
    expect(fromLocalInput("2027-03-14T02:30", phoenix)?.toISOString()).toBe("2027-03-14T09:30:00.000Z");
  });

  it("returns null for input that is not a date", () => {
    expect(fromLocalInput("not a date", chicago)).toBeNull();
    expect(fromLocalInput("2027-02-30T09:00", chicago)).toBeNull();
  });
});

describe("formatDate, formatTime, formatDateTime", () => {
  it("show the event zone's wall clock with its abbreviation, midnight and noon included", () => {
    const newYork = "America/New_York";
    expect(formatDate(at("2027-09-27T08:00", newYork), newYork)).toBe("Monday 27 September 2027");
    expect(formatTime(at("2027-09-27T08:00", newYork), newYork)).toBe("8:00 AM EDT");
    expect(formatTime(at("2027-05-10T00:00", chicago), chicago)).toBe("12:00 AM CDT");
    expect(formatTime(at("2027-01-10T12:05", chicago), chicago)).toBe("12:05 PM CST");
    expect(formatTime(at("2027-07-01T16:30", phoenix), phoenix)).toBe("4:30 PM MST");
    expect(formatDateTime(new Date("2027-09-27T12:00:00Z"), "UTC")).toBe("27 Sep 2027, 12:00 PM UTC");
  });

  it("a start at midnight is that day, not the day before", () => {
    expect(formatDate(at("2027-05-10T00:00", chicago), chicago)).toBe("Monday 10 May 2027");
  });
});
