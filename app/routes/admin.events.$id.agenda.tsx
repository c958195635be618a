import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { getEventForAdmin } from "~/modules/events/events.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { EventSectionHeader } from "~/ui/event-section-header.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Agenda · ${data?.event.name ?? "Event"} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const event = await orNotFound(getEventForAdmin(context.db, params.id ?? ""));
  return { event: { id: event.id, name: event.name, slug: event.slug, timeZone: event.timeZone } };
}

/** The organisers' agenda workspace: one tab per job. */
export default function AgendaLayout() {
  const { event } = useLoaderData<typeof loader>();
  const base = `/admin/events/${event.id}/agenda`;
  const tabs = [
    { to: base, label: "Schedule", end: true },
    { to: `${base}/sessions`, label: "Sessions" },
    { to: `${base}/speakers`, label: "Speakers" },
    { to: `${base}/venue`, label: "Rooms & tracks" },
    { to: `${base}/import`, label: "Import CSV" },
    { to: `${base}/releases`, label: "Publish" },
  ];
  return (
    <div>
      <EventSectionHeader event={event} title="Agenda" section="Agenda" tabs={tabs} />
      <Outlet />
    </div>
  );
}
