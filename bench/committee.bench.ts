// Acceptance (issue 6, "Speed"): on PostgreSQL, a cycle of 2,000 applications with 3 reviews
// each: the committee view answers with median ≤ 100 ms, compared in the same run with a bare
// baseline (node:http + plain pg running the committee's own ranking statement).
//
//   npm run bench:committee
//
// BENCH_DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres);
// the bench creates database summit_bench_committee there and drops it afterwards (BENCH_KEEP_DB=1
// keeps it). BENCH_N, BENCH_WARMUP change the loop sizes; BENCH_APPLICATIONS the cycle's size.
// What is measured is GET …/committee.data as an organiser: the loader data the page's client
// router fetches (root, admin layout and committee loaders), the same work as rendering it.
import { randomBytes } from "node:crypto";
import { hashPassword } from "~/modules/auth/password.server.ts";
import { createLoginSession } from "~/modules/auth/session.server.ts";
import { FUND_ID } from "~/modules/scholarships/fund-ledger.server.ts";
import { type StoryKeys, sealOptional } from "~/modules/scholarships/story-crypto.server.ts";
import { openDatabase } from "~/shared/db.server.ts";
import { parseEnv } from "~/shared/env.server.ts";
import { randomToken } from "~/shared/tokens.server.ts";
import { generator } from "../prisma/demo-registration.ts";
import { deployMigrations } from "../scripts/lib/migrations.ts";
import {
  CAMPUSES,
  campusFactory,
  eventFactory,
  fundEntryFactory,
  scholarshipCycleFactory,
  ticketTypeFactory,
} from "../tests/factories/index.ts";
import {
  BENCH_ADMIN_URL,
  boundedInt,
  buildIfMissing,
  decodedBody,
  type LoopResult,
  logLoad,
  machineNow,
  printTable,
  type Response,
  round,
  runBench,
  serveAndMeasure,
  statsCells,
  statsJson,
  withBenchDatabase,
  writeResults,
} from "./lib.ts";

const APPLICATIONS = boundedInt("BENCH_APPLICATIONS", 2_000);
const REVIEWS = 3;
const REVIEWERS = 20;
const PAIRS = Math.floor(APPLICATIONS / 20);
const AWARDS = Math.floor(APPLICATIONS / 20);
const N = boundedInt("BENCH_N", 200);
const WARMUP = boundedInt("BENCH_WARMUP", 20);
const TARGETS = { medianMs: 100 };
const DATABASE = "summit_bench_committee";
const RESULTS = "bench/results/committee.json";
const SESSION_SECRET = randomToken();
const BADGE_SIGNING_KEY = randomBytes(32).toString("base64url");
const STORY_KEYS: StoryKeys = [{ id: "bench", key: randomBytes(32).toString("base64url") }];
const SCHOLARSHIP_STORY_KEYS = `bench:${STORY_KEYS[0].key}`;
const STORY =
  "I have lived with a chronic illness for eleven years and moderate an online support group of about 2,000 members. " +
  "At the summit I want to learn how to share our stories safely and bring practical skills back to the group.";

type Setup = { cycleId: string; cookie: string; topName: string };

