import type { LoaderFunctionArgs } from "@remix-run/node";
import { sessionFeed } from "~/modules/calendar/feeds.server.ts";
import { ICS_CONTENT_TYPE } from "~/modules/calendar/ics.ts";
import { conditionalResponse } from "~/shared/conditional.server.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

/** One published session as a calendar file ("Add to calendar"). */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const feed = await orPlainNotFound(sessionFeed(context.db, params.slug ?? "", params.sessionId ?? "", context.env.appUrl));
  return orPlainNotFound(
    conditionalResponse(request, feed, feed.render, {
      "Content-Type": ICS_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${feed.filename}"`,
      "Cache-Control": "public, max-age=300",
    }),
  );
}
