import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { BUILT_IN_QUESTIONS, moveQuestionSchema, QUESTION_KIND_LABELS } from "~/modules/registration/question.schema.ts";
import { listQuestions, moveQuestion } from "~/modules/registration/questions.server.ts";
import { badRequest, orNotFound } from "~/shared/http.server.ts";
import { Badge, ButtonLink, EmptyState } from "~/ui/components.tsx";
import { RegistrationSetupHeader } from "~/ui/registration-setup.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Questions · ${data?.event.name ?? "Event"} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return orNotFound(listQuestions(context.db, params.id ?? ""));
}

/** Moves a question up or down; answers with what moved so the page can announce it and keep focus. */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const submission = parseWithZod(await request.formData(), { schema: moveQuestionSchema });
  if (submission.status !== "success") badRequest("Choose a question and a direction.");
  const { questionId, intent } = submission.value;
  const direction = intent === "move-up" ? "up" : "down";
  const result = await orNotFound(moveQuestion(context.db, user.id, params.id ?? "", questionId, direction));
  return { moved: { questionId, direction, ...result } };
}

const moveButton =
  "inline-flex min-h-11 min-w-11 items-center justify-center rounded-md border border-slate-400 bg-white px-3 text-sm font-semibold text-slate-900 hover:bg-slate-100 disabled:opacity-40";

export default function Questions() {
  const { event, questions } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const base = `/admin/events/${event.id}/questions`;
  const moved = fetcher.state === "idle" ? fetcher.data?.moved : undefined;
  // Reordering re-renders the list; keep the keyboard on the question that moved.
  useEffect(() => {
    if (!moved) return;
    const same = document.getElementById(`move-${moved.direction}-${moved.questionId}`) as HTMLButtonElement | null;
    const other = document.getElementById(`move-${moved.direction === "up" ? "down" : "up"}-${moved.questionId}`);
    (same && !same.disabled ? same : other)?.focus();
  }, [moved]);
  const position = moved ? questions.findIndex((q) => q.id === moved.questionId) + 1 : 0;
  return (
    <div className="space-y-6">
      <RegistrationSetupHeader
        event={event}
        title="Registration questions"
        actions={<ButtonLink to={`${base}/new`}>Add question</ButtonLink>}
      />
      <p className="text-sm text-slate-700">Every attendee answers these when registering, in this order.</p>
      <p role="status" aria-live="polite" className="sr-only">
        {moved
          ? moved.moved
            ? `“${moved.label}” is now question ${position} of ${questions.length}.`
            : `“${moved.label}” can't move ${moved.direction}.`
          : ""}
      </p>

      <section aria-labelledby="built-in-heading" className="space-y-2">
        <h2 id="built-in-heading" className="text-lg font-bold">
          Always asked
        </h2>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-slate-50">
          {BUILT_IN_QUESTIONS.map((q) => (
            <li key={q.label} className="flex flex-wrap items-start justify-between gap-2 p-4">
              <div>
                <p className="font-semibold">{q.label}</p>
                <p className="text-sm text-slate-700">{q.detail}</p>
              </div>
              <Badge>Built in, can't be changed</Badge>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="custom-heading" className="space-y-2">
        <h2 id="custom-heading" className="text-lg font-bold">
          This event's questions
        </h2>
        {questions.length === 0 ? (
          <EmptyState title="No questions of your own yet">
            Add questions such as a T-shirt size or which workshop people prefer.
          </EmptyState>
        ) : (
          <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm">
            {questions.map((q, i) => (
              <li key={q.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between">
                <div>
                  <p className="font-semibold">
                    <span className="mr-2 text-slate-500">{i + 1}.</span>
                    {q.label}
                  </p>
                  <p className="mt-1 flex flex-wrap gap-1">
                    <Badge tone="blue">{QUESTION_KIND_LABELS[q.kind]}</Badge>
                    {q.required ? <Badge tone="amber">Required</Badge> : <Badge>Optional</Badge>}
                  </p>
                  {q.help ? <p className="mt-1 text-sm text-slate-700">{q.help}</p> : null}
                  {q.options.length ? <p className="mt-1 text-sm text-slate-700">Options: {q.options.join(" · ")}</p> : null}
                </div>
                <div className="flex shrink-0 items-center gap-2">
                  <fetcher.Form method="post" className="flex gap-2">
                    <input type="hidden" name="questionId" value={q.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="move-up"
                      id={`move-up-${q.id}`}
                      disabled={i === 0}
                      aria-label={`Move “${q.label}” up`}
                      className={moveButton}
                    >
                      ↑
                    </button>
                    <button
                      type="submit"
                      name="intent"
                      value="move-down"
                      id={`move-down-${q.id}`}
                      disabled={i === questions.length - 1}
                      aria-label={`Move “${q.label}” down`}
                      className={moveButton}
                    >
                      ↓
                    </button>
                  </fetcher.Form>
                  <Link
                    to={`${base}/${q.id}`}
                    className="px-2 font-semibold text-brand-700 underline"
                    aria-label={`Edit “${q.label}”`}
                  >
                    Edit
                  </Link>
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
