import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { listCheckInLists } from "~/modules/badges/check-in-lists.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { CheckInHeader, CheckInProgress } from "~/ui/check-in.tsx";
import { Badge, ButtonLink, EmptyState } from "~/ui/components.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Check-in lists · ${data?.event.name ?? "Event"} · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return orNotFound(listCheckInLists(context.db, params.id ?? ""));
}

export default function CheckInLists() {
  const { event, lists } = useLoaderData<typeof loader>();
  const base = `/admin/events/${event.id}/check-in`;
  return (
    <div className="space-y-6">
      <CheckInHeader event={event} title="Door check-in" actions={<ButtonLink to={`${base}/lists/new`}>New list</ButtonLink>} />
      <p className="max-w-prose text-slate-700">
        A list is one door's guest list: the whole event, one day or one workshop, admitting the ticket types you tick. Each
        person is admitted once per list. Staff scan badges with{" "}
        <Link to="/staff" className="font-semibold text-brand-700 underline">
          the scanner
        </Link>
        .
      </p>
      {lists.length === 0 ? (
        <EmptyState title="No check-in lists yet">
          Create one for the whole event first; add lists for single days or workshops when their doors are checked separately.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full min-w-[44rem] text-left text-sm">
            <caption className="sr-only">Check-in lists with checked-in against expected</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  List
                </th>
                <th scope="col" className="px-3 py-2">
                  For
                </th>
                <th scope="col" className="px-3 py-2">
                  Admits
                </th>
                <th scope="col" className="px-3 py-2">
                  Checked in
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {lists.map((list) => (
                <tr key={list.id} className={list.archived ? "bg-slate-50 text-slate-700" : undefined}>
                  <td className="px-3 py-3 align-top">
                    <Link to={`${base}/lists/${list.id}`} className="font-semibold text-brand-700 underline">
                      {list.name}
                    </Link>
                    {list.archived ? (
                      <span className="ml-2">
                        <Badge>Archived</Badge>
                      </span>
                    ) : null}
                  </td>
                  <td className="px-3 py-3 align-top">{list.purpose}</td>
                  <td className="px-3 py-3 align-top">{list.admits.join(", ")}</td>
                  <td className="px-3 py-3 align-top">
                    <CheckInProgress checkedIn={list.checkedIn} expected={list.expected} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
