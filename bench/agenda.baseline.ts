// "The limit" for the agenda page and the calendar feed: node:http + the same reads and
// serialisation, no framework. Run by agenda.bench.ts as a child process with PGLITE_DIR,
// PORT, SLUG and APP_URL set. Serves on 127.0.0.1:
//   GET /agenda      the latest release's snapshot → a minimal HTML listing of the first day
//   GET /agenda.ics  the latest release row → agendaToIcs; 304 on a matching If-None-Match,
//                    decided from the same stamp query the app uses (eventFeed)
//   GET /cached.ics  eventFeed + render: the app's own query and per-release cache, without
//                    the framework (what Express and Remix add on top)
import http from "node:http";
import { DateTime } from "luxon";
import { getPublishedAgenda } from "~/modules/agenda/releases.server.ts";
import type { AgendaSnapshot } from "~/modules/agenda/snapshot.ts";
import { eventFeed } from "~/modules/calendar/feeds.server.ts";
import { agendaToIcs, ICS_CONTENT_TYPE } from "~/modules/calendar/ics.ts";
import { isNotModified } from "~/shared/conditional.server.ts";
import { formatTime } from "~/shared/dates.ts";
import { openDatabase } from "~/shared/db.server.ts";
import { escapeHtml, listenUntilStopped, requiredEnv } from "./lib.ts";

const slug = requiredEnv("SLUG");
const appUrl = requiredEnv("APP_URL");
const database = await openDatabase({ kind: "pglite", dataDir: requiredEnv("PGLITE_DIR") });
const { db } = database;

/** What the agenda page reads: the published event, then its latest release. */
async function snapshotRead() {
  const event = await db.event.findUnique({ where: { slug }, select: { id: true, published: true } });
  if (!event?.published) return null;
  return getPublishedAgenda(db, event.id);
}

function renderPage(snapshot: AgendaSnapshot): string {
  const zone = snapshot.event.timeZone;
  const day = (iso: string) => DateTime.fromISO(iso, { zone }).toISODate();
  const firstDay = day(snapshot.event.startsAt);
  const rooms = new Map(snapshot.rooms.map((r) => [r.id, r.name]));
  const speakers = new Map(snapshot.speakers.map((s) => [s.id, s.name]));
  const items = snapshot.sessions
    .filter((s) => day(s.startsAt) === firstDay)
    .map(
      (s) =>
        `<li><time datetime="${s.startsAt}">${formatTime(new Date(s.startsAt), zone)}</time> <a href="/events/${escapeHtml(slug)}/sessions/${s.id}">${escapeHtml(s.title)}</a> ${escapeHtml(rooms.get(s.roomId ?? "") ?? "")} ${s.speakerIds.map((id) => escapeHtml(speakers.get(id) ?? "")).join(", ")}</li>`,
    );
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Agenda</title></head><body><h1>${escapeHtml(snapshot.event.name)}</h1><ul>${items.join("")}</ul></body></html>`;
}

async function respond(req: http.IncomingMessage, res: http.ServerResponse) {
  if (req.method === "GET" && req.url === "/agenda") {
    const published = await snapshotRead();
    if (!published) return void res.writeHead(404).end();
    const html = renderPage(published.snapshot);
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html) });
    return void res.end(html);
  }
  if (req.method === "GET" && req.url === "/agenda.ics") {
    if (req.headers["if-none-match"]) {
      const feed = await eventFeed(db, slug, appUrl);
      const request = new Request("http://127.0.0.1/agenda.ics", { headers: { "If-None-Match": req.headers["if-none-match"] } });
      if (isNotModified(request, feed)) return void res.writeHead(304, { ETag: feed.etag }).end();
    }
    const release = await db.agendaRelease.findFirst({
      where: { event: { slug, published: true } },
      orderBy: { number: "desc" },
    });
    if (!release) return void res.writeHead(404).end();
    const text = agendaToIcs(
      { snapshot: release.snapshot as unknown as AgendaSnapshot, publishedAt: release.publishedAt },
      { appUrl },
    );
    res.writeHead(200, { "Content-Type": ICS_CONTENT_TYPE, "Content-Length": Buffer.byteLength(text) });
    return void res.end(text);
  }
  if (req.method === "GET" && req.url === "/cached.ics") {
    const feed = await eventFeed(db, slug, appUrl);
    const text = await feed.render();
    res.writeHead(200, { "Content-Type": ICS_CONTENT_TYPE, "Content-Length": Buffer.byteLength(text), ETag: feed.etag });
    return void res.end(text);
  }
  res.writeHead(404).end();
}

const server = http.createServer((req, res) => {
  respond(req, res).catch((error: unknown) => {
    console.error(error);
    res.writeHead(500).end();
  });
});
listenUntilStopped(server, () => database.close());
