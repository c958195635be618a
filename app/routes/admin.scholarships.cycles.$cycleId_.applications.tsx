import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { APPLICANT_ROLES, ROLE_LABELS } from "~/modules/scholarships/application.schema.ts";
import { applicantAlias } from "~/modules/scholarships/application-status.ts";
import { listCycleApplications } from "~/modules/scholarships/applications.server.ts";
import { getCycle } from "~/modules/scholarships/cycles.server.ts";
import { assignmentIntentSchema } from "~/modules/scholarships/review.schema.ts";
import { autoAssign, listReviewers } from "~/modules/scholarships/reviewer-assignment.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { badRequest, orNotFound } from "~/shared/http.server.ts";
import { pageQuerySchema } from "~/shared/pagination.ts";
import { Badge, Button, Card, EmptyState, PageHeader, Pagination } from "~/ui/components.tsx";
import { FilterSelect } from "~/ui/list-filters.tsx";
import { StageBadge } from "~/ui/scholarships.tsx";

export const meta: MetaFunction = () => [{ title: "Scholarship applications · Admin · Summit" }];

const STATUSES = ["DRAFT", "SUBMITTED", "WITHDRAWN", "AWARDED", "WAITLISTED", "DECLINED"] as const;
const STATUS_LABELS: Record<(typeof STATUSES)[number], string> = {
  DRAFT: "Draft",
  SUBMITTED: "Submitted",
  WITHDRAWN: "Withdrawn",
  AWARDED: "Awarded",
  WAITLISTED: "Waiting list",
  DECLINED: "Not awarded",
};

// Unknown filter values fall back to "any", like a hand-edited URL deserves.
const filterSchema = z.object({
  page: pageQuerySchema.shape.page.catch(1),
  status: z.enum(STATUSES).optional().catch(undefined),
  role: z.enum(APPLICANT_ROLES).optional().catch(undefined),
});

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const cycle = await orNotFound(getCycle(context.db, params.cycleId ?? ""));
  const filters = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [list, reviewers] = await Promise.all([listCycleApplications(context.db, cycle.id, filters), listReviewers(context.db)]);
  const zone = cycle.event.timeZone;
  return {
    cycle: { id: cycle.id, name: cycle.name, perApplication: cycle.reviewersPerApplication, event: cycle.event.name },
    reviewers: reviewers.length,
    filters,
    total: list.total,
    pageCount: list.pageCount,
    byStatus: list.byStatus,
    applications: list.applications.map((a) => ({
      id: a.id,
      alias: applicantAlias(a.id),
      name: a.applicant.name,
      role: ROLE_LABELS[a.role],
      stage: a.stage,
      paired: Boolean(a.pairId),
      submitted: a.submittedAt ? formatDateTime(a.submittedAt, zone) : null,
      reviewers: a.assignments.map((x) => ({
        id: x.id,
        name: x.reviewer.name,
        recused: Boolean(x.conflictDeclaredAt),
        done: Boolean(x.submittedAt),
      })),
    })),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const cycleId = params.cycleId ?? "";
  const parsed = assignmentIntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success || parsed.data.intent !== "auto-assign") badRequest("Unknown action.");
  const run = await orNotFound(autoAssign(context.db, user.id, cycleId));
  const short = run.short.length
    ? ` ${run.short.length} application${run.short.length === 1 ? " is" : "s are"} still short of reviewers: add people with the reviewer role.`
    : "";
  return redirectWithFlash(context.env, request, `/admin/scholarships/cycles/${cycleId}/applications`, {
    kind: run.short.length ? "info" : "success",
    message: `${run.assigned} assignment${run.assigned === 1 ? "" : "s"} made.${short}`,
  });
}

export default function CycleApplications() {
  const d = useLoaderData<typeof loader>();
  const location = useLocation();
  const navigation = useNavigation();
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/admin/scholarships/cycles/${d.cycle.id}`} className="font-semibold text-brand-700 underline">
          ← {d.cycle.name}
        </Link>
      </p>
      <PageHeader title="Applications" subtitle={`${d.cycle.event} · ${d.cycle.name}`} />
      <Card className="flex flex-wrap items-center justify-between gap-4">
        <p className="text-slate-800">
          <strong>{d.byStatus.SUBMITTED ?? 0}</strong> submitted applications to review. Auto-assign gives each{" "}
          <strong>{d.cycle.perApplication}</strong> reviewer{d.cycle.perApplication === 1 ? "" : "s"}, least-loaded first, from{" "}
          {d.reviewers} people with the reviewer role. Running it again only tops up.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="auto-assign" />
          <Button disabled={navigation.state === "submitting"}>Auto-assign reviewers</Button>
        </Form>
      </Card>
      <Form method="get" role="search" className="flex flex-wrap items-end gap-3">
        <FilterSelect
          name="status"
          label="Status"
          value={d.filters.status}
          any="Any status"
          options={STATUSES.map((s) => ({ value: s, label: `${STATUS_LABELS[s]} (${d.byStatus[s] ?? 0})` }))}
        />
        <FilterSelect
          name="role"
          label="Role"
          value={d.filters.role}
          any="Patients and caregivers"
          options={APPLICANT_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        />
        <Button variant="secondary">Filter</Button>
      </Form>
      <p className="text-sm text-slate-700">
        {d.total} application{d.total === 1 ? "" : "s"}. Times are in the event's zone.
      </p>
      {d.applications.length === 0 ? (
        <EmptyState title="No applications match" />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Applications and their reviewers</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-3">
                  Applicant
                </th>
                <th scope="col" className="px-4 py-3">
                  Stage
                </th>
                <th scope="col" className="px-4 py-3">
                  Submitted
                </th>
                <th scope="col" className="px-4 py-3">
                  Reviewers
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {d.applications.map((a) => (
                <tr key={a.id}>
                  <td className="px-4 py-3">
                    <Link to={`/admin/scholarships/applications/${a.id}`} className="font-semibold text-brand-800 underline">
                      {a.name}
                    </Link>
                    <span className="block text-slate-600">
                      {a.alias} · {a.role}
                      {a.paired ? " · paired" : ""}
                    </span>
                  </td>
                  <td className="px-4 py-3 whitespace-nowrap">
                    <StageBadge stage={a.stage} />
                  </td>
                  <td className="px-4 py-3 whitespace-nowrap">{a.submitted ?? "—"}</td>
                  <td className="px-4 py-3">
                    {a.reviewers.length === 0 ? (
                      <span className="text-slate-600">None yet</span>
                    ) : (
                      <ul className="flex flex-wrap gap-1">
                        {a.reviewers.map((r) => (
                          <li key={r.id}>
                            <Badge tone={r.recused ? "amber" : r.done ? "green" : "slate"}>
                              {r.name}
                              {r.recused ? " · recused" : r.done ? " · scored" : ""}
                            </Badge>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={d.filters.page} pageCount={d.pageCount} search={location.search} />
    </div>
  );
}
