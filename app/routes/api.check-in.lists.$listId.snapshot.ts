// GET /api/check-in/lists/:listId/snapshot: the scanner's offline copy of a list (and revocation list).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { badgeKeyring } from "~/modules/badges/badge-keys.server.ts";
import { checkInSnapshot } from "~/modules/badges/check-in-snapshot.server.ts";
import { domainRefusal, jsonRoute, methodNotAllowed, reply, requireApiUser } from "~/shared/json-api.server.ts";

export const action = methodNotAllowed("GET");

export const loader = jsonRoute(async ({ params, request, context }: LoaderFunctionArgs) => {
  const user = await requireApiUser(context, request.headers.get("cookie"));
  try {
    return reply(await checkInSnapshot(context.db, badgeKeyring(context.env), { user, listId: params.listId ?? "" }));
  } catch (error) {
    return domainRefusal(error);
  }
});
