import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { EMAIL_STATUS_TONES } from "~/modules/email/email.schema.ts";
import { getOutboxEmail, retryEmail } from "~/modules/email/outbox.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { Badge, Button, Card, PageHeader } from "~/ui/components.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.email.subject ?? "Email"} · Admin · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const { html: _html, ...email } = await orNotFound(getOutboxEmail(context.db, params.id ?? ""));
  return { email };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const email = await orNotFound(getOutboxEmail(context.db, params.id ?? ""));
  const { count } = await retryEmail(context.db, email.id);
  return redirectWithFlash(context.env, request, `/admin/emails/${email.id}`, {
    kind: count ? "success" : "info",
    message: count ? "The email is queued to send again." : "Only failed emails can be retried.",
  });
}

export default function EmailDetail() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link to="/admin/emails" className="text-brand-700 underline">
          ← All emails
        </Link>
      </p>
      <PageHeader
        title={email.subject}
        subtitle={<Badge tone={EMAIL_STATUS_TONES[email.status]}>{email.status.toLowerCase()}</Badge>}
      />
      <Card>
        <dl className="grid gap-2 text-sm sm:grid-cols-[8rem_1fr]">
          <dt className="font-semibold">From</dt>
          <dd>{email.fromAddress}</dd>
          <dt className="font-semibold">To</dt>
          <dd>{email.toAddress}</dd>
          <dt className="font-semibold">Queued</dt>
          <dd>{formatDateTime(new Date(email.createdAt), "UTC")}</dd>
          <dt className="font-semibold">Attempts</dt>
          <dd>
            {email.attempts}
            {email.transport ? ` · delivered via ${email.transport}` : ""}
          </dd>
          {email.lastError ? (
            <>
              <dt className="font-semibold">Last error</dt>
              <dd className="text-red-700">{email.lastError}</dd>
            </>
          ) : null}
        </dl>
        {email.status === "FAILED" ? (
          <Form method="post" className="mt-4">
            <Button variant="secondary">Send again</Button>
          </Form>
        ) : null}
      </Card>
      <h2 className="text-lg font-bold">As the recipient sees it</h2>
      {/* Sandboxed: the email's HTML never runs scripts or touches this page. */}
      <iframe
        title={`Email: ${email.subject}`}
        src={`/admin/emails/${email.id}/html`}
        sandbox=""
        className="h-[36rem] w-full rounded-lg border border-slate-300 bg-white"
      />
      <details className="rounded-lg border border-slate-200 bg-white p-4">
        <summary className="cursor-pointer font-semibold">Plain-text version</summary>
        <pre className="mt-3 whitespace-pre-wrap text-sm">{email.text}</pre>
      </details>
    </div>
  );
}
