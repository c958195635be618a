import type { LoaderFunctionArgs } from "@remix-run/node";
import { ICS_CONTENT_TYPE } from "~/modules/calendar/ics.ts";
import { eventCalendarFile } from "~/modules/registration/event-calendar.server.ts";
import { conditionalResponse } from "~/shared/conditional.server.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

/** The event's dates as one calendar entry ("Add to calendar" on the confirmation). */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const file = await orPlainNotFound(eventCalendarFile(context.db, params.slug ?? "", context.env.appUrl));
  return conditionalResponse(request, file, file.render, {
    "Content-Type": ICS_CONTENT_TYPE,
    "Content-Disposition": `attachment; filename="${file.filename}"`,
    "Cache-Control": "public, max-age=300",
  });
}
