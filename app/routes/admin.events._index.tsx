import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { EVENT_KIND_LABELS } from "~/modules/events/event.schema.ts";
import { listEventsForAdmin } from "~/modules/events/events.server.ts";
import { formatDateRange } from "~/shared/dates.ts";
import { pageFromUrl } from "~/shared/pagination.ts";
import { Badge, ButtonLink, EmptyState, PageHeader, Pagination } from "~/ui/components.tsx";

export const meta: MetaFunction = () => [{ title: "Events · Admin · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const page = pageFromUrl(request.url);
  return { page, ...(await listEventsForAdmin(context.db, { page })) };
}

export default function AdminEvents() {
  const { events, page, pageCount, total } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <div>
      <PageHeader
        title="Events"
        subtitle={`${total} event${total === 1 ? "" : "s"}`}
        actions={<ButtonLink to="/admin/events/new">New event</ButtonLink>}
      />
      {events.length === 0 ? (
        <EmptyState title="No events yet">Create the first event; it stays a draft until you publish it.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Events, newest first</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-3">
                  Event
                </th>
                <th scope="col" className="px-4 py-3">
                  Dates (event time)
                </th>
                <th scope="col" className="px-4 py-3">
                  Campus
                </th>
                <th scope="col" className="px-4 py-3">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {events.map((e) => (
                <tr key={e.id}>
                  <td className="px-4 py-3">
                    <Link to={`/admin/events/${e.id}`} className="font-semibold text-brand-800 underline">
                      {e.name}
                    </Link>
                    <span className="block text-slate-600">{EVENT_KIND_LABELS[e.kind]}</span>
                  </td>
                  <td className="px-4 py-3">{formatDateRange(new Date(e.startsAt), new Date(e.endsAt), e.timeZone)}</td>
                  <td className="px-4 py-3">{e.campus.name}</td>
                  <td className="px-4 py-3">
                    {e.published ? <Badge tone="green">Published</Badge> : <Badge tone="amber">Draft</Badge>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} search={location.search} />
    </div>
  );
}
