import { expect, it } from "vitest";
import { createScanDeduper } from "./scan-dedupe.ts";

it("takes a badge once while it stays in view, again after it has been gone for the window", () => {
  const dedupe = createScanDeduper(3_000);
  expect(dedupe.accept("A", 0)).toBe(true);
  // Held in front of the camera for 10 s, read every 120 ms: never taken again.
  for (let t = 120; t <= 10_000; t += 120) expect(dedupe.accept("A", t)).toBe(false);
  // Out of sight for 3 s, then shown again (the next person with the same badge).
  expect(dedupe.accept("A", 13_100)).toBe(true);
});

it("takes another badge at once, and the first one again after it", () => {
  const dedupe = createScanDeduper(3_000);
  expect(dedupe.accept("A", 0)).toBe(true);
  expect(dedupe.accept("B", 200)).toBe(true);
  expect(dedupe.accept("A", 400)).toBe(true);
});

it("forgets the last badge on reset", () => {
  const dedupe = createScanDeduper(3_000);
  dedupe.accept("A", 0);
  dedupe.reset();
  expect(dedupe.accept("A", 100)).toBe(true);
});
