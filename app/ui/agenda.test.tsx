import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { handleUrl, timeRange, ZoneNote } from "./agenda.tsx";

describe("timeRange", () => {
  // Tests run with TZ=Asia/Kolkata; these are New York's wall clocks.
  const ny = "America/New_York";

  it("names AM/PM and the zone once when both ends share them", () => {
    expect(timeRange("2027-09-27T13:00:00Z", "2027-09-27T14:30:00Z", ny)).toBe("9:00 – 10:30 AM EDT");
    expect(timeRange("2027-09-27T15:45:00Z", "2027-09-27T16:45:00Z", ny)).toBe("11:45 AM – 12:45 PM EDT");
  });

  it("names both zones when the range crosses a DST change", () => {
    // 1:30 EDT to 1:30 EST on the first Sunday of November 2027: an hour apart.
    expect(timeRange("2027-11-07T05:30:00Z", "2027-11-07T06:30:00Z", ny)).toBe("1:30 AM EDT – 1:30 AM EST");
  });
});

describe("handleUrl", () => {
  it("links the handles organisers type to the network's profile page", () => {
    expect(handleUrl("x", "@nurse_priya")).toBe("https://x.com/nurse_priya");
    expect(handleUrl("bluesky", "amara.example")).toBe("https://bsky.app/profile/amara.example");
    expect(handleUrl("linkedin", "in/amara-okafor")).toBe("https://www.linkedin.com/in/amara-okafor");
    expect(handleUrl("mastodon", "@amara@med.social.example")).toBe("https://med.social.example/@amara");
    expect(handleUrl("x", "https://x.com/someone")).toBe("https://x.com/someone");
  });

  it("leaves what it can't read as text, and never links another scheme", () => {
    expect(handleUrl("mastodon", "@amara")).toBeNull();
    expect(handleUrl("x", "@")).toBeNull();
    expect(handleUrl("website", "javascript:alert(1)")).toBeNull();
    expect(handleUrl("x", "javascript:alert(1)")).toBe("https://x.com/javascript%3Aalert(1)");
  });
});

describe("ZoneNote", () => {
  it("names the zone, and both abbreviations when the event spans a DST change", () => {
    const chicago = "America/Chicago";
    expect(renderToStaticMarkup(<ZoneNote from="2027-09-27T13:00:00Z" to="2027-09-29T22:00:00Z" zone={chicago} />)).toContain(
      "All times are in CDT (America/Chicago)",
    );
    expect(renderToStaticMarkup(<ZoneNote from="2027-11-05T14:00:00Z" to="2027-11-08T23:00:00Z" zone={chicago} />)).toContain(
      "All times are in CDT/CST (America/Chicago)",
    );
  });
});
