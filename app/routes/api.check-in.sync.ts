// POST /api/check-in/sync: a device's offline scans, settled one by one (earliest admission wins).
import type { ActionFunctionArgs } from "@remix-run/node";
import { badgeKeyring } from "~/modules/badges/badge-keys.server.ts";
import { syncScans } from "~/modules/badges/check-in.server.ts";
import { syncRequestSchema } from "~/modules/badges/check-in-api.schema.ts";
import {
  domainRefusal,
  jsonRoute,
  methodNotAllowed,
  parseOr400,
  readJsonBody,
  refusal,
  reply,
  requireApiUser,
} from "~/shared/json-api.server.ts";

// 500 scans of about 400 bytes each, with room to spare.
const MAX_BODY_BYTES = 512 * 1024;

export const loader = methodNotAllowed("POST");

export const action = jsonRoute(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return refusal(405, "Use POST.", { Allow: "POST" });
  const user = await requireApiUser(context, request.headers.get("cookie"));
  const input = parseOr400(syncRequestSchema, await readJsonBody(request, MAX_BODY_BYTES));
  try {
    return reply(await syncScans(context.db, badgeKeyring(context.env), { ...input, user }));
  } catch (error) {
    return domainRefusal(error);
  }
});
