import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { ROLE_LABELS } from "~/modules/scholarships/application.schema.ts";
import { listStoryReads, type StoryPurpose } from "~/modules/scholarships/story-access.server.ts";
import { pageQuerySchema } from "~/shared/pagination.ts";
import { Badge, Button, EmptyState, PageHeader, Pagination } from "~/ui/components.tsx";
import { FilterSelect, filterControlClass } from "~/ui/list-filters.tsx";

export const meta: MetaFunction = () => [{ title: "Story reads · Scholarships · Admin · Summit" }];

const id = z.string().trim().max(64).optional().catch(undefined);
const filterSchema = z.object({ page: pageQuerySchema.shape.page.catch(1), application: id, reader: id });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const filters = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const reads = await listStoryReads(context.db, {
    applicationId: filters.application || undefined,
    readerId: filters.reader || undefined,
    page: filters.page,
  });
  return { filters, ...reads };
}

const PURPOSES: Record<StoryPurpose, { label: string; tone: "blue" | "green" | "slate" }> = {
  applicant: { label: "Their own", tone: "slate" },
  review: { label: "Review", tone: "blue" },
  organiser: { label: "Organiser", tone: "green" },
};

// Readers see times in UTC: reads span events in several zones.
const utc = (at: string | Date) => `${new Date(at).toISOString().replace("T", " ").slice(0, 16)} UTC`;

export default function StoryReads() {
  const { entries, total, pageCount, readers, filters } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to="/admin/scholarships" className="font-semibold text-brand-700 underline">
          ← Scholarships
        </Link>
      </p>
      <PageHeader
        title="Story reads"
        subtitle="Every time someone opened an applicant's story or financial need: who, which application, why and when. Newest first."
      />
      <Form method="get" role="search" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="filter-application" className="block text-sm font-semibold">
            Application id
          </label>
          <input
            id="filter-application"
            name="application"
            type="search"
            defaultValue={filters.application ?? ""}
            className={`${filterControlClass} w-72 max-w-full font-mono`}
          />
        </div>
        <FilterSelect
          name="reader"
          label="Reader"
          value={filters.reader}
          any="Anyone"
          options={readers.map((r) => ({ value: r.id, label: `${r.name} (${r.email})` }))}
        />
        <Button variant="secondary">Filter</Button>
      </Form>
      <p className="text-sm text-slate-700">
        {total} read{total === 1 ? "" : "s"}
        {filters.application || filters.reader ? " match" : " recorded"}.
      </p>
      {entries.length === 0 ? (
        <EmptyState title="No story reads match" />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Story reads, newest first</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-4 py-3">
                  When
                </th>
                <th scope="col" className="px-4 py-3">
                  Reader
                </th>
                <th scope="col" className="px-4 py-3">
                  Application
                </th>
                <th scope="col" className="px-4 py-3">
                  Why
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="px-4 py-3 whitespace-nowrap tabular-nums">
                    <time dateTime={new Date(e.at).toISOString()}>{utc(e.at)}</time>
                  </td>
                  <td className="px-4 py-3">
                    {e.reader ? (
                      <Link to={`?reader=${e.reader.id}`} className="text-brand-800 underline">
                        {e.reader.name}
                      </Link>
                    ) : (
                      "Deleted account"
                    )}
                    {e.reader ? <span className="block text-slate-600">{e.reader.email}</span> : null}
                  </td>
                  <td className="px-4 py-3">
                    <Link
                      to={`/admin/scholarships/applications/${e.application.id}`}
                      className="font-semibold text-brand-800 underline"
                    >
                      {e.application.applicantName ?? e.application.alias}
                    </Link>
                    <span className="block text-slate-600">
                      {e.application.alias}
                      {e.application.role ? ` · ${ROLE_LABELS[e.application.role]}` : ""}
                      {e.application.cycle ? ` · ${e.application.cycle}` : ""}
                    </span>
                    {filters.application ? null : (
                      <Link to={`?application=${e.application.id}`} className="text-sm text-brand-700 underline">
                        All reads of this story<span className="sr-only"> ({e.application.alias})</span>
                      </Link>
                    )}
                  </td>
                  <td className="px-4 py-3 whitespace-nowrap">
                    <Badge tone={PURPOSES[e.purpose].tone}>{PURPOSES[e.purpose].label}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={filters.page} pageCount={pageCount} search={location.search} />
    </div>
  );
}
