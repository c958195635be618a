import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { questionSchema } from "~/modules/registration/question.schema.ts";
import { saveQuestion } from "~/modules/registration/questions.server.ts";
import { getRegistrationEvent } from "~/modules/registration/ticket-types.server.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { QuestionForm } from "~/ui/question-form.tsx";
import { RegistrationSetupHeader } from "~/ui/registration-setup.tsx";

export const meta: MetaFunction = () => [{ title: "New question · Summit" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return { event: await orNotFound(getRegistrationEvent(context.db, params.id ?? "")) };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const submission = parseWithZod(await request.formData(), { schema: questionSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const saved = await saveQuestion(context.db, user.id, eventId, submission.value);
    return redirectWithFlash(context.env, request, `/admin/events/${eventId}/questions`, {
      kind: "success",
      message: `“${saved.label}” added.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function NewQuestion() {
  const { event } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <RegistrationSetupHeader event={event} title="New question" />
      <QuestionForm lastResult={useActionData<typeof action>()} submitLabel="Add question" />
    </div>
  );
}
