import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { MAX_PHOTO_BYTES, speakerSchema } from "~/modules/agenda/agenda.schema.ts";
import { deleteSpeaker, getSpeaker, removeSpeakerPhoto, saveSpeaker } from "~/modules/agenda/speakers.server.ts";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { readFormData, replyTooLarge } from "~/shared/multipart.server.ts";
import { Button, Card } from "~/ui/components.tsx";
import { FormErrors } from "~/ui/form-fields.tsx";
import { SpeakerForm } from "~/ui/speaker-form.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.speaker.name ?? "Speaker"} · Agenda · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return { speaker: await orNotFound(getSpeaker(context.db, params.id ?? "", params.speakerId ?? "")) };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const speakerId = params.speakerId ?? "";
  const here = `/admin/events/${eventId}/agenda/speakers/${speakerId}`;
  const formData = await readFormData(request, MAX_PHOTO_BYTES);
  if (!formData) return replyTooLarge("photo", "The photo must be 2 MB or smaller");
  const intent = formData.get("intent");
  if (intent === "delete" || intent === "remove-photo") {
    try {
      if (intent === "remove-photo") {
        await orNotFound(removeSpeakerPhoto(context.db, user.id, eventId, speakerId));
        return redirectWithFlash(context.env, request, here, { kind: "success", message: "Photo removed." });
      }
      const speaker = await orNotFound(deleteSpeaker(context.db, user.id, eventId, speakerId));
      return redirectWithFlash(context.env, request, `/admin/events/${eventId}/agenda/speakers`, {
        kind: "success",
        message: `${speaker.name} deleted.`,
      });
    } catch (error) {
      if (error instanceof RuleViolation) return data({ deleteError: error.message }, { status: 422 });
      throw error;
    }
  }
  const submission = parseWithZod(formData, { schema: speakerSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const speaker = await saveSpeaker(context.db, user.id, eventId, submission.value, speakerId);
    return redirectWithFlash(context.env, request, here, { kind: "success", message: `${speaker.name} saved.` });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function EditSpeaker() {
  const { speaker } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const deleteError = actionData && "deleteError" in actionData ? actionData.deleteError : undefined;
  const lastResult = actionData && !("deleteError" in actionData) ? actionData : undefined;
  const { id, photoUrl, sessions, ...values } = speaker;
  const base = `/admin/events/${useParams().id}/agenda`;
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link to={`${base}/speakers`} className="text-brand-700 underline">
          ← All speakers
        </Link>
      </p>
      <h2 className="text-xl font-bold">{speaker.name}</h2>
      <SpeakerForm key={id} lastResult={lastResult} defaultValue={values} photoUrl={photoUrl} submitLabel="Save speaker" />
      {photoUrl ? (
        <Form method="post">
          <input type="hidden" name="intent" value="remove-photo" />
          <Button variant="secondary" disabled={navigation.state === "submitting"}>
            Remove photo
          </Button>
        </Form>
      ) : null}
      <Card>
        <h3 className="font-semibold">Sessions</h3>
        {sessions.length === 0 ? (
          <p className="mt-1 text-sm text-slate-700">Not on any session yet.</p>
        ) : (
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
            {sessions.map((s) => (
              <li key={s.id}>
                <Link to={`${base}/sessions/${s.id}`} className="text-brand-700 underline">
                  {s.title}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card className="border-red-200">
        <h3 className="font-semibold">Delete this speaker</h3>
        <p className="mt-1 text-sm text-slate-700">Remove them from their sessions first.</p>
        <FormErrors errors={deleteError ? [deleteError] : undefined} />
        <Form
          method="post"
          className="mt-3"
          onSubmit={(e) => {
            if (!window.confirm(`Delete ${speaker.name}? This can't be undone.`)) e.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="delete" />
          <Button variant="danger" disabled={navigation.state === "submitting"}>
            Delete speaker
          </Button>
        </Form>
      </Card>
    </div>
  );
}
