import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { listStatements } from "~/modules/scholarships/statements.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { formatMoney } from "~/shared/money.ts";
import { pageFromUrl } from "~/shared/pagination.ts";
import { ButtonLink, EmptyState, PageHeader, Pagination } from "~/ui/components.tsx";
import { FUND_TIME_ZONE, FundNav } from "~/ui/fund.tsx";

export const meta: MetaFunction = () => [{ title: "Retailer statements · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const page = pageFromUrl(request.url);
  const { statements, total, pageCount } = await listStatements(context.db, { page });
  return {
    page,
    total,
    pageCount,
    statements: statements.map((s) => ({
      id: s.id,
      retailer: s.retailer,
      statementRef: s.statementRef,
      period: `${s.periodStart.toISOString().slice(0, 10)} to ${s.periodEnd.toISOString().slice(0, 10)}`,
      copies: s.copies,
      netCents: s.netCents,
      lines: s._count.lines,
      importedBy: s.importedBy?.name ?? "—",
      importedAt: formatDateTime(s.createdAt, FUND_TIME_ZONE),
    })),
  };
}

export default function Statements() {
  const { statements, total, page, pageCount } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  return (
    <div className="space-y-6">
      <FundNav />
      <PageHeader
        title="Retailer statements"
        subtitle="Royalties from bookshops and distributors, credited to the scholarship fund once per statement."
        actions={<ButtonLink to="/admin/statements/import">Import a statement</ButtonLink>}
      />
      {total === 0 ? (
        <EmptyState title="No statements imported yet">
          Import a retailer's royalty CSV to credit its net royalties to the fund.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full min-w-[44rem] text-left text-sm">
            <caption className="sr-only">Imported statements, page {page}</caption>
            <thead className="bg-slate-100">
              <tr>
                {["Statement", "Retailer", "Period", "Copies", "Net royalty", "Imported"].map((h) => (
                  <th key={h} scope="col" className="px-3 py-2">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {statements.map((s) => (
                <tr key={s.id}>
                  <th scope="row" className="px-3 py-2">
                    <Link to={`/admin/statements/${s.id}`} className="font-semibold text-brand-700 underline">
                      {s.statementRef}
                    </Link>
                  </th>
                  <td className="px-3 py-2">{s.retailer}</td>
                  <td className="whitespace-nowrap px-3 py-2">{s.period}</td>
                  <td className="px-3 py-2 tabular-nums">{s.copies.toLocaleString("en-US")}</td>
                  <td className="px-3 py-2 tabular-nums">{formatMoney(s.netCents)}</td>
                  <td className="px-3 py-2">
                    {s.importedAt}
                    <span className="block text-slate-600">{s.importedBy}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} search={search} />
    </div>
  );
}
