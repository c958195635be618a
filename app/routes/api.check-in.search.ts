// GET /api/check-in/search?listId=…&q=…: people without their badge, by name, email or order reference.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchCheckInList } from "~/modules/badges/check-in.server.ts";
import { searchQuerySchema } from "~/modules/badges/check-in-api.schema.ts";
import { domainRefusal, jsonRoute, methodNotAllowed, parseOr400, reply, requireApiUser } from "~/shared/json-api.server.ts";

export const action = methodNotAllowed("GET");

export const loader = jsonRoute(async ({ request, context }: LoaderFunctionArgs) => {
  const user = await requireApiUser(context, request.headers.get("cookie"));
  const query = parseOr400(searchQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  try {
    return reply(await searchCheckInList(context.db, { ...query, user }));
  } catch (error) {
    return domainRefusal(error);
  }
});
