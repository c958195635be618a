import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import type { Env } from "~/shared/env.server.ts";
import { assembleBadgeToken, badgePayload, type DecodedBadgeToken, dayNumber, decodeBadgeToken } from "./badge-token.ts";

/**
 * Ed25519 keys for badge tokens. The signing key is a 32-byte seed; node:crypto takes it as
 * PKCS#8 DER, whose Ed25519 prefix is fixed. Older keys' public halves stay listed so badges
 * printed before a rotation still pass (their kid says which key to try).
 */
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export type BadgeVerifyKey = { kid: string; publicKey: string };

export type BadgeKeyring = {
  kid: string;
  /** Every key that verifies, the signing key's first: what the scanner downloads. */
  verifyKeys: BadgeVerifyKey[];
  sign(payload: Uint8Array): Uint8Array;
  verify(token: DecodedBadgeToken): boolean;
};

/** The key id: first 2 bytes of SHA-256 of the raw public key, as hex. */
export function keyId(rawPublicKey: Uint8Array): string {
  return createHash("sha256").update(rawPublicKey).digest("hex").slice(0, 4);
}

/** The first 4 bytes of SHA-256(event id), as hex: the event a token is bound to. */
export function eventTag(eventId: string): string {
  return createHash("sha256").update(eventId).digest("hex").slice(0, 8);
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: "der", type: "spki" });
}

const keyrings = new Map<string, BadgeKeyring>();

/** The keyring for a configuration; built once per key set. */
export function badgeKeyring(env: Pick<Env, "badgeSigningKey" | "badgeRetiredKeys">): BadgeKeyring {
  const cacheKey = `${env.badgeSigningKey}|${env.badgeRetiredKeys.join(",")}`;
  const cached = keyrings.get(cacheKey);
  if (cached) return cached;

  const seed = Buffer.from(env.badgeSigningKey, "base64url");
  if (seed.length !== 32) throw new Error("BADGE_SIGNING_KEY must be 32 bytes");
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
  const rawPublic = createPublicKey(privateKey).export({ format: "der", type: "spki" }).subarray(SPKI_ED25519_PREFIX.length);
  const verifying = [rawPublic, ...env.badgeRetiredKeys.map((k) => Buffer.from(k, "base64url"))].map((raw) => ({
    kid: keyId(raw),
    publicKey: Buffer.from(raw).toString("base64url"),
    object: publicKeyObject(raw),
  }));
  const kid = verifying[0].kid;

  const ring: BadgeKeyring = {
    kid,
    verifyKeys: verifying.map(({ kid, publicKey }) => ({ kid, publicKey })),
    sign: (payload) => new Uint8Array(sign(null, payload, privateKey)),
    verify: (token) => verifying.some((k) => k.kid === token.claims.kid && verify(null, token.signed, k.object, token.signature)),
  };
  keyrings.set(cacheKey, ring);
  return ring;
}

/** Badges stop passing two days after the event ends (in UTC days, generous to every zone). */
export function badgeExpiry(eventEndsAt: Date): number {
  return dayNumber(eventEndsAt) + 2;
}

/** The QR text for a registration's current badge. */
export function issueBadgeToken(
  ring: BadgeKeyring,
  registration: { id: string; eventId: string; badgeVersion: number },
  event: { endsAt: Date },
): string {
  const payload = badgePayload({
    kid: ring.kid,
    registrationId: registration.id,
    eventTag: eventTag(registration.eventId),
    badgeVersion: registration.badgeVersion,
    expiresOn: badgeExpiry(event.endsAt),
  });
  return assembleBadgeToken(payload, ring.sign(payload));
}

/** Decodes and checks a token's signature; null when it is not a token at all. */
export function readBadgeToken(ring: BadgeKeyring, text: string) {
  const token = decodeBadgeToken(text);
  return { token, signatureValid: token ? ring.verify(token) : false };
}
