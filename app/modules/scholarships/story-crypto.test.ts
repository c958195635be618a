import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptStory, encryptStory, StoryCryptoError, storyKeyId } from "./story-crypto.server.ts";

const key = (id: string) => ({ id, key: randomBytes(32).toString("base64url") });
const old = key("2026");
const current = key("2027");
const story = "My daughter has a rare kidney condition; meeting other families online kept us going. ✨";

function decryptError(run: () => string): StoryCryptoError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StoryCryptoError);
    expect((error as Error).message).not.toContain("kidney");
    return error as StoryCryptoError;
  }
  throw new Error("decryptStory opened it");
}

describe("story encryption", () => {
  it("round-trips through AES-256-GCM in the v1.<keyId>.<iv>.<tag>.<ciphertext> format, fresh IV each time", () => {
    const sealed = encryptStory([current], story, "app1", "story");
    expect(sealed).toMatch(/^v1\.2027\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("kidney");
    expect(storyKeyId(sealed)).toBe("2027");
    expect(decryptStory([current], sealed, "app1", "story")).toBe(story);
    expect(encryptStory([current], story, "app1", "story")).not.toBe(sealed);
  });

  it("refuses altered ciphertext, tag or IV, and text that is not ours", () => {
    const sealed = encryptStory([current], story, "app1", "story");
    const parts = sealed.split(".");
    const flip = (value: string) => {
      const bytes = Buffer.from(value, "base64url");
      bytes[0] ^= 1;
      return bytes.toString("base64url");
    };
    for (const index of [2, 3, 4]) {
      const altered = parts.map((p, i) => (i === index ? flip(p) : p)).join(".");
      expect(decryptError(() => decryptStory([current], altered, "app1", "story")).message).toMatch(/integrity check/);
    }
    expect(decryptError(() => decryptStory([current], "plain words", "app1", "story")).message).toMatch(/not in a format/);
    expect(decryptError(() => decryptStory([current], `${parts.slice(0, 4).join(".")}`, "app1", "story")).message).toMatch(
      /not in a format/,
    );
  });

  it("refuses a ciphertext moved to another application or field", () => {
    const sealed = encryptStory([current], story, "app1", "story");
    decryptError(() => decryptStory([current], sealed, "app2", "story"));
    decryptError(() => decryptStory([current], sealed, "app1", "financialNeed"));
  });

  it("refuses the wrong key: an unknown key id, or a different key under the same id", () => {
    const sealed = encryptStory([current], story, "app1", "story");
    expect(decryptError(() => decryptStory([old], sealed, "app1", "story")).message).toMatch(/key "2027"/);
    const impostor = { id: "2027", key: randomBytes(32).toString("base64url") };
    expect(decryptError(() => decryptStory([impostor], sealed, "app1", "story")).message).toMatch(/integrity check/);
  });

  it("rotates: the first key seals, older keys listed after it still open what they sealed", () => {
    const before = encryptStory([old], story, "app1", "story");
    const rotated = [current, old];
    expect(decryptStory(rotated, before, "app1", "story")).toBe(story);
    const after = encryptStory(rotated, story, "app1", "story");
    expect(storyKeyId(after)).toBe("2027");
    // Once the old key is dropped, only what was re-sealed can be read.
    expect(decryptStory([current], after, "app1", "story")).toBe(story);
    decryptError(() => decryptStory([current], before, "app1", "story"));
  });
});
