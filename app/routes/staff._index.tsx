import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { dayLabel } from "~/modules/badges/check-in-lists.server.ts";
import { doorOverview } from "~/modules/badges/staff-door.server.ts";
import { formatDateRange } from "~/shared/dates.ts";
import { EmptyState, PageHeader } from "~/ui/components.tsx";

export const meta: MetaFunction = () => [{ title: "Door check-in · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "STAFF", "ORGANIZER");
  const events = await doorOverview(context.db, user);
  return {
    events: events.map((e) => ({
      id: e.id,
      name: e.name,
      when: formatDateRange(e.startsAt, e.endsAt, e.timeZone),
      lists: e.checkInLists.map((l) => ({
        id: l.id,
        name: l.name,
        purpose: l.kind === "DAY" && l.day ? dayLabel(l.day, e.timeZone) : l.kind === "SESSION" ? "Workshop" : "Whole event",
        checkedIn: l.checkedIn,
        expected: l.expected,
      })),
    })),
  };
}

export default function StaffHome() {
  const { events } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title="Door check-in" subtitle="Choose the list for your door; the scanner opens on this phone." />
      {events.length === 0 ? (
        <EmptyState title="No events to scan yet">
          An organiser adds you to an event's staff on its <em>Check-in</em> page; it appears here then.
        </EmptyState>
      ) : (
        <ul className="space-y-6">
          {events.map((event) => (
            <li key={event.id}>
              <section aria-labelledby={`event-${event.id}`} className="rounded-xl border-2 border-slate-200 bg-white p-4">
                <h2 id={`event-${event.id}`} className="text-xl font-bold">
                  {event.name}
                </h2>
                <p className="text-slate-700">{event.when}</p>
                {event.lists.length === 0 ? (
                  <p className="mt-3 text-slate-700">
                    No check-in lists yet: an organiser makes them on the event's Check-in page.
                  </p>
                ) : (
                  <ul className="mt-3 space-y-2">
                    {event.lists.map((list) => (
                      <li key={list.id}>
                        <Link
                          to={`/staff/events/${event.id}/scan?list=${list.id}`}
                          className="flex min-h-14 items-center justify-between gap-3 rounded-lg border-2 border-brand-600 px-4 py-2 hover:bg-brand-50"
                        >
                          <span>
                            <span className="block text-lg font-bold text-brand-800">Scan: {list.name}</span>
                            <span className="block text-sm text-slate-700">{list.purpose}</span>
                          </span>
                          <span className="shrink-0 text-right text-sm text-slate-800">
                            <span className="block text-lg font-bold">
                              {list.checkedIn} / {list.expected}
                            </span>
                            checked in
                          </span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
