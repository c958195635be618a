import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useParams } from "@remix-run/react";
import { MAX_PHOTO_BYTES, speakerSchema } from "~/modules/agenda/agenda.schema.ts";
import { saveSpeaker } from "~/modules/agenda/speakers.server.ts";
import { getAgendaEvent } from "~/modules/agenda/venue.server.ts";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { readFormData, replyTooLarge } from "~/shared/multipart.server.ts";
import { SpeakerForm } from "~/ui/speaker-form.tsx";

export const meta: MetaFunction = () => [{ title: "New speaker · Agenda · Summit" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  await orNotFound(getAgendaEvent(context.db, params.id ?? ""));
  return null;
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const formData = await readFormData(request, MAX_PHOTO_BYTES);
  if (!formData) return replyTooLarge("photo", "The photo must be 2 MB or smaller");
  const submission = parseWithZod(formData, { schema: speakerSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const speaker = await saveSpeaker(context.db, user.id, params.id ?? "", submission.value);
    return redirectWithFlash(context.env, request, `/admin/events/${params.id}/agenda/speakers`, {
      kind: "success",
      message: `${speaker.name} added.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function NewSpeaker() {
  const { id } = useParams();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link to={`/admin/events/${id}/agenda/speakers`} className="text-brand-700 underline">
          ← All speakers
        </Link>
      </p>
      <h2 className="text-xl font-bold">New speaker</h2>
      <SpeakerForm lastResult={useActionData<typeof action>()} submitLabel="Add speaker" />
    </div>
  );
}