/** The cycle: APPLICATIONS submitted applications (some paired, some awarded), each scored by REVIEWS reviewers. */
async function seed(url: string): Promise<Setup> {
  const database = await openDatabase({ kind: "postgres", url });
  const { db } = database;
  const random = generator(2_000);
  try {
    await deployMigrations(database.adapterFactory);
    const campus = await campusFactory(db, CAMPUSES.jacksonville);
    const event = await eventFactory(db, {
      traits: ["published"],
      campusId: campus.id,
      slug: "bench-summit",
      name: "Social Media Summit 2027",
      kind: "SUMMIT",
      localStart: "2027-09-27T08:00",
      localEnd: "2027-09-29T17:00",
    });
    await ticketTypeFactory(db, { eventId: event.id, name: "In-person", priceCents: 49_500, capacity: 600, position: 0 });
    const cycle = await scholarshipCycleFactory(db, { eventId: event.id, traits: ["closed"], seats: 500 });
    await fundEntryFactory(db, { kind: "DONATION", amountCents: 50_000_000, reason: "Benchmark fund" });

    const passwordHash = await hashPassword(randomToken());
    const verified = new Date();
    const organiser = await db.user.create({
      data: {
        email: "organiser@bench.example",
        name: "Olivia Organiser",
        roles: ["ATTENDEE", "ORGANIZER"],
        passwordHash,
        emailVerifiedAt: verified,
      },
    });
    await db.user.createMany({
      data: Array.from({ length: REVIEWERS }, (_, i) => ({
        id: `bench-reviewer-${i}`,
        email: `reviewer${i}@bench.example`,
        name: `Reviewer ${i + 1}`,
        roles: ["ATTENDEE", "REVIEWER"],
        passwordHash,
      })),
    });
    await db.user.createMany({
      data: Array.from({ length: APPLICATIONS }, (_, i) => ({
        id: `bench-applicant-${i}`,
        email: `applicant${String(i).padStart(4, "0")}@bench.example`,
        name: `Applicant ${String(i + 1).padStart(4, "0")}`,
        passwordHash,
        emailVerifiedAt: verified,
      })),
    });
    const ids = Array.from({ length: APPLICATIONS }, (_, i) => `bench-application-${i}`);
    // The first 2·PAIRS applications are patient–caregiver pairs; one in twenty is withdrawn or waitlisted.
    await db.scholarshipApplication.createMany({
      data: ids.map((id, i) => ({
        id,
        cycleId: cycle.id,
        applicantId: `bench-applicant-${i}`,
        role: (i < 2 * PAIRS ? i % 2 === 1 : i % 5 === 4) ? "CAREGIVER" : "PATIENT",
        pairId: i < 2 * PAIRS ? `bench-pair-${Math.floor(i / 2)}` : null,
        status: i >= 2 * PAIRS && i % 20 === 7 ? "WITHDRAWN" : i >= 2 * PAIRS && i % 20 === 13 ? "WAITLISTED" : "SUBMITTED",
        storyCipher: sealOptional(STORY_KEYS, STORY, id, "story"),
        financialNeedCipher: sealOptional(STORY_KEYS, "Travel and lodging are out of reach on one income.", id, "financialNeed"),
        requestWaiver: true,
        requestTravelCents: random.pick([0, 25_000, 40_000, 60_000]),
        requestLodgingCents: random.pick([0, 30_000, 45_000]),
        consentReviewersRead: true,
        submittedAt: new Date(Date.now() - random.between(1, 40) * 86_400_000),
      })),
    });
    const criteria = await db.scholarshipCriterion.findMany({ where: { cycleId: cycle.id }, orderBy: { position: "asc" } });
    const assignments = ids.flatMap((applicationId, i) =>
      Array.from({ length: REVIEWS }, (_, k) => ({
        id: `bench-review-${i}-${k}`,
        applicationId,
        reviewerId: `bench-reviewer-${(i + k) % REVIEWERS}`,
        comment: "Clear plans for what they would bring back.",
        submittedAt: new Date(),
      })),
    );
    await db.reviewAssignment.createMany({ data: assignments });
    const scores = assignments.flatMap((a) =>
      criteria.map((c) => ({ assignmentId: a.id, criterionId: c.id, score: random.between(1, 5) })),
    );
    for (let i = 0; i < scores.length; i += 5_000) await db.reviewScore.createMany({ data: scores.slice(i, i + 5_000) });

    // Some awards already made, with their money committed, as mid-way through a committee meeting.
    const awarded = ids.slice(2 * PAIRS, 2 * PAIRS + AWARDS);
    await db.scholarshipApplication.updateMany({
      where: { id: { in: awarded } },
      data: { status: "AWARDED", decidedAt: new Date() },
    });
    await db.award.createMany({
      data: awarded.map((applicationId, i) => ({
        id: `bench-award-${i}`,
        applicationId,
        waiverCents: 49_500,
        travelCents: 40_000,
        committedCents: 89_500,
        replyBy: cycle.replyBy,
        decidedById: organiser.id,
      })),
    });
    await db.fundEntry.createMany({
      data: awarded.map((_, i) => ({
        fundId: FUND_ID,
        kind: "AWARD_COMMITTED",
        amountCents: 89_500,
        awardId: `bench-award-${i}`,
      })),
    });

    // Fresh statistics, as autovacuum would gather after a bulk load (or the planner guesses 3 rows for 18,000).
    await db.$executeRawUnsafe("ANALYZE");

    const env = parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: url,
      SESSION_SECRET,
      BADGE_SIGNING_KEY,
      SCHOLARSHIP_STORY_KEYS,
      APP_URL: "http://127.0.0.1",
    });
    const cookie = await createLoginSession({ db, env }, organiser.id, new Request("http://127.0.0.1/login", { method: "POST" }));
    // The top of the ranking, which every measured response must name.
    const [top] = await db.$queryRaw<{ name: string }[]>`
      SELECT u.name FROM "ScholarshipApplication" a JOIN "User" u ON u.id = a."applicantId"
      JOIN "ReviewAssignment" ra ON ra."applicationId" = a.id JOIN "ReviewScore" rs ON rs."assignmentId" = ra.id
      JOIN "ScholarshipCriterion" c ON c.id = rs."criterionId"
      WHERE a."cycleId" = ${cycle.id} AND a."pairId" IS NULL
      GROUP BY a.id, u.name ORDER BY SUM(rs.score * c.weight)::float8 / SUM(c.weight) DESC LIMIT 1`;
    return { cycleId: cycle.id, cookie: cookie.split(";")[0], topName: top.name };
  } finally {
    await database.close();
  }
}

