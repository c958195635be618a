// POST /api/check-in/devices: get or create the event's device of this name.
import type { ActionFunctionArgs } from "@remix-run/node";
import { deviceRequestSchema } from "~/modules/badges/check-in-api.schema.ts";
import { registerScanDevice } from "~/modules/badges/scan-devices.server.ts";
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
  const input = parseOr400(deviceRequestSchema, await readJsonBody(request, MAX_BODY_BYTES));
  try {
    return reply(await registerScanDevice(context.db, user, input));
  } catch (error) {
    return domainRefusal(error);
  }
});
