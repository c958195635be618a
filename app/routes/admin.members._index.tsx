import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import {
  MEMBER_KIND_LABELS,
  MEMBER_KINDS,
  memberSearchSchema,
  validUntilDate,
} from "~/modules/registration/network-member.schema.ts";
import { listNetworkMembers } from "~/modules/registration/network-members.server.ts";
import { Badge, ButtonLink, EmptyState, PageHeader, Pagination } from "~/ui/components.tsx";
import { FormErrors } from "~/ui/form-fields.tsx";
import { SearchAndFilter } from "~/ui/list-filters.tsx";

export const meta: MetaFunction = () => [{ title: "Network members · Admin · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const parsed = memberSearchSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const query = parsed.success ? parsed.data : { page: 1 };
  const result = await listNetworkMembers(context.db, query);
  return {
    query,
    searchError: parsed.success ? null : parsed.error.issues[0].message,
    ...result,
    members: result.members.map((m) => ({ ...m, validUntil: m.validUntil ? validUntilDate(m.validUntil) : null })),
  };
}

export default function NetworkMembers() {
  const { members, total, all, pageCount, query, searchError } = useLoaderData<typeof loader>();
  const location = useLocation();
  const filtered = Boolean(("q" in query && query.q) || ("kind" in query && query.kind));
  return (
    <div>
      <PageHeader
        title="Network members"
        subtitle={`Member prices apply automatically to these people and organisations. ${all} member${all === 1 ? "" : "s"}${filtered ? `, ${total} shown` : ""}.`}
        actions={
          <>
            <ButtonLink to="/admin/members/import" variant="secondary">
              Import CSV
            </ButtonLink>
            <ButtonLink to="/admin/members/new">Add member</ButtonLink>
          </>
        }
      />
      <SearchAndFilter
        q={"q" in query ? query.q : undefined}
        placeholder="Name, email, domain or organisation"
        wide
        filter={{
          name: "kind",
          label: "Kind",
          value: "kind" in query ? query.kind : undefined,
          any: "Any kind",
          options: MEMBER_KINDS.map((k) => ({ value: k, label: MEMBER_KIND_LABELS[k] })),
        }}
      />
      <FormErrors errors={searchError ? [searchError] : undefined} />
      {members.length === 0 ? (
        filtered ? (
          <EmptyState title="Nobody matches">Try a shorter search or another kind.</EmptyState>
        ) : (
          <EmptyState title="No network members yet">
            Add members one by one or{" "}
            <Link to="/admin/members/import" className="font-semibold text-brand-700 underline">
              import a CSV file
            </Link>
            .
          </EmptyState>
        )
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full min-w-[36rem] text-left text-sm">
            <caption className="sr-only">Network members by name</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Member
                </th>
                <th scope="col" className="px-3 py-2">
                  Matched by
                </th>
                <th scope="col" className="px-3 py-2">
                  Kind
                </th>
                <th scope="col" className="px-3 py-2">
                  Valid until
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {members.map((m) => (
                <tr key={m.id}>
                  <td className="px-3 py-2">
                    <Link to={`/admin/members/${m.id}`} className="font-semibold text-brand-700 underline">
                      {m.name}
                    </Link>
                    {m.organisation ? <p className="text-xs text-slate-600">{m.organisation}</p> : null}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{m.email ?? `@${m.domain}`}</td>
                  <td className="px-3 py-2">
                    <Badge tone={m.kind === "ORGANISATION" ? "blue" : "slate"}>{MEMBER_KIND_LABELS[m.kind]}</Badge>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {m.validUntil ?? "No end"}
                    {m.lapsed ? (
                      <span className="ml-2">
                        <Badge tone="amber">Lapsed</Badge>
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={query.page} pageCount={pageCount} search={location.search} />
    </div>
  );
}
