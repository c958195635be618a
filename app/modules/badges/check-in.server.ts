// Door check-in: online scans, offline scans synced later, undo and search. The verdict rules
// are verdict.ts's (shared with the offline scanner); this module loads what they need and
// records admissions. One registration is admitted once per list: the unique pair
// (registrationId, listId) in CheckIn decides between devices and app instances, so the
// scan never locks or re-checks anything itself.
//
// The online scan is the hot path (a verdict in well under a second at a busy door, 300 scans/s
// in bench/checkin.bench.ts): one prepared query loads the scanner's session, the list, device,
// staff assignment, registration, existing check-in and any receipt of the nonce; one INSERT … ON CONFLICT DO NOTHING records
// the admission with its receipt. A scan that loses a race costs one more read.
import { randomUUID } from "node:crypto";
import type { Role } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { liveSession, SESSION_USER_SQL, type SessionColumns } from "~/modules/auth/session.server.ts";
import { type Db, type DbTx, UTC_NOW } from "~/shared/db.server.ts";
import { DomainError, ForbiddenError, NotFoundError, RuleViolation, SignedOutError } from "~/shared/errors.ts";
import { hotQuery } from "~/shared/hot-sql.server.ts";
import { type BadgeKeyring, eventTag, readBadgeToken } from "./badge-keys.server.ts";
import { dayNumber } from "./badge-token.ts";
import { mayScanEvent, scansEveryEvent } from "./event-staff.server.ts";
import { ENTRY_COLUMNS, ENTRY_COLUMNS_SQL, type EntryRow, toListEntry } from "./list-entries.server.ts";
import {
  type AdmittedPerson,
  admittedPerson,
  judgeBadge,
  judgeEntry,
  type ListEntry,
  notValid,
  type Verdict,
} from "./verdict.ts";

/** A scan the door can't take as asked: an archived list, a reused nonce, another device's admission. */
export class ScanConflict extends DomainError {}

export type Scanner = { id: string; roles: Role[] };

/** Scans dated further ahead than this are a wrong device clock, not a scan. */
const MAX_CLOCK_AHEAD_MS = 24 * 3600 * 1000;
/** "Now" as our UTC timestamp columns hold it (db.server.ts UTC_NOW, as text for hotQuery). */
const NOW = `(now() AT TIME ZONE 'UTC')`;
/** lastSeenAt is refreshed at most this often, so a busy door doesn't rewrite its device row per scan. */
const SEEN_EVERY_MS = 60_000;

type ScanContext = {
  eventId: string;
  archived: boolean;
  admits: string[];
  salesOpenedAt: Date | null;
  deviceEventId: string | null;
  deviceLastSeenAt: Date | null;
  staffAssigned: boolean;
  checkInNonce: string | null;
  checkedInAt: Date | null;
  checkedInDevice: string | null;
  receiptListId: string | null;
  receiptRegistrationId: string | null;
  receiptOutcome: "ADMITTED" | "DUPLICATE" | "UNDONE" | null;
  receiptScannedAt: Date | null;
} & { [K in keyof EntryRow]: EntryRow[K] | null };

/** Who scans: a user known already (sync, tests), or the session a scan's cookie names. */
type Who = { userId: string } | { sessionId: string };

