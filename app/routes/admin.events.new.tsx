import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { eventSchema } from "~/modules/events/event.schema.ts";
import { campusChoices, saveEvent } from "~/modules/events/events.server.ts";
import { timeZoneOptions } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { PageHeader } from "~/ui/components.tsx";
import { EventForm } from "~/ui/event-form.tsx";

export const meta: MetaFunction = () => [{ title: "New event · Admin · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return { campuses: await campusChoices(context.db), timeZones: timeZoneOptions() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const submission = parseWithZod(await request.formData(), { schema: eventSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const event = await saveEvent(context.db, user.id, submission.value);
    return redirectWithFlash(context.env, request, `/admin/events/${event.id}`, {
      kind: "success",
      message: `${event.name} created.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function NewEvent() {
  const { campuses, timeZones } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title="New event" />
      <EventForm
        lastResult={useActionData<typeof action>()}
        campuses={campuses}
        timeZones={timeZones}
        submitLabel="Create event"
      />
    </div>
  );
}
