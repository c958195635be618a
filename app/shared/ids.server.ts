import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

// Ids for rows written by raw SQL, shaped like Prisma's @default(cuid()) so every id in the
// database looks alike (25 lower-case characters; badge tokens are sized for that):
// "c", time in ms, a per-process counter, a process fingerprint, then random characters.

const base36 = (n: number, width: number) => n.toString(36).padStart(width, "0").slice(-width);
const FINGERPRINT = base36(
  [...`${process.pid}${hostname()}`].reduce((sum, ch) => sum + ch.charCodeAt(0), 0) * 1_000 + process.pid,
  4,
);
let counter = 0;

export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  // The last 8 base-36 digits of 48 random bits: about 41 bits of randomness per id.
  const random = base36(randomBytes(6).readUIntBE(0, 6), 8);
  return `c${base36(Date.now(), 8)}${base36(counter, 4)}${FINGERPRINT}${random}`;
}
