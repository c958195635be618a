import { createHash, randomBytes } from "node:crypto";

/** A random URL-safe secret (256 bits). */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What we store instead of a secret token, so a database leak can't be replayed. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
