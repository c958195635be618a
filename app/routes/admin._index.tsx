import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { adminOverview } from "~/modules/events/overview.server.ts";
import { ButtonLink, PageHeader } from "~/ui/components.tsx";

export const meta: MetaFunction = () => [{ title: "Admin · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return adminOverview(context.db);
}

function Stat({ label, value, to, tone = "text-slate-900" }: { label: string; value: number; to: string; tone?: string }) {
  return (
    <Link to={to} className="block rounded-lg border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-600">
      <p className="text-sm font-semibold text-slate-600">{label}</p>
      <p className={`mt-1 text-3xl font-bold ${tone}`}>{value}</p>
    </Link>
  );
}

export default function AdminOverview() {
  const o = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title="Overview" actions={<ButtonLink to="/admin/events/new">New event</ButtonLink>} />
      <div className="grid grid-cols-2 gap-4 md:grid-cols-3">
        <Stat label="Upcoming published events" value={o.upcoming} to="/admin/events" />
        <Stat label="Draft events" value={o.drafts} to="/admin/events" />
        <Stat label="Campuses" value={o.campuses} to="/admin/campuses" />
        <Stat label="People with accounts" value={o.people} to="/admin/users" />
        <Stat label="Emails waiting to send" value={o.pendingEmails} to="/admin/emails?status=PENDING" />
        <Stat
          label="Emails that failed"
          value={o.failedEmails}
          to="/admin/emails?status=FAILED"
          tone={o.failedEmails ? "text-red-700" : "text-slate-900"}
        />
      </div>
    </div>
  );
}
