import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { questionSchema } from "~/modules/registration/question.schema.ts";
import { countAnswers, deleteQuestion, getQuestionForEdit, saveQuestion } from "~/modules/registration/questions.server.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { Button, Card } from "~/ui/components.tsx";
import { QuestionForm } from "~/ui/question-form.tsx";
import { RegistrationSetupHeader } from "~/ui/registration-setup.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.question.label ?? "Question"} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const { event, question } = await orNotFound(getQuestionForEdit(context.db, params.id ?? "", params.questionId ?? ""));
  return { event, question, answers: await countAnswers(context.db, event.id, question.id) };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const questionId = params.questionId ?? "";
  const list = `/admin/events/${eventId}/questions`;
  const formData = await request.formData();
  if (formData.get("intent") === "delete") {
    const deleted = await orNotFound(deleteQuestion(context.db, user.id, eventId, questionId));
    return redirectWithFlash(context.env, request, list, { kind: "success", message: `“${deleted.label}” deleted.` });
  }
  const submission = parseWithZod(formData, { schema: questionSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const saved = await saveQuestion(context.db, user.id, eventId, submission.value, questionId);
    return redirectWithFlash(context.env, request, list, { kind: "success", message: `“${saved.label}” saved.` });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function EditQuestion() {
  const { event, question, answers } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const kept =
    answers === 0
      ? "Nobody has answered it yet."
      : `${answers} registration${answers === 1 ? " has" : "s have"} answered it. Their answers are kept in the registrations, but pages and exports will no longer show them as a question.`;
  return (
    <div className="space-y-6">
      <RegistrationSetupHeader event={event} title="Edit question" />
      <QuestionForm
        key={String(question.updatedAt)}
        lastResult={useActionData<typeof action>()}
        submitLabel="Save question"
        defaultValue={{
          label: question.label,
          help: question.help,
          kind: question.kind,
          options: question.options.join("\n"),
          required: question.required,
        }}
      />
      {answers > 0 ? (
        <p className="text-sm text-slate-700">
          Changing options doesn't change answers already given: people who chose an option you rename keep the old wording.
        </p>
      ) : null}
      <Card className="border-red-200">
        <h2 className="font-semibold">Delete this question</h2>
        <p className="mt-1 text-sm text-slate-700">{kept}</p>
        <Form
          method="post"
          className="mt-3"
          onSubmit={(e) => {
            if (!window.confirm(`Delete “${question.label}”? ${kept}`)) e.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="delete" />
          <Button variant="danger" disabled={navigation.state === "submitting"}>
            Delete question
          </Button>
        </Form>
      </Card>
    </div>
  );
}
