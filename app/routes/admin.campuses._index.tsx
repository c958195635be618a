import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { listCampuses } from "~/modules/events/campuses.server.ts";
import { ButtonLink, EmptyState, PageHeader } from "~/ui/components.tsx";

export const meta: MetaFunction = () => [{ title: "Campuses · Admin · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return { campuses: await listCampuses(context.db) };
}

export default function Campuses() {
  const { campuses } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title="Campuses" actions={<ButtonLink to="/admin/campuses/new">New campus</ButtonLink>} />
      {campuses.length === 0 ? (
        <EmptyState title="No campuses yet">Add the campuses where events take place; each has its own time zone.</EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {campuses.map((c) => (
            <li key={c.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <h2 className="text-lg font-bold">
                <Link to={`/admin/campuses/${c.id}`} className="text-brand-800 hover:underline">
                  {c.name}
                </Link>
              </h2>
              <p className="text-slate-700">{c.address}</p>
              <p className="text-sm text-slate-600">
                {c.timeZone} · {c._count.events} event{c._count.events === 1 ? "" : "s"}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
