// "The limit" for bench:rush: node:http + pg, no framework, doing what a hold must do at the
// least. Run by rush.bench.ts as a child process with DATABASE_URL, SESSION_SECRET and PORT.
//   POST /events/:slug/register   the registration form (urlencoded, one attendee), signed-in
//     by the app's own session cookie: session lookup, event lookup, then one statement — each
//     prepared on its connection, as the app's are —
//     the guarded seat UPDATEs (ticket type, event-wide), INSERT order, INSERT registration.
//     302 to /orders/:id on a hold; 409 when sold out; 400/401/404 on bad input.
//   GET /healthz
// WEB_CONCURRENCY > 1 runs that many processes (node:cluster), like the app.
import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { createCookie } from "@remix-run/node";
import pg from "pg";
import { newOrderReference } from "~/modules/registration/reference.ts";
import { hashToken } from "~/shared/tokens.server.ts";
import { listenUntilStopped, readBody, requiredEnv } from "./lib.ts";

// The app's pool size (openDatabase's default for PostgreSQL), so both wait on the same number of connections.
const pool = new pg.Pool({ connectionString: requiredEnv("DATABASE_URL"), max: Number(process.env.POOL_MAX ?? 10) });
const sessionCookie = createCookie("__summit_session", { secrets: [requiredEnv("SESSION_SECRET")] });
const UTC_NOW = `(now() AT TIME ZONE 'UTC')`;

const send = (res: http.ServerResponse, status: number, text: string, headers: Record<string, string> = {}) =>
  void res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...headers }).end(text);

async function register(req: http.IncomingMessage, res: http.ServerResponse, slug: string) {
  const token = await sessionCookie.parse(req.headers.cookie ?? null);
  if (typeof token !== "string") return send(res, 401, "Log in first.");
  const form = new URLSearchParams(await readBody(req, 64_000));
  const attendee = {
    ticketTypeId: form.get("attendees[0].ticketTypeId")?.trim() ?? "",
    name: form.get("attendees[0].name")?.trim() ?? "",
    email: form.get("attendees[0].email")?.trim().toLowerCase() ?? "",
    organisation: form.get("attendees[0].organisation")?.trim() ?? "",
    photoConsent: form.get("attendees[0].photoConsent"),
  };
  if (!attendee.ticketTypeId || !attendee.name || !attendee.email.includes("@") || !attendee.photoConsent)
    return send(res, 400, "Fill in every field.");

  const [{ rows: sessions }, { rows: events }] = await Promise.all([
    pool.query<{ userId: string; name: string; email: string }>({
      name: "session-user",
      text: `SELECT s."userId", u.name, u.email FROM "Session" s JOIN "User" u ON u.id = s."userId"
       WHERE s.id = $1 AND s."expiresAt" > ${UTC_NOW}`,
      values: [hashToken(token)],
    }),
    pool.query<{ id: string }>({ name: "event", text: `SELECT id FROM "Event" WHERE slug = $1 AND published`, values: [slug] }),
  ]);
  const user = sessions[0];
  if (!user) return send(res, 401, "Log in first.");
  const event = events[0];
  if (!event) return send(res, 404, "No such event.");

  // One statement, as the app does it: summit_take_seats moves the guarded counters (ticket
  // type, event-wide) all or nothing, and the order and its registration are written only
  // when it took the seats.
  const orderId = randomUUID();
  const { rows } = await pool.query<{ refused: string | null }>({
    name: "hold",
    text: `WITH taken AS (
       SELECT summit_take_seats($1, ARRAY[$2::text], ARRAY[1], NULL) AS refused
     ), price AS (
       SELECT "priceCents" FROM "TicketType", taken WHERE id = $2 AND refused IS NULL
     ), placed AS (
       INSERT INTO "Order" (id, reference, "eventId", "buyerId", "buyerName", "buyerEmail", "subtotalCents", "totalCents",
         "holdExpiresAt", "createdAt", "updatedAt")
       SELECT $3, $4, $1, $5, $6, $7, "priceCents", "priceCents",
         ${UTC_NOW} + interval '30 minutes', ${UTC_NOW}, ${UTC_NOW}
       FROM price
       RETURNING id
     ), seated AS (
       INSERT INTO "Registration" (id, "orderId", "eventId", "ticketTypeId", "userId", "attendeeName", "attendeeEmail",
         organisation, "priceCents", "photoConsent", "createdAt", "updatedAt")
       SELECT $8, placed.id, $1, $2, $9, $10, $11, $12, "priceCents", $13, ${UTC_NOW}, ${UTC_NOW}
       FROM placed, price
     )
     SELECT refused FROM taken`,
    values: [
      event.id,
      attendee.ticketTypeId,
      orderId,
      newOrderReference(),
      user.userId,
      user.name,
      user.email,
      randomUUID(),
      attendee.email === user.email.toLowerCase() ? user.userId : null,
      attendee.name,
      attendee.email,
      attendee.organisation,
      attendee.photoConsent === "yes",
    ],
  });
  if (rows[0].refused !== null) return send(res, 409, "Sold out: there isn't a seat left. You can join the waiting list.");
  send(res, 302, "", { Location: `/orders/${orderId}` });
}

async function respond(req: http.IncomingMessage, res: http.ServerResponse) {
  const path = (req.url ?? "").split("?")[0];
  if (req.method === "GET" && path === "/healthz") {
    await pool.query("SELECT 1");
    return send(res, 200, "ok");
  }
  const match = /^\/events\/([^/]+)\/register$/.exec(path);
  if (req.method === "POST" && match) return register(req, res, decodeURIComponent(match[1]));
  send(res, 404, "Not found");
}

// WEB_CONCURRENCY > 1: that many processes on the one port, as the app's `npm run serve` runs.
const processes = Number(process.env.WEB_CONCURRENCY ?? 1);
if (processes > 1 && cluster.isPrimary) {
  for (let i = 0; i < processes; i++) cluster.fork();
  // The bench signals the whole process group: each worker stops itself, then this one goes.
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => {});
  cluster.on("exit", () => {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
} else {
  const server = http.createServer((req, res) => {
    respond(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) send(res, 500, "Internal error");
    });
  });
  listenUntilStopped(server, () => pool.end());
}
