// Acceptance (issue 3, "Speed"): against PostgreSQL, 10,000 hold attempts from 500 concurrent
// HTTP clients for 1,000 seats of one ticket type hold exactly 1,000 seats and oversell none;
// at least 300 holds/s with p95 ≤ 300 ms, and at least 0.5× a bare baseline (node:http + pg
// doing the same guarded update and inserts) measured in the same run.
//
//   npm run bench:rush
//
// BENCH_DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
// the bench creates database summit_bench_rush there and drops it afterwards (BENCH_KEEP_DB=1 keeps it).
// BENCH_CLIENTS, BENCH_ATTEMPTS, BENCH_SEATS change the sizes. BENCH_RUSH_VIA=document posts the
// form like a browser without JavaScript (302 on success); the default, data, posts it where
// Remix's <Form> sends it with JavaScript on (the `.data` single-fetch URL of the same action).
// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the app server into <dir>. WEB_CONCURRENCY=<n>
// runs n processes each of the app and the baseline (node:cluster), as `npm run serve` does.
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { createLoginSession } from "~/modules/auth/session.server.ts";
import { type Db, openDatabase } from "~/shared/db.server.ts";
import { parseEnv } from "~/shared/env.server.ts";
import { randomToken } from "~/shared/tokens.server.ts";
import { deployMigrations } from "../scripts/lib/migrations.ts";
import {
  CAMPUSES,
  campusFactory,
  eventFactory,
  registrationSettingsFactory,
  ticketTypeFactory,
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

const CLIENTS = boundedInt("BENCH_CLIENTS", 500);
const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 10_000);
const SEATS = boundedInt("BENCH_SEATS", 1_000);
/** Requests per client before the rush: opens every keep-alive connection and warms the JIT. */
const WARMUP_PER_CLIENT = 2;
const VIA = process.env.BENCH_RUSH_VIA === "document" ? "document" : "data";
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF;
/**
 * Server processes for the app and, to compare like with like, the baseline (node:cluster).
 * One by default: on two cores a second baseline process holds fewer seats a second, not more
 * (its holds queue on the same row lock), so more processes flatter the ratio.
 */
const PROCESSES = boundedInt("WEB_CONCURRENCY", 1);
const DATABASE = "summit_bench_rush";
const TARGETS = { holdsPerSecond: 300, p95Ms: 300, ratioToBaseline: 0.5 };
const RESULTS = "bench/results/rush.json";
const SESSION_SECRET = randomToken();
// Production with DATABASE_URL requires a badge key; holds never sign badges, any key will do.
const BADGE_SIGNING_KEY = randomBytes(32).toString("base64url");
// Likewise the scholarship story keys, which the rush never reads.
const SCHOLARSHIP_STORY_KEYS = `bench:${randomBytes(32).toString("base64url")}`;

if (!Number.isInteger(ATTEMPTS) || ATTEMPTS < SEATS || ATTEMPTS > 1_000_000)
  throw new Error(`BENCH_ATTEMPTS must be an integer between BENCH_SEATS (${SEATS}) and 1000000`);

type Target = { slug: string; eventId: string; ticketTypeId: string };
type Server = "app" | "baseline";
type Setup = { rush: Record<Server, Target>; warmup: Record<Server, Target>; buyers: { email: string; cookie: string }[] };

/** One event per server with SEATS seats (and an event-wide limit of SEATS), a roomy warm-up event each, logged-in buyers. */
async function seed(url: string): Promise<Setup> {
  const database = await openDatabase({ kind: "postgres", url });
  const { db } = database;
  try {
    await deployMigrations(database.adapterFactory);
    const campus = await campusFactory(db, CAMPUSES.jacksonville);
    const target = async (slug: string, seats: number): Promise<Target> => {
      const event = await eventFactory(db, {
        traits: ["published"],
        campusId: campus.id,
        slug,
        name: `Social Media Summit (${slug})`,
        kind: "SUMMIT",
        localStart: "2027-09-27T08:00",
        localEnd: "2027-09-29T17:00",
      });
      await registrationSettingsFactory(db, { eventId: event.id, capacity: seats });
      const ticket = await ticketTypeFactory(db, { eventId: event.id, name: "In-person", priceCents: 49_500, capacity: seats });
      return { slug, eventId: event.id, ticketTypeId: ticket.id };
    };
    const rush = { app: await target("rush-app", SEATS), baseline: await target("rush-baseline", SEATS) };
    const roomy = CLIENTS * WARMUP_PER_CLIENT;
    const warmup = { app: await target("warmup-app", roomy), baseline: await target("warmup-baseline", roomy) };
    return { rush, warmup, buyers: await buyers(db, url) };
  } finally {
    await database.close();
  }
}

