import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { cycleIsOpen, listCycles } from "~/modules/scholarships/cycles.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { formatMoney } from "~/shared/money.ts";
import { Badge, ButtonLink, EmptyState, PageHeader } from "~/ui/components.tsx";

export const meta: MetaFunction = () => [{ title: "Scholarships · Admin · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const now = new Date();
  const cycles = await listCycles(context.db);
  return {
    cycles: cycles.map((c) => ({
      id: c.id,
      name: c.name,
      event: c.event.name,
      opens: formatDateTime(c.opensAt, c.event.timeZone),
      closes: formatDateTime(c.closesAt, c.event.timeZone),
      state: (cycleIsOpen(c, now) ? "open" : now < c.opensAt ? "upcoming" : "closed") as keyof typeof STATE,
      maxAward: formatMoney(c.maxAwardCents),
      total: c.total,
      drafts: c.byStatus.DRAFT ?? 0,
      submitted: c.byStatus.SUBMITTED ?? 0,
      decided: (c.byStatus.AWARDED ?? 0) + (c.byStatus.WAITLISTED ?? 0) + (c.byStatus.DECLINED ?? 0),
      withdrawn: c.byStatus.WITHDRAWN ?? 0,
    })),
  };
}

const STATE = {
  open: { label: "Open", tone: "green" },
  upcoming: { label: "Not open yet", tone: "blue" },
  closed: { label: "Closed", tone: "slate" },
} as const;

export default function AdminScholarships() {
  const { cycles } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title="Scholarships"
        subtitle="Application cycles, their rubrics and reviewers. Stories are encrypted; every reading is recorded."
        actions={
          <>
            <ButtonLink to="/admin/scholarships/audit" variant="secondary">
              Story reads
            </ButtonLink>
            <ButtonLink to="/admin/scholarships/cycles/new">New cycle</ButtonLink>
          </>
        }
      />
      {cycles.length === 0 ? (
        <EmptyState title="No scholarship cycles yet">Create one for an event to open applications.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Scholarship cycles, newest event first</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-3">
                  Cycle
                </th>
                <th scope="col" className="px-4 py-3">
                  Open for applications (event time)
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Drafts
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Submitted
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Decided
                </th>
                <th scope="col" className="px-4 py-3 text-right">
                  Withdrawn
                </th>
                <th scope="col" className="px-4 py-3">
                  <span className="sr-only">Links</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {cycles.map((c) => (
                <tr key={c.id}>
                  <td className="px-4 py-3">
                    <Link to={`/admin/scholarships/cycles/${c.id}`} className="font-semibold text-brand-800 underline">
                      {c.name}
                    </Link>
                    <span className="block text-slate-600">
                      {c.event} · up to {c.maxAward}
                    </span>
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={STATE[c.state].tone}>{STATE[c.state].label}</Badge>
                    <span className="block text-slate-700">
                      {c.opens} – {c.closes}
                    </span>
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{c.drafts}</td>
                  <td className="px-4 py-3 text-right tabular-nums">{c.submitted}</td>
                  <td className="px-4 py-3 text-right tabular-nums">{c.decided}</td>
                  <td className="px-4 py-3 text-right tabular-nums">{c.withdrawn}</td>
                  <td className="px-4 py-3">
                    <Link
                      to={`/admin/scholarships/cycles/${c.id}/applications`}
                      className="font-semibold text-brand-700 underline"
                    >
                      Applications<span className="sr-only"> of {c.name}</span>
                    </Link>
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