type Row = { name: string; kind: "data" | "document" | "filtered" | "baseline"; what: string; stats: LoopResult };

const machine = machineNow();

async function main() {
  await buildIfMissing();
  await withBenchDatabase(DATABASE, async (url) => {
    console.log(
      `Database ${DATABASE} on ${new URL(BENCH_ADMIN_URL).host}: ${APPLICATIONS} applications (${PAIRS} pairs, ${AWARDS} awarded), ${REVIEWS} reviews each on a ${3}-criterion rubric…`,
    );
    const setup = await seed(url);
    console.log(`${N} sequential GETs per row over one keep-alive connection after ${WARMUP} warm-up, full body read.`);
    logLoad(machine);
    const path = `/admin/scholarships/cycles/${setup.cycleId}/committee`;
    const namesTop = (res: Response) => (decodedBody(res).includes(setup.topName) ? undefined : `${setup.topName} missing`);
    const rows: Row[] = [];
    const env = {
      NODE_ENV: "production",
      DATABASE_URL: url,
      SESSION_SECRET,
      BADGE_SIGNING_KEY,
      SCHOLARSHIP_STORY_KEYS,
      APP_URL: "http://127.0.0.1",
      SMTP_URL: "",
    };
    const headers = { cookie: setup.cookie };
    const loops = [
      { kind: "data", what: `GET …/committee.data (page 1, the loaders' data)`, path: `${path}.data`, headers, check: namesTop },
      { kind: "document", what: "GET …/committee (page 1, server-rendered HTML)", path, headers, check: namesTop },
      {
        kind: "filtered",
        what: "GET …/committee.data?status=UNDECIDED&role=CAREGIVER&page=2",
        path: `${path}.data?status=UNDECIDED&role=CAREGIVER&page=2`,
        headers,
      },
    ] as const;
    const app = await serveAndMeasure("app", ["scripts/start.ts", "serve"], env, {
      probe: "/healthz",
      n: N,
      warmup: WARMUP,
      loops: () => loops.map((l) => ({ ...l })),
    });
    for (const { loop, stats } of app.results) rows.push({ name: "app", kind: loop.kind, what: loop.what, stats });
    const baseline = await serveAndMeasure(
      "baseline",
      ["bench/committee.baseline.ts"],
      { DATABASE_URL: url, CYCLE_ID: setup.cycleId },
      {
        probe: "/committee",
        n: N,
        warmup: WARMUP,
        loops: () => [{ path: "/committee", check: namesTop }],
      },
    );
    rows.push({
      name: "baseline",
      kind: "baseline",
      what: "node:http + pg: the same ranking statement, page details and fund sums → JSON",
      stats: baseline.results[0].stats,
    });
    report(rows);
  });
}

function report(rows: Row[]) {
  const base = rows.find((r) => r.kind === "baseline") as Row;
  const ratio = (row: Row) => (row.kind === "baseline" ? null : round(row.stats.median / base.stats.median));
  printTable([
    ["server", "median ms", "p95 ms", "p99 ms", "cpu ms/req", "KB", "app/bare", "what"],
    ...rows.map((r) => [r.name, ...statsCells(r.stats), ratio(r) === null ? "" : `${ratio(r)?.toFixed(2)}x`, r.what]),
  ]);
  console.log("");
  const data = rows.find((r) => r.kind === "data") as Row;
  const pass = data.stats.median <= TARGETS.medianMs;
  console.log(
    `${pass ? "PASS" : "FAIL"}  committee view (${APPLICATIONS} applications × ${REVIEWS} reviews) median ${data.stats.median.toFixed(2)} ms vs target ≤ ${TARGETS.medianMs} ms (${ratio(data)?.toFixed(2)}x the bare baseline's ${base.stats.median.toFixed(2)} ms)`,
  );
  writeResults(RESULTS, {
    bench: "committee",
    at: new Date().toISOString(),
    node: process.version,
    machine,
    data: { applications: APPLICATIONS, reviewsEach: REVIEWS, pairs: PAIRS, awards: AWARDS },
    requests: N,
    warmup: WARMUP,
    targets: TARGETS,
    rows: rows.map((r) => ({ name: r.name, kind: r.kind, what: r.what, ...statsJson(r.stats), ratioToBaseline: ratio(r) })),
    pass,
  });
}

runBench("bench:committee", main);