/** CLIENTS verified accounts, each with a login session made by the app's own createLoginSession. */
async function buyers(db: Db, url: string): Promise<Setup["buyers"]> {
  const passwordHash = await hashPassword(randomToken());
  await db.user.createMany({
    data: Array.from({ length: CLIENTS }, (_, i) => ({
      email: `buyer${String(i).padStart(4, "0")}@rush.example`,
      name: `Buyer ${i + 1}`,
      passwordHash,
      emailVerifiedAt: new Date(),
    })),
  });
  const users = await db.user.findMany({ orderBy: { email: "asc" }, select: { id: true, email: true } });
  const env = parseEnv({
    NODE_ENV: "production",
    DATABASE_URL: url,
    SESSION_SECRET,
    BADGE_SIGNING_KEY,
    SCHOLARSHIP_STORY_KEYS,
    APP_URL: "http://127.0.0.1",
  });
  const result: Setup["buyers"] = [];
  for (let i = 0; i < users.length; i += 25) {
    const batch = users.slice(i, i + 25);
    const cookies = await Promise.all(
      batch.map((u) => createLoginSession({ db, env }, u.id, new Request("http://127.0.0.1/login", { method: "POST" }))),
    );
    for (const [j, u] of batch.entries()) result.push({ email: u.email, cookie: cookies[j].split(";")[0] });
  }
  return result;
}

// ---------------------------------------------------------------------------
// The load: CLIENTS clients, each one keep-alive connection, taking attempts from a shared
// counter until ATTEMPTS are made, so all CLIENTS stay busy to the end.

type Outcome = "held" | "sold-out" | "error";
type Attempt = { startedMs: number; endedMs: number; outcome: Outcome; orderId?: string; detail?: string };

const ORDER_URL = /\/orders\/([A-Za-z0-9_-]+)/;

/** Held (a redirect to /orders/:id, however it is encoded), sold out (the form's message) or an error. */
function classify(
  server: Server,
  res: { status: number; location?: string; body: string },
): Omit<Attempt, "startedMs" | "endedMs"> {
  const redirected =
    res.status === 302 || res.status === 303
      ? res.location
      : server === "app" && VIA === "data" && res.status === 202
        ? res.body
        : undefined;
  const orderId = redirected ? ORDER_URL.exec(redirected)?.[1] : undefined;
  if (orderId) return { outcome: "held", orderId };
  if (/sold out/i.test(res.body) && res.status < 500) return { outcome: "sold-out" };
  return { outcome: "error", detail: `${res.status} ${res.body.slice(0, 300).replace(/\s+/g, " ")}` };
}

function formFor(target: Target, buyer: Setup["buyers"][number], n: number): string {
  return new URLSearchParams({
    "attendees[0].ticketTypeId": target.ticketTypeId,
    "attendees[0].name": `Attendee ${n}`,
    "attendees[0].email": buyer.email,
    "attendees[0].organisation": "Lakeshore Regional Health",
    "attendees[0].photoConsent": "yes",
  }).toString();
}

