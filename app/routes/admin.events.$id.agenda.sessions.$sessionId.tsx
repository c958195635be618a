import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { sessionSchema } from "~/modules/agenda/agenda.schema.ts";
import { deleteSession, getSessionForEdit, saveSession } from "~/modules/agenda/sessions.server.ts";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { Button, Card } from "~/ui/components.tsx";
import { ConflictBadges } from "~/ui/conflict-badges.tsx";
import { FormErrors } from "~/ui/form-fields.tsx";
import { SessionForm } from "~/ui/session-form.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.session.title ?? "Session"} · ${data?.event.name ?? "Agenda"} · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return orNotFound(getSessionForEdit(context.db, params.id ?? "", params.sessionId ?? ""));
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const list = `/admin/events/${eventId}/agenda/sessions`;
  const formData = await request.formData();
  if (formData.get("intent") === "delete") {
    try {
      const session = await orNotFound(deleteSession(context.db, user.id, eventId, params.sessionId ?? ""));
      return redirectWithFlash(context.env, request, list, { kind: "success", message: `“${session.title}” deleted.` });
    } catch (error) {
      if (error instanceof RuleViolation) return data({ deleteError: error.message }, { status: 422 });
      throw error;
    }
  }
  const submission = parseWithZod(formData, { schema: sessionSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const session = await saveSession(context.db, user.id, eventId, submission.value, params.sessionId ?? "");
    return redirectWithFlash(context.env, request, list, { kind: "success", message: `“${session.title}” saved.` });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function EditSession() {
  const { event, tracks, rooms, speakers, session, conflicts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const deleteError = actionData && "deleteError" in actionData ? actionData.deleteError : undefined;
  const lastResult = actionData && !("deleteError" in actionData) ? actionData : undefined;
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link to={`/admin/events/${event.id}/agenda/sessions`} className="text-brand-700 underline">
          ← All sessions
        </Link>
      </p>
      <h2 className="text-xl font-bold">Edit “{session.title}”</h2>
      {conflicts.length ? (
        <section aria-labelledby="conflicts-heading" className="rounded-md border border-red-300 bg-red-50 p-3">
          <h3 id="conflicts-heading" className="font-semibold text-red-900">
            This session is in conflict
          </h3>
          <ConflictBadges conflicts={conflicts} />
        </section>
      ) : null}
      {session.rsvpCount > 0 ? (
        <p className="text-sm text-slate-700">
          {session.rsvpCount} {session.rsvpCount === 1 ? "person has" : "people have"} RSVP'd to this workshop.
        </p>
      ) : null}
      <SessionForm
        key={session.id}
        lastResult={lastResult}
        defaultValue={session}
        choices={{ timeZone: event.timeZone, tracks, rooms, speakers }}
        submitLabel="Save session"
      />
      <Card className="border-red-200">
        <h3 className="font-semibold">Delete this session</h3>
        <p className="mt-1 text-sm text-slate-700">
          Only for sessions attendees have never seen. Once a session is in a published release, set its status to cancelled
          instead: attendees who starred it are told, and calendars drop it.
        </p>
        <FormErrors errors={deleteError ? [deleteError] : undefined} />
        <Form
          method="post"
          className="mt-3"
          onSubmit={(e) => {
            if (!window.confirm(`Delete “${session.title}”? This can't be undone.`)) e.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="delete" />
          <Button variant="danger" disabled={navigation.state === "submitting"}>
            Delete session
          </Button>
        </Form>
      </Card>
    </div>
  );
}
