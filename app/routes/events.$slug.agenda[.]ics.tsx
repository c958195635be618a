import type { LoaderFunctionArgs } from "@remix-run/node";
import { eventFeed } from "~/modules/calendar/feeds.server.ts";
import { ICS_CONTENT_TYPE } from "~/modules/calendar/ics.ts";
import { conditionalResponse } from "~/shared/conditional.server.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

/** The whole event's published agenda as a subscribable calendar. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const feed = await orPlainNotFound(eventFeed(context.db, params.slug ?? "", context.env.appUrl));
  // Public and the same for everyone: shared caches may keep it a few minutes.
  return conditionalResponse(request, feed, feed.render, {
    "Content-Type": ICS_CONTENT_TYPE,
    "Cache-Control": "public, max-age=300",
  });
}