/** The scan context with `me` (the scanner, $1) joined first, so a missing list still gives a row. */
const scanContextSql = (me: string) => `WITH me AS (${me})
    SELECT me.*, l."eventId", l.archived,
      ARRAY(SELECT lt."ticketTypeId" FROM "CheckInListTicketType" lt WHERE lt."listId" = l.id) AS admits,
      (SELECT MIN(COALESCE(tt."salesStartAt", tt."createdAt")) FROM "TicketType" tt WHERE tt."eventId" = l."eventId") AS "salesOpenedAt",
      d."eventId" AS "deviceEventId", d."lastSeenAt" AS "deviceLastSeenAt",
      EXISTS (SELECT 1 FROM "EventStaff" s WHERE s."eventId" = l."eventId" AND s."userId" = me.id) AS "staffAssigned",
      ${ENTRY_COLUMNS_SQL},
      c.nonce AS "checkInNonce", c."scannedAt" AS "checkedInAt", cd.name AS "checkedInDevice",
      sr."listId" AS "receiptListId", sr."registrationId" AS "receiptRegistrationId",
      sr.outcome::text AS "receiptOutcome", sr."scannedAt" AS "receiptScannedAt"
    FROM me
    LEFT JOIN "CheckInList" l ON l.id = $5
    LEFT JOIN "ScanDevice" d ON d.id = $2
    LEFT JOIN "Registration" r ON r.id = $3 AND r."eventId" = l."eventId"
    LEFT JOIN "Order" o ON o.id = r."orderId"
    LEFT JOIN "TicketType" t ON t.id = r."ticketTypeId"
    LEFT JOIN "CheckIn" c ON c."registrationId" = r.id AND c."listId" = l.id
    LEFT JOIN "ScanDevice" cd ON cd.id = c."deviceId"
    LEFT JOIN "ScanReceipt" sr ON sr.nonce = $4`;
const SCAN_CONTEXT_BY_USER = scanContextSql(`SELECT $1::text AS id`);
// The busiest door signs the scanner in within the scan's first statement: one round trip fewer.
const SCAN_CONTEXT_BY_SESSION = scanContextSql(
  `SELECT id, roles, "sessionId", "sessionSeenAt", "sessionExpiresAt" FROM (${SESSION_USER_SQL}) su`,
);
type ScannerSession = Scanner & SessionColumns;

/**
 * Everything a scan is judged on, in one round trip: `ctx` is undefined when the list doesn't
 * exist; `session` is the scanner's session row when asked by session (undefined: none).
 */
async function loadScanContext(
  db: DbTx,
  who: Who,
  q: { listId: string; deviceId: string; registrationId: string | null; nonce: string },
): Promise<{ ctx?: ScanContext; session?: ScannerSession }> {
  const bySession = "sessionId" in who;
  const [row] = await hotQuery<ScanContext & ScannerSession>(
    db,
    bySession ? SCAN_CONTEXT_BY_SESSION : SCAN_CONTEXT_BY_USER,
    [bySession ? who.sessionId : who.userId, q.deviceId, q.registrationId, q.nonce, q.listId],
    bySession ? "scan-context-by-session" : "scan-context",
  );
  return { ctx: row?.eventId ? row : undefined, session: bySession ? row : undefined };
}

/** The scanner a session row names; SignedOutError when the session is gone or expired. */
async function signedInScanner(db: Db, session: ScannerSession | undefined): Promise<Scanner> {
  const live = await liveSession(db, session);
  if (!live) throw new SignedOutError();
  return live.user;
}

function entryOf(ctx: ScanContext): ListEntry | undefined {
  return ctx.registrationId ? toListEntry(ctx as EntryRow) : undefined;
}

/**
 * 404 for an unknown list or device, 403 for someone not on the event's staff, 409 for an
 * archived list when scanning online. Offline scans of a list archived since were real
 * admissions at the door, so sync still records them.
 */
function checkAccess(ctx: ScanContext | undefined, user: Scanner, online: boolean): asserts ctx is ScanContext {
  if (!ctx) throw new NotFoundError("That check-in list doesn't exist.");
  if (!scansEveryEvent(user) && !(user.roles.includes("STAFF") && ctx.staffAssigned))
    throw new ForbiddenError("You are not on the staff of this event.");
  if (ctx.deviceEventId !== ctx.eventId)
    throw new NotFoundError("This device isn't registered for the list's event. Name the device again.");
  if (online && ctx.archived) throw new ScanConflict("This check-in list is archived. Choose another list.");
}

function checkScannedAt(scannedAt: Date, ctx: ScanContext, now: Date) {
  if (scannedAt.getTime() > now.getTime() + MAX_CLOCK_AHEAD_MS)
    throw new RuleViolation("The scan is dated more than 24 hours ahead. Check the device's clock.", "scannedAt");
  if (ctx.salesOpenedAt && scannedAt < ctx.salesOpenedAt)
    throw new RuleViolation("The scan is dated before this event's sales opened. Check the device's clock.", "scannedAt");
}

