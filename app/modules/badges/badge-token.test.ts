import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { badgeExpiry, badgeKeyring, eventTag, issueBadgeToken, keyId, readBadgeToken } from "./badge-keys.server.ts";
import { assembleBadgeToken, badgePayload, dayNumber, decodeBadgeToken, MAX_BADGE_TOKEN_LENGTH } from "./badge-token.ts";
import { decodeBase45, encodeBase45 } from "./base45.ts";

// Fixed seeds, so a failure reproduces. Registration ids are cuids: 25 lower-case characters.
const seed = (byte: number) => Buffer.alloc(32, byte).toString("base64url");
const ring = badgeKeyring({ badgeSigningKey: seed(1), badgeRetiredKeys: [] });
const otherRing = badgeKeyring({ badgeSigningKey: seed(2), badgeRetiredKeys: [] });
const registration = { id: "cm9x2k3lp0001qz8h4b7d2e6f", eventId: "cm9x2k3lp0000event0000001", badgeVersion: 3 };
const event = { endsAt: new Date("2027-09-29T22:00:00Z") };

describe("badge tokens", () => {
  it("carries the registration, event tag, version, key id and expiry, and verifies", () => {
    const token = issueBadgeToken(ring, registration, event);
    const { token: decoded, signatureValid } = readBadgeToken(ring, token);
    expect(signatureValid).toBe(true);
    expect(decoded?.claims).toEqual({
      kid: ring.kid,
      registrationId: registration.id,
      eventTag: eventTag(registration.eventId),
      badgeVersion: 3,
      expiresOn: badgeExpiry(event.endsAt),
    });
    expect(badgeExpiry(event.endsAt)).toBe(dayNumber(new Date("2027-10-01T00:00:00Z")));
    expect(token).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
    expect(token.length).toBeLessThanOrEqual(MAX_BADGE_TOKEN_LENGTH);
  });

  it("fits a QR code of version 6 or less in alphanumeric mode at level M", () => {
    const token = issueBadgeToken(ring, registration, event);
    const qr = QRCode.create(token, { errorCorrectionLevel: "M" });
    expect(qr.version).toBeLessThanOrEqual(6);
    expect(qr.segments).toHaveLength(1);
    expect(qr.segments[0].mode.id).toBe("Alphanumeric");
  });

  it("refuses a forged token: signed by another key under the real key's id", () => {
    const payload = badgePayload({
      kid: ring.kid,
      registrationId: registration.id,
      eventTag: eventTag(registration.eventId),
      badgeVersion: registration.badgeVersion,
      expiresOn: badgeExpiry(event.endsAt),
    });
    const forged = assembleBadgeToken(payload, otherRing.sign(payload));
    const read = readBadgeToken(ring, forged);
    expect(read.token?.claims.kid).toBe(ring.kid);
    expect(read.signatureValid).toBe(false);
  });

  it("refuses a token signed by a key the ring does not hold (unknown key id)", () => {
    const token = issueBadgeToken(otherRing, registration, event);
    const read = readBadgeToken(ring, token);
    expect(read.token?.claims.kid).toBe(otherRing.kid);
    expect(ring.verifyKeys.map((k) => k.kid)).not.toContain(otherRing.kid);
    expect(read.signatureValid).toBe(false);
  });

  it("refuses every single flipped bit: in the signed bytes the signature fails, in the layout it is not a token", () => {
    const bytes = decodeBase45(issueBadgeToken(ring, registration, event)) as Uint8Array;
    const signedLength = (decodeBadgeToken(encodeBase45(bytes)) as NonNullable<ReturnType<typeof decodeBadgeToken>>).signed
      .length;
    for (let i = 0; i < bytes.length; i++) {
      const tampered = bytes.slice();
      tampered[i] ^= 0x01;
      const read = readBadgeToken(ring, encodeBase45(tampered));
      expect(read.signatureValid, `byte ${i}`).toBe(false);
      // The format byte (0) and the id length (3) change the layout itself.
      if (i === 0 || i === 3) expect(read.token, `byte ${i}`).toBeNull();
      else expect(read.token, `byte ${i}`).not.toBeNull();
    }
    expect(signedLength).toBe(bytes.length - 64);
  });

  it("keeps badges of a retired key valid after a rotation, and only while that key is listed", () => {
    const old = issueBadgeToken(ring, registration, event);
    const retiredPublic = ring.verifyKeys[0].publicKey;
    const rotated = badgeKeyring({ badgeSigningKey: seed(3), badgeRetiredKeys: [retiredPublic] });
    expect(rotated.kid).not.toBe(ring.kid);
    expect(rotated.verifyKeys.map((k) => k.kid)).toEqual([rotated.kid, ring.kid]);
    expect(readBadgeToken(rotated, old).signatureValid).toBe(true);
    expect(readBadgeToken(rotated, issueBadgeToken(rotated, registration, event)).signatureValid).toBe(true);
    const dropped = badgeKeyring({ badgeSigningKey: seed(3), badgeRetiredKeys: [] });
    expect(readBadgeToken(dropped, old).signatureValid).toBe(false);
  });

  it("names keys by the hash of their public half", () => {
    expect(ring.kid).toBe(keyId(Buffer.from(ring.verifyKeys[0].publicKey, "base64url")));
    expect(ring.kid).toMatch(/^[0-9a-f]{4}$/);
  });

  it("reads garbage and oversized text as no token at all", () => {
    for (const text of ["", "hello", "https://example.org/badge", "BB8", "%69 VD92EX0", "Ω", "A".repeat(200)])
      expect(readBadgeToken(ring, text).token, text).toBeNull();
    const token = issueBadgeToken(ring, registration, event);
    const oversized = token + "0".repeat(MAX_BADGE_TOKEN_LENGTH - token.length + 3);
    expect(readBadgeToken(ring, oversized)).toEqual({ token: null, signatureValid: false });
    // Extra bytes after the signature are not a token either.
    expect(readBadgeToken(ring, `${token}00`).token).toBeNull();
  });
});
