import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { ROLE_LABELS } from "~/modules/scholarships/application.schema.ts";
import { REVIEW_STATE_LABELS } from "~/modules/scholarships/review.schema.ts";
import { listMyAssignments } from "~/modules/scholarships/reviews.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { Badge, EmptyState, PageHeader } from "~/ui/components.tsx";

export const meta: MetaFunction = () => [{ title: "My reviews · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "REVIEWER");
  const assignments = await listMyAssignments(context.db, user.id);
  return {
    assignments: assignments.map((a) => ({
      id: a.id,
      state: a.state,
      applicant: a.applicant,
      role: ROLE_LABELS[a.role],
      cycle: `${a.cycle.event.name} · ${a.cycle.name}`,
      blind: a.cycle.blindReview,
      closes: formatDateTime(a.cycle.closesAt, a.cycle.event.timeZone),
    })),
  };
}

export default function MyReviews() {
  const { assignments } = useLoaderData<typeof loader>();
  const open = assignments.filter((a) => a.state === "to-score" || a.state === "draft").length;
  return (
    <div>
      <PageHeader
        title="My reviews"
        subtitle={
          assignments.length
            ? `${open} of ${assignments.length} still to finish. You see only the applications assigned to you.`
            : undefined
        }
      />
      {assignments.length === 0 ? (
        <EmptyState title="Nothing assigned to you yet">Organisers assign applications once they are submitted.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm">
          {assignments.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
              <div>
                <Link to={`/review/${a.id}`} className="font-semibold text-brand-700 underline">
                  {a.applicant}
                </Link>
                <p className="text-sm text-slate-700">
                  {a.role} · {a.cycle}
                  {a.blind ? " · blind review" : ""}
                </p>
              </div>
              <Badge tone={REVIEW_STATE_LABELS[a.state].tone}>{REVIEW_STATE_LABELS[a.state].label}</Badge>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
