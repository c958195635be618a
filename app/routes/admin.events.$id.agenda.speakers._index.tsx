import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useParams } from "@remix-run/react";
import { listSpeakers } from "~/modules/agenda/speakers.server.ts";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { ButtonLink, EmptyState } from "~/ui/components.tsx";

export const meta: MetaFunction = () => [{ title: "Speakers · Agenda · Summit" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return { speakers: await orNotFound(listSpeakers(context.db, params.id ?? "")) };
}

function initials(name: string) {
  return name
    .split(/\s+/)
    .filter((w) => /^\p{L}/u.test(w))
    .slice(0, 2)
    .map((w) => w[0])
    .join("")
    .toUpperCase();
}

export default function Speakers() {
  const { speakers } = useLoaderData<typeof loader>();
  const base = `/admin/events/${useParams().id}/agenda`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-xl font-bold">Speakers</h2>
          <p className="text-sm text-slate-600">
            {speakers.length} speaker{speakers.length === 1 ? "" : "s"}
          </p>
        </div>
        <ButtonLink to={`${base}/speakers/new`}>New speaker</ButtonLink>
      </div>
      {speakers.length === 0 ? (
        <EmptyState title="No speakers yet">
          Add speakers one by one, or{" "}
          <Link to={`${base}/import`} className="font-semibold text-brand-700 underline">
            import a CSV file
          </Link>
          .
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Speakers by name</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Speaker
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Organisation
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Sessions
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {speakers.map((s) => (
                <tr key={s.id}>
                  <td className="px-3 py-2">
                    <div className="flex items-center gap-3">
                      {s.photoUrl ? (
                        <img
                          src={s.photoUrl}
                          alt=""
                          width={40}
                          height={40}
                          className="h-10 w-10 shrink-0 rounded-full object-cover"
                        />
                      ) : (
                        <span
                          aria-hidden="true"
                          className="flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-slate-200 text-xs font-bold text-slate-700"
                        >
                          {initials(s.name)}
                        </span>
                      )}
                      <div>
                        <Link to={`${base}/speakers/${s.id}`} className="font-semibold text-brand-800 underline">
                          {s.name}
                        </Link>
                        <span className="block text-slate-600">
                          {s.title}
                          <span className="sm:hidden">{s.organisation ? ` · ${s.organisation}` : ""}</span>
                        </span>
                      </div>
                    </div>
                  </td>
                  <td className="hidden px-3 py-2 sm:table-cell">{s.organisation}</td>
                  <td className="px-3 py-2 text-right">{s.sessions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
