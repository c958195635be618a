import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { newCycleSchema } from "~/modules/scholarships/cycle.schema.ts";
import { createCycle, cycleEventOptions } from "~/modules/scholarships/cycles.server.ts";
import { formatDate } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { PageHeader } from "~/ui/components.tsx";
import { CycleForm } from "~/ui/scholarship-cycle-form.tsx";

export const meta: MetaFunction = () => [{ title: "New scholarship cycle · Admin · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const events = await cycleEventOptions(context.db);
  return {
    events: events.map((e) => ({ id: e.id, label: `${e.name} — ${formatDate(e.startsAt, e.timeZone)} (${e.timeZone})` })),
    eventId: new URL(request.url).searchParams.get("event") ?? undefined,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const submission = parseWithZod(await request.formData(), { schema: newCycleSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const cycle = await createCycle(context.db, user.id, submission.value);
    return redirectWithFlash(context.env, request, `/admin/scholarships/cycles/${cycle.id}`, {
      kind: "success",
      message: `${cycle.name} created with a starter rubric and its scholarship seats. Review the rubric before applications open.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function NewCycle() {
  const { events, eventId } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link to="/admin/scholarships" className="font-semibold text-brand-700 underline">
          ← Scholarships
        </Link>
      </p>
      <PageHeader
        title="New scholarship cycle"
        subtitle="Creating it also creates the hidden ticket type accepted awards register on, priced at the event's regular ticket."
      />
      <CycleForm
        lastResult={useActionData<typeof action>()}
        events={events}
        defaultValue={{ eventId, maxAward: "1500.00", seats: "20" }}
        submitLabel="Create cycle"
      />
    </div>
  );
}
