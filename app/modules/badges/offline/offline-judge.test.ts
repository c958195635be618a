import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { badgeKeyring, eventTag, issueBadgeToken } from "../badge-keys.server.ts";
import { assembleBadgeToken, badgePayload, dayNumber } from "../badge-token.ts";
import type { ListEntry } from "../verdict.ts";
import { badgeSignatureVerifier } from "./badge-signatures.ts";
import { judgeRegistrationOffline, judgeTokenOffline } from "./offline-judge.ts";
import { type CheckInSnapshot, indexSnapshot, searchIndex } from "./snapshot.ts";

// Tokens are signed by the server's own keyring (node:crypto) and checked here by the
// scanner's code (WebCrypto, or @noble/ed25519): the two must agree byte for byte.
const seed = () => randomBytes(32).toString("base64url");
const ring = badgeKeyring({ badgeSigningKey: seed(), badgeRetiredKeys: [] });
const strangerRing = badgeKeyring({ badgeSigningKey: seed(), badgeRetiredKeys: [] });

const EVENT_ID = "evt_summit";
const eventEndsAt = new Date("2027-09-29T21:00:00Z");
const duringEvent = new Date("2027-09-27T13:00:00Z");
const FULL = "tt_full";
const WORKSHOP = "tt_workshop";

function entry(id: string, overrides: Partial<ListEntry> = {}): ListEntry {
  return {
    registrationId: id,
    name: `Person ${id}`,
    email: `${id}@example.com`,
    orderReference: `SMS-${id.toUpperCase()}`,
    ticketTypeId: FULL,
    ticketType: "Full pass",
    status: "CONFIRMED",
    badgeVersion: 1,
    accessibilityNeeds: [],
    ...overrides,
  };
}

const entries = [
  entry("reg_ok", { name: "Ngozi Adeyemi", accessibilityNeeds: ["Step-free access"] }),
  entry("reg_in", { name: "Hiroshi Tanaka" }),
  entry("reg_cancelled", { status: "CANCELLED" }),
  entry("reg_transferred", { status: "TRANSFERRED" }),
  entry("reg_pending", { status: "PENDING" }),
  entry("reg_reissued", { badgeVersion: 2 }),
  entry("reg_workshop", { ticketTypeId: WORKSHOP, ticketType: "Workshop only" }),
  entry("reg_other", { name: "Zoë Ångström", email: "zoe@lakeshorehealth.example", orderReference: "SMS-7QK2" }),
];

const snapshot: CheckInSnapshot = {
  list: {
    id: "list_all",
    name: "Whole event",
    kind: "EVENT",
    eventId: EVENT_ID,
    eventName: "Summit",
    eventTag: eventTag(EVENT_ID),
    admits: [FULL],
  },
  keys: ring.verifyKeys,
  entries,
  checkIns: [{ registrationId: "reg_in", checkedInAt: "2027-09-27T12:58:00.000Z", deviceName: "Door 2" }],
  duplicates: [],
  generatedAt: "2027-09-27T12:59:00.000Z",
};

const tokenFor = (id: string, { version = 1, eventId = EVENT_ID, keys = ring, endsAt = eventEndsAt } = {}) =>
  issueBadgeToken(keys, { id, eventId, badgeVersion: version }, { endsAt });

