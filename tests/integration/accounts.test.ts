import { describe, expect, it } from "vitest";
import {
  logIn,
  requestPasswordReset,
  resendVerification,
  resetPassword,
  signUp,
  verifyEmail,
} from "~/modules/auth/accounts.server.ts";
import { consumeRateLimit } from "~/modules/auth/rate-limit.server.ts";
import { changeRole, listUsers } from "~/modules/auth/roles.server.ts";
import {
  createLoginSession,
  getSessionUserByCookie,
  listSessions,
  revokeOtherSessions,
  revokeSession,
} from "~/modules/auth/session.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { RateLimitedError, RuleViolation } from "~/shared/errors.ts";
import { DEFAULT_PASSWORD, userFactory } from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
const env = { appUrl: "https://summit.example.org", mailFrom: "Summit <no-reply@summit.example.org>" };
const ctx = () => ({ db: t.db, env });

const newAccount = { name: "Alex Rivera", email: "alex@example.org", organisation: "Clinic", password: "a-long-password" };

/** The token inside the newest email's link. */
async function tokenFromLatestEmail(path: string) {
  const email = await t.db.emailOutbox.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
  const match = email.text.match(new RegExp(`${env.appUrl}${path}\\?token=([\\w-]+)`));
  if (!match) throw new Error(`no ${path} link in: ${email.text}`);
  return match[1];
}

describe("sign up and email verification", () => {
  it("creates an unverified account, a hashed token and the verification email together", async () => {
    const user = await signUp(ctx(), newAccount);
    expect(user.emailVerifiedAt).toBeNull();
    expect(user.roles).toEqual(["ATTENDEE"]);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const [email] = await t.db.emailOutbox.findMany();
    expect(email).toMatchObject({ toAddress: "alex@example.org", template: "verify-email", status: "PENDING" });
    const token = await tokenFromLatestEmail("/verify-email");
    // Only a hash is stored: the token itself appears nowhere in the database.
    const stored = await t.db.userToken.findFirstOrThrow();
    expect(stored.tokenHash).not.toContain(token);

    const verified = await verifyEmail(t.db, token);
    expect(verified.emailVerifiedAt).toBeInstanceOf(Date);
    await expect(verifyEmail(t.db, token)).rejects.toThrow(/expired or was already used/);
  });

  it("refuses a second account with the same email, whatever its case, and changes nothing", async () => {
    await signUp(ctx(), newAccount);
    await expect(signUp(ctx(), { ...newAccount, email: "alex@example.org", name: "Impostor" })).rejects.toMatchObject({
      field: "email",
    });
    expect(await t.db.user.count()).toBe(1);
    expect(await t.db.emailOutbox.count()).toBe(1);
  });

  it("refuses expired and unknown tokens", async () => {
    await signUp(ctx(), newAccount);
    const token = await tokenFromLatestEmail("/verify-email");
    await t.db.userToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(verifyEmail(t.db, token)).rejects.toBeInstanceOf(RuleViolation);
    await expect(verifyEmail(t.db, "not-a-real-token-at-all")).rejects.toBeInstanceOf(RuleViolation);
    expect((await t.db.user.findFirstOrThrow()).emailVerifiedAt).toBeNull();
  });

  it("resends a verification link only while unverified", async () => {
    const user = await signUp(ctx(), newAccount);
    expect(await resendVerification(ctx(), user.id)).toBe(true);
    expect(await t.db.emailOutbox.count()).toBe(2);
    await verifyEmail(t.db, await tokenFromLatestEmail("/verify-email"));
    expect(await resendVerification(ctx(), user.id)).toBe(false);
    expect(await t.db.emailOutbox.count()).toBe(2);
  });
});

describe("log in", () => {
  it("accepts the right password and gives one message for a wrong password or unknown email", async () => {
    const user = await userFactory(t.db, { email: "sam@example.org" });
    expect((await logIn(t.db, "sam@example.org", DEFAULT_PASSWORD)).id).toBe(user.id);
    const wrong = await logIn(t.db, "sam@example.org", "nope").catch((e) => e);
    const unknown = await logIn(t.db, "nobody@example.org", DEFAULT_PASSWORD).catch((e) => e);
    expect(wrong).toBeInstanceOf(RuleViolation);
    expect(unknown.message).toBe(wrong.message);
  });
});