const already = (person: AdmittedPerson, at: Date, deviceName: string | null): Verdict => ({
  kind: "ALREADY_CHECKED_IN",
  person,
  checkedInAt: at.toISOString(),
  deviceName,
});

/** The first answer again when the nonce was seen before; a nonce of another scan is refused. */
function replayedVerdict(ctx: ScanContext, listId: string, registrationId: string | null, nonce: string): Verdict | undefined {
  if (!ctx.receiptOutcome || !ctx.receiptScannedAt) return undefined;
  const entry = entryOf(ctx);
  if (ctx.receiptListId !== listId || ctx.receiptRegistrationId !== registrationId || !entry)
    throw new ScanConflict("This nonce was already used for another scan. Make a new one for every scan.");
  const person = admittedPerson(entry);
  if (ctx.receiptOutcome === "DUPLICATE")
    return already(person, ctx.checkedInAt ?? ctx.receiptScannedAt, ctx.checkedInAt ? ctx.checkedInDevice : null);
  return { kind: "ADMIT", person, checkedInAt: ctx.receiptScannedAt.toISOString(), nonce };
}

const eventTags = new Map<string, string>();
function eventTagOf(eventId: string): string {
  let tag = eventTags.get(eventId);
  if (!tag) {
    tag = eventTag(eventId);
    if (eventTags.size > 1000) eventTags.clear();
    eventTags.set(eventId, tag);
  }
  return tag;
}

type ReadToken = ReturnType<typeof readBadgeToken>;

/** A badge's token decoded and its signature checked (once per scan), or undefined for a manual check-in. */
function readScan(ring: BadgeKeyring, scan: { token?: string; registrationId?: string }) {
  const read = scan.token !== undefined ? readBadgeToken(ring, scan.token) : undefined;
  const registrationId = read ? (read.token?.claims.registrationId ?? null) : (scan.registrationId ?? null);
  return { read, registrationId };
}

/** The verdict rules on the loaded context: a badge (its read token) or a manual check-in (none). */
function judge(ctx: ScanContext, read: ReadToken | undefined, now: Date) {
  const entry = entryOf(ctx);
  const admitsTicketType = (id: string) => ctx.admits.includes(id);
  if (!read) return judgeEntry(entry, admitsTicketType);
  return judgeBadge({ ...read, eventTag: eventTagOf(ctx.eventId), today: dayNumber(now), entry, admitsTicketType });
}

async function touchDevice(db: DbTx, deviceId: string, lastSeenAt: Date | null, now: Date) {
  if (lastSeenAt && now.getTime() - lastSeenAt.getTime() < SEEN_EVERY_MS) return;
  await hotQuery(db, `UPDATE "ScanDevice" SET "lastSeenAt" = ${NOW} WHERE id = $1`, [deviceId]);
}

/** A unique index refused a raw write: a concurrent scan got there first. */
function isUniqueConflict(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { kind?: string } } } } | null;
  return (
    e?.code === "P2002" ||
    e?.meta?.code === "23505" ||
    e?.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation" ||
    /23505|unique constraint/i.test(String((error as Error)?.message))
  );
}

type Admission = {
  listId: string;
  registrationId: string;
  deviceId: string;
  staffId: string;
  nonce: string;
  scannedAt: Date;
  offline: boolean;
};

