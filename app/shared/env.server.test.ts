import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server.ts";

const secret = "s".repeat(32);
const badgeKey = "b".repeat(43);
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
    expect(parseEnv({ SESSION_SECRET: secret, BADGE_SIGNING_KEY: badgeKey })).toEqual({
      nodeEnv: "development",
      port: 3000,
      dataDir: path.resolve("data"),
      databaseUrl: undefined,
      sessionSecret: secret,
      appUrl: "http://localhost:3000",
      smtpUrl: undefined,
      mailFrom: "Summit <no-reply@summit.localhost>",
      outboxPollMs: 2000,
      trustProxy: "loopback",
      stripe: undefined,
      fakeStripePort: undefined,
      badgeSigningKey: badgeKey,
      badgeRetiredKeys: [],
    });
  });

  it("reads the values it is given, treating empty strings as unset", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      PORT: "8080",
      DATABASE_URL: "postgres://summit@db.internal:5432/summit",
      SESSION_SECRET: secret,
      BADGE_SIGNING_KEY: badgeKey,
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
    expect(parseEnv({ SESSION_SECRET: secret, BADGE_SIGNING_KEY: badgeKey, PORT: "4000" }).appUrl).toBe("http://localhost:4000");
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
    ["BADGE_SIGNING_KEY", "short"],
    ["BADGE_RETIRED_KEYS", `${badgeKey},nope`],
  ])("refuses a malformed %s (%s) with one line naming it", (name, value) => {
    const error = parseError({ SESSION_SECRET: secret, BADGE_SIGNING_KEY: badgeKey, [name]: value });
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
      parseEnv({ SESSION_SECRET: secret, BADGE_SIGNING_KEY: badgeKey, BADGE_RETIRED_KEYS: retired.join(",") }).badgeRetiredKeys,
    ).toEqual(retired);
  });

  it("reads the Stripe keys, and refuses one without the other", () => {
    const keys = { STRIPE_SECRET_KEY: "sk_test_abc123", STRIPE_WEBHOOK_SECRET: "whsec_abc123" };
    expect(
      parseEnv({ SESSION_SECRET: secret, BADGE_SIGNING_KEY: badgeKey, ...keys, STRIPE_API_URL: "http://127.0.0.1:12111/" })
        .stripe,
    ).toEqual({
      secretKey: "sk_test_abc123",
      webhookSecret: "whsec_abc123",
      apiUrl: "http://127.0.0.1:12111",
    });
    expect(parseEnv({ SESSION_SECRET: secret, BADGE_SIGNING_KEY: badgeKey, ...keys }).stripe?.apiUrl).toBeUndefined();
    expect(
      parseError({ SESSION_SECRET: secret, BADGE_SIGNING_KEY: badgeKey, STRIPE_SECRET_KEY: keys.STRIPE_SECRET_KEY }).message,
    ).toMatch(/^Invalid configuration: STRIPE_WEBHOOK_SECRET /);
    expect(
      parseError({ SESSION_SECRET: secret, BADGE_SIGNING_KEY: badgeKey, STRIPE_WEBHOOK_SECRET: keys.STRIPE_WEBHOOK_SECRET })
        .message,
    ).toMatch(/^Invalid configuration: STRIPE_SECRET_KEY /);
  });

  it("generates the embedded SESSION_SECRET once into DATA_DIR/secrets.json, so a restart keeps sessions", () => {
    const dataDir = path.join(tempDir(), "nested", "data");
    const first = parseEnv({ DATA_DIR: dataDir });
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.dataDir).toBe(dataDir);
    expect(JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8"))).toEqual({
      SESSION_SECRET: first.sessionSecret,
      BADGE_SIGNING_KEY: first.badgeSigningKey,
    });
    expect(first.badgeSigningKey).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const second = parseEnv({ DATA_DIR: dataDir });
    expect(second.sessionSecret).toBe(first.sessionSecret);
    expect(second.badgeSigningKey).toBe(first.badgeSigningKey);
    expect(parseEnv({ DATA_DIR: tempDir() }).sessionSecret).not.toBe(first.sessionSecret);
  });

  it("lets embedded production (no DATABASE_URL) keep its generated secret", () => {
    const dataDir = tempDir();
    const env = parseEnv({ NODE_ENV: "production", DATA_DIR: dataDir });
    expect(env.sessionSecret).toBe(parseEnv({ NODE_ENV: "production", DATA_DIR: dataDir }).sessionSecret);
  });
});
