// Acceptance: the home page with 50 events renders with median ≤ 25 ms on the
// embedded database, and the built server answers its first request within 3 s.
// Compared, in the same run, with "the limit": node:http + the same query.
//
//   npm run bench:home            (BENCH_N, BENCH_WARMUP override the loop sizes)
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { DateTime } from "luxon";
import { openDatabase } from "~/shared/db.server.ts";
import { deployMigrations } from "../scripts/lib/migrations.ts";
import { CAMPUSES, campusFactory, eventFactory } from "../tests/factories/index.ts";
import { freePort, type LoopResult, measureRequests, type Response, round, startServer } from "./lib.ts";

const EVENTS = 50;
const TARGET_MEDIAN_MS = 25;
const TARGET_START_MS = 3000;
const N = boundedInt("BENCH_N", 300);
const WARMUP = boundedInt("BENCH_WARMUP", 30);
// The way `npm run serve` starts: node with the tsx loader, no wrapper process.
const NODE_TSX = ["--import", "tsx"];
const RESULTS = "bench/results/home.json";

function boundedInt(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 10_000) throw new Error(`${name} must be an integer in 1..10000`);
  return value;
}

function newestMtimeMs(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { recursive: true, encoding: "utf8" }).map((file) => statSync(path.join(dir, file)).mtimeMs),
  );
}

async function buildIfMissing() {
  if (existsSync("build/server/index.js")) {
    if (newestMtimeMs("app") > statSync("build/server/index.js").mtimeMs) {
      console.warn("Warning: app/ has changed since the last build; this measures the old build (npm run build to refresh).");
    }
    return;
  }
  console.log("No build/server/index.js: building…");
  const code = await new Promise<number | null>((resolve, reject) => {
    const build = spawn("node_modules/.bin/remix", ["vite:build"], { stdio: "inherit" });
    build.once("error", reject);
    build.once("exit", resolve);
  });
  if (code !== 0) throw new Error("remix vite:build failed");
}

/** Migrated PGlite in `pgliteDir` with 3 campuses and 50 published upcoming events; closed on return. */
async function seed(pgliteDir: string): Promise<string[]> {
  const database = await openDatabase({ kind: "pglite", dataDir: pgliteDir });
  try {
    await deployMigrations(database.adapterFactory);
    const campuses = [];
    for (const campus of Object.values(CAMPUSES)) campuses.push(await campusFactory(database.db, campus));
    const slugs: string[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const day = DateTime.now()
        .plus({ days: 7 + i })
        .toISODate();
      const event = await eventFactory(database.db, {
        traits: ["published"],
        campusId: campuses[i % campuses.length].id,
        localStart: `${day}T09:00`,
        localEnd: `${day}T17:00`,
      });
      slugs.push(event.slug);
    }
    return slugs;
  } finally {
    await database.close();
  }
}

/** The page must list every seeded event, whatever the encoding. */
function listsAll(slugs: string[]) {
  return (res: Response) => {
    const html = (res.headers["content-encoding"] === "gzip" ? gunzipSync(res.body) : res.body).toString("utf8");
    const missing = slugs.filter((slug) => !html.includes(`href="/events/${slug}"`));
    return missing.length ? `${missing.length} of ${slugs.length} events missing from the page` : undefined;
  };
}

type Row = { name: string; what: string; firstMs: number; stats: LoopResult };

// Other processes on the machine skew latencies; the load before we start is reported with the figures.
const machine = { cpus: availableParallelism(), loadAverage1m: round(loadavg()[0]) };