/** Inserts the check-in and its receipt in one statement; the scan time when admitted, undefined when another scan holds the pair. */
async function insertAdmission(db: DbTx, a: Admission): Promise<Date | undefined> {
  const [row] = await hotQuery<{ scannedAt: Date }>(
    db,
    `WITH admitted AS (
      INSERT INTO "CheckIn" (id, "listId", "registrationId", "deviceId", "staffId", nonce, "scannedAt", offline, "createdAt")
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, ${NOW})
      ON CONFLICT DO NOTHING
      RETURNING nonce, "listId", "registrationId", "deviceId", "staffId", "scannedAt", offline
    ), receipt AS (
      INSERT INTO "ScanReceipt" (nonce, "listId", "registrationId", "deviceId", "staffId", "scannedAt", outcome, offline, "createdAt")
      SELECT nonce, "listId", "registrationId", "deviceId", "staffId", "scannedAt", 'ADMITTED'::"ScanOutcome", offline, ${NOW}
      FROM admitted
      RETURNING nonce
    ), seen AS (
      UPDATE "ScanDevice" SET "lastSeenAt" = ${NOW}
      WHERE id = $4 AND ("lastSeenAt" IS NULL OR "lastSeenAt" < ${NOW} - interval '1 minute')
      RETURNING id
    )
    SELECT "scannedAt" FROM admitted`,
    [randomUUID(), a.listId, a.registrationId, a.deviceId, a.staffId, a.nonce, a.scannedAt, a.offline],
    "scan-admit",
  );
  return row?.scannedAt;
}

async function currentCheckIn(db: DbTx, registrationId: string, listId: string, lock = false) {
  const [row] = await hotQuery<{ id: string; nonce: string; scannedAt: Date; deviceName: string | null }>(
    db,
    `SELECT c.id, c.nonce, c."scannedAt", d.name AS "deviceName"
    FROM "CheckIn" c LEFT JOIN "ScanDevice" d ON d.id = c."deviceId"
    WHERE c."registrationId" = $1 AND c."listId" = $2${lock ? " FOR UPDATE OF c" : ""}`,
    [registrationId, listId],
  );
  return row;
}

/** The scanner (`user`), or the session the scan's cookie names, checked in the scan's own first query. */
export type ScanInput = ({ user: Scanner } | { sessionId: string }) & {
  listId: string;
  deviceId: string;
  nonce: string;
  /** When the device scanned; now when absent. */
  scannedAt?: Date;
  /** The badge's QR text; or, for a manual check-in from search, the registration instead. */
  token?: string;
  registrationId?: string;
};

/**
 * An online scan: a badge's QR text (`token`) or a manual check-in from search
 * (`registrationId`). NOT_VALID records nothing; the same nonce again answers as the first time.
 */
export async function scanBadge(db: Db, ring: BadgeKeyring, input: ScanInput, now = new Date()): Promise<Verdict> {
  const { read, registrationId } = readScan(ring, input);
  // Known after the first load when the scan names a session; a lost race reloads by user.
  let user = "user" in input ? input.user : undefined;
  for (let attempt = 0; ; attempt++) {
    const who: Who = user ? { userId: user.id } : { sessionId: (input as { sessionId: string }).sessionId };
    const loaded = await loadScanContext(db, who, { ...input, registrationId });
    user ??= await signedInScanner(db, loaded.session);
    const { ctx } = loaded;
    checkAccess(ctx, user, true);
    const scannedAt = input.scannedAt ?? now;
    if (input.scannedAt) checkScannedAt(input.scannedAt, ctx, now);
    const replay = replayedVerdict(ctx, input.listId, registrationId, input.nonce);
    if (replay) return replay;

    const judged = judge(ctx, read, now);
    if (!judged.ok) {
      await touchDevice(db, input.deviceId, ctx.deviceLastSeenAt, now);
      return notValid(judged.reason);
    }
    const person = admittedPerson(judged.entry);
    if (ctx.checkedInAt) {
      await touchDevice(db, input.deviceId, ctx.deviceLastSeenAt, now);
      return already(person, ctx.checkedInAt, ctx.checkedInDevice);
    }

    try {
      const admittedAt = await insertAdmission(db, {
        listId: input.listId,
        registrationId: judged.entry.registrationId,
        deviceId: input.deviceId,
        staffId: user.id,
        nonce: input.nonce,
        scannedAt,
        offline: false,
      });
      if (admittedAt) return { kind: "ADMIT", person, checkedInAt: admittedAt.toISOString(), nonce: input.nonce };
    } catch (error) {
      // The same nonce in flight twice: the retry reads the other's receipt.
      if (!isUniqueConflict(error) || attempt > 0) throw error;
      continue;
    }
    // Another scan admitted this person between our read and our insert.
    const winner = await currentCheckIn(db, judged.entry.registrationId, input.listId);
    if (winner?.nonce === input.nonce)
      return { kind: "ADMIT", person, checkedInAt: winner.scannedAt.toISOString(), nonce: input.nonce };
    if (winner) return already(person, winner.scannedAt, winner.deviceName);
    // …and was undone again before we looked: judge afresh.
    if (attempt > 0) throw new ScanConflict("This person's check-in changed while scanning. Scan again.");
  }
}

