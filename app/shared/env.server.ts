import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Every setting Summit reads, validated once at start-up. A missing or malformed
 * value stops the process with one line naming the variable.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number({ error: "must be a port number (0–65535)" })
    .int("must be a port number (0–65535)")
    .min(0, "must be a port number (0–65535)")
    .max(65535, "must be a port number (0–65535)")
    .default(3000),
  // App processes `npm run serve` starts on the one port (PostgreSQL only: PGlite allows one).
  WEB_CONCURRENCY: z.coerce
    .number({ error: "must be a number of processes (1–64)" })
    .int("must be a number of processes (1–64)")
    .min(1, "must be a number of processes (1–64)")
    .max(64, "must be a number of processes (1–64)")
    .default(1),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// URL")
    .optional(),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  APP_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Summit <no-reply@summit.localhost>"),
  TRUST_PROXY: z
    .string()
    .regex(/^(\d+|loopback|false|[\d.:/a-f, ]+)$/i, "must be a hop count, 'loopback', 'false' or a list of proxy addresses")
    .default("loopback"),
  OUTBOX_POLL_MS: z.coerce
    .number({ error: "must be a number of milliseconds" })
    .int("must be a whole number of milliseconds")
    .min(100, "must be at least 100")
    .max(600_000, "must be at most 600000")
    .default(2000),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, "must be a Stripe secret key (sk_test_… or sk_live_…)")
    .optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+$/, "must be a Stripe webhook signing secret (whsec_…)")
    .optional(),
  // Points the Stripe SDK elsewhere than api.stripe.com: the fake Stripe of tests/fake-stripe.
  STRIPE_API_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  // Ed25519 private key of badge QR codes: 32 random bytes, base64url (generated under DATA_DIR when unset).
  BADGE_SIGNING_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, "must be 32 bytes in base64url (43 characters)")
    .optional(),
  // Public keys of retired signing keys whose badges still pass, comma-separated base64url.
  BADGE_RETIRED_KEYS: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}(,[A-Za-z0-9_-]{43})*$/, "must be comma-separated 32-byte public keys in base64url")
    .optional(),
  // Keys of scholarship stories (AES-256-GCM): "<keyId>:<32 bytes base64url>", comma-separated;
  // the first encrypts, all decrypt (generated under DATA_DIR when unset).
  SCHOLARSHIP_STORY_KEYS: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_-]{43}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_-]{43})*$/,
      "must be comma-separated <keyId>:<32-byte key in base64url> pairs",
    )
    .refine((v) => {
      const ids = v.split(",").map((pair) => pair.split(":")[0]);
      return new Set(ids).size === ids.length;
    }, "must not name a key id twice")
    .optional(),
  // The card fee assumed for a book order when Stripe's balance transaction is not available:
  // basis points of the total plus a fixed part (Stripe's US standard: 2.9 % + 30¢).
  BOOK_FEE_RATE_BPS: z.coerce
    .number({ error: "must be a whole number of basis points (0–2000)" })
    .int("must be a whole number of basis points (0–2000)")
    .min(0, "must be a whole number of basis points (0–2000)")
    .max(2000, "must be a whole number of basis points (0–2000)")
    .default(290),
  BOOK_FEE_FIXED_CENTS: z.coerce
    .number({ error: "must be a whole number of cents (0–1000)" })
    .int("must be a whole number of cents (0–1000)")
    .min(0, "must be a whole number of cents (0–1000)")
    .max(1000, "must be a whole number of cents (0–1000)")
    .default(30),
  FAKE_STRIPE_PORT: z.coerce
    .number({ error: "must be a port number (0–65535)" })
    .int("must be a port number (0–65535)")
    .min(0, "must be a port number (0–65535)")
    .max(65535, "must be a port number (0–65535)")
    .optional(),
});

export type Env = {
  nodeEnv: "development" | "production" | "test";
  port: number;
  /** App processes `npm run serve` runs (node:cluster); always 1 on the embedded database. */
  webConcurrency: number;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionSecret: string;
  appUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  outboxPollMs: number;
  /** Which proxies may set X-Forwarded-For (rate limits key on the client address). */
  trustProxy: string;
  /** Stripe keys; undefined when payments are not configured (npm start then runs the fake Stripe). */
  stripe: StripeSettings | undefined;
  /** The card fee assumed for a book order when Stripe's own figure is not available. */
  bookFee: { rateBps: number; fixedCents: number };
  /** Where `npm start`/`npm run dev` run the fake Stripe when no keys are set (default PORT + 1). */
  fakeStripePort: number | undefined;
  /** Ed25519 seed (base64url) that signs badge tokens. */
  badgeSigningKey: string;
  /** Public keys (base64url) of retired badge keys that still verify. */
  badgeRetiredKeys: string[];
  /** Keys of scholarship stories: the first encrypts, every one decrypts (rotation). */
  scholarshipStoryKeys: StoryKey[];
};

