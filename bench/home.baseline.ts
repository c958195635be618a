// "The limit" for the home page: node:http + the same query, no framework.
// Run by home.bench.ts as a child process: `tsx bench/home.baseline.ts sql|prisma`
// with PGLITE_DIR and PORT set. Serves a minimal HTML list of upcoming events
// grouped by campus on 127.0.0.1.
import http from "node:http";
import { upcomingEventsByCampus } from "~/modules/events/events.server.ts";
import { openDatabase } from "~/shared/db.server.ts";
import { escapeHtml, listenUntilStopped } from "./lib.ts";

// What upcomingEventsByCampus asks Prisma for, as one JOIN (Prisma sends two
// queries: events, then their campuses). Times are stored as UTC in
// "timestamp without time zone"; AT TIME ZONE 'UTC' makes PGlite return
// timestamptz, which it parses as UTC rather than process-local time.
const UPCOMING_EVENTS_SQL = `
  SELECT e.id, e.slug, e.name, e.kind::text AS kind, e."startsAt" AT TIME ZONE 'UTC' AS "startsAt",
         e."endsAt" AT TIME ZONE 'UTC' AS "endsAt", e."timeZone", e.description,
         c.id AS "campusId", c.name AS "campusName", c.city AS "campusCity", c.address AS "campusAddress"
  FROM "Event" e JOIN "Campus" c ON c.id = e."campusId"
  WHERE e.published = true AND e."endsAt" >= $1
  ORDER BY e."startsAt" ASC, e.name ASC`;

type Row = {
  id: string;
  slug: string;
  name: string;
  kind: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  description: string;
  campusId: string;
  campusName: string;
  campusCity: string;
  campusAddress: string;
};

type Campus = { id: string; name: string; city: string };
type Group = { campus: Campus; events: { slug: string; name: string; startsAt: Date; timeZone: string }[] };

const mode = process.argv[2];
if (mode !== "sql" && mode !== "prisma") {
  console.error("usage: home.baseline.ts sql|prisma   (env PGLITE_DIR, PORT)");
  process.exit(2);
}
const dataDir = process.env.PGLITE_DIR;
if (!dataDir) throw new Error("PGLITE_DIR is not set");

const database = await openDatabase({ kind: "pglite", dataDir });
const { pglite } = database;
if (!pglite) throw new Error("expected an embedded database");
const db = pglite;

async function groupsFromSql(now: Date): Promise<Group[]> {
  const { rows } = await db.query<Row>(UPCOMING_EVENTS_SQL, [now]);
  const groups = new Map<string, Group>();
  for (const row of rows) {
    let group = groups.get(row.campusId);
    if (!group) {
      group = { campus: { id: row.campusId, name: row.campusName, city: row.campusCity }, events: [] };
      groups.set(row.campusId, group);
    }
    group.events.push(row);
  }
  return [...groups.values()];
}

const loadGroups = mode === "sql" ? groupsFromSql : (now: Date) => upcomingEventsByCampus(database.db, now);

function render(groups: Group[]): string {
  const sections = groups.map(
    ({ campus, events }) =>
      `<section><h3>${escapeHtml(campus.name)} · ${escapeHtml(campus.city)}</h3><ul>${events
        .map(
          (e) =>
            `<li><a href="/events/${escapeHtml(e.slug)}">${escapeHtml(e.name)}</a> <time datetime="${e.startsAt.toISOString()}">${e.startsAt.toISOString()}</time> ${escapeHtml(e.timeZone)}</li>`,
        )
        .join("")}</ul></section>`,
  );
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Upcoming events</title></head><body><h2>Upcoming events</h2>${sections.join("")}</body></html>`;
}

const server = http.createServer((req, res) => {
  if (req.method !== "GET" || req.url !== "/") {
    res.writeHead(404).end();
    return;
  }
  loadGroups(new Date()).then(
    (groups) => {
      const html = render(groups);
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html) });
      res.end(html);
    },
    (error: unknown) => {
      console.error(error);
      res.writeHead(500).end();
    },
  );
});
listenUntilStopped(server, () => database.close());
