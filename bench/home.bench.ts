// Acceptance: the home page with 50 events renders with median ≤ 25 ms on the
// embedded database, and the built server answers its first request within 3 s.
// Compared, in the same run, with "the limit": node:http + the same query.
//
//   npm run bench:home            (BENCH_N, BENCH_WARMUP override the loop sizes)
import { DateTime } from "luxon";
import { openDatabase } from "~/shared/db.server.ts";
import { deployMigrations } from "../scripts/lib/migrations.ts";
import { CAMPUSES, campusFactory, eventFactory } from "../tests/factories/index.ts";
import {
  boundedInt,
  buildIfMissing,
  decodedBody,
  type Loop,
  type LoopResult,
  logLoad,
  machineNow,
  printTable,
  type Response,
  round,
  runBench,
  scratch,
  serveAndMeasure,
  statsCells,
  statsJson,
  writeResults,
} from "./lib.ts";

const EVENTS = 50;
const TARGET_MEDIAN_MS = 25;
const TARGET_START_MS = 3000;
const N = boundedInt("BENCH_N", 300);
const WARMUP = boundedInt("BENCH_WARMUP", 30);
const RESULTS = "bench/results/home.json";

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
    const html = decodedBody(res);
    const missing = slugs.filter((slug) => !html.includes(`href="/events/${slug}"`));
    return missing.length ? `${missing.length} of ${slugs.length} events missing from the page` : undefined;
  };
}

type Row = { name: string; what: string; firstMs: number; stats: LoopResult };

const machine = machineNow();

async function main() {
  await buildIfMissing();
  const { tmp, pgliteDir } = scratch("summit-bench-home-");
  const slugs = await seed(pgliteDir);
  console.log(`Seeded ${slugs.length} published upcoming events on 3 campuses in ${pgliteDir}`);
  console.log(`${N} sequential GET / over one keep-alive connection after ${WARMUP} warm-up, full body read.`);
  logLoad(machine);
  const rows: Row[] = [];

  // Every loop GETs / and checks that the page lists every seeded event.
  async function serve(
    name: string,
    args: string[],
    env: Record<string, string>,
    loops: { what: string; headers?: Record<string, string> }[],
  ) {
    const check = listsAll(slugs);
    const { msToFirst200, results } = await serveAndMeasure<Loop & { what: string }>(name, args, env, {
      probe: "/",
      n: N,
      warmup: WARMUP,
      loops: () => loops.map((loop) => ({ ...loop, path: "/", check })),
    });
    for (const { loop, stats } of results) rows.push({ name, what: loop.what, firstMs: msToFirst200, stats });
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
      ...statsCells(r.stats),
      r.firstMs.toFixed(0),
      r === app || r === appGzip ? "" : `${ratio(r).toFixed(2)}x`,
      r.what,
    ]),
  ];
  printTable(table);
  console.log(
    `\n${medianPass ? "PASS" : "FAIL"}  home median ${app.stats.median.toFixed(2)} ms (gzip ${appGzip.stats.median.toFixed(2)} ms) vs target ≤ ${TARGET_MEDIAN_MS} ms`,
  );
  console.log(
    `${startPass ? "PASS" : "FAIL"}  first 200 on / ${app.firstMs.toFixed(0)} ms after spawn vs target ≤ ${TARGET_START_MS} ms`,
  );

  const stats = ({ what, firstMs, stats: s }: Row) => ({ what, firstResponseMs: round(firstMs, 0), ...statsJson(s) });
  writeResults(RESULTS, {
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
  });
}

runBench("bench:home", main);
