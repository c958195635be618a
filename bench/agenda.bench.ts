// Acceptance: with an event of 300 published sessions and 120 speakers, the attendee agenda
// page answers with median ≤ 40 ms, the whole-event ICS feed ≤ 20 ms and its 304 ≤ 2 ms.
// Compared, in the same run, with "the limit": node:http + the same reads and serialisation.
//
//   npm run bench:agenda            (BENCH_N, BENCH_WARMUP override the loop sizes)
import { DateTime } from "luxon";
import type { SessionKind } from "~/generated/prisma/enums.ts";
import { publishAgenda } from "~/modules/agenda/releases.server.ts";
import { openDatabase } from "~/shared/db.server.ts";
import { deployMigrations } from "../scripts/lib/migrations.ts";
import {
  agendaSessionFactory,
  CAMPUSES,
  campusFactory,
  eventFactory,
  roomFactory,
  speakerFactory,
  trackFactory,
  userFactory,
} from "../tests/factories/index.ts";
import {
  boundedInt,
  buildIfMissing,
  decodedBody as decoded,
  get,
  type Loop as LibLoop,
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

const DAYS = 3;
const ROOMS = 10;
const SLOTS_PER_DAY = 10;
const SESSIONS = DAYS * ROOMS * SLOTS_PER_DAY;
const SPEAKERS = 120;
const TARGETS = { pageMedianMs: 40, icsMedianMs: 20, notModifiedMedianMs: 2 };
const N = boundedInt("BENCH_N", 300);
const WARMUP = boundedInt("BENCH_WARMUP", 30);
const RESULTS = "bench/results/agenda.json";
const SLUG = "summit-2027";
const APP_URL = "http://127.0.0.1";

const KINDS: SessionKind[] = ["TALK", "PANEL", "TALK", "WORKSHOP", "TALK"];
const ABSTRACT =
  "How clinicians, patients and communicators use social media to share trustworthy health information: " +
  "what worked, what did not, the policies that kept everyone safe, and a checklist to take home on Monday.";

/**
 * Migrated PGlite in `pgliteDir` with a three-day Rochester summit: 10 rooms, 4 tracks,
 * 120 speakers, 300 sessions (10 hourly slots a day in every room), published once.
 * Speakers never overlap, so publishing passes the conflict checks. Closed on return.
 */
async function seed(pgliteDir: string): Promise<{ firstTitle: string }> {
  const database = await openDatabase({ kind: "pglite", dataDir: pgliteDir });
  const { db } = database;
  try {
    await deployMigrations(database.adapterFactory);
    const campus = await campusFactory(db, CAMPUSES.rochester);
    const event = await eventFactory(db, {
      campusId: campus.id,
      slug: SLUG,
      name: "Social Media Summit 2027",
      kind: "SUMMIT",
      traits: ["published"],
      localStart: "2027-09-27T08:00",
      localEnd: "2027-09-29T18:00",
    });
    const organiser = await userFactory(db, { traits: ["organizer"] });
    const tracks: { id: string }[] = [];
    for (const name of ["Patient voices", "Clinician practice", "Research", "Policy and safety"])
      tracks.push(await trackFactory(db, { eventId: event.id, name }));
    const rooms: { id: string }[] = [];
    for (let r = 0; r < ROOMS; r++)
      rooms.push(await roomFactory(db, { eventId: event.id, name: `Room ${r + 1}`, capacity: 40 + 30 * r, position: r }));
    const speakers: { id: string }[] = [];
    for (let s = 0; s < SPEAKERS; s++) {
      speakers.push(
        await speakerFactory(db, {
          eventId: event.id,
          name: `Speaker ${String(s + 1).padStart(3, "0")}`,
          title: s % 2 ? "Physician" : "Communications lead",
          organisation: `Health System ${(s % 12) + 1}`,
          bio: "Works on patient communication and trustworthy health information online.",
        }),
      );
    }
    let firstTitle = "";
    for (let day = 0; day < DAYS; day++) {
      const date = DateTime.fromISO("2027-09-27").plus({ days: day }).toISODate();
      for (let slot = 0; slot < SLOTS_PER_DAY; slot++) {
        const start = `${date}T${String(8 + slot).padStart(2, "0")}:00`;
        const end = `${date}T${String(8 + slot).padStart(2, "0")}:50`;
        for (let r = 0; r < ROOMS; r++) {
          const i = (day * SLOTS_PER_DAY + slot) * ROOMS + r;
          // Three disjoint blocks of ten per slot: nobody speaks in two rooms at once.
          const base = (slot * ROOMS + r) % SPEAKERS;
          const speakerIds = [base, (base + 60) % SPEAKERS, (base + 30) % SPEAKERS]
            .slice(0, 1 + (i % 3))
            .map((k) => speakers[k].id);
          const kind = KINDS[i % KINDS.length];
          const title = `Session ${i + 1}: social media in health care, part ${(i % 7) + 1}`;
          if (i === 0) firstTitle = title;
          await agendaSessionFactory(db, {
            eventId: event.id,
            traits: ["published"],
            title,
            abstract: ABSTRACT,
            kind,
            roomId: rooms[r].id,
            trackId: tracks[i % tracks.length].id,
            capacity: kind === "WORKSHOP" ? 30 : null,
            speakerIds,
            localStart: start,
            localEnd: end,
          });
        }
      }
    }
    const { snapshot } = await publishAgenda(db, organiser.id, event.id);
    if (snapshot.sessions.length !== SESSIONS || snapshot.speakers.length !== SPEAKERS)
      throw new Error(`published ${snapshot.sessions.length} sessions and ${snapshot.speakers.length} speakers`);
    return { firstTitle };
  } finally {
    await database.close();
  }
}

function fullFeed(res: Response) {
  const events = decoded(res).split("BEGIN:VEVENT").length - 1;
  return events === SESSIONS ? undefined : `${events} of ${SESSIONS} sessions in the feed`;
}

const listsSession = (title: string) => (res: Response) =>
  decoded(res).includes(title) ? undefined : `"${title}" missing from the page`;

type Row = { name: string; what: string; kind: "page" | "ics" | "ics-gzip" | "ics-cached" | "304"; stats: LoopResult };

const machine = machineNow();

async function main() {
  await buildIfMissing();
  const { tmp, pgliteDir } = scratch("summit-bench-agenda-");
  console.log(`Seeding ${SESSIONS} sessions, ${SPEAKERS} speakers over ${DAYS} days in ${ROOMS} rooms…`);
  const { firstTitle } = await seed(pgliteDir);
  console.log(`${N} sequential GETs per row over one keep-alive connection after ${WARMUP} warm-up, full body read.`);
  logLoad(machine);
  const rows: Row[] = [];
  const skipped: string[] = [];

  type Loop = { kind: Row["kind"]; what: string; path: string; headers?: Record<string, string>; status?: number };

  // Starts a server, runs its loops, stops it before the next one opens the same PGlite folder.
  async function serve(
    name: string,
    args: string[],
    env: Record<string, string>,
    probe: string,
    loops: (origin: string) => Promise<Loop[]>,
  ) {
    const { results } = await serveAndMeasure<LibLoop & Loop>(name, args, env, {
      probe,
      n: N,
      warmup: WARMUP,
      loops: async (origin) =>
        (await loops(origin)).map((loop) => ({
          ...loop,
          check: loop.status === 304 ? undefined : loop.kind === "page" ? listsSession(firstTitle) : fullFeed,
        })),
    });
    for (const { loop, stats } of results) rows.push({ name, what: loop.what, kind: loop.kind, stats });
  }

  const feedPath = `/events/${SLUG}/agenda.ics`;
  // The baseline decides 304s with the same validators, so the app's ETag serves both.
  let etag = "";
  await serve(
    "app",
    ["scripts/start.ts", "serve"],
    { NODE_ENV: "production", DATA_DIR: tmp, DATABASE_URL: "", SMTP_URL: "", APP_URL },
    feedPath,
    async (origin) => {
      const loops: Loop[] = [];
      const page = await get(`${origin}/events/${SLUG}/agenda`);
      if (page.status === 200) {
        loops.push({ kind: "page", what: `GET /events/${SLUG}/agenda (Remix)`, path: `/events/${SLUG}/agenda` });
      } else {
        skipped.push(`agenda page: GET /events/${SLUG}/agenda answered ${page.status}; is the attendee agenda route built?`);
      }
      etag = String((await get(`${origin}${feedPath}`)).headers.etag ?? "");
      if (!etag) throw new Error(`${feedPath} sent no ETag`);
      loops.push(
        { kind: "ics", what: `GET ${feedPath} (Remix)`, path: feedPath },
        {
          kind: "ics-gzip",
          what: "same, Accept-Encoding: gzip (what calendar apps get)",
          path: feedPath,
          headers: { "accept-encoding": "gzip" },
        },
        {
          kind: "304",
          what: "same, If-None-Match: <ETag> → 304",
          path: feedPath,
          headers: { "if-none-match": etag },
          status: 304,
        },
      );
      return loops;
    },
  );
  await serve("baseline", ["bench/agenda.baseline.ts"], { PGLITE_DIR: pgliteDir, SLUG, APP_URL }, "/agenda.ics", async () => [
    { kind: "page", what: "node:http: event + latest release read, minimal HTML of day one", path: "/agenda" },
    { kind: "ics", what: "node:http: latest release row → agendaToIcs", path: "/agenda.ics" },
    { kind: "ics-cached", what: "node:http: eventFeed + render (same query, same per-release cache)", path: "/cached.ics" },
    {
      kind: "304",
      what: "node:http: the same stamp query (eventFeed) → 304",
      path: "/agenda.ics",
      headers: { "if-none-match": etag },
      status: 304,
    },
  ]);

  report(rows, skipped);
}

function report(rows: Row[], skipped: string[]) {
  const app = (kind: Row["kind"]) => rows.find((r) => r.name === "app" && r.kind === kind);
  const baseline = (kind: Row["kind"]) =>
    rows.find((r) => r.name === "baseline" && r.kind === (kind === "ics-gzip" ? "ics" : kind));
  const ratio = (row: Row) => {
    const base = row.name === "app" ? baseline(row.kind) : undefined;
    return base ? round(row.stats.median / base.stats.median) : null;
  };
  // The app caches each release's feed; against the same code without the framework, the
  // ratio is what Express and Remix add.
  const cachedBaseline = rows.find((r) => r.name === "baseline" && r.kind === "ics-cached");
  const sameCodeRatio = (row: Row) =>
    row.name === "app" && (row.kind === "ics" || row.kind === "ics-gzip") && cachedBaseline
      ? round(row.stats.median / cachedBaseline.stats.median)
      : null;

  const table = [
    ["server", "median ms", "p95 ms", "p99 ms", "cpu ms/req", "KB", "app/bare", "app/same code", "what"],
    ...rows.map((r) => [
      r.name,
      ...statsCells(r.stats),
      ratio(r) === null ? "" : `${ratio(r)?.toFixed(2)}x`,
      sameCodeRatio(r) === null ? "" : `${sameCodeRatio(r)?.toFixed(2)}x`,
      r.what,
    ]),
  ];
  printTable(table);
  console.log("");

  const verdict = (label: string, row: Row | undefined, target: number) => {
    if (!row) return { pass: null, line: `SKIP  ${label}` };
    const pass = row.stats.median <= target;
    const r = ratio(row);
    const same = sameCodeRatio(row);
    const ratios = [
      r === null ? "" : `${r.toFixed(2)}x the bare baseline`,
      same === null ? "" : `${same.toFixed(2)}x the same code on node:http`,
    ];
    return {
      pass,
      line: `${pass ? "PASS" : "FAIL"}  ${label} median ${row.stats.median.toFixed(2)} ms vs target ≤ ${target} ms (${ratios.filter(Boolean).join(", ")})`,
    };
  };
  const page = verdict("agenda page", app("page"), TARGETS.pageMedianMs);
  const ics = verdict("ICS feed", app("ics"), TARGETS.icsMedianMs);
  const icsGzip = verdict("ICS feed gzip", app("ics-gzip"), TARGETS.icsMedianMs);
  const notModified = verdict("ICS 304", app("304"), TARGETS.notModifiedMedianMs);
  for (const v of [page, ics, icsGzip, notModified]) console.log(v.line);
  for (const reason of skipped) console.log(`      skipped ${reason}`);

  const stats = (row: Row | undefined) =>
    row && {
      what: row.what,
      ...statsJson(row.stats),
      ratioToBaseline: ratio(row),
      ratioToSameCode: sameCodeRatio(row),
    };
  writeResults(RESULTS, {
    bench: "agenda",
    at: new Date().toISOString(),
    node: process.version,
    machine,
    data: { sessions: SESSIONS, speakers: SPEAKERS, days: DAYS, rooms: ROOMS },
    requests: N,
    warmup: WARMUP,
    targets: TARGETS,
    app: {
      page: stats(app("page")) ?? null,
      ics: stats(app("ics")),
      icsGzip: stats(app("ics-gzip")),
      notModified: stats(app("304")),
    },
    baseline: {
      page: stats(baseline("page")),
      ics: stats(baseline("ics")),
      icsCached: stats(cachedBaseline),
      notModified: stats(baseline("304")),
    },
    pass: { page: page.pass, ics: ics.pass, icsGzip: icsGzip.pass, notModified: notModified.pass },
    skipped,
  });
}

runBench("bench:agenda", main);
