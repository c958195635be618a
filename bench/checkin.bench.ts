// Acceptance (issue 5, "Speed"): on PostgreSQL, 300 scans/s sustained for 60 s over HTTP with a
// server-side verdict p99 ≤ 15 ms, and a maximum throughput at least 0.6× a bare baseline
// (node:http + pg doing the same verify and INSERT … ON CONFLICT, bench/checkin.baseline.ts)
// measured in the same run.
//
//   npm run bench:checkin
//
// Creates database summit_bench_checkin on BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) with one event of BENCH_REGISTRATIONS (5,000)
// confirmed registrations and their badge tokens, signs a staff member in, starts both servers
// (the built app via `scripts/start.ts serve`, and the baseline) side by side and:
//   1. warms each up (BENCH_WARMUP scans);
//   2. fixed rate: BENCH_RATE scans/s (300) for BENCH_SECONDS (60) to each, open loop — each scan
//      is sent at its scheduled instant whatever is still in flight, so a slow server can't slow
//      the load down; about 85% first admissions, 15% repeats of someone already in;
//   3. maximum throughput: BENCH_MAX_CONCURRENCY (32) clients back to back for
//      BENCH_MAX_SECONDS (15) each, the same mix.
// Phases run in turns of 10 s (5 s at full speed) alternating between the servers, so other
// work on the machine weighs on both alike.
// The verdict time is the server's own: the Server-Timing header both servers set, from the
// start of the request's handling (the app: its action; the baseline: its handler) to the
// verdict; the latency seen by the load generator is reported beside it. Each server scans its
// own lists, so both start from nobody checked in. BENCH_CPU_PROF=<dir> writes V8 CPU profiles
// of both servers into <dir>/app and <dir>/baseline.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createLoginSession } from "~/modules/auth/session.server.ts";
import { badgeKeyring, issueBadgeToken } from "~/modules/badges/badge-keys.server.ts";
import { openDatabase } from "~/shared/db.server.ts";
import { parseEnv } from "~/shared/env.server.ts";
import { deployMigrations } from "../scripts/lib/migrations.ts";
import {
  CAMPUSES,
  campusFactory,
  checkInListFactory,
  eventFactory,
  eventStaffFactory,
  ordersFactory,
  scanDeviceFactory,
  ticketTypeFactory,
  userFactory,
} from "../tests/factories/index.ts";
import {
  BENCH_ADMIN_URL,
  boundedInt,
  buildIfMissing,
  type Child,
  freePort,
  logLoad,
  machineCpuMs,
  machineNow,
  post,
  printTable,
  round,
  runBench,
  type Summary,
  startServer,
  summarize,
  withBenchDatabase,
  writeResults,
} from "./lib.ts";

const REGISTRATIONS = boundedInt("BENCH_REGISTRATIONS", 5000);
const RATE = boundedInt("BENCH_RATE", 300);
const SECONDS = boundedInt("BENCH_SECONDS", 60);
const WARMUP = boundedInt("BENCH_WARMUP", 500);
const MAX_CONCURRENCY = boundedInt("BENCH_MAX_CONCURRENCY", 32);
const MAX_SECONDS = boundedInt("BENCH_MAX_SECONDS", 15);
/** Every REPEAT_EVERY-th scan is someone already in (about 15%). */
const REPEAT_EVERY = 7;
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
const DATABASE = "summit_bench_checkin";
const TARGETS = { rate: RATE, p99Ms: 15, ratioToBaseline: 0.6 };
const RESULTS = "bench/results/checkin.json";
const SESSION_SECRET = randomBytes(32).toString("base64url");
const BADGE_SIGNING_KEY = randomBytes(32).toString("base64url");
// Production with DATABASE_URL requires every shared secret; scans never read scholarship stories.
const SCHOLARSHIP_STORY_KEYS = `bench:${randomBytes(32).toString("base64url")}`;

type Server = "app" | "baseline";
type Door = { lists: string[]; deviceId: string };
type Setup = { cookie: string; tokens: string[]; doors: Record<Server, Door> };

/** Enough lists per server that the fresh (registration, list) pairs outlast every phase at any speed. */
function listsPerServer(): number {
  const scans = WARMUP + RATE * SECONDS + 4000 * MAX_SECONDS;
  return Math.max(1, Math.ceil(scans / REGISTRATIONS));
}

