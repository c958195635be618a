import { describe, expect, it } from "vitest";
import { badgeExpiry, badgeKeyring, eventTag, issueBadgeToken, readBadgeToken } from "./badge-keys.server.ts";
import { assembleBadgeToken, badgePayload, dayNumber } from "./badge-token.ts";
import { decodeBase45, encodeBase45 } from "./base45.ts";
import { judgeBadge, type ListEntry, NOT_VALID_MESSAGES, notValid } from "./verdict.ts";

const seed = (byte: number) => Buffer.alloc(32, byte).toString("base64url");
const ring = badgeKeyring({ badgeSigningKey: seed(7), badgeRetiredKeys: [] });
const EVENT_ID = "cm9x2k3lp0000event0000001";
const event = { endsAt: new Date("2027-09-29T22:00:00Z") };
const DURING = dayNumber(new Date("2027-09-28T12:00:00Z"));
const registration = { id: "cm9x2k3lp0001qz8h4b7d2e6f", eventId: EVENT_ID, badgeVersion: 2 };

const entry = (overrides: Partial<ListEntry> = {}): ListEntry => ({
  registrationId: registration.id,
  name: "Zoë Ångström",
  email: "zoe@example.org",
  orderReference: "SUM-ABC123",
  ticketTypeId: "tt-in-person",
  ticketType: "In person",
  status: "CONFIRMED",
  badgeVersion: 2,
  accessibilityNeeds: [],
  ...overrides,
});

/** What the door decides for this QR text, the way the server and the offline scanner both do it. */
function judge(
  text: string,
  {
    entries = [entry()],
    today = DURING,
    eventId = EVENT_ID,
    admits = ["tt-in-person"],
  }: { entries?: ListEntry[]; today?: number; eventId?: string; admits?: string[] } = {},
) {
  const read = readBadgeToken(ring, text);
  const found = entries.find((e) => e.registrationId === read.token?.claims.registrationId);
  const verdict = judgeBadge({
    ...read,
    eventTag: eventTag(eventId),
    today,
    entry: found,
    admitsTicketType: (id) => admits.includes(id),
  });
  return verdict.ok ? "OK" : verdict.reason;
}

const valid = issueBadgeToken(ring, registration, event);

describe("judging a badge at the door", () => {
  it("admits the current badge of a confirmed registration on a list that takes its ticket", () => {
    expect(judge(valid)).toBe("OK");
    // The last day before expiry still passes.
    expect(judge(valid, { today: badgeExpiry(event.endsAt) })).toBe("OK");
  });

  it("FORGED: signed by another key that claims the real key id", () => {
    const payload = badgePayload({
      kid: ring.kid,
      registrationId: registration.id,
      eventTag: eventTag(EVENT_ID),
      badgeVersion: 2,
      expiresOn: badgeExpiry(event.endsAt),
    });
    const other = badgeKeyring({ badgeSigningKey: seed(8), badgeRetiredKeys: [] });
    expect(judge(assembleBadgeToken(payload, other.sign(payload)))).toBe("FORGED");
  });

  it("FORGED: tampered — a later badge version or another registration written into a real token", () => {
    const bytes = decodeBase45(valid) as Uint8Array;
    const versionAt = 4 + registration.id.length + 4;
    const bumped = bytes.slice();
    bumped[versionAt + 1] += 1;
    expect(judge(encodeBase45(bumped))).toBe("FORGED");
    const otherId = bytes.slice();
    otherId[4 + 5] = "z".charCodeAt(0);
    expect(judge(encodeBase45(otherId))).toBe("FORGED");
  });

  it("FORGED: wrong key — a key the scanner does not know", () => {
    const stranger = badgeKeyring({ badgeSigningKey: seed(9), badgeRetiredKeys: [] });
    expect(judge(issueBadgeToken(stranger, registration, event))).toBe("FORGED");
  });

  it("REVOKED: an older badge version (reissued) or a transferred registration", () => {
    expect(judge(issueBadgeToken(ring, { ...registration, badgeVersion: 1 }, event))).toBe("REVOKED");
    expect(judge(valid, { entries: [entry({ badgeVersion: 3 })] })).toBe("REVOKED");
    expect(judge(valid, { entries: [entry({ status: "TRANSFERRED" })] })).toBe("REVOKED");
  });

  it("EXPIRED: the day after the badge's last day", () => {
    expect(judge(valid, { today: badgeExpiry(event.endsAt) + 1 })).toBe("EXPIRED");
  });

  it("CANCELLED, UNPAID, OTHER_EVENT, NOT_ON_LIST and UNKNOWN", () => {
    expect(judge(valid, { entries: [entry({ status: "CANCELLED" })] })).toBe("CANCELLED");
    expect(judge(valid, { entries: [entry({ status: "PENDING" })] })).toBe("UNPAID");
    expect(judge(valid, { entries: [entry({ status: "EXPIRED" })] })).toBe("UNPAID");
    expect(judge(valid, { eventId: "cm9x2k3lp0000event0000002" })).toBe("OTHER_EVENT");
    expect(judge(valid, { admits: ["tt-workshop"] })).toBe("NOT_ON_LIST");
    expect(judge(valid, { entries: [] })).toBe("UNKNOWN");
  });

  it("MALFORMED: garbage and oversized text", () => {
    expect(judge("")).toBe("MALFORMED");
    expect(judge("not a badge")).toBe("MALFORMED");
    expect(judge("https://example.org/?q=1")).toBe("MALFORMED");
    expect(judge(`${valid}${"0".repeat(300)}`)).toBe("MALFORMED");
  });

  it("checks the signature before anything the token claims", () => {
    const stranger = badgeKeyring({ badgeSigningKey: seed(9), badgeRetiredKeys: [] });
    // Another event and long expired, but forged: forged is what staff must hear.
    const token = issueBadgeToken(stranger, { ...registration, eventId: "elsewhere" }, { endsAt: new Date("2020-01-01") });
    expect(judge(token)).toBe("FORGED");
  });

  it("gives each reason a message for the verdict screen", () => {
    expect(notValid("REVOKED")).toEqual({ kind: "NOT_VALID", reason: "REVOKED", message: NOT_VALID_MESSAGES.REVOKED });
  });
});
