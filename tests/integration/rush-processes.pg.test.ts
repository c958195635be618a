// `npm run serve` with WEB_CONCURRENCY=2: two app processes share one port (node:cluster). A
// rush through the registration form hits both and still holds exactly the seats there are; a
// process that dies is replaced; SIGTERM stops them all. PostgreSQL only (PGlite is one
// process), so this file is in the integration:postgres project alone (vitest.config.ts).
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLoginSession } from "~/modules/auth/session.server.ts";
import { parseEnv } from "~/shared/env.server.ts";
import { type Child, freePort, startServer } from "../../bench/lib.ts";
import { eventFactory, registrationSettingsFactory, ticketTypeFactory, userFactory } from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const SECRETS = {
  SESSION_SECRET: randomBytes(32).toString("base64url"),
  BADGE_SIGNING_KEY: randomBytes(32).toString("base64url"),
  SCHOLARSHIP_STORY_KEYS: `test:${randomBytes(32).toString("base64url")}`,
};
const SEATS = 30;
const ATTEMPTS = 90;

const t = setupTestDatabase();
let server: { origin: string; child: Child };

/**
 * The app processes the supervisor `pid` forked: its children running scripts/start.ts (it may
 * have others, such as the esbuild service tsx starts when its transform cache is cold).
 */
function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (ppid !== pid) return [];
        return readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("scripts/start.ts") ? [Number(entry)] : [];
      } catch {
        return []; // exited meanwhile
      }
    });
}

/** Waits for `probe` to answer; on a busy machine forking and loading app processes takes a while. */
async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}; the server said:\n${server.child.output()}`);
}

beforeAll(async () => {
  if (!existsSync("build/server/index.js")) throw new Error("Build the app first: npm run build");
  if (!t.url) throw new Error("this test needs the PostgreSQL test database");
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { child } = await startServer("app", process.execPath, ["--import", "tsx", "scripts/start.ts", "serve"], {
    env: {
      ...process.env,
      ...SECRETS,
      NODE_ENV: "production",
      DATABASE_URL: t.url,
      WEB_CONCURRENCY: "2",
      PORT: String(port),
      APP_URL: origin,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "summit-processes-pg-")),
      SMTP_URL: "",
    },
    url: `${origin}/healthz`,
    timeoutMs: 60_000,
  });
  server = { origin, child };
}, 120_000);

afterAll(async () => {
  await server?.child.stop();
});

it(`holds exactly ${SEATS} seats when ${ATTEMPTS} buyers post the form at once to two app processes`, async () => {
  const primary = server.child.process.pid as number;
  await until("two app processes", () => (childrenOf(primary).length === 2 ? true : undefined));
  const event = await eventFactory(t.db, { traits: ["published"] });
  await registrationSettingsFactory(t.db, { eventId: event.id, capacity: SEATS });
  const ticket = await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", capacity: SEATS });
  const env = parseEnv({ ...SECRETS, NODE_ENV: "production", DATABASE_URL: t.url, APP_URL: server.origin });
  const buyers = await Promise.all(
    [1, 2, 3].map(async () => {
      const user = await userFactory(t.db, { traits: ["verified"] });
      const login = new Request(`${server.origin}/login`, { method: "POST" });
      return { email: user.email, cookie: (await createLoginSession({ db: t.db, env }, user.id, login)).split(";")[0] };
    }),
  );

  const outcomes = await Promise.all(
    Array.from({ length: ATTEMPTS }, async (_, i) => {
      const buyer = buyers[i % buyers.length];
      const response = await fetch(`${server.origin}/events/${event.slug}/register.data`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: buyer.cookie, Origin: server.origin },
        body: new URLSearchParams({
          "attendees[0].ticketTypeId": ticket.id,
          "attendees[0].name": `Attendee ${i}`,
          "attendees[0].email": buyer.email,
          "attendees[0].photoConsent": "yes",
        }),
      });
      const body = await response.text();
      if (/\/orders\/\w+/.test(body)) return "held";
      return /sold out/.test(body) ? "sold out" : `${response.status} ${body.slice(0, 200)}`;
    }),
  );

  expect(outcomes.filter((o) => o !== "held" && o !== "sold out")).toEqual([]);
  expect(outcomes.filter((o) => o === "held")).toHaveLength(SEATS);
  expect((await t.db.ticketType.findUniqueOrThrow({ where: { id: ticket.id } })).taken).toBe(SEATS);
  expect((await t.db.registrationSettings.findUniqueOrThrow({ where: { eventId: event.id } })).seatsTaken).toBe(SEATS);
  expect(await t.db.registration.count({ where: { ticketTypeId: ticket.id, status: "PENDING" } })).toBe(SEATS);
  expect(await t.db.order.count({ where: { eventId: event.id } })).toBe(SEATS);
}, 120_000);

it("replaces an app process that dies, and stops every one on SIGTERM", async () => {
  const primary = server.child.process.pid as number;
  const [first, second] = await until("two app processes", () => {
    const pids = childrenOf(primary);
    return pids.length === 2 ? pids : undefined;
  });
  process.kill(first, "SIGKILL");
  const replaced = await until("a replacement process", () => {
    const pids = childrenOf(primary);
    return pids.length === 2 && !pids.includes(first) ? pids : undefined;
  });
  expect(replaced).toContain(second);
  const answers = await Promise.all(Array.from({ length: 6 }, () => fetch(`${server.origin}/healthz`)));
  expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);

  await server.child.stop();
  expect(childrenOf(primary)).toEqual([]);
  for (const pid of replaced) expect(() => process.kill(pid, 0)).toThrow();
}, 120_000);
