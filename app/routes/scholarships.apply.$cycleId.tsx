import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { applicationSchema } from "~/modules/scholarships/application.schema.ts";
import { getApplicantCycle, getApplyPage, saveApplication } from "~/modules/scholarships/applications.server.ts";
import { formatDateRange, formatDateTime } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Card, PageHeader } from "~/ui/components.tsx";
import { ApplicationForm } from "~/ui/scholarship-application-form.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Apply for a scholarship${data ? ` · ${data.event.name}` : ""} · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const page = await orNotFound(getApplyPage(context.db, context.env.scholarshipStoryKeys, user, params.cycleId ?? ""));
  const { cycle, application } = page;
  const zone = cycle.event.timeZone;
  return {
    cycle: { id: cycle.id, name: cycle.name, closes: formatDateTime(cycle.closesAt, zone), maxAwardCents: cycle.maxAwardCents },
    event: { name: cycle.event.name, when: formatDateRange(cycle.event.startsAt, cycle.event.endsAt, zone) },
    application: application ? { id: application.id, status: application.status, updatedAt: application.updatedAt } : null,
    closedMessage: page.closedMessage,
    waiverCents: page.waiverCents,
    lockedRole: page.lockedRole,
    values: page.values,
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const cycle = await orNotFound(getApplicantCycle(context.db, params.cycleId ?? ""));
  const submission = parseWithZod(await request.formData(), {
    schema: applicationSchema({ maxAwardCents: cycle.maxAwardCents }),
  });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const saved = await saveApplication(context.db, context.env.scholarshipStoryKeys, {
      applicantId: user.id,
      cycleId: cycle.id,
      input: submission.value,
    });
    if (submission.value.intent === "save")
      return redirectWithFlash(context.env, request, `/scholarships/apply/${cycle.id}`, {
        kind: "success",
        message: "Draft saved. Submit it before applications close.",
      });
    return redirectWithFlash(context.env, request, `/scholarships/applications/${saved.id}`, {
      kind: "success",
      message: "Application submitted. You can change it until applications close.",
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function Apply() {
  const { cycle, event, application, closedMessage, waiverCents, lockedRole, values } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader
        title={application?.status === "SUBMITTED" ? "Your scholarship application" : "Apply for a scholarship"}
        subtitle={`${event.name} · ${event.when} · ${cycle.name}`}
      />
      {closedMessage ? (
        <Card>
          <p role="status" className="text-lg">
            {closedMessage}
          </p>
          <p className="mt-3">
            {application ? (
              <Link to={`/scholarships/applications/${application.id}`} className="font-semibold text-brand-700 underline">
                Where my application stands
              </Link>
            ) : (
              <Link to="/scholarships" className="font-semibold text-brand-700 underline">
                See open scholarships
              </Link>
            )}
          </p>
        </Card>
      ) : (
        <>
          <div className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-brand-100 bg-brand-50 p-4 text-sm text-slate-800">
            <p>
              Apply by <strong>{cycle.closes}</strong>. Awards cover the registration fee and up to{" "}
              <strong>{formatMoney(cycle.maxAwardCents)}</strong> for travel and lodging.
            </p>
            {application ? (
              <Link to={`/scholarships/applications/${application.id}`} className="font-semibold text-brand-700 underline">
                Where my application stands
              </Link>
            ) : null}
          </div>
          <ApplicationForm
            key={String(application?.updatedAt ?? "new")}
            lastResult={lastResult}
            defaultValue={values}
            maxAwardCents={cycle.maxAwardCents}
            waiverCents={waiverCents}
            submitted={application?.status === "SUBMITTED"}
            lockedRole={lockedRole}
          />
        </>
      )}
    </div>
  );
}
