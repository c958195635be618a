import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { DAY, sessionSchema } from "~/modules/agenda/agenda.schema.ts";
import { saveSession, sessionChoices } from "~/modules/agenda/sessions.server.ts";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { toLocalInput } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { SessionForm } from "~/ui/session-form.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `New session · ${data?.event.name ?? "Agenda"} · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const choices = await orNotFound(sessionChoices(context.db, params.id ?? ""));
  // `?day=2027-09-28` starts the new session on that day; otherwise at the event's start.
  const day = new URL(request.url).searchParams.get("day");
  const start =
    day && DAY.test(day)
      ? DateTime.fromISO(`${day}T09:00`, { zone: "utc" })
      : DateTime.fromISO(toLocalInput(choices.event.startsAt, choices.event.timeZone), { zone: "utc" });
  const wall = (d: DateTime) => d.toFormat("yyyy-LL-dd'T'HH:mm");
  return { ...choices, defaults: { startsAt: wall(start), endsAt: wall(start.plus({ hours: 1 })) } };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const submission = parseWithZod(await request.formData(), { schema: sessionSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const session = await saveSession(context.db, user.id, params.id ?? "", submission.value);
    return redirectWithFlash(context.env, request, `/admin/events/${params.id}/agenda/sessions`, {
      kind: "success",
      message: `“${session.title}” added.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function NewSession() {
  const { event, tracks, rooms, speakers, defaults } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link to={`/admin/events/${event.id}/agenda/sessions`} className="text-brand-700 underline">
          ← All sessions
        </Link>
      </p>
      <h2 className="text-xl font-bold">New session</h2>
      <SessionForm
        lastResult={useActionData<typeof action>()}
        defaultValue={{ status: "DRAFT", ...defaults }}
        choices={{ timeZone: event.timeZone, tracks, rooms, speakers }}
        submitLabel="Add session"
      />
    </div>
  );
}