// ---------------------------------------------------------------------------- Offline sync

export type SyncScan = { listId: string; nonce: string; scannedAt: Date; token?: string; registrationId?: string };

export type SyncResult =
  | { nonce: string; outcome: "ADMITTED"; verdict: Verdict }
  | { nonce: string; outcome: "DUPLICATE"; verdict: Verdict; duplicateOf: { deviceName: string | null; scannedAt: string } }
  | { nonce: string; outcome: "NOT_VALID"; verdict: Verdict }
  /** Not judged at all (an unknown list or another event's, a clock far off, a reused nonce); nothing recorded. */
  | { nonce: string; outcome: "REJECTED"; error: string };

/** Whether scan a beat scan b to the door: the earlier time, then (a tie) the smaller nonce, so every order agrees. */
function earlier(a: { scannedAt: Date; nonce: string }, b: { scannedAt: Date; nonce: string }): boolean {
  const d = a.scannedAt.getTime() - b.scannedAt.getTime();
  return d < 0 || (d === 0 && a.nonce < b.nonce);
}

function fromVerdict(nonce: string, verdict: Verdict): SyncResult {
  if (verdict.kind === "ADMIT") return { nonce, outcome: "ADMITTED", verdict };
  if (verdict.kind === "NOT_VALID") return { nonce, outcome: "NOT_VALID", verdict };
  return {
    nonce,
    outcome: "DUPLICATE",
    verdict,
    duplicateOf: { deviceName: verdict.deviceName, scannedAt: verdict.checkedInAt },
  };
}

async function insertReceipt(tx: DbTx, a: Admission, outcome: "ADMITTED" | "DUPLICATE") {
  await tx.$executeRaw`
    INSERT INTO "ScanReceipt" (nonce, "listId", "registrationId", "deviceId", "staffId", "scannedAt", outcome, offline, "createdAt")
    VALUES (${a.nonce}, ${a.listId}, ${a.registrationId}, ${a.deviceId}, ${a.staffId}, ${a.scannedAt},
      ${outcome}::"ScanOutcome", ${a.offline}, ${UTC_NOW})`;
}

/**
 * One offline admission: recorded if nobody holds the pair; if someone does, the earlier scan
 * keeps (or takes over) the CheckIn and the later one's receipt is a DUPLICATE.
 */
async function settleOfflineAdmission(db: Db, a: Admission, person: AdmittedPerson): Promise<SyncResult | undefined> {
  return db.$transaction(async (tx) => {
    if (await insertAdmission(tx, a)) return { nonce: a.nonce, outcome: "ADMITTED", verdict: admitVerdict(person, a) };
    const current = await currentCheckIn(tx, a.registrationId, a.listId, true);
    if (!current) return undefined; // undone meanwhile: try again
    if (earlier(a, current)) {
      await tx.$executeRaw`
        UPDATE "CheckIn" SET nonce = ${a.nonce}, "deviceId" = ${a.deviceId}, "staffId" = ${a.staffId},
          "scannedAt" = ${a.scannedAt}, offline = ${a.offline}
        WHERE id = ${current.id}`;
      await tx.$executeRaw`UPDATE "ScanReceipt" SET outcome = 'DUPLICATE' WHERE nonce = ${current.nonce}`;
      await insertReceipt(tx, a, "ADMITTED");
      return { nonce: a.nonce, outcome: "ADMITTED", verdict: admitVerdict(person, a) };
    }
    await insertReceipt(tx, a, "DUPLICATE");
    return {
      nonce: a.nonce,
      outcome: "DUPLICATE",
      verdict: already(person, current.scannedAt, current.deviceName),
      duplicateOf: { deviceName: current.deviceName, scannedAt: current.scannedAt.toISOString() },
    };
  });
}

