// POST /api/check-in/scan: one online scan → a Verdict (contract: /work/briefs/checkin-api.md).
// The HTTP server answers POSTs here itself with the same scanReply, beside Remix
// (server/direct-actions.ts); this module keeps the route whole for Remix, which answers the
// other methods (405).
import type { ActionFunctionArgs } from "@remix-run/node";
import { MAX_SCAN_BODY_BYTES, scanReply } from "~/modules/badges/scan-endpoint.server.ts";
import { jsonRoute, methodNotAllowed, readBodyText, refusal } from "~/shared/json-api.server.ts";

export const loader = methodNotAllowed("POST");

export const action = jsonRoute(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return refusal(405, "Use POST.", { Allow: "POST" });
  return scanReply(context, request.headers.get("cookie"), await readBodyText(request, MAX_SCAN_BODY_BYTES));
});
