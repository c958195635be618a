// The door scan as the JSON API answers it: the Cookie header and the body's text in, a status
// and JSON out — no Request or Response. Shared by the Remix route (app/routes/api.check-in.scan.ts)
// and the HTTP server, which answers this hot path itself, beside Remix's request handling
// (server/direct-actions.ts, docs/decisions/015-door-scan-beside-remix.md).

import { sessionIdFromCookie } from "~/modules/auth/session.server.ts";
import { SignedOutError } from "~/shared/errors.ts";
import {
  type ApiReply,
  domainRefusal,
  parseJsonBody,
  parseOr400,
  Refused,
  reply,
  requireApiUser,
} from "~/shared/json-api.server.ts";
import type { SummitContext } from "~/shared/load-context.ts";
import { badgeKeyring } from "./badge-keys.server.ts";
import { ScanConflict, scanBadge } from "./check-in.server.ts";
import { scanRequestSchema } from "./check-in-api.schema.ts";

export const MAX_SCAN_BODY_BYTES = 8 * 1024;

/** Server-Timing says how long the server took, from the start of handling to the verdict. */
export async function scanReply(ctx: SummitContext, cookieHeader: string | null, body: string): Promise<ApiReply> {
  const started = performance.now();
  try {
    // The session itself is looked up in the scan's first statement (check-in.server.ts).
    const sessionId = await sessionIdFromCookie(ctx.env, cookieHeader);
    if (!sessionId) throw new SignedOutError();
    const input = await parseScan(ctx, cookieHeader, body);
    const verdict = await scanBadge(ctx.db, badgeKeyring(ctx.env), { ...input, sessionId });
    return reply(verdict, { "Server-Timing": `verdict;dur=${(performance.now() - started).toFixed(2)}` });
  } catch (error) {
    if (error instanceof Refused) return error.reply;
    return domainRefusal(error, [ScanConflict]);
  }
}

/** The scan asked for; a signed-out caller hears 401 before anything about its body. */
async function parseScan(ctx: SummitContext, cookieHeader: string | null, body: string) {
  try {
    return parseOr400(scanRequestSchema, parseJsonBody(body, MAX_SCAN_BODY_BYTES));
  } catch (error) {
    await requireApiUser(ctx, cookieHeader);
    throw error;
  }
}
