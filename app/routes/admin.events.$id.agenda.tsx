import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { getEventForAdmin } from "~/modules/events/events.server.ts";
import { orNotFound } from "~/shared/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Agenda · ${data?.event.name ?? "Event"} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const event = await orNotFound(getEventForAdmin(context.db, params.id ?? ""));
  return { event: { id: event.id, name: event.name, slug: event.slug, timeZone: event.timeZone } };
}

function tabClass({ isActive }: { isActive: boolean }) {
  return `whitespace-nowrap rounded-md px-3 py-2 text-sm font-semibold ${isActive ? "bg-brand-100 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`;
}

/** The organisers' agenda workspace: one tab per job. */
export default function AgendaLayout() {
  const { event } = useLoaderData<typeof loader>();
  const base = `/admin/events/${event.id}/agenda`;
  return (
    <div>
      <p className="text-sm">
        <Link to={`/admin/events/${event.id}`} className="text-brand-700 underline">
          ← {event.name}
        </Link>
      </p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight sm:text-3xl">Agenda</h1>
      <p className="text-sm text-slate-600">Times are in {event.timeZone}.</p>
      <nav aria-label="Agenda" className="-mx-4 my-4 flex gap-1 overflow-x-auto border-b border-slate-200 px-4 pb-2">
        <NavLink to={base} end className={tabClass}>
          Schedule
        </NavLink>
        <NavLink to={`${base}/sessions`} className={tabClass}>
          Sessions
        </NavLink>
        <NavLink to={`${base}/speakers`} className={tabClass}>
          Speakers
        </NavLink>
        <NavLink to={`${base}/venue`} className={tabClass}>
          Rooms &amp; tracks
        </NavLink>
        <NavLink to={`${base}/import`} className={tabClass}>
          Import CSV
        </NavLink>
        <NavLink to={`${base}/releases`} className={tabClass}>
          Publish
        </NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
