import { describe, expect, it } from "vitest";
import { minuteAnnouncement, timeLeftLabel } from "./hold-timer.tsx";

describe("hold timer", () => {
  it("shows minutes and seconds, rounding up so 0:00 means the hold is over", () => {
    expect(timeLeftLabel(30 * 60_000)).toBe("30:00");
    expect(timeLeftLabel(61_001)).toBe("1:02");
    expect(timeLeftLabel(400)).toBe("0:01");
    expect(timeLeftLabel(-5_000)).toBe("0:00");
  });

  it("announces every fifth minute, each of the last five, and the end — nothing in between", () => {
    expect(minuteAnnouncement(30 * 60_000)).toBe("30 minutes left to pay.");
    expect(minuteAnnouncement(29 * 60_000)).toBeNull();
    expect(minuteAnnouncement(10 * 60_000)).toBe("10 minutes left to pay.");
    expect(minuteAnnouncement(4 * 60_000)).toBe("4 minutes left to pay.");
    expect(minuteAnnouncement(30_000)).toBe("1 minute left to pay.");
    expect(minuteAnnouncement(0)).toMatch(/hold has run out/);
  });
});