async function seed(url: string): Promise<Setup> {
  const database = await openDatabase({ kind: "postgres", url });
  const { db } = database;
  try {
    await deployMigrations(database.adapterFactory);
    const campus = await campusFactory(db, CAMPUSES.jacksonville);
    const event = await eventFactory(db, {
      traits: ["published"],
      campusId: campus.id,
      name: "Social Media Summit",
      kind: "SUMMIT",
      localStart: "2027-09-27T08:00",
      localEnd: "2027-09-29T17:00",
    });
    const ticket = await ticketTypeFactory(db, { eventId: event.id, name: "In-person", capacity: REGISTRATIONS });
    const now = new Date();
    for (let from = 0; from < REGISTRATIONS; from += 1000) {
      const rows = Array.from({ length: Math.min(1000, REGISTRATIONS - from) }, (_, i) => {
        const n = from + i + 1;
        return {
          order: {
            buyerName: `Attendee ${n}`,
            buyerEmail: `attendee${n}@bench.example`,
            status: "PAID" as const,
            subtotalCents: 49_500,
            totalCents: 49_500,
            paidAt: now,
          },
          registrations: [
            {
              ticketTypeId: ticket.id,
              attendeeName: `Attendee ${n}`,
              attendeeEmail: `attendee${n}@bench.example`,
              priceCents: 49_500,
              status: "CONFIRMED" as const,
              confirmedAt: now,
            },
          ],
        };
      });
      await ordersFactory(db, event.id, rows);
    }
    const doors = {} as Record<Server, Door>;
    for (const server of ["app", "baseline"] as const) {
      const lists = [];
      for (let i = 0; i < listsPerServer(); i++)
        lists.push((await checkInListFactory(db, { eventId: event.id, name: `${server} door ${i + 1}` })).id);
      const device = await scanDeviceFactory(db, { eventId: event.id, name: `${server} scanner` });
      doors[server] = { lists, deviceId: device.id };
    }
    const staff = await userFactory(db, { traits: ["staff", "verified"], email: "staff@bench.example" });
    await eventStaffFactory(db, { eventId: event.id, userId: staff.id });
    const env = parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: url,
      SESSION_SECRET,
      BADGE_SIGNING_KEY,
      SCHOLARSHIP_STORY_KEYS,
      APP_URL: "http://127.0.0.1",
    });
    const cookie = (
      await createLoginSession({ db, env }, staff.id, new Request("http://127.0.0.1/login", { method: "POST" }))
    ).split(";")[0];
    const ring = badgeKeyring(env);
    const registrations = await db.registration.findMany({ where: { eventId: event.id }, orderBy: { attendeeEmail: "asc" } });
    return { cookie, tokens: registrations.map((r) => issueBadgeToken(ring, r, event)), doors };
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------------------
// The scans: fresh (registration, list) pairs in order, every REPEAT_EVERY-th one someone let in before.

type Planned = { body: string; expect: "ADMIT" | "ALREADY_CHECKED_IN" };

function planner(setup: Setup, server: Server) {
  const door = setup.doors[server];
  let fresh = 0;
  let sent = 0;
  let nonce = 0;
  const scan = (pair: number): string =>
    JSON.stringify({
      listId: door.lists[Math.floor(pair / setup.tokens.length)],
      deviceId: door.deviceId,
      // Nonces are unique across servers too: a receipt is found by its nonce alone.
      nonce: `bench-${server}-${++nonce}`,
      token: setup.tokens[pair % setup.tokens.length],
    });
  return (): Planned => {
    sent++;
    // A repeat goes to someone admitted a while ago (their first scan has long been answered).
    if (sent % REPEAT_EVERY === 0 && fresh > 200) return { body: scan(Math.floor(fresh / 2)), expect: "ALREADY_CHECKED_IN" };
    if (fresh >= door.lists.length * setup.tokens.length) throw new Error("ran out of fresh scans: raise BENCH_REGISTRATIONS");
    return { body: scan(fresh++), expect: "ADMIT" };
  };
}

type Scan = { scheduledMs: number; sentMs: number; doneMs: number; serverMs: number | null; ok: boolean; detail?: string };

