// The event as one calendar entry (`/events/<slug>/calendar.ics`), linked from the confirmation.
import type { CalendarFeed } from "~/modules/calendar/feeds.server.ts";
import { eventToIcs, ICS_FORMAT_VERSION } from "~/modules/calendar/ics.ts";
import type { Db } from "~/shared/db.server.ts";
import { NotFoundError } from "~/shared/errors.ts";

export async function eventCalendarFile(db: Db, slug: string, appUrl: string): Promise<CalendarFeed> {
  const event = await db.event.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      name: true,
      description: true,
      startsAt: true,
      endsAt: true,
      timeZone: true,
      updatedAt: true,
      published: true,
      campus: { select: { name: true, address: true } },
    },
  });
  if (!event?.published) throw new NotFoundError("We couldn't find that event.");
  return {
    // The campus's address lives on another row; its edits are rare enough to wait for the event's next change.
    etag: `W/"event-file-${event.id}-${event.updatedAt.getTime()}-v${ICS_FORMAT_VERSION}"`,
    lastModified: event.updatedAt,
    filename: `${event.slug}.ics`,
    render: async () => eventToIcs(event, { appUrl }),
  };
}
