// POST /api/check-in/undo: take back this device's admission (audited).
import type { ActionFunctionArgs } from "@remix-run/node";
import { ScanConflict, undoCheckIn } from "~/modules/badges/check-in.server.ts";
import { undoRequestSchema } from "~/modules/badges/check-in-api.schema.ts";
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

const MAX_BODY_BYTES = 4 * 1024;

export const loader = methodNotAllowed("POST");

export const action = jsonRoute(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== "POST") return refusal(405, "Use POST.", { Allow: "POST" });
  const user = await requireApiUser(context, request.headers.get("cookie"));
  const input = parseOr400(undoRequestSchema, await readJsonBody(request, MAX_BODY_BYTES));
  try {
    return reply(await undoCheckIn(context.db, { ...input, user }));
  } catch (error) {
    return domainRefusal(error, [ScanConflict]);
  }
});
