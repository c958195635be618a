// "The limit" for bench:checkin: node:http + pg, no framework, doing what an online scan must
// do at the least. Run by checkin.bench.ts as a child process with DATABASE_URL,
// SESSION_SECRET, BADGE_SIGNING_KEY and PORT.
//   POST /api/check-in/scan  { listId, deviceId, nonce, token }, signed in by the app's own
//     session cookie: the token decoded and its Ed25519 signature checked with node:crypto; one
//     prepared query for the session, list, device, staff assignment, registration and existing
//     check-in; then a prepared INSERT … ON CONFLICT DO NOTHING of the check-in and its receipt. Answers
//     the same verdict JSON as the app, with the same Server-Timing header.
//   GET /healthz
import { randomUUID } from "node:crypto";
import http from "node:http";
import { createCookie } from "@remix-run/node";
import pg from "pg";
import { badgeKeyring, eventTag } from "~/modules/badges/badge-keys.server.ts";
import { dayNumber, decodeBadgeToken } from "~/modules/badges/badge-token.ts";
import { admittedPerson, judgeBadge, type ListEntry, notValid } from "~/modules/badges/verdict.ts";
import { hashToken } from "~/shared/tokens.server.ts";
import { listenUntilStopped, readBody, requiredEnv } from "./lib.ts";

// The app's pool size (openDatabase's default for PostgreSQL), so both wait on the same number of connections.
const pool = new pg.Pool({ connectionString: requiredEnv("DATABASE_URL"), max: Number(process.env.POOL_MAX ?? 10) });
const sessionCookie = createCookie("__summit_session", { secrets: [requiredEnv("SESSION_SECRET")] });
const ring = badgeKeyring({ badgeSigningKey: requiredEnv("BADGE_SIGNING_KEY"), badgeRetiredKeys: [] });
const UTC_NOW = `(now() AT TIME ZONE 'UTC')`;

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res
    .writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers })
    .end(JSON.stringify(body));
}

type Context = {
  userId: string;
  roles: string[];
  /** Null when the list doesn't exist (the row comes from the session). */
  eventId: string;
  archived: boolean;
  admits: string[];
  deviceEventId: string | null;
  staffAssigned: boolean;
  registrationId: string | null;
  name: string;
  email: string;
  orderReference: string;
  ticketTypeId: string;
  ticketType: string;
  status: ListEntry["status"];
  badgeVersion: number;
  needs: string[];
  checkedInAt: Date | null;
  deviceName: string | null;
  /** Set when this nonce was seen before: the scan is answered as the first time. */
  replayedAt: Date | null;
};

