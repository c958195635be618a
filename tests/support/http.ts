// The real server (built app on node:http) on a test file's database, driven over HTTP like a
// browser: same-origin posts, cookies by hand, no redirect following.
import { existsSync, mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import type { Database } from "~/shared/db.server.ts";
import { parseEnv } from "~/shared/env.server.ts";
import { startServer } from "../../server/main.ts";
import { DEFAULT_PASSWORD } from "../factories/index.ts";
import { type FakeStripe, startFakeStripe } from "../fake-stripe/server.ts";

type Options = {
  cookie?: string;
  /** Origin on posts: the server's own unless given; null sends none. */
  origin?: string | null;
  form?: Record<string, string | string[]>;
  multipart?: FormData;
  /** A JSON body (sent as application/json). */
  json?: unknown;
  /** A raw body as given (malformed JSON, oversized payloads); set Content-Type in headers. */
  body?: string;
  headers?: Record<string, string>;
};

/**
 * Call at the top of a test file, after setupTestDatabase(); `env` adds to or overrides the server's settings.
 * `stripe: true` starts a fake Stripe (tests/fake-stripe) for the file, wired both ways: the app's SDK
 * talks to it and its webhooks reach the app; `fakeStripe()` hands it to the tests.
 */
export function setupTestServer(
  t: { database: Database },
  { env: extraEnv = {}, stripe = false }: { env?: Record<string, string>; stripe?: boolean } = {},
) {
  let base = "";
  let close: (() => Promise<void>) | undefined;
  let fake: FakeStripe | undefined;
  let ip = 0;

  beforeAll(async () => {
    if (!existsSync("build/server/index.js")) throw new Error("Build the app first: npm run build");
    if (stripe) fake = await startFakeStripe();
    const env = parseEnv({
      ...fake?.appEnv(),
      NODE_ENV: "test",
      PORT: "0",
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "summit-http-")),
      SESSION_SECRET: "x".repeat(40),
      ...extraEnv,
    });
    const app = await startServer({ env, database: t.database, worker: false });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    close = app.close;
    if (fake) fake.webhookUrl = `${base}/webhooks/stripe`;
  });
  afterAll(async () => {
    await close?.();
    await fake?.close();
  });
  // A fresh client address per test keeps the per-IP login limit out of the way.
  beforeEach(() => {
    ip++;
  });

  function request(pathname: string, { cookie, origin, form, multipart, json, body: raw, headers: extra = {} }: Options = {}) {
    const headers: Record<string, string> = { "X-Forwarded-For": `10.1.${ip}.1`, ...extra };
    if (cookie) headers.Cookie = cookie;
    let body: URLSearchParams | FormData | string | undefined;
    if (json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    } else if (raw !== undefined) body = raw;
    else if (form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
    } else if (multipart) body = multipart;
    if (body !== undefined && origin !== null) headers.Origin = origin ?? base;
    return fetch(`${base}${pathname}`, { method: body !== undefined ? "POST" : "GET", headers, body, redirect: "manual" });
  }

  async function logInAs(email: string): Promise<string> {
    const response = await request("/login", { form: { email, password: DEFAULT_PASSWORD } });
    expect(response.status).toBe(302);
    return sessionCookie(response);
  }

  /** Moves this test on to another client address (it starts on a fresh one). */
  function nextAddress() {
    ip++;
  }

  function fakeStripe(): FakeStripe {
    if (!fake) throw new Error("setupTestServer(t, { stripe: true }) starts the fake Stripe");
    return fake;
  }

  return { request, logInAs, nextAddress, fakeStripe, url: (pathname: string) => `${base}${pathname}` };
}

/** The `name=value` of the session cookie a response sets. */
export function sessionCookie(response: Response): string {
  const set = response.headers.getSetCookie().find((c) => c.startsWith("__summit_session="));
  if (!set) throw new Error(`no session cookie; status ${response.status}`);
  return set.split(";")[0];
}

/** A page's HTML without the comments React puts between adjacent text parts. */
export async function pageHtml(response: Response): Promise<string> {
  return (await response.text()).replaceAll("<!-- -->", "");
}

/** A page's text as a reader sees it: React's text separators dropped, common entities decoded. */
export async function pageText(response: Response): Promise<string> {
  return (await pageHtml(response))
    .replace(/&amp;/g, "&")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}