describe("password reset", () => {
  it("emails a one-time link; using it sets the password, confirms the email and ends every session", async () => {
    const user = await userFactory(t.db, { email: "sam@example.org" });
    await t.db.session.create({ data: { id: "s1", userId: user.id, expiresAt: new Date(Date.now() + 3600_000) } });
    await requestPasswordReset(ctx(), "sam@example.org");
    const token = await tokenFromLatestEmail("/reset-password");
    await resetPassword(t.db, token, "a-brand-new-password");
    await expect(logIn(t.db, "sam@example.org", DEFAULT_PASSWORD)).rejects.toBeInstanceOf(RuleViolation);
    expect((await logIn(t.db, "sam@example.org", "a-brand-new-password")).emailVerifiedAt).toBeInstanceOf(Date);
    expect(await t.db.session.count()).toBe(0);
    await expect(resetPassword(t.db, token, "another-password-1")).rejects.toThrow(/expired or was already used/);
  });

  it("queues nothing for an unknown email (and says nothing different)", async () => {
    await requestPasswordReset(ctx(), "nobody@example.org");
    expect(await t.db.emailOutbox.count()).toBe(0);
    expect(await t.db.userToken.count()).toBe(0);
  });

  it("a verification token can't reset a password", async () => {
    await signUp(ctx(), newAccount);
    const token = await tokenFromLatestEmail("/verify-email");
    await expect(resetPassword(t.db, token, "a-brand-new-password")).rejects.toBeInstanceOf(RuleViolation);
  });
});

