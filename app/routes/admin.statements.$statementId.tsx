import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { getStatement, STATEMENT_LINES_SHOWN } from "~/modules/scholarships/statements.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { PageHeader, TableFrame } from "~/ui/components.tsx";
import { FUND_TIME_ZONE, FundNav, MoneyStat, StatementLinesTable } from "~/ui/fund.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Statement ${data.statement.statementRef} · Summit` : "Statement · Summit" },
];

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const s = await orNotFound(getStatement(context.db, params.statementId ?? ""));
  return {
    statement: {
      retailer: s.retailer,
      statementRef: s.statementRef,
      period: `${day(s.periodStart)} to ${day(s.periodEnd)}`,
      copies: s.copies,
      netCents: s.netCents,
      importedBy: s.importedBy?.name ?? "—",
      importedAt: formatDateTime(s.createdAt, FUND_TIME_ZONE),
      lineCount: s._count.lines,
      shown: STATEMENT_LINES_SHOWN,
      credited: s.fundEntries.reduce((sum, e) => sum + e.amountCents, 0),
    },
    lines: s.lines.map((l) => ({ ...l, soldOn: day(l.soldOn) })),
  };
}

export default function StatementPage() {
  const { statement, lines } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <FundNav />
      <p className="text-sm">
        <Link to="/admin/statements" className="text-brand-700 underline">
          ← Retailer statements
        </Link>
      </p>
      <PageHeader
        title={`Statement ${statement.statementRef}`}
        subtitle={`${statement.retailer} · ${statement.period} · imported ${statement.importedAt} by ${statement.importedBy}`}
      />
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <MoneyStat label="Copies" value={statement.copies.toLocaleString("en-US")} />
        <MoneyStat label="Net royalty" value={formatMoney(statement.netCents)} />
        <MoneyStat label="Credited to the fund" value={formatMoney(statement.credited)} tone="text-green-800" />
      </dl>
      <TableFrame truncated={{ shown: statement.shown, total: statement.lineCount, noun: "lines" }}>
        <StatementLinesTable
          caption="Lines of the statement"
          cell="px-3 py-2"
          lines={lines.map((l) => ({ ...l, key: l.id, line: l.rowNumber, saleDate: l.soldOn }))}
        />
      </TableFrame>
    </div>
  );
}
