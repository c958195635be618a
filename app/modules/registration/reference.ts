import { randomInt } from "node:crypto";

// No 0/O, 1/I/L: references are read aloud at the registration desk.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A short order reference such as "SM-7K3F9Q" (31^6 ≈ 887 million; the column is unique). */
export function newOrderReference(): string {
  let code = "";
  for (let i = 0; i < 6; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `SM-${code}`;
}
