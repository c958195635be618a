// The proof that one badge is admitted once across app instances: two real `node` processes
// serving the built app (`scripts/start.ts serve`, as in production) on one PostgreSQL
// database, the same badge posted 200 times at once through both. PostgreSQL only (PGlite is
// one process), so this file is in the integration:postgres project alone (vitest.config.ts).
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { badgeKeyring, issueBadgeToken } from "~/modules/badges/badge-keys.server.ts";
import type { Verdict } from "~/modules/badges/verdict.ts";
import { type Child, freePort, startServer } from "../../bench/lib.ts";
import {
  checkInListFactory,
  DEFAULT_PASSWORD,
  eventFactory,
  eventStaffFactory,
  orderFactory,
  scanDeviceFactory,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { sessionCookie } from "../support/http.ts";

const BADGE_SIGNING_KEY = randomBytes(32).toString("base64url");
const SESSION_SECRET = randomBytes(32).toString("base64url");
// Production with DATABASE_URL requires every shared secret; scans never read scholarship stories.
const SCHOLARSHIP_STORY_KEYS = `test:${randomBytes(32).toString("base64url")}`;
const SUBMISSIONS = 200;

const t = setupTestDatabase();
const servers: { origin: string; child: Child }[] = [];

beforeAll(async () => {
  if (!existsSync("build/server/index.js")) throw new Error("Build the app first: npm run build");
  if (!t.url) throw new Error("this test needs the PostgreSQL test database");
  for (const name of ["app-1", "app-2"]) {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const { child } = await startServer(name, process.execPath, ["--import", "tsx", "scripts/start.ts", "serve"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: t.url,
        PORT: String(port),
        APP_URL: origin,
        SESSION_SECRET,
        BADGE_SIGNING_KEY,
        SCHOLARSHIP_STORY_KEYS,
        DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "summit-checkin-pg-")),
        SMTP_URL: "",
      },
      url: `${origin}/healthz`,
      timeoutMs: 60_000,
    });
    servers.push({ origin, child });
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.child.stop()));
});

it(`admits a badge posted ${SUBMISSIONS} times at once through two app processes exactly once`, async () => {
  const event = await eventFactory(t.db, { name: "Social Media Summit" });
  const ticket = await ticketTypeFactory(t.db, { eventId: event.id });
  const list = await checkInListFactory(t.db, { eventId: event.id, name: "Main entrance" });
  const doors = [
    await scanDeviceFactory(t.db, { eventId: event.id, name: "Door 1 — Main hall" }),
    await scanDeviceFactory(t.db, { eventId: event.id, name: "Door 2 — Atrium" }),
  ];
  const staff = await userFactory(t.db, { traits: ["staff"] });
  await eventStaffFactory(t.db, { eventId: event.id, userId: staff.id });
  const [ana] = (
    await orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: ticket.id, attendeeName: "Ana Ortega" }],
    })
  ).registrations;
  const token = issueBadgeToken(badgeKeyring({ badgeSigningKey: BADGE_SIGNING_KEY, badgeRetiredKeys: [] }), ana, event);

  // One login serves both: sessions live in the database and both processes share the secret.
  const login = await fetch(`${servers[0].origin}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: servers[0].origin },
    body: new URLSearchParams({ email: staff.email, password: DEFAULT_PASSWORD }),
    redirect: "manual",
  });
  expect(login.status).toBe(302);
  const cookie = sessionCookie(login);

  const responses = await Promise.all(
    Array.from({ length: SUBMISSIONS }, async (_, i) => {
      const server = servers[i % 2];
      const response = await fetch(`${server.origin}/api/check-in/scan`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Cookie: cookie, Origin: server.origin },
        body: JSON.stringify({
          listId: list.id,
          deviceId: doors[i % 2].id,
          nonce: `concurrent-${i}-${randomBytes(4).toString("hex")}`,
          token,
        }),
      });
      return { server: i % 2, status: response.status, verdict: (await response.json()) as Verdict };
    }),
  );

  expect(responses.filter((r) => r.status !== 200)).toEqual([]);
  const admits = responses.filter((r) => r.verdict.kind === "ADMIT");
  const already = responses.filter((r) => r.verdict.kind === "ALREADY_CHECKED_IN");
  expect(admits).toHaveLength(1);
  expect(already).toHaveLength(SUBMISSIONS - 1);
  // Both processes answered, and every refusal names the admission that won.
  expect(new Set(already.map((r) => r.server))).toEqual(new Set([0, 1]));
  const winner = admits[0].verdict;
  if (winner.kind !== "ADMIT") throw new Error("unreachable");
  for (const { verdict } of already) expect(verdict).toMatchObject({ checkedInAt: winner.checkedInAt });

  const checkIns = await t.db.checkIn.findMany({ where: { registrationId: ana.id } });
  expect(checkIns).toHaveLength(1);
  expect(checkIns[0].nonce).toBe(winner.nonce);
  expect(await t.db.scanReceipt.count()).toBe(1);
});
