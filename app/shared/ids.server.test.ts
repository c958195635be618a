import { describe, expect, it } from "vitest";
import { newId } from "./ids.server.ts";

describe("newId", () => {
  it("looks like Prisma's cuid: 25 lower-case letters and digits, starting with c", () => {
    for (let i = 0; i < 1000; i++) expect(newId()).toMatch(/^c[0-9a-z]{24}$/);
  });

  it("does not repeat, even thousands in the same millisecond", () => {
    const ids = Array.from({ length: 50_000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
