import { decodeBase45, encodeBase45 } from "./base45.ts";

/**
 * The text in a badge's QR code: Base45 of
 *
 *   format (1) | key id (2) | id length (1) | registration id (ASCII) | event tag (4)
 *   | badge version (2) | expires on (2, days since 1970-01-01 UTC) | Ed25519 signature (64)
 *
 * About 150 characters for a cuid, which fits a version 5–6 QR code at level M in
 * alphanumeric mode. The event tag is the first 4 bytes of SHA-256(event id): it binds the
 * badge to its event without spending 25 bytes on the id. Pure, so the scanner's browser
 * and the server read tokens with the same code; the signature is checked by the caller
 * (node:crypto on the server, WebCrypto offline).
 */
export const BADGE_TOKEN_FORMAT = 1;

/** Anything longer is refused before decoding: a real token is about 150 characters. */
export const MAX_BADGE_TOKEN_LENGTH = 256;

const SIGNATURE_BYTES = 64;

export type BadgeClaims = {
  /** 4 hex characters naming the signing key, so keys can rotate. */
  kid: string;
  registrationId: string;
  /** 8 hex characters: the first 4 bytes of SHA-256(event id). */
  eventTag: string;
  badgeVersion: number;
  /** Last valid day, in days since 1970-01-01 (UTC). */
  expiresOn: number;
};

export type DecodedBadgeToken = {
  claims: BadgeClaims;
  /** The bytes the signature covers. */
  signed: Uint8Array;
  signature: Uint8Array;
};

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));

/** The bytes to sign for these claims. */
export function badgePayload(claims: BadgeClaims): Uint8Array {
  const id = new TextEncoder().encode(claims.registrationId);
  if (!/^[0-9a-f]{4}$/.test(claims.kid)) throw new Error("kid must be 4 hex characters");
  if (!/^[0-9a-f]{8}$/.test(claims.eventTag)) throw new Error("eventTag must be 8 hex characters");
  if (id.length === 0 || id.length > 64 || !/^[\x21-\x7e]+$/.test(claims.registrationId))
    throw new Error("registrationId must be 1–64 printable ASCII characters");
  const out = new Uint8Array(1 + 2 + 1 + id.length + 4 + 2 + 2);
  const view = new DataView(out.buffer);
  out[0] = BADGE_TOKEN_FORMAT;
  out.set(unhex(claims.kid), 1);
  out[3] = id.length;
  out.set(id, 4);
  let at = 4 + id.length;
  out.set(unhex(claims.eventTag), at);
  at += 4;
  view.setUint16(at, claims.badgeVersion);
  view.setUint16(at + 2, claims.expiresOn);
  return out;
}

/** The QR text for signed claims. */
export function assembleBadgeToken(payload: Uint8Array, signature: Uint8Array): string {
  if (signature.length !== SIGNATURE_BYTES) throw new Error("an Ed25519 signature is 64 bytes");
  const all = new Uint8Array(payload.length + signature.length);
  all.set(payload);
  all.set(signature, payload.length);
  return encodeBase45(all);
}

/** The claims and signature in a QR text, or null when it is not a Summit badge token. */
export function decodeBadgeToken(text: string): DecodedBadgeToken | null {
  if (text.length > MAX_BADGE_TOKEN_LENGTH) return null;
  // Only line breaks and tabs (a scanner's Enter) are stripped: a space is a Base45 digit, and
  // every token starts with one under 6 key ids in 256 (first byte 5, 50, 95, 140, 185 or 230).
  const bytes = decodeBase45(text.replace(/^[\r\n\t]+|[\r\n\t]+$/g, ""));
  if (!bytes || bytes.length < 4 + 1 + 8 + SIGNATURE_BYTES || bytes[0] !== BADGE_TOKEN_FORMAT) return null;
  const idLength = bytes[3];
  const signedLength = 4 + idLength + 8;
  if (idLength === 0 || bytes.length !== signedLength + SIGNATURE_BYTES) return null;
  const registrationId = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(4, 4 + idLength));
  if (!/^[\x21-\x7e]+$/.test(registrationId)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = 4 + idLength;
  return {
    claims: {
      kid: hex(bytes.subarray(1, 3)),
      registrationId,
      eventTag: hex(bytes.subarray(at, at + 4)),
      badgeVersion: view.getUint16(at + 4),
      expiresOn: view.getUint16(at + 6),
    },
    signed: bytes.slice(0, signedLength),
    signature: bytes.slice(signedLength),
  };
}

/** Days since 1970-01-01 in UTC, the unit of `expiresOn`. */
export function dayNumber(date: Date): number {
  return Math.floor(date.getTime() / 86_400_000);
}