async function load(
  server: Server,
  origin: string,
  target: Target,
  { buyers, agents, attempts }: { buyers: Setup["buyers"]; agents: http.Agent[]; attempts: number },
): Promise<{ attempts: Attempt[]; startedMs: number }> {
  const url = new URL(`/events/${target.slug}/register${server === "app" && VIA === "data" ? ".data" : ""}`, origin);
  const results: Attempt[] = [];
  let next = 0;
  const startedMs = performance.now();
  await Promise.all(
    buyers.map(async (buyer, client) => {
      const headers = { Cookie: buyer.cookie, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" };
      while (next < attempts) {
        const n = next++;
        const started = performance.now();
        let attempt: Omit<Attempt, "startedMs" | "endedMs">;
        try {
          attempt = classify(server, await post(agents[client], url, formFor(target, buyer, n), headers));
        } catch (error) {
          attempt = { outcome: "error", detail: (error as Error).message };
        }
        results.push({ ...attempt, startedMs: started - startedMs, endedMs: performance.now() - startedMs });
      }
    }),
  );
  return { attempts: results, startedMs };
}

type Run = {
  server: Server;
  attempts: number;
  held: number;
  soldOut: number;
  errors: number;
  errorSamples: string[];
  seconds: number;
  attemptsPerSecond: number;
  /** SEATS divided by the time until the last seat was held. */
  holdsPerSecond: number;
  secondsToSellOut: number;
  /** When the first seat was held, from the start of the rush: the CPU spent on the first wave of requests. */
  msToFirstHold: number;
  all: Summary;
  holds: Summary | null;
  refusals: Summary | null;
  cpu: { serverMsPerAttempt: number | null; loadGeneratorMsPerAttempt: number; machineBusyPercent: number | null };
  database: {
    taken: number;
    seatsTaken: number;
    pendingRegistrations: number;
    registrations: number;
    orders: number;
    distinctOrderIds: number;
  };
};

async function checkDatabase(url: string, target: Target) {
  const database = await openDatabase({ kind: "postgres", url, max: 1 });
  try {
    const [row] = await database.db.$queryRaw<
      { taken: number; seatsTaken: number; pendingRegistrations: number; registrations: number; orders: number }[]
    >`
      SELECT t.taken,
        (SELECT "seatsTaken" FROM "RegistrationSettings" s WHERE s."eventId" = t."eventId") AS "seatsTaken",
        (SELECT COUNT(*) FROM "Registration" r WHERE r."ticketTypeId" = t.id AND r.status = 'PENDING')::int AS "pendingRegistrations",
        (SELECT COUNT(*) FROM "Registration" r WHERE r."ticketTypeId" = t.id)::int AS registrations,
        (SELECT COUNT(*) FROM "Order" o WHERE o."eventId" = t."eventId")::int AS orders
      FROM "TicketType" t WHERE t.id = ${target.ticketTypeId}`;
    return row;
  } finally {
    await database.close();
  }
}

async function measure(server: Server, child: Child, origin: string, setup: Setup, url: string): Promise<Run> {
  const agents = setup.buyers.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  try {
    const warm = await load(server, origin, setup.warmup[server], {
      buyers: setup.buyers,
      agents,
      attempts: CLIENTS * WARMUP_PER_CLIENT,
    });
    // Failures here are reported, not fatal: they are the same failures the rush would show.
    const warmFailures = warm.attempts.filter((a) => a.outcome !== "held");
    if (warmFailures.length)
      console.warn(
        `${server}: ${warmFailures.length} of ${warm.attempts.length} warm-up attempts did not hold a seat, e.g. ${warmFailures[0].detail ?? warmFailures[0].outcome}`,
      );

    const cpuBefore = { server: child.cpuMs(), self: process.cpuUsage(), machine: machineCpuMs() };
    const { attempts } = await load(server, origin, setup.rush[server], { buyers: setup.buyers, agents, attempts: ATTEMPTS });
    const serverCpu = child.cpuMs();
    const selfCpu = process.cpuUsage(cpuBefore.self);
    const machine = machineCpuMs();

    const seconds = Math.max(...attempts.map((a) => a.endedMs)) / 1000;
    const holds = attempts.filter((a) => a.outcome === "held");
    const refusals = attempts.filter((a) => a.outcome === "sold-out");
    const errors = attempts.filter((a) => a.outcome === "error");
    const lastHoldMs = holds.length ? Math.max(...holds.map((a) => a.endedMs)) : Number.NaN;
    const latencies = (list: Attempt[]) => (list.length ? summarize(list.map((a) => a.endedMs - a.startedMs)) : null);
    const db = await checkDatabase(url, setup.rush[server]);
    return {
      server,
      attempts: attempts.length,
      held: holds.length,
      soldOut: refusals.length,
      errors: errors.length,
      errorSamples: [...new Set(errors.map((e) => e.detail ?? ""))].slice(0, 5),
      seconds: round(seconds, 3),
      attemptsPerSecond: round(attempts.length / seconds, 1),
      holdsPerSecond: round(holds.length / (lastHoldMs / 1000), 1),
      secondsToSellOut: round(lastHoldMs / 1000, 3),
      msToFirstHold: round(holds.length ? Math.min(...holds.map((a) => a.endedMs)) : Number.NaN, 1),
      all: latencies(attempts) as Summary,
      holds: latencies(holds),
      refusals: latencies(refusals),
      cpu: {
        serverMsPerAttempt:
          serverCpu !== undefined && cpuBefore.server !== undefined
            ? round((serverCpu - cpuBefore.server) / attempts.length)
            : null,
        loadGeneratorMsPerAttempt: round((selfCpu.user + selfCpu.system) / 1000 / attempts.length),
        machineBusyPercent:
          machine && cpuBefore.machine
            ? round((100 * (machine.busy - cpuBefore.machine.busy)) / (machine.total - cpuBefore.machine.total), 1)
            : null,
      },
      database: { ...db, distinctOrderIds: new Set(holds.map((a) => a.orderId)).size },
    };
  } finally {
    for (const agent of agents) agent.destroy();
  }
}

async function serve(server: Server, setup: Setup, url: string): Promise<Run> {
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
    SMTP_URL: "",
    WEB_CONCURRENCY: String(PROCESSES),
  };
  const profile = server === "app" && CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR)}`] : [];
  const script = server === "app" ? ["scripts/start.ts", "serve"] : ["bench/rush.baseline.ts"];
  const { child } = await startServer(server, process.execPath, [...profile, "--import", "tsx", ...script], {
    env,
    url: `${origin}/healthz`,
  });
  try {
    return await measure(server, child, origin, setup, url);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  } finally {
    await child.stop();
  }
}

// ---------------------------------------------------------------------------

const machine = machineNow();

async function main() {
  await buildIfMissing();
  await withBenchDatabase(DATABASE, async (url) => {
    console.log(
      `Database ${DATABASE} on ${new URL(BENCH_ADMIN_URL).host}: migrating, one event of ${SEATS} seats per server, ${CLIENTS} logged-in buyers…`,
    );
    const setup = await seed(url);
    console.log(
      `${ATTEMPTS} hold attempts (one seat each) from ${CLIENTS} concurrent clients, one keep-alive connection each, after ${WARMUP_PER_CLIENT} warm-up holds per client on another event.`,
    );
    console.log(
      VIA === "data"
        ? `The app gets POST /events/<slug>/register.data: the request Remix's <Form> makes with JavaScript on (a hold answers 202 with the redirect to /orders/<id>).`
        : `The app gets POST /events/<slug>/register: the request a browser without JavaScript makes (a hold answers 302 /orders/<id>).`,
    );
    console.log(
      `${PROCESSES === 1 ? "One server process" : `${PROCESSES} server processes on one port`} each for the app and the baseline (WEB_CONCURRENCY).`,
    );
    logLoad(machine);
    const app = await serve("app", setup, url);
    const baseline = await serve("baseline", setup, url);
    report(app, baseline);
  });
}

