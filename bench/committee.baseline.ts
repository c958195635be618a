// "The limit" for the committee view: node:http + plain pg running the committee's own ranking
// statement (rankingQuery), the page's details and the fund's balance, answered as JSON. Run by
// committee.bench.ts as a child process with DATABASE_URL, PORT and CYCLE_ID set.
//   GET /committee   page 1 of the ranking, its rows' names, requests and awards, the fund
import http from "node:http";
import pg from "pg";
import { parseCommitteeFilter } from "~/modules/scholarships/award.schema.ts";
import { COMMITTEE_PAGE_SIZE, rankingQuery } from "~/modules/scholarships/committee.server.ts";
import { listenUntilStopped, requiredEnv } from "./lib.ts";

const cycleId = requiredEnv("CYCLE_ID");
const pool = new pg.Pool({ connectionString: requiredEnv("DATABASE_URL"), max: 4 });
const ranking = rankingQuery(cycleId, parseCommitteeFilter(new URLSearchParams()), COMMITTEE_PAGE_SIZE, 0);

async function committee() {
  const [ranked, fund] = await Promise.all([
    pool.query(ranking.text, ranking.values as unknown[]),
    pool.query(`SELECT kind, SUM("amountCents")::int AS sum FROM "FundEntry" WHERE "fundId" = 'scholarships' GROUP BY kind`),
  ]);
  const details = await pool.query(
    `SELECT a.id, a.role, a.status, a."pairId", a."pairSplit", a."requestWaiver", a."requestTravelCents", a."requestLodgingCents",
            u.name, u.email, w.id AS "awardId", w.status AS "awardStatus", w."committedCents", w."paidCents"
     FROM "ScholarshipApplication" a JOIN "User" u ON u.id = a."applicantId" LEFT JOIN "Award" w ON w."applicationId" = a.id
     WHERE a.id = ANY($1)`,
    [ranked.rows.map((r) => r.id)],
  );
  const byId = new Map(details.rows.map((d) => [d.id, d]));
  return {
    fund: fund.rows,
    rows: ranked.rows.map((r) => ({ ...r, ...byId.get(r.id), rank: Number(r.rank), total: Number(r.total) })),
  };
}

const server = http.createServer((req, res) => {
  if (req.method !== "GET" || req.url !== "/committee") return void res.writeHead(404).end();
  committee().then(
    (data) => {
      const body = JSON.stringify(data);
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
      res.end(body);
    },
    (error: unknown) => {
      console.error(error);
      res.writeHead(500).end();
    },
  );
});
listenUntilStopped(server, () => pool.end());