async function main() {
  await buildIfMissing();
  const tmp = mkdtempSync(path.join(tmpdir(), "summit-bench-home-"));
  // On "exit" so that an interrupted run (Ctrl-C) removes it too.
  process.once("exit", () => rmSync(tmp, { recursive: true, force: true }));
  const pgliteDir = path.join(tmp, "pglite"); // where DATA_DIR=tmp puts it (db.server.ts databaseTarget)
  const slugs = await seed(pgliteDir);
  console.log(`Seeded ${slugs.length} published upcoming events on 3 campuses in ${pgliteDir}`);
  console.log(`${N} sequential GET / over one keep-alive connection after ${WARMUP} warm-up, full body read.`);
  console.log(
    `Load average ${machine.loadAverage1m} on ${machine.cpus} CPUs before the run${machine.loadAverage1m > machine.cpus / 2 ? ": the machine is busy, expect noise" : ""}.\n`,
  );
  const rows: Row[] = [];

  // Starts a server, runs the loop(s) against it, stops it before the next one
  // opens the same PGlite folder.
  async function serve(
    name: string,
    args: string[],
    env: Record<string, string>,
    loops: { what: string; headers?: Record<string, string> }[],
  ) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const { child, msToFirst200 } = await startServer(name, process.execPath, [...NODE_TSX, ...args], {
      env: { ...process.env, ...env, PORT: String(port) },
      url,
    });
    try {
      for (const loop of loops) {
        const stats = await measureRequests(url, {
          n: N,
          warmup: WARMUP,
          headers: loop.headers,
          check: listsAll(slugs),
          cpuMs: child.cpuMs,
        });
        rows.push({ name, what: loop.what, firstMs: msToFirst200, stats });
      }
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${child.output()}`);
    } finally {
      await child.stop();
    }
  }

  await serve("app", ["scripts/start.ts", "serve"], { NODE_ENV: "production", DATA_DIR: tmp, DATABASE_URL: "", SMTP_URL: "" }, [
    { what: "Remix build via scripts/start.ts serve, uncompressed" },
    { what: "same, Accept-Encoding: gzip (what browsers get)", headers: { "accept-encoding": "gzip" } },
  ]);
  await serve("baseline:sql", ["bench/home.baseline.ts", "sql"], { PGLITE_DIR: pgliteDir }, [
    { what: "node:http + raw SQL (one JOIN) via pglite.query" },
  ]);
  await serve("baseline:prisma", ["bench/home.baseline.ts", "prisma"], { PGLITE_DIR: pgliteDir }, [
    { what: "node:http + upcomingEventsByCampus (Prisma findMany)" },
  ]);

  report(rows);
}

function report(rows: Row[]) {
  const [app, appGzip, sql, prisma] = rows;
  const ratio = (base: Row) => round(app.stats.median / base.stats.median);
  const startPass = app.firstMs <= TARGET_START_MS;
  const medianPass = Math.max(app.stats.median, appGzip.stats.median) <= TARGET_MEDIAN_MS;

  const table = [
    ["server", "median ms", "p95 ms", "p99 ms", "cpu ms/req", "KB", "first 200 ms", "app/this (median)", "what"],
    ...rows.map((r) => [
      r.name,
      r.stats.median.toFixed(2),
      r.stats.p95.toFixed(2),
      r.stats.p99.toFixed(2),
      r.stats.cpuMsPerRequest?.toFixed(2) ?? "n/a",
      (r.stats.bytes / 1024).toFixed(1),
      r.firstMs.toFixed(0),
      r === app || r === appGzip ? "" : `${ratio(r).toFixed(2)}x`,
      r.what,
    ]),
  ];
  const widths = table[0].map((_, col) => Math.max(...table.map((line) => line[col].length)));
  for (const line of table)
    console.log(
      line
        .map((cell, col) => cell.padEnd(widths[col]))
        .join("  ")
        .trimEnd(),
    );
  console.log(
    `\n${medianPass ? "PASS" : "FAIL"}  home median ${app.stats.median.toFixed(2)} ms (gzip ${appGzip.stats.median.toFixed(2)} ms) vs target ≤ ${TARGET_MEDIAN_MS} ms`,
  );
  console.log(
    `${startPass ? "PASS" : "FAIL"}  first 200 on / ${app.firstMs.toFixed(0)} ms after spawn vs target ≤ ${TARGET_START_MS} ms`,
  );

  const stats = ({ what, firstMs, stats: s }: Row) => ({
    what,
    firstResponseMs: round(firstMs, 0),
    n: s.n,
    medianMs: round(s.median),
    p95Ms: round(s.p95),
    p99Ms: round(s.p99),
    meanMs: round(s.mean),
    minMs: round(s.min),
    maxMs: round(s.max),
    cpuMsPerRequest: s.cpuMsPerRequest === undefined ? null : round(s.cpuMsPerRequest),
    bytes: s.bytes,
  });
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  const result = {
    bench: "home",
    at: new Date().toISOString(),
    node: process.version,
    machine,
    events: EVENTS,
    requests: N,
    warmup: WARMUP,
    targets: { medianMs: TARGET_MEDIAN_MS, firstResponseMs: TARGET_START_MS },
    app: stats(app),
    appGzip: stats(appGzip),
    baselineSql: stats(sql),
    baselinePrisma: stats(prisma),
    ratioMedian: { appOverSql: ratio(sql), appOverPrisma: ratio(prisma) },
    pass: { median: medianPass, firstResponse: startPass },
  };
  writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nWrote ${RESULTS}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\nbench:home failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