function report(app: Run, baseline: Run) {
  const ms = (s: Summary | null, key: "median" | "p95" | "p99") => (s ? s[key].toFixed(1) : "n/a");
  printTable([
    [
      "server",
      "held",
      "sold out",
      "errors",
      "attempts/s",
      "holds/s",
      "first hold ms",
      "sold out in s",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "hold p95",
      "refusal p95",
      "server cpu ms/attempt",
      "machine busy",
    ],
    ...[app, baseline].map((r) => [
      r.server === "app" ? `app (${VIA === "data" ? ".data" : "document"})` : "baseline (node:http + pg)",
      String(r.held),
      String(r.soldOut),
      String(r.errors),
      r.attemptsPerSecond.toFixed(0),
      r.holdsPerSecond.toFixed(0),
      r.msToFirstHold.toFixed(0),
      r.secondsToSellOut.toFixed(2),
      ms(r.all, "median"),
      ms(r.all, "p95"),
      ms(r.all, "p99"),
      ms(r.holds, "p95"),
      ms(r.refusals, "p95"),
      r.cpu.serverMsPerAttempt?.toFixed(2) ?? "n/a",
      r.cpu.machineBusyPercent === null ? "n/a" : `${r.cpu.machineBusyPercent}%`,
    ]),
  ]);
  console.log("");

  const exact = (r: Run) =>
    r.held === SEATS &&
    r.database.taken === SEATS &&
    r.database.seatsTaken === SEATS &&
    r.database.pendingRegistrations === SEATS &&
    r.database.registrations === SEATS &&
    r.database.orders === SEATS &&
    r.database.distinctOrderIds === SEATS;
  const ratio = round(app.holdsPerSecond / baseline.holdsPerSecond);
  const attemptsRatio = round(app.attemptsPerSecond / baseline.attemptsPerSecond);
  const pass = {
    exactlySeatsHeld: exact(app) && exact(baseline),
    noErrors: app.errors === 0 && baseline.errors === 0,
    holdsPerSecond: app.holdsPerSecond >= TARGETS.holdsPerSecond,
    p95: app.all.p95 <= TARGETS.p95Ms,
    ratio: ratio >= TARGETS.ratioToBaseline,
  };
  const line = (ok: boolean, text: string) => console.log(`${ok ? "PASS" : "FAIL"}  ${text}`);
  for (const r of [app, baseline]) {
    const d = r.database;
    line(
      exact(r),
      `${r.server}: ${r.held} of ${r.attempts} attempts held a seat; in the database taken ${d.taken}/${SEATS}, event-wide ${d.seatsTaken}, ${d.pendingRegistrations} PENDING registrations, ${d.orders} orders, ${d.distinctOrderIds} distinct order ids`,
    );
    line(r.errors === 0, `${r.server}: every other attempt was told "sold out" (${r.soldOut}); ${r.errors} failed otherwise`);
    for (const sample of r.errorSamples) console.log(`      e.g. ${sample}`);
  }
  line(
    pass.holdsPerSecond,
    `app ${app.holdsPerSecond.toFixed(0)} holds/s vs target ≥ ${TARGETS.holdsPerSecond} (sold out in ${app.secondsToSellOut.toFixed(2)} s)`,
  );
  line(pass.p95, `app p95 ${app.all.p95.toFixed(1)} ms over all ${app.attempts} attempts vs target ≤ ${TARGETS.p95Ms} ms`);
  line(
    pass.ratio,
    `app/baseline ${ratio.toFixed(2)}x in holds/s (${app.holdsPerSecond.toFixed(0)} / ${baseline.holdsPerSecond.toFixed(0)}) vs target ≥ ${TARGETS.ratioToBaseline}; ${attemptsRatio.toFixed(2)}x in attempts/s`,
  );

  const stats = (s: Summary | null) =>
    s && {
      n: s.n,
      medianMs: round(s.median),
      p95Ms: round(s.p95),
      p99Ms: round(s.p99),
      meanMs: round(s.mean),
      maxMs: round(s.max),
    };
  const json = (r: Run) => ({
    ...r,
    all: stats(r.all),
    holds: stats(r.holds),
    refusals: stats(r.refusals),
  });
  writeResults(RESULTS, {
    bench: "rush",
    at: new Date().toISOString(),
    node: process.version,
    machine,
    via: VIA,
    clients: CLIENTS,
    processes: PROCESSES,
    attempts: ATTEMPTS,
    seats: SEATS,
    warmupPerClient: WARMUP_PER_CLIENT,
    targets: TARGETS,
    app: json(app),
    baseline: json(baseline),
    ratioToBaseline: { holdsPerSecond: ratio, attemptsPerSecond: attemptsRatio },
    pass,
  });
  if (!pass.exactlySeatsHeld) throw new Error("seats were oversold, lost or not all held: see above");
}

runBench("bench:rush", main);
