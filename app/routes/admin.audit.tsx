import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { listAudit } from "~/modules/audit/audit.server.ts";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { pageFromUrl } from "~/shared/pagination.ts";
import { EmptyState, PageHeader, Pagination } from "~/ui/components.tsx";

export const meta: MetaFunction = () => [{ title: "Audit log · Admin · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ADMIN");
  const page = pageFromUrl(request.url);
  return { page, ...(await listAudit(context.db, { page })) };
}

export default function AuditLog() {
  const { entries, page, pageCount } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <div>
      <PageHeader title="Audit log" subtitle="Who changed what, newest first." />
      {entries.length === 0 ? (
        <EmptyState title="Nothing recorded yet" />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit entries</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-4 py-3">
                  When (UTC)
                </th>
                <th scope="col" className="px-4 py-3">
                  Who
                </th>
                <th scope="col" className="px-4 py-3">
                  Action
                </th>
                <th scope="col" className="px-4 py-3">
                  Subject
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="px-4 py-3 whitespace-nowrap">
                    {new Date(e.createdAt).toISOString().replace("T", " ").slice(0, 19)}
                  </td>
                  <td className="px-4 py-3">{e.actor ? `${e.actor.name} (${e.actor.email})` : "System"}</td>
                  <td className="px-4 py-3 font-mono">{e.action}</td>
                  <td className="px-4 py-3">
                    {e.subjectType} <span className="font-mono text-slate-600">{e.subjectId}</span>
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
