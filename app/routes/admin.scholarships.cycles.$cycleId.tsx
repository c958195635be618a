import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { cycleSchema, rubricIntentSchema } from "~/modules/scholarships/cycle.schema.ts";
import { changeRubric, cycleFormValues, getCycle, updateCycle } from "~/modules/scholarships/cycles.server.ts";
import { formatDateRange } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { ButtonLink, PageHeader } from "~/ui/components.tsx";
import { CycleForm, RubricEditor } from "~/ui/scholarship-cycle-form.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.cycle.name ?? "Cycle"} · Admin · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const cycle = await orNotFound(getCycle(context.db, params.cycleId ?? ""));
  return {
    cycle: {
      id: cycle.id,
      name: cycle.name,
      updatedAt: cycle.updatedAt,
      applications: cycle._count.applications,
    },
    event: {
      id: cycle.event.id,
      name: cycle.event.name,
      timeZone: cycle.event.timeZone,
      when: formatDateRange(cycle.event.startsAt, cycle.event.endsAt, cycle.event.timeZone),
    },
    ticketType: cycle.ticketType
      ? {
          id: cycle.ticketType.id,
          name: cycle.ticketType.name,
          waiver: formatMoney(cycle.ticketType.priceCents, cycle.ticketType.currency),
          taken: cycle.ticketType.taken,
          capacity: cycle.ticketType.capacity,
        }
      : null,
    values: cycleFormValues(cycle),
    criteria: cycle.criteria.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      weight: c.weight,
      scores: c._count.scores,
    })),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const cycleId = params.cycleId ?? "";
  const here = `/admin/scholarships/cycles/${cycleId}`;
  const formData = await request.formData();
  if (formData.get("intent") === "save-cycle") {
    const submission = parseWithZod(formData, { schema: cycleSchema });
    if (submission.status !== "success") return replyInvalid(submission);
    try {
      const saved = await updateCycle(context.db, user.id, cycleId, submission.value);
      return redirectWithFlash(context.env, request, here, { kind: "success", message: `${saved.name} saved.` });
    } catch (error) {
      return replyWithRuleViolation(submission, error);
    }
  }
  const submission = parseWithZod(formData, { schema: rubricIntentSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const { summary } = await changeRubric(context.db, user.id, cycleId, submission.value);
    return redirectWithFlash(context.env, request, here, { kind: "success", message: summary });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function EditCycle() {
  const { cycle, event, ticketType, values, criteria } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const fromCycleForm = (lastResult?.initialValue as { intent?: string } | null | undefined)?.intent === "save-cycle";
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to="/admin/scholarships" className="font-semibold text-brand-700 underline">
          ← Scholarships
        </Link>
      </p>
      <PageHeader
        title={cycle.name}
        subtitle={`${event.name} · ${event.when}`}
        actions={
          <>
            <ButtonLink to={`/admin/scholarships/cycles/${cycle.id}/applications`}>
              Applications ({cycle.applications})
            </ButtonLink>
            <ButtonLink to={`/admin/scholarships/cycles/${cycle.id}/committee`}>Committee</ButtonLink>
            <ButtonLink to={`/admin/scholarships/cycles/${cycle.id}/reports`} variant="secondary">
              Reports
            </ButtonLink>
          </>
        }
      />
      {ticketType ? (
        <p className="rounded-md border border-brand-100 bg-brand-50 p-3 text-sm text-slate-800">
          Accepted awards register on the hidden ticket type{" "}
          <Link to={`/admin/events/${event.id}/tickets/${ticketType.id}`} className="font-semibold text-brand-700 underline">
            {ticketType.name}
          </Link>{" "}
          (waiver value {ticketType.waiver}; {ticketType.taken} of {ticketType.capacity} seats taken).
        </p>
      ) : null}
      <CycleForm
        key={String(cycle.updatedAt)}
        lastResult={fromCycleForm ? lastResult : undefined}
        defaultValue={values}
        timeZone={event.timeZone}
        seatsTaken={ticketType?.taken ?? 0}
        submitLabel="Save cycle"
      />
      <RubricEditor criteria={criteria} lastResult={fromCycleForm ? undefined : lastResult} />
    </div>
  );
}
