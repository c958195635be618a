import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { cycleReport } from "~/modules/scholarships/scholarship-reports.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { BarChart, Figure, Legend, longDayLabel, StackedBar, shortDayLabel } from "~/ui/charts.tsx";
import { Card } from "~/ui/components.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Reports · ${data?.cycle.name ?? "Scholarships"} · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return orNotFound(cycleReport(context.db, params.cycleId ?? ""));
}

const APPLICATION_SEGMENTS = {
  DRAFT: "fill-slate-300",
  SUBMITTED: "fill-brand-600",
  WAITLISTED: "fill-amber-500",
  AWARDED: "fill-green-600",
  DECLINED: "fill-slate-600",
  WITHDRAWN: "fill-red-300",
} as const;

const AWARD_SEGMENTS = {
  OFFERED: "fill-amber-500",
  ACCEPTED: "fill-green-600",
  DECLINED: "fill-slate-600",
  LAPSED: "fill-red-300",
} as const;

export default function ScholarshipReports() {
  const { cycle, applications, awards, money, submittedPerDay } = useLoaderData<typeof loader>();
  const base = `/admin/scholarships/cycles/${cycle.id}`;
  const statusSegments = applications.byStatus.map((s) => ({
    label: s.label,
    value: s.count,
    className: APPLICATION_SEGMENTS[s.status],
  }));
  const awardSegments = awards.byStatus.map((s) => ({ label: s.label, value: s.count, className: AWARD_SEGMENTS[s.status] }));
  const moneyTotal = Math.max(0, money.committedCents);
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <p className="text-sm">
          <Link to={`${base}/committee`} className="text-brand-700 underline">
            ← Committee · {cycle.name}
          </Link>
        </p>
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Scholarship reports</h1>
            <p className="text-slate-700">
              {cycle.name} · {cycle.event.name}
            </p>
          </div>
          <a
            href={`${base}/reports.csv`}
            download
            className="inline-flex min-h-11 items-center justify-center rounded-md border border-slate-400 bg-white px-4 py-2 text-sm font-semibold text-slate-900 hover:bg-slate-100"
          >
            Export CSV (no stories)
          </a>
        </div>
      </div>

      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Figure label="Applications submitted" value={String(applications.submitted)} hint={`${applications.total} started`} />
        <Figure
          label="Awards made"
          value={String(awards.total)}
          hint={`${awards.byStatus.find((a) => a.status === "ACCEPTED")?.count ?? 0} accepted`}
        />
        <Figure
          label="Committed to awards"
          value={formatMoney(money.committedCents)}
          hint={`${formatMoney(money.releasedCents)} released back`}
        />
        <Figure
          label="Paid out"
          value={formatMoney(money.paidCents)}
          hint={`${formatMoney(money.outstandingCents)} still held`}
        />
      </dl>

      <Card className="space-y-4">
        <h2 className="text-lg font-bold">Applications by status</h2>
        <Legend items={statusSegments.map((s) => ({ label: s.label, className: s.className }))} />
        <StackedBar label="Every application" segments={statusSegments} total={applications.total} />
      </Card>

      <Card className="space-y-4">
        <h2 className="text-lg font-bold">Patients and caregivers</h2>
        <Legend
          items={[
            { label: "Awarded", className: "fill-green-600" },
            { label: "Not awarded", className: "fill-slate-200" },
          ]}
        />
        {applications.byRole.map((r) => (
          <StackedBar
            key={r.role}
            label={`${r.label}s: ${r.applied} applied, ${r.accepted} accepted`}
            total={r.applied}
            segments={[
              { label: "Awarded", value: r.awarded, className: "fill-green-600" },
              { label: "Not awarded", value: Math.max(0, r.applied - r.awarded), className: "fill-slate-200" },
            ]}
          />
        ))}
      </Card>

      <Card className="space-y-4">
        <h2 className="text-lg font-bold">Awards by reply</h2>
        <Legend items={awardSegments.map((s) => ({ label: s.label, className: s.className }))} />
        <StackedBar label="Every award" segments={awardSegments} total={awards.total} />
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Awards by reply, with the amounts committed</caption>
          <thead className="text-slate-700">
            <tr>
              <th scope="col" className="py-1">
                Reply
              </th>
              <th scope="col" className="py-1 text-right">
                Awards
              </th>
              <th scope="col" className="py-1 text-right">
                Amount awarded
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {awards.byStatus.map((a) => (
              <tr key={a.status}>
                <th scope="row" className="py-1 font-normal">
                  {a.label}
                </th>
                <td className="py-1 text-right tabular-nums">{a.count}</td>
                <td className="py-1 text-right tabular-nums">{formatMoney(a.amountCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>

      <Card className="space-y-4">
        <h2 className="text-lg font-bold">Money committed and paid</h2>
        <Legend
          items={[
            { label: "Paid out", className: "fill-green-700" },
            { label: "Still held", className: "fill-amber-500" },
            { label: "Released back to the fund", className: "fill-slate-300" },
          ]}
        />
        <StackedBar
          label="Everything this cycle committed"
          total={moneyTotal}
          formatValue={(cents) => formatMoney(cents)}
          segments={[
            { label: "Paid out", value: money.paidCents, className: "fill-green-700" },
            { label: "Still held", value: money.outstandingCents, className: "fill-amber-500" },
            { label: "Released", value: money.releasedCents, className: "fill-slate-300" },
          ]}
        />
      </Card>

      <Card>
        <BarChart
          title="Applications submitted per day"
          points={submittedPerDay}
          valueHeading="Applications"
          shortLabel={shortDayLabel}
          longLabel={longDayLabel}
        />
      </Card>
    </div>
  );
}