describe.each(["webcrypto", "noble"] as const)("offline verdicts with %s signatures", (engine) => {
  const verifierFor = () => badgeSignatureVerifier(snapshot.keys, engine === "noble" ? { engine: "noble" } : {});

  it("uses the engine it says", async () => {
    expect((await verifierFor()).engine).toBe(engine);
  });

  it("admits a valid badge, with the person's ticket and access needs", async () => {
    const verdict = await judgeTokenOffline(indexSnapshot(snapshot), await verifierFor(), tokenFor("reg_ok"), duringEvent);
    expect(verdict).toEqual({
      kind: "MAY_ADMIT",
      person: {
        registrationId: "reg_ok",
        name: "Ngozi Adeyemi",
        ticketType: "Full pass",
        accessibilityNeeds: ["Step-free access"],
      },
    });
  });

  it("says already checked in, when and where, from the server's copy and from this device's own queue", async () => {
    const verifier = await verifierFor();
    const index = indexSnapshot(snapshot, [
      { registrationId: "reg_ok", checkedInAt: "2027-09-27T13:01:00.000Z", deviceName: "Door 1" },
    ]);
    expect(await judgeTokenOffline(index, verifier, tokenFor("reg_in"), duringEvent)).toMatchObject({
      kind: "ALREADY_CHECKED_IN",
      checkedInAt: "2027-09-27T12:58:00.000Z",
      deviceName: "Door 2",
    });
    expect(await judgeTokenOffline(index, verifier, tokenFor("reg_ok"), duringEvent)).toMatchObject({
      kind: "ALREADY_CHECKED_IN",
      deviceName: "Door 1",
    });
  });

  it.each([
    ["garbage", () => "HELLO WORLD", "MALFORMED"],
    ["oversized", () => "A".repeat(400), "MALFORMED"],
    ["altered (one character of the signature changed)", () => flipLast(tokenFor("reg_ok")), "FORGED"],
    ["signed with a stranger's key under our key id", forgedUnderOurKid, "FORGED"],
    ["signed with an unknown key", () => tokenFor("reg_ok", { keys: strangerRing }), "FORGED"],
    ["for another event", () => tokenFor("reg_ok", { eventId: "evt_other" }), "OTHER_EVENT"],
    ["expired", () => tokenFor("reg_ok", { endsAt: new Date("2027-09-20T00:00:00Z") }), "EXPIRED"],
    ["unknown", () => tokenFor("reg_nobody"), "UNKNOWN"],
    ["cancelled", () => tokenFor("reg_cancelled"), "CANCELLED"],
    ["transferred", () => tokenFor("reg_transferred"), "REVOKED"],
    ["reissued (old version)", () => tokenFor("reg_reissued", { version: 1 }), "REVOKED"],
    ["unpaid", () => tokenFor("reg_pending"), "UNPAID"],
    ["not admitted by this list", () => tokenFor("reg_workshop"), "NOT_ON_LIST"],
  ])("refuses a badge that is %s", async (_label, token, reason) => {
    const verdict = await judgeTokenOffline(indexSnapshot(snapshot), await verifierFor(), token(), duringEvent);
    expect(verdict).toMatchObject({ kind: "NOT_VALID", reason });
  });

  it("admits the reissued badge's new version", async () => {
    const verdict = await judgeTokenOffline(
      indexSnapshot(snapshot),
      await verifierFor(),
      tokenFor("reg_reissued", { version: 2 }),
      duringEvent,
    );
    expect(verdict.kind).toBe("MAY_ADMIT");
  });
});

/** Base45 text with its last character swapped: still decodes, but to different bytes. */
function flipLast(token: string): string {
  const last = token.at(-1) === "0" ? "1" : "0";
  return token.slice(0, -1) + last;
}

/** Our key id on claims a stranger signed with their own key: decodes fine, must not verify. */
function forgedUnderOurKid(): string {
  const payload = badgePayload({
    kid: ring.kid,
    registrationId: "reg_ok",
    eventTag: eventTag(EVENT_ID),
    badgeVersion: 1,
    expiresOn: dayNumber(eventEndsAt) + 2,
  });
  return assembleBadgeToken(payload, strangerRing.sign(payload));
}