async function send(agent: http.Agent, url: URL, headers: Record<string, string>, planned: Planned, scheduledMs: number) {
  const sentMs = performance.now();
  try {
    const res = await post(agent, url, planned.body, headers);
    const doneMs = performance.now();
    const serverMs = Number(/dur=([\d.]+)/.exec(String(res.headers["server-timing"] ?? ""))?.[1] ?? Number.NaN);
    const kind = res.status === 200 ? (JSON.parse(res.body) as { kind: string }).kind : undefined;
    const ok = kind === planned.expect;
    return {
      scheduledMs,
      sentMs,
      doneMs,
      serverMs: Number.isNaN(serverMs) ? null : serverMs,
      ok,
      detail: ok ? undefined : `${res.status} expected ${planned.expect}: ${res.body.slice(0, 200)}`,
    } satisfies Scan;
  } catch (error) {
    return { scheduledMs, sentMs, doneMs: performance.now(), serverMs: null, ok: false, detail: (error as Error).message };
  }
}

/** Open loop for `seconds`: scan i leaves at start + i/rate, whatever is still in flight. */
async function fixedRate(target: Target, seconds: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const url = new URL("/api/check-in/scan", target.origin);
  const total = RATE * seconds;
  const pending: Promise<Scan>[] = [];
  const start = performance.now();
  const due = (i: number) => start + (i * 1000) / RATE;
  try {
    for (let i = 0; i < total; ) {
      for (; i < total && due(i) <= performance.now(); i++) pending.push(send(agent, url, target.headers, target.next(), due(i)));
      if (i < total) await sleep(Math.max(0, due(i) - performance.now()));
    }
    const scans = await Promise.all(pending);
    return { scans, seconds: (Math.max(...scans.map((s) => s.doneMs)) - start) / 1000 };
  } finally {
    agent.destroy();
  }
}

/** Closed loop for `seconds`: MAX_CONCURRENCY clients, each sending its next scan as soon as the last is answered. */
async function maxThroughput(target: Target, seconds: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_CONCURRENCY });
  const url = new URL("/api/check-in/scan", target.origin);
  const scans: Scan[] = [];
  const start = performance.now();
  const deadline = start + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: MAX_CONCURRENCY }, async () => {
        while (performance.now() < deadline) scans.push(await send(agent, url, target.headers, target.next(), performance.now()));
      }),
    );
    return { scans, seconds: (performance.now() - start) / 1000 };
  } finally {
    agent.destroy();
  }
}

// ---------------------------------------------------------------------------
// Both servers run side by side (each on its own lists); every phase is cut into windows that
// alternate between them, so whatever else loads the machine falls on both alike.

const FIXED_WINDOW_SECONDS = 10;
const MAX_WINDOW_SECONDS = 5;

type Target = {
  server: Server;
  origin: string;
  child: Child;
  headers: Record<string, string>;
  next: () => Planned;
  admitsAnswered: () => number;
};

type Window = { scans: Scan[]; seconds: number; cpuMs: number | null; machine: { busy: number; total: number } | null };

async function measured(target: Target, work: () => Promise<{ scans: Scan[]; seconds: number }>): Promise<Window> {
  const before = { cpu: target.child.cpuMs(), machine: machineCpuMs() };
  const { scans, seconds } = await work();
  const after = { cpu: target.child.cpuMs(), machine: machineCpuMs() };
  return {
    scans,
    seconds,
    cpuMs: before.cpu !== undefined && after.cpu !== undefined ? after.cpu - before.cpu : null,
    machine:
      before.machine && after.machine
        ? { busy: after.machine.busy - before.machine.busy, total: after.machine.total - before.machine.total }
        : null,
  };
}

type Phase = {
  scans: number;
  failures: number;
  failureSamples: string[];
  scansPerSecond: number;
  server: Summary;
  client: Summary;
  serverCpuMsPerScan: number | null;
  machineBusyPercent: number | null;
};
type Run = { server: Server; fixed: Phase; max: Phase; checkInsInDatabase: number; admitsAnswered: number };