const admitVerdict = (person: AdmittedPerson, a: Admission): Verdict => ({
  kind: "ADMIT",
  person,
  checkedInAt: a.scannedAt.toISOString(),
  nonce: a.nonce,
});

async function syncOne(
  db: Db,
  ring: BadgeKeyring,
  user: Scanner,
  deviceId: string,
  scan: SyncScan,
  now: Date,
): Promise<SyncResult> {
  const { read, registrationId } = readScan(ring, scan);
  for (let attempt = 0; attempt < 3; attempt++) {
    const { ctx } = await loadScanContext(db, { userId: user.id }, { ...scan, deviceId, registrationId });
    try {
      checkAccess(ctx, user, false);
      checkScannedAt(scan.scannedAt, ctx, now);
      const replay = replayedVerdict(ctx, scan.listId, registrationId, scan.nonce);
      if (replay) return fromVerdict(scan.nonce, replay);
    } catch (error) {
      if (!ctx) return { nonce: scan.nonce, outcome: "REJECTED", error: "That check-in list doesn't exist." };
      if (error instanceof NotFoundError || error instanceof ForbiddenError)
        return { nonce: scan.nonce, outcome: "REJECTED", error: "This list belongs to another event than the device." };
      if (error instanceof DomainError) return { nonce: scan.nonce, outcome: "REJECTED", error: error.message };
      throw error;
    }
    const judged = judge(ctx, read, now);
    if (!judged.ok) return { nonce: scan.nonce, outcome: "NOT_VALID", verdict: notValid(judged.reason) };
    const admission: Admission = {
      listId: scan.listId,
      registrationId: judged.entry.registrationId,
      deviceId,
      staffId: user.id,
      nonce: scan.nonce,
      scannedAt: scan.scannedAt,
      offline: true,
    };
    try {
      const settled = await settleOfflineAdmission(db, admission, admittedPerson(judged.entry));
      if (settled) return settled;
    } catch (error) {
      // The same nonce synced twice at once: the next attempt answers from the other's receipt.
      if (!isUniqueConflict(error)) throw error;
    }
  }
  return { nonce: scan.nonce, outcome: "REJECTED", error: "This person's check-in kept changing while syncing. Sync again." };
}

/** Offline scans a device queued, in the order given; each is settled on its own, so one bad scan spoils none of the others. */
export async function syncScans(
  db: Db,
  ring: BadgeKeyring,
  { user, deviceId, scans }: { user: Scanner; deviceId: string; scans: SyncScan[] },
  now = new Date(),
): Promise<{ results: SyncResult[] }> {
  const device = await db.scanDevice.findUnique({ where: { id: deviceId }, select: { eventId: true, lastSeenAt: true } });
  if (!device) throw new NotFoundError("This device isn't registered. Name the device again.");
  if (!(await mayScanEvent(db, user, device.eventId))) throw new ForbiddenError("You are not on the staff of this event.");
  const results: SyncResult[] = [];
  for (const scan of scans) results.push(await syncOne(db, ring, user, deviceId, scan, now));
  await touchDevice(db, deviceId, device.lastSeenAt, now);
  return { results };
}

// ---------------------------------------------------------------------------- Undo