/** One AES-256 key of scholarship stories: its id (written into every ciphertext) and 32 bytes in base64url. */
export type StoryKey = { id: string; key: string };

export type StripeSettings = {
  secretKey: string;
  webhookSecret: string;
  /** Set when the SDK talks to a fake Stripe instead of api.stripe.com (shown as "test mode"). */
  apiUrl: string | undefined;
};

export class EnvError extends Error {}

/** Reads `./data/secrets.json`, adding any secret that is absent, so a restart keeps sessions valid. */
function embeddedSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, "secrets.json");
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  if (!secrets[name]) {
    secrets[name] = randomBytes(32).toString("base64url");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets[name];
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "not set", as in most .env files.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new EnvError(`Invalid configuration: ${issue.path.join(".")} ${issue.message}`);
  }
  const e = result.data;
  const embedded = !e.DATABASE_URL;
  if (embedded && e.WEB_CONCURRENCY > 1)
    throw new EnvError(
      "Invalid configuration: WEB_CONCURRENCY above 1 needs DATABASE_URL (the embedded database allows one process)",
    );
  let sessionSecret = e.SESSION_SECRET;
  if (!sessionSecret) {
    if (!embedded && e.NODE_ENV === "production") {
      throw new EnvError(
        "Invalid configuration: SESSION_SECRET is required when DATABASE_URL is set in production (every instance must share it)",
      );
    }
    sessionSecret = embeddedSecret(e.DATA_DIR, "SESSION_SECRET");
  }
  let badgeSigningKey = e.BADGE_SIGNING_KEY;
  if (!badgeSigningKey) {
    if (!embedded && e.NODE_ENV === "production") {
      throw new EnvError(
        "Invalid configuration: BADGE_SIGNING_KEY is required when DATABASE_URL is set in production (every instance must sign badges alike)",
      );
    }
    badgeSigningKey = embeddedSecret(e.DATA_DIR, "BADGE_SIGNING_KEY");
  }
  let storyKeys = e.SCHOLARSHIP_STORY_KEYS;
  if (!storyKeys) {
    if (!embedded && e.NODE_ENV === "production") {
      throw new EnvError(
        "Invalid configuration: SCHOLARSHIP_STORY_KEYS is required when DATABASE_URL is set in production (every instance must read the same stories)",
      );
    }
    storyKeys = `local:${embeddedSecret(e.DATA_DIR, "SCHOLARSHIP_STORY_KEY")}`;
  }
  // Half a Stripe configuration would take payments it can never confirm: refuse it.
  if (Boolean(e.STRIPE_SECRET_KEY) !== Boolean(e.STRIPE_WEBHOOK_SECRET)) {
    const missing = e.STRIPE_SECRET_KEY ? "STRIPE_WEBHOOK_SECRET" : "STRIPE_SECRET_KEY";
    throw new EnvError(`Invalid configuration: ${missing} is required when the other Stripe key is set`);
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    webConcurrency: e.WEB_CONCURRENCY,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    sessionSecret,
    appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    outboxPollMs: e.OUTBOX_POLL_MS,
    trustProxy: e.TRUST_PROXY,
    stripe:
      e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET
        ? { secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, apiUrl: e.STRIPE_API_URL?.replace(/\/$/, "") }
        : undefined,
    bookFee: { rateBps: e.BOOK_FEE_RATE_BPS, fixedCents: e.BOOK_FEE_FIXED_CENTS },
    fakeStripePort: e.FAKE_STRIPE_PORT,
    badgeSigningKey,
    badgeRetiredKeys: e.BADGE_RETIRED_KEYS?.split(",") ?? [],
    scholarshipStoryKeys: storyKeys.split(",").map((pair) => {
      const [id, key] = pair.split(":");
      return { id, key };
    }),
  };
}

let cached: Env | undefined;

/** The process's configuration; parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
