import { type Cookie, createCookie, createCookieSessionStorage, redirect, type SessionStorage } from "@remix-run/node";
import { LRUCache } from "lru-cache";
import type { User } from "~/generated/prisma/client.ts";
import type { Db } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { hotQuery } from "~/shared/hot-sql.server.ts";
import type { SummitContext } from "~/shared/load-context.ts";
import { hashToken, randomToken } from "~/shared/tokens.server.ts";

const SESSION_DAYS = 30;
/** Refresh lastSeenAt at most this often, so reading pages doesn't write on every request. */
const TOUCH_AFTER_MS = 5 * 60 * 1000;

type FlashData = { flash: Flash };
const cookies = new WeakMap<
  Env,
  { session: Cookie; flash: SessionStorage<FlashData, FlashData>; verified: LRUCache<string, string> }
>();

function cookiesFor(env: Env) {
  let c = cookies.get(env);
  if (!c) {
    const secure = env.nodeEnv === "production" && env.appUrl.startsWith("https:");
    c = {
      session: createCookie("__summit_session", {
        httpOnly: true,
        sameSite: "lax",
        secure,
        path: "/",
        secrets: [env.sessionSecret],
        maxAge: SESSION_DAYS * 24 * 3600,
      }),
      flash: createCookieSessionStorage<FlashData, FlashData>({
        cookie: { name: "__summit_flash", httpOnly: true, sameSite: "lax", secure, path: "/", secrets: [env.sessionSecret] },
      }),
      // Cookie headers whose session cookie checked out, with its session id. Checking a
      // signature goes through WebCrypto, a round trip to libuv's thread pool on every request;
      // a signed value checks the same every time. Whether the session is still alive is asked
      // of the database on every request all the same.
      verified: new LRUCache({ max: 2000 }),
    };
    cookies.set(env, c);
  }
  return c;
}

/** Starts a new login session (always a fresh id, so a planted cookie is never promoted). */
export async function createLoginSession(ctx: SummitContext, userId: string, request: Request): Promise<string> {
  const token = randomToken();
  await ctx.db.session.create({
    data: {
      id: hashToken(token),
      userId,
      userAgent: (request.headers.get("user-agent") ?? "").slice(0, 300),
      ipAddress: request.headers.get("x-summit-client-ip") ?? "",
      expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000),
    },
  });
  return cookiesFor(ctx.env).session.serialize(token);
}

/** The signed-in user with their session, or null. Expired or revoked sessions count as none. */
export function getSessionUser(ctx: SummitContext, request: Request) {
  return getSessionUserByCookie(ctx, request.headers.get("cookie"));
}

/** getSessionUser from the Cookie header alone, for a handler that has no Request (server/direct-actions.ts). */
export async function getSessionUserByCookie(ctx: SummitContext, cookieHeader: string | null) {
  const sessionId = await sessionIdFromCookie(ctx.env, cookieHeader);
  if (!sessionId) return null;
  // One query (Prisma's include would make two): every signed-in request starts here, so it
  // skips the Prisma client's own per-statement work too (hot-sql.server.ts).
  const [row] = await hotQuery<SessionUser & SessionColumns>(ctx.db, SESSION_USER_SQL, [sessionId], "session-user");
  return liveSession(ctx.db, row);
}

/** The session id (the hashed token) the cookie names, or null without a validly signed cookie. */
export async function sessionIdFromCookie(env: Env, cookieHeader: string | null): Promise<string | null> {
  if (!cookieHeader) return null;
  const { session, verified } = cookiesFor(env);
  const known = verified.get(cookieHeader);
  if (known) return known;
  const value = await session.parse(cookieHeader);
  if (typeof value !== "string") return null;
  const sessionId = hashToken(value);
  verified.set(cookieHeader, sessionId);
  return sessionId;
}

/**
 * The session and its user, $1 being the session id. A hot statement that must know who is
 * asking (the door scan) selects this in its own round trip, then hands the row to liveSession.
 */
export const SESSION_USER_SQL = `SELECT s.id AS "sessionId", s."lastSeenAt" AS "sessionSeenAt", s."expiresAt" AS "sessionExpiresAt",
  u.id, u.email, u.name, u.roles::text[] AS roles, u."emailVerifiedAt"
  FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s.id = $1`;

/** What SESSION_USER_SQL selects about the session itself, beside the user's columns. */
export type SessionColumns = { sessionId: string; sessionSeenAt: Date; sessionExpiresAt: Date };

/**
 * A row with SessionColumns as the signed-in user (the row's other columns), refreshing
 * lastSeenAt now and then; null when there is no row or the session expired.
 */
export async function liveSession<U>(db: Db, row: (SessionColumns & U) | undefined) {
  if (!row || row.sessionExpiresAt < new Date()) return null;
  const { sessionId, sessionSeenAt, sessionExpiresAt: _, ...user } = row;
  if (Date.now() - sessionSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.session.updateMany({ where: { id: sessionId }, data: { lastSeenAt: new Date() } });
  }
  return { sessionId, user };
}

export type SessionUser = Pick<User, "id" | "email" | "name" | "roles" | "emailVerifiedAt">;

/** Ends this browser's session and clears its cookie. */
export async function endLoginSession(ctx: SummitContext, request: Request): Promise<string> {
  const sessionId = await sessionIdFromCookie(ctx.env, request.headers.get("cookie"));
  if (sessionId) await ctx.db.session.deleteMany({ where: { id: sessionId } });
  return cookiesFor(ctx.env).session.serialize("", { maxAge: 0 });
}

export function listSessions(db: Db, userId: string) {
  return db.session.findMany({
    where: { userId, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, userAgent: true, ipAddress: true, createdAt: true, lastSeenAt: true },
  });
}

/** Revokes one of the user's own sessions; another user's id matches nothing. */
export async function revokeSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const { count } = await db.session.deleteMany({ where: { id: sessionId, userId } });
  return count === 1;
}

export function revokeOtherSessions(db: Db, userId: string, keepSessionId: string) {
  return db.session.deleteMany({ where: { userId, id: { not: keepSessionId } } });
}

// Flash messages: one-shot notices shown after a redirect ("Event saved.").
export type Flash = { kind: "success" | "error" | "info"; message: string };

export async function redirectWithFlash(env: Env, request: Request, to: string, flash: Flash, headers?: HeadersInit) {
  const storage = cookiesFor(env).flash;
  const session = await storage.getSession(request.headers.get("cookie"));
  session.flash("flash", flash);
  const h = new Headers(headers);
  h.append("Set-Cookie", await storage.commitSession(session));
  return redirect(to, { headers: h });
}

/** Reads (and so consumes) the pending flash; the Set-Cookie clears it. */
export async function readFlash(env: Env, request: Request): Promise<{ flash: Flash | null; setCookie: string | null }> {
  const storage = cookiesFor(env).flash;
  const session = await storage.getSession(request.headers.get("cookie"));
  const flash = session.get("flash") ?? null;
  return { flash, setCookie: flash ? await storage.commitSession(session) : null };
}