describe("sessions", () => {
  it("lists and revokes only the owner's sessions", async () => {
    const alex = await userFactory(t.db);
    const sam = await userFactory(t.db);
    const future = new Date(Date.now() + 3600_000);
    await t.db.session.createMany({
      data: [
        { id: "alex-phone", userId: alex.id, expiresAt: future },
        { id: "alex-laptop", userId: alex.id, expiresAt: future },
        { id: "alex-old", userId: alex.id, expiresAt: new Date(Date.now() - 1000) },
        { id: "sam-phone", userId: sam.id, expiresAt: future },
      ],
    });
    expect((await listSessions(t.db, alex.id)).map((s) => s.id).sort()).toEqual(["alex-laptop", "alex-phone"]);
    expect(await revokeSession(t.db, alex.id, "sam-phone")).toBe(false);
    expect(await t.db.session.count({ where: { id: "sam-phone" } })).toBe(1);
    expect(await revokeSession(t.db, alex.id, "alex-phone")).toBe(true);
    await revokeOtherSessions(t.db, alex.id, "alex-laptop");
    expect((await t.db.session.findMany({ where: { userId: alex.id } })).map((s) => s.id)).toEqual(["alex-laptop"]);
  });

  it("knows a session by its signed cookie, refuses an altered one, and forgets it once revoked or expired", async () => {
    const signing = { ...env, nodeEnv: "test", sessionSecret: "a-test-secret-of-some-length" } as Env;
    const c = { db: t.db, env: signing };
    const alex = await userFactory(t.db);
    const cookie = (await createLoginSession(c, alex.id, new Request("https://summit.example.org/login"))).split(";")[0];
    const header = `theme=dark; ${cookie}`;
    // Twice: the second answer comes from the remembered signature check, and must match the first.
    for (let i = 0; i < 2; i++) expect((await getSessionUserByCookie(c, header))?.user.id).toBe(alex.id);
    // The signed value altered (its first base64 character): refused, though its original was just accepted.
    expect(cookie).toMatch(/^__summit_session=I/);
    expect(await getSessionUserByCookie(c, header.replace("__summit_session=I", "__summit_session=J"))).toBeNull();
    // The same cookie under another secret (a rotated SESSION_SECRET) is refused too.
    expect(await getSessionUserByCookie({ db: t.db, env: { ...signing, sessionSecret: "another-secret" } }, header)).toBeNull();

    await t.db.session.updateMany({ where: { userId: alex.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getSessionUserByCookie(c, header)).toBeNull();
    await t.db.session.deleteMany({ where: { userId: alex.id } });
    expect(await getSessionUserByCookie(c, header)).toBeNull();
  });
});

describe("rate limits", () => {
  it("allows ten attempts a window per key, then refuses with the wait time", async () => {
    for (let i = 0; i < 10; i++) await consumeRateLimit(t.db, ["login:ip:1.2.3.4", "login:email:a@example.org"]);
    const error = await consumeRateLimit(t.db, ["login:ip:1.2.3.4", "login:email:b@example.org"]).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(error.message).toMatch(/Too many attempts/);
    // Another IP for the same account is still limited by the account key.
    await expect(consumeRateLimit(t.db, ["login:ip:5.6.7.8", "login:email:a@example.org"])).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    await consumeRateLimit(t.db, ["login:ip:5.6.7.8", "login:email:c@example.org"]);
  });

  it("starts a new window once the old one ends", async () => {
    const limit = { limit: 2, windowSeconds: 1 };
    await consumeRateLimit(t.db, ["k"], limit);
    await consumeRateLimit(t.db, ["k"], limit);
    await expect(consumeRateLimit(t.db, ["k"], limit)).rejects.toBeInstanceOf(RateLimitedError);
    await new Promise((r) => setTimeout(r, 1100));
    await consumeRateLimit(t.db, ["k"], limit);
  });

  it("counts concurrent attempts exactly (no lost updates)", async () => {
    const results = await Promise.allSettled(Array.from({ length: 15 }, () => consumeRateLimit(t.db, ["burst"])));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
  });
});

describe("roles", () => {
  it("grants and removes roles with an audit entry, and never lets an admin demote themself", async () => {
    const admin = await userFactory(t.db, { traits: ["admin"] });
    const sam = await userFactory(t.db, { name: "Sam Staff" });
    expect(await changeRole(t.db, admin.id, { userId: sam.id, role: "STAFF", intent: "grant" })).toEqual({
      changed: true,
      roles: ["ATTENDEE", "STAFF"],
    });
    expect((await changeRole(t.db, admin.id, { userId: sam.id, role: "STAFF", intent: "grant" })).changed).toBe(false);
    expect((await listUsers(t.db, { role: "STAFF", page: 1 })).users.map((u) => u.name)).toEqual(["Sam Staff"]);
    await changeRole(t.db, admin.id, { userId: sam.id, role: "STAFF", intent: "remove" });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: sam.id } })).roles).toEqual(["ATTENDEE"]);
    expect((await t.db.auditLog.findMany({ orderBy: { createdAt: "asc" } })).map((a) => a.action)).toEqual([
      "role.granted",
      "role.removed",
    ]);
    await expect(changeRole(t.db, admin.id, { userId: admin.id, role: "ADMIN", intent: "remove" })).rejects.toBeInstanceOf(
      RuleViolation,
    );
    await expect(changeRole(t.db, admin.id, { userId: "missing", role: "STAFF", intent: "grant" })).rejects.toThrow(
      /no longer exists/,
    );
  });

  it("applies concurrent grants of different roles without losing one", async () => {
    const admin = await userFactory(t.db, { traits: ["admin"] });
    const sam = await userFactory(t.db);
    await Promise.all(
      (["STAFF", "REVIEWER", "ORGANIZER"] as const).map((role) =>
        changeRole(t.db, admin.id, { userId: sam.id, role, intent: "grant" }),
      ),
    );
    expect((await t.db.user.findUniqueOrThrow({ where: { id: sam.id } })).roles.sort()).toEqual([
      "ATTENDEE",
      "ORGANIZER",
      "REVIEWER",
      "STAFF",
    ]);
  });
});
