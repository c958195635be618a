import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server.ts";

const secret = "s".repeat(32);
const badgeKey = "b".repeat(43);
const storyKeys = `s1:${"k".repeat(43)}`;
const tempDirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "summit-env-"));
  tempDirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function parseError(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error("parseEnv accepted the configuration");
}

describe("parseEnv", () => {
  it("fills in defaults for everything optional", () => {
    expect(parseEnv({ SESSION_SECRET: secret, BADGE_SIGNING_KEY: badgeKey, SCHOLARSHIP_STORY_KEYS: storyKeys })).toEqual({
      nodeEnv: "development",
      port: 3000,
      webConcurrency: 1,
      dataDir: path.resolve("data"),
      databaseUrl: undefined,
      sessionSecret: secret,
      appUrl: "http://localhost:3000",
      smtpUrl: undefined,
      mailFrom: "Summit <no-reply@summit.localhost>",
      outboxPollMs: 2000,
      trustProxy: "loopback",
      stripe: undefined,
      bookFee: { rateBps: 290, fixedCents: 30 },
      fakeStripePort: undefined,
      badgeSigningKey: badgeKey,
      badgeRetiredKeys: [],
      scholarshipStoryKeys: [{ id: "s1", key: "k".repeat(43) }],
    });
  });

  it("reads the values it is given, treating empty strings as unset", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      PORT: "8080",
      DATABASE_URL: "postgres://summit@db.internal:5432/summit",
      SESSION_SECRET: secret,
      BADGE_SIGNING_KEY: badgeKey,
      SCHOLARSHIP_STORY_KEYS: storyKeys,
      APP_URL: "https://summit.example.org/",
      SMTP_URL: "smtps://user:pass@mail.example.org:465",
      OUTBOX_POLL_MS: "",
    });
    expect(env).toMatchObject({
      nodeEnv: "production",
      port: 8080,
      databaseUrl: "postgres://summit@db.internal:5432/summit",
      appUrl: "https://summit.example.org",
      smtpUrl: "smtps://user:pass@mail.example.org:465",
      outboxPollMs: 2000,
      trustProxy: "loopback",
    });
    expect(
      parseEnv({ SESSION_SECRET: secret, BADGE_SIGNING_KEY: badgeKey, SCHOLARSHIP_STORY_KEYS: storyKeys, PORT: "4000" }).appUrl,
    ).toBe("http://localhost:4000");
  });

  it("runs several app processes only on PostgreSQL: the embedded database allows one", () => {
    const keys = { SESSION_SECRET: secret, BADGE_SIGNING_KEY: badgeKey, SCHOLARSHIP_STORY_KEYS: storyKeys };
    const url = "postgres://summit@db.internal/summit";
    expect(parseEnv({ ...keys, DATABASE_URL: url, WEB_CONCURRENCY: "2" }).webConcurrency).toBe(2);
    const error = parseError({ ...keys, WEB_CONCURRENCY: "2" });
    expect(error.message).toMatch(/^Invalid configuration: WEB_CONCURRENCY above 1 needs DATABASE_URL/);
    expect(error.message).not.toContain("\n");
  });

  it("requires SESSION_SECRET in production with DATABASE_URL: every instance must share it", () => {
    const error = parseError({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://summit@db.internal/summit",
      SESSION_SECRET: "",
    });
    expect(error.message).toContain("SESSION_SECRET");
    expect(error.message).not.toContain("\n");
  });

  it.each([
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["PORT", "3000.5"],
    ["WEB_CONCURRENCY", "0"],
    ["WEB_CONCURRENCY", "two"],
    ["DATABASE_URL", "mysql://summit@db.internal/summit"],
    ["DATABASE_URL", "db.internal:5432"],
    ["APP_URL", "summit.example.org"],
    ["APP_URL", "ftp://summit.example.org"],
    ["SMTP_URL", "http://mail.example.org"],
    ["SMTP_URL", "mail.example.org:25"],
    ["SESSION_SECRET", "too-short"],
    ["OUTBOX_POLL_MS", "10"],
    ["TRUST_PROXY", "everyone; DROP"],
    ["STRIPE_SECRET_KEY", "pk_test_123"],
    ["STRIPE_WEBHOOK_SECRET", "secret"],
    ["STRIPE_API_URL", "localhost:12111"],
    ["FAKE_STRIPE_PORT", "99999"],
    ["BOOK_FEE_RATE_BPS", "2.9"],
    ["BOOK_FEE_RATE_BPS", "-1"],
    ["BOOK_FEE_RATE_BPS", "5000"],
    ["BOOK_FEE_FIXED_CENTS", "0.30"],
    ["BOOK_FEE_FIXED_CENTS", "100000"],
    ["BADGE_SIGNING_KEY", "short"],
    ["BADGE_RETIRED_KEYS", `${badgeKey},nope`],
    ["SCHOLARSHIP_STORY_KEYS", "k".repeat(43)],
    ["SCHOLARSHIP_STORY_KEYS", `s1:${"k".repeat(42)}`],
    ["SCHOLARSHIP_STORY_KEYS", `s.1:${"k".repeat(43)}`],
    ["SCHOLARSHIP_STORY_KEYS", `${storyKeys},${storyKeys}`],
  ])("refuses a malformed %s (%s) with one line naming it", (name, value) => {
    const error = parseError({
      SESSION_SECRET: secret,
      BADGE_SIGNING_KEY: badgeKey,
      SCHOLARSHIP_STORY_KEYS: storyKeys,
      [name]: value,
    });
    expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
    expect(error.message).not.toContain("\n");
  });

  it("requires BADGE_SIGNING_KEY in production with DATABASE_URL, and reads retired keys for rotation", () => {
    const error = parseError({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://summit@db.internal/summit",
      SESSION_SECRET: secret,
    });
    expect(error.message).toMatch(/^Invalid configuration: BADGE_SIGNING_KEY /);
    const retired = ["r".repeat(43), "q".repeat(43)];
    expect(
      parseEnv({
        SESSION_SECRET: secret,
        BADGE_SIGNING_KEY: badgeKey,
        SCHOLARSHIP_STORY_KEYS: storyKeys,
        BADGE_RETIRED_KEYS: retired.join(","),
      }).badgeRetiredKeys,
    ).toEqual(retired);
  });

  it("requires SCHOLARSHIP_STORY_KEYS in production with DATABASE_URL, and reads several for rotation, the first encrypting", () => {
    const error = parseError({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://summit@db.internal/summit",
      SESSION_SECRET: secret,
      BADGE_SIGNING_KEY: badgeKey,
    });
    expect(error.message).toMatch(/^Invalid configuration: SCHOLARSHIP_STORY_KEYS /);
    const keys = `2027-b:${"n".repeat(43)},2026_a:${"o".repeat(43)}`;
    expect(
      parseEnv({ SESSION_SECRET: secret, BADGE_SIGNING_KEY: badgeKey, SCHOLARSHIP_STORY_KEYS: keys }).scholarshipStoryKeys,
    ).toEqual([
      { id: "2027-b", key: "n".repeat(43) },
      { id: "2026_a", key: "o".repeat(43) },
    ]);
  });

  it("reads the Stripe keys, and refuses one without the other", () => {
    const keys = { STRIPE_SECRET_KEY: "sk_test_abc123", STRIPE_WEBHOOK_SECRET: "whsec_abc123" };
    expect(
      parseEnv({
        SESSION_SECRET: secret,
        BADGE_SIGNING_KEY: badgeKey,
        SCHOLARSHIP_STORY_KEYS: storyKeys,
        ...keys,
        STRIPE_API_URL: "http://127.0.0.1:12111/",
      }).stripe,
    ).toEqual({
      secretKey: "sk_test_abc123",
      webhookSecret: "whsec_abc123",
      apiUrl: "http://127.0.0.1:12111",
    });
    expect(
      parseEnv({ SESSION_SECRET: secret, BADGE_SIGNING_KEY: badgeKey, SCHOLARSHIP_STORY_KEYS: storyKeys, ...keys }).stripe
        ?.apiUrl,
    ).toBeUndefined();
    expect(
      parseError({
        SESSION_SECRET: secret,
        BADGE_SIGNING_KEY: badgeKey,
        SCHOLARSHIP_STORY_KEYS: storyKeys,
        STRIPE_SECRET_KEY: keys.STRIPE_SECRET_KEY,
      }).message,
    ).toMatch(/^Invalid configuration: STRIPE_WEBHOOK_SECRET /);
    expect(
      parseError({
        SESSION_SECRET: secret,
        BADGE_SIGNING_KEY: badgeKey,
        SCHOLARSHIP_STORY_KEYS: storyKeys,
        STRIPE_WEBHOOK_SECRET: keys.STRIPE_WEBHOOK_SECRET,
      }).message,
    ).toMatch(/^Invalid configuration: STRIPE_SECRET_KEY /);
  });

  it("reads the book fee estimate used when Stripe's balance transaction is not available", () => {
    const base = { SESSION_SECRET: secret, BADGE_SIGNING_KEY: badgeKey, SCHOLARSHIP_STORY_KEYS: storyKeys };
    expect(parseEnv({ ...base, BOOK_FEE_RATE_BPS: "350", BOOK_FEE_FIXED_CENTS: "0" }).bookFee).toEqual({
      rateBps: 350,
      fixedCents: 0,
    });
    expect(parseEnv({ ...base, BOOK_FEE_RATE_BPS: "", BOOK_FEE_FIXED_CENTS: "" }).bookFee).toEqual({
      rateBps: 290,
      fixedCents: 30,
    });
  });

  it("generates the embedded SESSION_SECRET once into DATA_DIR/secrets.json, so a restart keeps sessions", () => {
    const dataDir = path.join(tempDir(), "nested", "data");
    const first = parseEnv({ DATA_DIR: dataDir });
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.dataDir).toBe(dataDir);
    expect(JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8"))).toEqual({
      SESSION_SECRET: first.sessionSecret,
      BADGE_SIGNING_KEY: first.badgeSigningKey,
      SCHOLARSHIP_STORY_KEY: first.scholarshipStoryKeys[0].key,
    });
    expect(first.badgeSigningKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.scholarshipStoryKeys).toEqual([{ id: "local", key: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) }]);

    const second = parseEnv({ DATA_DIR: dataDir });
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(second.badgeSigningKey).toBe(first.badgeSigningKey);
    expect(second.scholarshipStoryKeys).toEqual(first.scholarshipStoryKeys);
    expect(parseEnv({ DATA_DIR: tempDir() }).sessionSecret).not.toBe(first.sessionSecret);
  });

  it("lets embedded production (no DATABASE_URL) keep its generated secret", () => {
    const dataDir = tempDir();
    const env = parseEnv({ NODE_ENV: "production", DATA_DIR: dataDir });
    expect(env.sessionSecret).toBe(parseEnv({ NODE_ENV: "production", DATA_DIR: dataDir }).sessionSecret);
  });
});
