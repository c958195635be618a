import { describe, expect, it } from "vitest";
import { resetPasswordSchema, safeRedirect, signUpSchema } from "./auth.schema.ts";

describe("safeRedirect", () => {
  it("refuses anything that could leave the site and returns the fallback", () => {
    for (const target of ["//evil.com", "https://evil.com", "/\\evil.com", "evil.com", "javascript:alert(1)", ""]) {
      expect(safeRedirect(target, "/home")).toBe("/home");
    }
  });

  it('uses the fallback, "/" unless given, when there is no target', () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined, "/account")).toBe("/account");
  });

  it("keeps a same-site path with its query string", () => {
    expect(safeRedirect("/admin/events?page=2")).toBe("/admin/events?page=2");
  });
});

const validSignUp = { name: "Alex Rivera", email: "alex@example.org", password: "correct-horse-battery" };

function fieldErrors(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  expect(result.success).toBe(false);
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
}

describe("signUpSchema", () => {
  it("trims and lower-cases the email address", () => {
    const result = signUpSchema.parse({ ...validSignUp, email: "  Alex.Rivera@Example.ORG " });
    expect(result.email).toBe("alex.rivera@example.org");
    expect(result.organisation).toBe("");
  });

  it("rejects a malformed email with a specific message", () => {
    for (const email of ["alex", "alex@", "@example.org", "alex example.org"]) {
      expect(fieldErrors(signUpSchema.safeParse({ ...validSignUp, email }))).toEqual({
        email: "Enter a valid email address, like name@example.org",
      });
    }
  });

  it("rejects a password that is too short or oversized", () => {
    expect(fieldErrors(signUpSchema.safeParse({ ...validSignUp, password: "short" }))).toEqual({
      password: "Use at least 10 characters",
    });
    expect(fieldErrors(signUpSchema.safeParse({ ...validSignUp, password: "x".repeat(201) }))).toEqual({
      password: "Use at most 200 characters",
    });
    expect(signUpSchema.safeParse({ ...validSignUp, password: "x".repeat(200) }).success).toBe(true);
  });

  it("rejects a missing or oversized name", () => {
    expect(fieldErrors(signUpSchema.safeParse({ ...validSignUp, name: "   " }))).toEqual({ name: "Enter your name" });
    expect(fieldErrors(signUpSchema.safeParse({ ...validSignUp, name: "n".repeat(121) }))).toEqual({
      name: "Names are at most 120 characters",
    });
  });
});

describe("resetPasswordSchema", () => {
  const valid = { token: "a".repeat(43), password: "correct-horse-battery", confirm: "correct-horse-battery" };

  it("accepts matching passwords", () => {
    expect(resetPasswordSchema.safeParse(valid).success).toBe(true);
  });

  it("reports a mismatch on the confirm field", () => {
    expect(fieldErrors(resetPasswordSchema.safeParse({ ...valid, confirm: "correct-horse-battery!" }))).toEqual({
      confirm: "The two passwords don't match",
    });
  });
});