describe("engine choice", () => {
  it("falls back to @noble/ed25519 when WebCrypto has no Ed25519", async () => {
    // A browser without Ed25519 rejects the import with NotSupportedError.
    const subtle = {
      importKey: () => Promise.reject(new DOMException("Unrecognized name.", "NotSupportedError")),
    } as unknown as SubtleCrypto;
    const verifier = await badgeSignatureVerifier(snapshot.keys, { subtle });
    expect(verifier.engine).toBe("noble");
    const verdict = await judgeTokenOffline(indexSnapshot(snapshot), verifier, tokenFor("reg_ok"), duringEvent);
    expect(verdict.kind).toBe("MAY_ADMIT");
  });
});

describe("manual check-in from search", () => {
  it("applies the list's rules and the local check-ins to a picked person", () => {
    const index = indexSnapshot(snapshot);
    expect(judgeRegistrationOffline(index, "reg_ok").kind).toBe("MAY_ADMIT");
    expect(judgeRegistrationOffline(index, "reg_in")).toMatchObject({ kind: "ALREADY_CHECKED_IN", deviceName: "Door 2" });
    expect(judgeRegistrationOffline(index, "reg_cancelled")).toMatchObject({ kind: "NOT_VALID", reason: "CANCELLED" });
    expect(judgeRegistrationOffline(index, "reg_workshop")).toMatchObject({ kind: "NOT_VALID", reason: "NOT_ON_LIST" });
    expect(judgeRegistrationOffline(index, "nobody")).toMatchObject({ kind: "NOT_VALID", reason: "UNKNOWN" });
  });

  it("finds people by name (accents ignored), email or order reference, names starting with the query first", () => {
    const index = indexSnapshot(snapshot);
    expect(searchIndex(index, "zoe ang").map((r) => r.registrationId)).toEqual(["reg_other"]);
    expect(searchIndex(index, "LAKESHORE").map((r) => r.registrationId)).toEqual(["reg_other"]);
    expect(searchIndex(index, "sms-7qk").map((r) => r.registrationId)).toEqual(["reg_other"]);
    expect(searchIndex(index, "hiroshi")).toEqual([
      expect.objectContaining({ registrationId: "reg_in", checkedInAt: "2027-09-27T12:58:00.000Z", deviceName: "Door 2" }),
    ]);
    expect(searchIndex(index, "a")).toEqual([]);
    expect(searchIndex(index, "person")).toHaveLength(5);
  });
});

it("judges in the event's days, not the device's: a badge is valid through its last UTC day", async () => {
  const verifier = await badgeSignatureVerifier(snapshot.keys);
  const lastDay = new Date((dayNumber(eventEndsAt) + 2) * 86_400_000 + 86_399_000);
  const dayAfter = new Date(lastDay.getTime() + 2_000);
  expect((await judgeTokenOffline(indexSnapshot(snapshot), verifier, tokenFor("reg_ok"), lastDay)).kind).toBe("MAY_ADMIT");
  expect(await judgeTokenOffline(indexSnapshot(snapshot), verifier, tokenFor("reg_ok"), dayAfter)).toMatchObject({
    reason: "EXPIRED",
  });
});

it("reads tokens that start with a space, a Base45 digit (key ids starting 5f give every badge one)", async () => {
  const spaced = badgeKeyring({ badgeSigningKey: Buffer.alloc(32, 36).toString("base64url"), badgeRetiredKeys: [] });
  const token = issueBadgeToken(spaced, { id: "reg_ok", eventId: EVENT_ID, badgeVersion: 1 }, { endsAt: eventEndsAt });
  expect(token[0]).toBe(" ");
  const copy = { ...snapshot, keys: spaced.verifyKeys };
  for (const engine of [{}, { engine: "noble" as const }]) {
    const verifier = await badgeSignatureVerifier(copy.keys, engine);
    expect((await judgeTokenOffline(indexSnapshot(copy), verifier, token, duringEvent)).kind).toBe("MAY_ADMIT");
    // A hand-held scanner's Enter after the text changes nothing.
    expect((await judgeTokenOffline(indexSnapshot(copy), verifier, `${token}\r\n`, duringEvent)).kind).toBe("MAY_ADMIT");
  }
});
