import { redirect } from "@remix-run/node";
import type { Role } from "~/generated/prisma/enums.ts";
import { forbidden } from "~/shared/http.server.ts";
import type { SummitContext } from "~/shared/load-context.ts";
import { getSessionUser, type SessionUser } from "./session.server.ts";

export async function getOptionalUser(ctx: SummitContext, request: Request): Promise<SessionUser | null> {
  return (await getSessionUser(ctx, request))?.user ?? null;
}

/** The signed-in user; anyone else is sent to log in and brought back here afterwards. */
export async function requireUser(ctx: SummitContext, request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(ctx, request);
  if (!user) {
    const url = new URL(request.url);
    // A form post can't be replayed after login; come back to the page that showed it.
    const back = request.method === "GET" ? `${url.pathname}${url.search}` : url.pathname;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

/** Like requireUser, and the session id too (account page marks "this device"). */
export async function requireUserSession(ctx: SummitContext, request: Request) {
  const found = await getSessionUser(ctx, request);
  if (!found) await requireUser(ctx, request);
  return found as NonNullable<typeof found>;
}

export function hasRole(user: Pick<SessionUser, "roles">, ...roles: Role[]): boolean {
  // ADMIN can do everything any other role can.
  return user.roles.includes("ADMIN") || roles.some((r) => user.roles.includes(r));
}

/** The signed-in user holding one of `roles` (or ADMIN); others get 403. */
export async function requireRole(ctx: SummitContext, request: Request, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(ctx, request);
  if (!hasRole(user, ...roles)) forbidden("This page is for organisers and staff with the right role.");
  return user;
}
