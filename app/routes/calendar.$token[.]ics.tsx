import type { LoaderFunctionArgs } from "@remix-run/node";
import { personalFeed } from "~/modules/calendar/feeds.server.ts";
import { ICS_CONTENT_TYPE } from "~/modules/calendar/ics.ts";
import { conditionalResponse } from "~/shared/conditional.server.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

/** A person's starred sessions, at a secret URL their calendar app polls. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const feed = await orPlainNotFound(personalFeed(context.db, params.token ?? "", context.env.appUrl));
  // The URL is a secret: no shared cache may keep a copy, and every poll revalidates.
  return conditionalResponse(request, feed, feed.render, {
    "Content-Type": ICS_CONTENT_TYPE,
    "Cache-Control": "private, max-age=0, must-revalidate",
  });
}