function phase(windows: Window[]): Phase {
  const scans = windows.flatMap((w) => w.scans);
  const failures = scans.filter((s) => !s.ok);
  const timed = scans.filter((s) => s.serverMs !== null).map((s) => s.serverMs as number);
  const cpu = windows.every((w) => w.cpuMs !== null) ? windows.reduce((sum, w) => sum + (w.cpuMs ?? 0), 0) : null;
  const machine = windows.every((w) => w.machine)
    ? windows.reduce((sum, w) => ({ busy: sum.busy + (w.machine?.busy ?? 0), total: sum.total + (w.machine?.total ?? 0) }), {
        busy: 0,
        total: 0,
      })
    : null;
  return {
    scans: scans.length,
    failures: failures.length,
    failureSamples: [...new Set(failures.map((f) => f.detail ?? ""))].slice(0, 5),
    scansPerSecond: round(scans.length / windows.reduce((sum, w) => sum + w.seconds, 0), 1),
    server: summarize(timed.length ? timed : [Number.NaN]),
    // From the scheduled instant: a server that falls behind is charged for the wait too.
    client: summarize(scans.map((s) => s.doneMs - s.scheduledMs)),
    serverCpuMsPerScan: cpu === null ? null : round(cpu / scans.length),
    machineBusyPercent: machine ? round((100 * machine.busy) / machine.total, 1) : null,
  };
}

async function start(server: Server, setup: Setup, url: string): Promise<Target> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    SESSION_SECRET,
    BADGE_SIGNING_KEY,
    SCHOLARSHIP_STORY_KEYS,
    APP_URL: origin,
    PORT: String(port),
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "summit-bench-checkin-")),
    SMTP_URL: "",
  };
  const profile = CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR, server)}`] : [];
  const script = server === "app" ? ["scripts/start.ts", "serve"] : ["bench/checkin.baseline.ts"];
  const { child } = await startServer(server, process.execPath, [...profile, "--import", "tsx", ...script], {
    env,
    url: `${origin}/healthz`,
  });
  const plan = planner(setup, server);
  let admits = 0;
  return {
    server,
    origin,
    child,
    headers: { "Content-Type": "application/json", Cookie: setup.cookie, Origin: origin },
    next: () => {
      const planned = plan();
      if (planned.expect === "ADMIT") admits++;
      return planned;
    },
    admitsAnswered: () => admits,
  };
}

/** JIT, connections and pools warmed before anything is measured. */
async function warmUp(target: Target) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const url = new URL("/api/check-in/scan", target.origin);
  try {
    for (let i = 0; i < WARMUP; i += 16)
      await Promise.all(Array.from({ length: 16 }, () => send(agent, url, target.headers, target.next(), performance.now())));
  } finally {
    agent.destroy();
  }
}

/** `seconds` of `work` in windows of `size`, alternating between the targets. */
async function alternate(targets: Target[], seconds: number, size: number, work: (t: Target, s: number) => Promise<Window>) {
  const windows = new Map<Server, Window[]>(targets.map((t) => [t.server, []]));
  for (let left = seconds; left > 0; left -= size)
    for (const target of targets) windows.get(target.server)?.push(await work(target, Math.min(size, left)));
  return windows;
}

// ---------------------------------------------------------------------------

const machine = machineNow();

async function main() {
  await buildIfMissing();
  await withBenchDatabase(DATABASE, async (url) => {
    const targets: Target[] = [];
    try {
      console.log(
        `Database ${DATABASE} on ${new URL(BENCH_ADMIN_URL).host}: migrating, ${REGISTRATIONS} confirmed registrations with badge tokens, ${listsPerServer()} lists per server…`,
      );
      const setup = await seed(url);
      logLoad(machine);
      for (const server of ["app", "baseline"] as const) targets.push(await start(server, setup, url));
      for (const target of targets) await warmUp(target);
      console.log(`${RATE} scans/s for ${SECONDS} s each, in ${FIXED_WINDOW_SECONDS} s turns…`);
      const fixed = await alternate(targets, SECONDS, FIXED_WINDOW_SECONDS, (t, s) => measured(t, () => fixedRate(t, s)));
      console.log(`As fast as ${MAX_CONCURRENCY} clients go, ${MAX_SECONDS} s each, in ${MAX_WINDOW_SECONDS} s turns…`);
      const max = await alternate(targets, MAX_SECONDS, MAX_WINDOW_SECONDS, (t, s) => measured(t, () => maxThroughput(t, s)));
      const database = await openDatabase({ kind: "postgres", url, max: 1 });
      const runs: Run[] = [];
      try {
        for (const target of targets)
          runs.push({
            server: target.server,
            fixed: phase(fixed.get(target.server) ?? []),
            max: phase(max.get(target.server) ?? []),
            checkInsInDatabase: await database.db.checkIn.count({ where: { listId: { in: setup.doors[target.server].lists } } }),
            admitsAnswered: target.admitsAnswered(),
          });
      } finally {
        await database.close();
      }
      report(runs[0], runs[1]);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${targets.map((t) => t.child.output()).join("\n")}`);
    } finally {
      await Promise.all(targets.map((t) => t.child.stop()));
    }
  });
}

