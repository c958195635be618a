// The door scan as the JSON API answers it: the Cookie header and the body's text in, a status
// and JSON out — no Request or Response. Shared by the Remix route (app/routes/api.check-in.scan.ts)
// and the express server, which answers this hot path itself, beside Remix's request handling
// (server/direct-actions.ts, docs/decisions/015-door-scan-beside-remix.md).
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
    const user = await requireApiUser(ctx, cookieHeader);
    const input = parseOr400(scanRequestSchema, parseJsonBody(body, MAX_SCAN_BODY_BYTES));
    const verdict = await scanBadge(ctx.db, badgeKeyring(ctx.env), { ...input, user });
    return reply(verdict, { "Server-Timing": `verdict;dur=${(performance.now() - started).toFixed(2)}` });
  } catch (error) {
    if (error instanceof Refused) return error.reply;
    return domainRefusal(error, [ScanConflict]);
  }
}
