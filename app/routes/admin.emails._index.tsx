import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { EMAIL_STATUS_TONES, EMAIL_STATUSES, outboxQuerySchema } from "~/modules/email/email.schema.ts";
import { listOutbox } from "~/modules/email/outbox.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { Badge, Button, EmptyState, PageHeader, Pagination } from "~/ui/components.tsx";

export const meta: MetaFunction = () => [{ title: "Emails · Admin · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const parsed = outboxQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const query = parsed.success ? parsed.data : { page: 1 };
  return {
    query,
    localOutbox: !context.env.smtpUrl,
    ...(await listOutbox(context.db, { page: query.page, status: query.status, search: query.q })),
  };
}

export default function Emails() {
  const { emails, total, pageCount, query, localOutbox } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <div>
      <PageHeader
        title="Emails"
        subtitle={
          localOutbox
            ? "No SMTP server is configured, so emails are kept here instead of being sent. Open one to read it."
            : "Every email Summit has queued, with its delivery status."
        }
      />
      <Form method="get" role="search" className="mb-6 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="q" className="block text-sm font-semibold">
            Recipient or subject
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={query.q ?? ""}
            className="rounded-md border border-slate-400 px-3 py-2"
          />
        </div>
        <div>
          <label htmlFor="status" className="block text-sm font-semibold">
            Status
          </label>
          <select
            id="status"
            name="status"
            defaultValue={query.status ?? ""}
            className="rounded-md border border-slate-400 px-3 py-2"
          >
            <option value="">Any status</option>
            {EMAIL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </div>
        <Button variant="secondary">Filter</Button>
      </Form>
      <p className="mb-2 text-sm text-slate-600">{total} emails</p>
      {emails.length === 0 ? (
        <EmptyState title="No emails yet">Emails appear here when people sign up, reset passwords or register.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm">
          {emails.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center justify-between gap-2 p-4">
              <div className="min-w-0">
                <Link to={`/admin/emails/${e.id}`} className="font-semibold text-brand-800 underline">
                  {e.subject}
                </Link>
                <p className="truncate text-sm text-slate-600">
                  To {e.toAddress} · {formatDateTime(new Date(e.createdAt), "UTC")}
                </p>
                {e.lastError ? <p className="text-sm text-red-700">Last error: {e.lastError}</p> : null}
              </div>
              <Badge tone={EMAIL_STATUS_TONES[e.status]}>{e.status.toLowerCase()}</Badge>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={query.page} pageCount={pageCount} search={location.search} />
    </div>
  );
}