function report(app: Run, baseline: Run) {
  const ms = (s: Summary, key: "median" | "p95" | "p99") => s[key].toFixed(2);
  const row = (r: Run, name: string, p: Phase) => [
    `${r.server === "app" ? "app" : "baseline (node:http + pg)"} ${name}`,
    String(p.scans),
    String(p.failures),
    p.scansPerSecond.toFixed(0),
    ms(p.server, "median"),
    ms(p.server, "p95"),
    ms(p.server, "p99"),
    ms(p.client, "median"),
    ms(p.client, "p99"),
    p.serverCpuMsPerScan?.toFixed(2) ?? "n/a",
    p.machineBusyPercent === null ? "n/a" : `${p.machineBusyPercent}%`,
  ];
  printTable([
    [
      "server / phase",
      "scans",
      "wrong",
      "scans/s",
      "server p50",
      "server p95",
      "server p99",
      "client p50",
      "client p99",
      "server cpu ms/scan",
      "machine busy",
    ],
    row(app, `${RATE}/s`, app.fixed),
    row(app, "max", app.max),
    row(baseline, `${RATE}/s`, baseline.fixed),
    row(baseline, "max", baseline.max),
  ]);
  console.log("(server = the Server-Timing each server reports, ms; client = from the scheduled send to the last byte, ms)\n");

  const ratio = round(app.max.scansPerSecond / baseline.max.scansPerSecond);
  const correct = (r: Run) => r.fixed.failures === 0 && r.max.failures === 0 && r.checkInsInDatabase === r.admitsAnswered;
  const pass = {
    correct: correct(app) && correct(baseline),
    sustained: app.fixed.scansPerSecond >= RATE * 0.98,
    p99: app.fixed.server.p99 <= TARGETS.p99Ms,
    ratio: ratio >= TARGETS.ratioToBaseline,
  };
  const line = (ok: boolean, text: string) => console.log(`${ok ? "PASS" : "FAIL"}  ${text}`);
  for (const r of [app, baseline]) {
    line(
      correct(r),
      `${r.server}: every verdict as expected (first scans ADMIT, repeats ALREADY CHECKED IN); ${r.checkInsInDatabase} check-ins in the database for ${r.admitsAnswered} first scans`,
    );
    for (const sample of [...r.fixed.failureSamples, ...r.max.failureSamples]) console.log(`      e.g. ${sample}`);
  }
  line(pass.sustained, `app sustained ${app.fixed.scansPerSecond.toFixed(0)} scans/s over ${SECONDS} s (target ${RATE})`);
  line(
    pass.p99,
    `app server-side verdict p99 ${app.fixed.server.p99.toFixed(2)} ms at ${RATE} scans/s vs target ≤ ${TARGETS.p99Ms} ms`,
  );
  line(
    pass.ratio,
    `app/baseline max throughput ${ratio.toFixed(2)}x (${app.max.scansPerSecond.toFixed(0)} / ${baseline.max.scansPerSecond.toFixed(0)} scans/s) vs target ≥ ${TARGETS.ratioToBaseline}`,
  );

  const phaseJson = (p: Phase) => ({
    ...p,
    server: {
      medianMs: round(p.server.median),
      p95Ms: round(p.server.p95),
      p99Ms: round(p.server.p99),
      maxMs: round(p.server.max),
    },
    client: {
      medianMs: round(p.client.median),
      p95Ms: round(p.client.p95),
      p99Ms: round(p.client.p99),
      maxMs: round(p.client.max),
    },
  });
  writeResults(RESULTS, {
    bench: "checkin",
    at: new Date().toISOString(),
    node: process.version,
    machine,
    registrations: REGISTRATIONS,
    rate: RATE,
    seconds: SECONDS,
    maxConcurrency: MAX_CONCURRENCY,
    maxSeconds: MAX_SECONDS,
    targets: TARGETS,
    app: { ...app, fixed: phaseJson(app.fixed), max: phaseJson(app.max) },
    baseline: { ...baseline, fixed: phaseJson(baseline.fixed), max: phaseJson(baseline.max) },
    ratioToBaseline: ratio,
    pass,
  });
  if (!pass.correct) throw new Error("some scans got the wrong verdict or the database disagrees: see above");
}

runBench("bench:checkin", main);