/** Takes back a device's admission (a wrong person let through): the check-in goes, the receipt says UNDONE. */
export async function undoCheckIn(db: Db, { user, deviceId, nonce }: { user: Scanner; deviceId: string; nonce: string }) {
  const receipt = await db.scanReceipt.findUnique({
    where: { nonce },
    select: { listId: true, registrationId: true, deviceId: true, outcome: true, list: { select: { eventId: true } } },
  });
  if (!receipt) throw new NotFoundError("There is no check-in with that nonce.");
  if (!(await mayScanEvent(db, user, receipt.list.eventId))) throw new ForbiddenError("You are not on the staff of this event.");
  if (receipt.deviceId !== deviceId) throw new ScanConflict("That check-in was made on another device; undo it there.");
  if (receipt.outcome === "DUPLICATE")
    throw new ScanConflict("That scan didn't admit anyone: another device had already checked this person in.");
  const registration = await db.registration.findUnique({
    where: { id: receipt.registrationId },
    select: { ticketType: { select: { name: true } }, order: { select: { reference: true } }, ...PERSON_SELECT },
  });
  if (!registration) throw new NotFoundError("That registration no longer exists.");
  const person = admittedPerson(
    toListEntry({
      ...registration,
      registrationId: registration.id,
      name: registration.attendeeName,
      email: registration.attendeeEmail,
      orderReference: registration.order.reference,
      ticketType: registration.ticketType.name,
      needs: registration.accessibilityNeeds,
    }),
  );
  if (receipt.outcome === "UNDONE") return { undone: true as const, person };
  await db.$transaction(async (tx) => {
    const removed = await tx.checkIn.deleteMany({ where: { nonce } });
    const marked = await tx.scanReceipt.updateMany({ where: { nonce, outcome: "ADMITTED" }, data: { outcome: "UNDONE" } });
    // Between our read and now, an earlier offline scan took the admission over (or another undo won).
    if (removed.count === 0 || marked.count === 0)
      throw new ScanConflict("That check-in changed meanwhile (another device's earlier scan now counts). Nothing was undone.");
    await recordAudit(tx, {
      actorId: user.id,
      action: "check-in.undo",
      subjectType: "Registration",
      subjectId: receipt.registrationId,
      detail: { listId: receipt.listId, deviceId, nonce },
    });
  });
  return { undone: true as const, person };
}

const PERSON_SELECT = {
  id: true,
  attendeeName: true,
  attendeeEmail: true,
  ticketTypeId: true,
  status: true,
  badgeVersion: true,
  accessibilityNeeds: true,
} as const;

// ---------------------------------------------------------------------------- Search

export const SEARCH_LIMIT = 20;

export type SearchResult = ListEntry & { checkedInAt: string | null; deviceName: string | null };

/** People without their badge: the event's registrations by name, email or order reference, with their check-in on the list. */
export async function searchCheckInList(
  db: Db,
  { user, listId, q }: { user: Scanner; listId: string; q: string },
): Promise<{ results: SearchResult[] }> {
  const list = await db.checkInList.findUnique({ where: { id: listId }, select: { eventId: true } });
  if (!list) throw new NotFoundError("That check-in list doesn't exist.");
  if (!(await mayScanEvent(db, user, list.eventId))) throw new ForbiddenError("You are not on the staff of this event.");
  const pattern = `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db.$queryRaw<(EntryRow & { checkedInAt: Date | null; deviceName: string | null })[]>`
    SELECT ${ENTRY_COLUMNS}, c."scannedAt" AS "checkedInAt", d.name AS "deviceName"
    FROM "Registration" r
    JOIN "Order" o ON o.id = r."orderId"
    JOIN "TicketType" t ON t.id = r."ticketTypeId"
    LEFT JOIN "CheckIn" c ON c."registrationId" = r.id AND c."listId" = ${listId}
    LEFT JOIN "ScanDevice" d ON d.id = c."deviceId"
    WHERE r."eventId" = ${list.eventId}
      AND (r."attendeeName" ILIKE ${pattern} OR r."attendeeEmail" ILIKE ${pattern} OR o.reference ILIKE ${pattern})
    ORDER BY (r.status = 'CONFIRMED') DESC, r."attendeeName", r.id
    LIMIT ${SEARCH_LIMIT}`;
  return {
    results: rows.map((row) => ({
      ...toListEntry(row),
      checkedInAt: row.checkedInAt?.toISOString() ?? null,
      deviceName: row.checkedInAt ? row.deviceName : null,
    })),
  };
}
