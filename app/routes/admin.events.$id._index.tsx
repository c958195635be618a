import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { eventSchema } from "~/modules/events/event.schema.ts";
import { campusChoices, getEventForAdmin, saveEvent } from "~/modules/events/events.server.ts";
import { timeZoneOptions, toLocalInput } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { PageHeader } from "~/ui/components.tsx";
import { EventForm } from "~/ui/event-form.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.event.name ?? "Event"} · Admin · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const [event, campuses] = await Promise.all([
    orNotFound(getEventForAdmin(context.db, params.id ?? "")),
    campusChoices(context.db),
  ]);
  return {
    event: {
      ...event,
      startsAt: toLocalInput(event.startsAt, event.timeZone),
      endsAt: toLocalInput(event.endsAt, event.timeZone),
    },
    campuses,
    timeZones: timeZoneOptions(),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const submission = parseWithZod(await request.formData(), { schema: eventSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const event = await saveEvent(context.db, user.id, submission.value, params.id);
    return redirectWithFlash(context.env, request, `/admin/events/${event.id}`, {
      kind: "success",
      message: `${event.name} saved.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function EditEvent() {
  const { event, campuses, timeZones } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader
        title={`Edit ${event.name}`}
        actions={
          <>
            <Link to={`/admin/events/${event.id}/agenda`} className="font-semibold text-brand-700 underline">
              Agenda
            </Link>
            <Link to={`/admin/events/${event.id}/tickets`} className="font-semibold text-brand-700 underline">
              Tickets &amp; questions
            </Link>
            <Link to={`/admin/events/${event.id}/registrations`} className="font-semibold text-brand-700 underline">
              Registrations
            </Link>
            <Link to={`/admin/events/${event.id}/sales`} className="font-semibold text-brand-700 underline">
              Sales
            </Link>
            <Link to={`/admin/events/${event.id}/waitlist`} className="font-semibold text-brand-700 underline">
              Waiting list
            </Link>
            <Link to={`/admin/events/${event.id}/accessibility`} className="font-semibold text-brand-700 underline">
              Accessibility report
            </Link>
            <Link to={`/admin/events/${event.id}/badges`} className="font-semibold text-brand-700 underline">
              Badges
            </Link>
            <Link to={`/admin/events/${event.id}/check-in`} className="font-semibold text-brand-700 underline">
              Check-in
            </Link>
            <Link to={`/events/${event.slug}`} className="font-semibold text-brand-700 underline">
              View event page
            </Link>
          </>
        }
      />
      <EventForm
        key={event.id}
        lastResult={useActionData<typeof action>()}
        defaultValue={event}
        campuses={campuses}
        timeZones={timeZones}
        submitLabel="Save event"
      />
    </div>
  );
}