async function scan(req: http.IncomingMessage, res: http.ServerResponse) {
  const started = performance.now();
  const token = await sessionCookie.parse(req.headers.cookie ?? null);
  if (typeof token !== "string") return send(res, 401, { error: "Sign in again" });
  let body: { listId?: unknown; deviceId?: unknown; nonce?: unknown; token?: unknown };
  try {
    body = JSON.parse(await readBody(req, 8192));
  } catch {
    return send(res, 400, { error: "The request body is not valid JSON." });
  }
  const { listId, deviceId, nonce, token: qr } = body;
  if (typeof listId !== "string" || typeof deviceId !== "string" || typeof qr !== "string")
    return send(res, 400, { error: "Bad scan" });
  if (typeof nonce !== "string" || !/^[A-Za-z0-9_-]{8,64}$/.test(nonce)) return send(res, 400, { error: "Bad nonce" });

  // The session, the token's signature and everything the verdict needs, as the app does:
  // one prepared statement signs the scanner in and loads the list, device and registration.
  const decoded = decodeBadgeToken(qr);
  const signatureValid = decoded ? ring.verify(decoded) : false;
  const { rows } = await pool.query<Context>({
    name: "scan-context",
    text: `WITH me AS (
       SELECT s."userId" AS id, u.roles::text[] AS roles FROM "Session" s JOIN "User" u ON u.id = s."userId"
       WHERE s.id = $1 AND s."expiresAt" > ${UTC_NOW}
     )
     SELECT me.id AS "userId", me.roles, l."eventId", l.archived,
       ARRAY(SELECT lt."ticketTypeId" FROM "CheckInListTicketType" lt WHERE lt."listId" = l.id) AS admits,
       d."eventId" AS "deviceEventId",
       EXISTS (SELECT 1 FROM "EventStaff" s WHERE s."eventId" = l."eventId" AND s."userId" = me.id) AS "staffAssigned",
       r.id AS "registrationId", r."attendeeName" AS name, r."attendeeEmail" AS email, o.reference AS "orderReference",
       r."ticketTypeId", t.name AS "ticketType", r.status::text AS status, r."badgeVersion", r."accessibilityNeeds"::text[] AS needs,
       c."scannedAt" AS "checkedInAt", cd.name AS "deviceName", sr."scannedAt" AS "replayedAt"
     FROM me
     LEFT JOIN "CheckInList" l ON l.id = $2
     LEFT JOIN "ScanDevice" d ON d.id = $3
     LEFT JOIN "Registration" r ON r.id = $4 AND r."eventId" = l."eventId"
     LEFT JOIN "Order" o ON o.id = r."orderId"
     LEFT JOIN "TicketType" t ON t.id = r."ticketTypeId"
     LEFT JOIN "CheckIn" c ON c."registrationId" = r.id AND c."listId" = l.id
     LEFT JOIN "ScanDevice" cd ON cd.id = c."deviceId"
     LEFT JOIN "ScanReceipt" sr ON sr.nonce = $5`,
    values: [hashToken(token), listId, deviceId, decoded?.claims.registrationId ?? null, nonce],
  });
  const ctx = rows[0];
  if (!ctx) return send(res, 401, { error: "Sign in again" });
  if (!ctx.eventId) return send(res, 404, { error: "That check-in list doesn't exist." });
  const user = { userId: ctx.userId, roles: ctx.roles };
  const mayScan =
    user.roles.includes("ADMIN") || user.roles.includes("ORGANIZER") || (user.roles.includes("STAFF") && ctx.staffAssigned);
  if (!mayScan) return send(res, 403, { error: "You are not on the staff of this event." });
  if (ctx.deviceEventId !== ctx.eventId) return send(res, 404, { error: "Unknown device" });

  const timing = () => ({ "Server-Timing": `verdict;dur=${(performance.now() - started).toFixed(2)}` });
  const entry: ListEntry | undefined = ctx.registrationId
    ? { ...ctx, registrationId: ctx.registrationId, accessibilityNeeds: ctx.needs }
    : undefined;
  const judged = judgeBadge({
    token: decoded,
    signatureValid,
    eventTag: eventTag(ctx.eventId),
    today: dayNumber(new Date()),
    entry,
    admitsTicketType: (id) => ctx.admits.includes(id),
  });
  if (!judged.ok) return send(res, 200, notValid(judged.reason), timing());
  const person = admittedPerson(judged.entry);
  if (ctx.replayedAt) return send(res, 200, { kind: "ADMIT", person, checkedInAt: ctx.replayedAt, nonce }, timing());
  if (ctx.checkedInAt)
    return send(
      res,
      200,
      { kind: "ALREADY_CHECKED_IN", person, checkedInAt: ctx.checkedInAt, deviceName: ctx.deviceName },
      timing(),
    );

  const inserted = await pool.query<{ scannedAt: Date }>({
    name: "admit",
    text: `WITH admitted AS (
       INSERT INTO "CheckIn" (id, "listId", "registrationId", "deviceId", "staffId", nonce, "scannedAt", offline, "createdAt")
       VALUES ($1, $2, $3, $4, $5, $6, ${UTC_NOW}, false, ${UTC_NOW})
       ON CONFLICT DO NOTHING
       RETURNING nonce, "listId", "registrationId", "deviceId", "staffId", "scannedAt", offline
     ), receipt AS (
       INSERT INTO "ScanReceipt" (nonce, "listId", "registrationId", "deviceId", "staffId", "scannedAt", outcome, offline, "createdAt")
       SELECT nonce, "listId", "registrationId", "deviceId", "staffId", "scannedAt", 'ADMITTED', offline, ${UTC_NOW} FROM admitted
     )
     SELECT "scannedAt" FROM admitted`,
    values: [randomUUID(), listId, ctx.registrationId, deviceId, user.userId, nonce],
  });
  if (inserted.rows[0])
    return send(res, 200, { kind: "ADMIT", person, checkedInAt: inserted.rows[0].scannedAt, nonce }, timing());
  const { rows: winner } = await pool.query<{ scannedAt: Date; deviceName: string | null }>(
    `SELECT c."scannedAt", d.name AS "deviceName" FROM "CheckIn" c LEFT JOIN "ScanDevice" d ON d.id = c."deviceId"
     WHERE c."registrationId" = $1 AND c."listId" = $2`,
    [ctx.registrationId, listId],
  );
  send(
    res,
    200,
    { kind: "ALREADY_CHECKED_IN", person, checkedInAt: winner[0]?.scannedAt, deviceName: winner[0]?.deviceName },
    timing(),
  );
}

async function respond(req: http.IncomingMessage, res: http.ServerResponse) {
  const path = (req.url ?? "").split("?")[0];
  if (req.method === "GET" && path === "/healthz") {
    await pool.query("SELECT 1");
    return send(res, 200, { status: "ok" });
  }
  if (req.method === "POST" && path === "/api/check-in/scan") return scan(req, res);
  send(res, 404, { error: "Not found" });
}

const server = http.createServer((req, res) => {
  respond(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) send(res, 500, { error: "Internal error" });
  });
});
listenUntilStopped(server, () => pool.end());
