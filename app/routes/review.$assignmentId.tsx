import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { ACCESSIBILITY_LABELS, type AccessibilityNeedValue } from "~/modules/registration/registration.schema.ts";
import { ROLE_LABELS } from "~/modules/scholarships/application.schema.ts";
import {
  conflictSchema,
  REVIEW_STATE_LABELS,
  reviewSchema,
  SCORE_LABELS,
  SCORE_MAX,
  SCORE_MIN,
} from "~/modules/scholarships/review.schema.ts";
import { declareConflict, getReviewAssignment, reviewCriteria, saveReview } from "~/modules/scholarships/reviews.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { ForbiddenError } from "~/shared/errors.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Badge, Button, Card, PageHeader } from "~/ui/components.tsx";
import { FieldErrors, FormErrors, TextField } from "~/ui/form-fields.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Review ${data?.title ?? ""} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "REVIEWER");
  const review = await orNotFound(
    getReviewAssignment(context.db, context.env.scholarshipStoryKeys, user, params.assignmentId ?? ""),
  );
  const zone = review.cycle.event.timeZone;
  const { application } = review;
  return {
    ...review,
    title: application.applicant?.name ?? application.alias,
    submittedLabel: review.submittedAt ? formatDateTime(review.submittedAt, zone) : null,
    request: {
      waiver: application.requestWaiver,
      travel: formatMoney(application.requestTravelCents),
      lodging: formatMoney(application.requestLodgingCents),
      total: formatMoney(application.requestTravelCents + application.requestLodgingCents),
      needs: application.accessibilityNeeds.map((n) => ACCESSIBILITY_LABELS[n as AccessibilityNeedValue]),
    },
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "REVIEWER");
  const assignmentId = params.assignmentId ?? "";
  const formData = await request.formData();
  const here = `/review/${assignmentId}`;
  if (formData.get("intent") === "declare-conflict") {
    const submission = parseWithZod(formData, { schema: conflictSchema });
    if (submission.status !== "success") return replyInvalid(submission);
    try {
      const { replaced } = await declareConflict(context.db, user.id, assignmentId, submission.value.reason);
      return redirectWithFlash(context.env, request, "/review", {
        kind: "success",
        message: `You are recused from this application${replaced ? "; another reviewer takes your place" : ""}.`,
      });
    } catch (error) {
      return replyWithRuleViolation(submission, error);
    }
  }
  const criteria = await orNotFound(reviewCriteria(context.db, user.id, assignmentId));
  const submission = parseWithZod(formData, { schema: reviewSchema(criteria) });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const { submitted } = await saveReview(context.db, user.id, assignmentId, submission.value);
    return redirectWithFlash(context.env, request, submitted ? "/review" : here, {
      kind: "success",
      message: submitted ? "Review submitted. Thank you." : "Draft saved.",
    });
  } catch (error) {
    // A recused reviewer's post: the form says why instead of an error page.
    if (error instanceof ForbiddenError) return data(submission.reply({ formErrors: [error.message] }), { status: 403 });
    return replyWithRuleViolation(submission, error);
  }
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

/** Two forms share the action's reply: each shows only the replies to its own intent. */
function useReplyFor(conflict: boolean) {
  const reply = useActionData<typeof action>();
  const intent = (reply?.initialValue as { intent?: unknown } | null | undefined)?.intent;
  return (intent === "declare-conflict") === conflict ? reply : undefined;
}

function ScoringForm({ review }: { review: Loaded }) {
  const lastResult = useReplyFor(false);
  const navigation = useNavigation();
  const schema = reviewSchema(review.criteria);
  const [form, fields] = useForm({
    id: "review",
    lastResult,
    defaultValue: {
      scores: Object.fromEntries(Object.entries(review.scores).map(([id, score]) => [id, String(score)])),
      comment: review.comment,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const scoreFields = fields.scores.getFieldset();
  const values = (form.value?.scores ?? {}) as Record<string, string | undefined>;
  const scored = review.criteria.filter((c) => values[c.id]);
  const weight = scored.reduce((sum, c) => sum + c.weight, 0);
  const mean = weight ? scored.reduce((sum, c) => sum + Number(values[c.id]) * c.weight, 0) / weight : null;
  const totalWeight = review.criteria.reduce((sum, c) => sum + c.weight, 0);
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-5">
      <FormErrors id={form.errorId} errors={form.errors} />
      {review.criteria.map((c) => {
        const field = scoreFields[c.id];
        return (
          <fieldset
            key={c.id}
            className="rounded-md border border-slate-200 p-4"
            aria-invalid={field.errors?.length ? true : undefined}
            aria-describedby={[`${field.id}-hint`, field.errors?.length ? field.errorId : ""].filter(Boolean).join(" ")}
          >
            <legend className="px-1 font-semibold text-slate-900">
              {c.name}{" "}
              <span className="font-normal text-slate-600">
                · weight {c.weight} of {totalWeight}
              </span>
            </legend>
            <p id={`${field.id}-hint`} className="text-sm text-slate-700">
              {c.description || "Score 1 (weak) to 5 (outstanding)."}
            </p>
            <div className="mt-3 grid grid-cols-5 gap-2">
              {Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => SCORE_MIN + i).map((n) => (
                <label
                  key={n}
                  className="group flex cursor-pointer flex-col items-center rounded-md border border-slate-300 px-1 py-2 text-center hover:border-brand-600 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-700 has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600"
                >
                  <input
                    type="radio"
                    name={field.name}
                    value={n}
                    defaultChecked={field.initialValue === String(n)}
                    className="sr-only"
                  />
                  <span className="text-lg font-bold text-slate-900 group-has-[:checked]:text-white">{n}</span>
                  <span className="text-[0.7rem] leading-tight text-slate-700 group-has-[:checked]:text-white">
                    {SCORE_LABELS[n]}
                  </span>
                </label>
              ))}
            </div>
            <FieldErrors id={field.errorId} errors={field.errors} />
          </fieldset>
        );
      })}
      <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-800" aria-live="polite">
        Your weighted score: <strong className="text-base">{mean === null ? "—" : mean.toFixed(2)}</strong> of 5
        {scored.length < review.criteria.length ? ` (${review.criteria.length - scored.length} criteria still to score)` : ""}
      </p>
      <div className="space-y-1">
        <label htmlFor={fields.comment.id} className="block text-sm font-semibold text-slate-800">
          Private comment
        </label>
        <textarea
          {...getTextareaProps(fields.comment, { ariaDescribedBy: fields.comment.descriptionId })}
          key={fields.comment.key}
          rows={4}
          className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm"
        />
        <p id={fields.comment.descriptionId} className="text-sm text-slate-600">
          Only the committee sees it; never the applicant.
        </p>
        <FieldErrors id={fields.comment.errorId} errors={fields.comment.errors} />
      </div>
      <div className="flex flex-wrap gap-3">
        <Button name="intent" value="submit" disabled={navigation.state === "submitting"}>
          {review.state === "submitted" ? "Update review" : "Submit review"}
        </Button>
        {review.state === "submitted" ? null : (
          <Button name="intent" value="save" variant="secondary" disabled={navigation.state === "submitting"}>
            Save draft
          </Button>
        )}
      </div>
    </Form>
  );
}

function ConflictForm() {
  const lastResult = useReplyFor(true);
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "conflict",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: conflictSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="mt-3 space-y-3"
      onSubmit={(e) => {
        if (!window.confirm("Declare a conflict of interest? You won't be able to read or score this application again."))
          e.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value="declare-conflict" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <TextField
        field={fields.reason}
        label="Why (the committee sees this)"
        hint="For example: “I know the applicant personally”."
      />
      <Button variant="danger" disabled={navigation.state === "submitting"}>
        Declare a conflict and step aside
      </Button>
    </Form>
  );
}

export default function ReviewApplication() {
  const review = useLoaderData<typeof loader>();
  const { application } = review;
  const state = REVIEW_STATE_LABELS[review.state];
  const scoring = review.state === "to-score" || review.state === "draft" || review.state === "submitted";
  return (
    <div className="space-y-6">
      <PageHeader
        title={review.title}
        subtitle={`${review.cycle.event.name} · ${review.cycle.name}`}
        actions={<Badge tone={state.tone}>{state.label}</Badge>}
      />
      <p className="text-sm">
        <Link to="/review" className="font-semibold text-brand-700 underline">
          ← My reviews
        </Link>
      </p>
      {review.cycle.blindReview ? (
        <p className="rounded-md border border-brand-100 bg-brand-50 p-3 text-sm text-slate-800">
          <strong>Blind review.</strong> The applicant's name, email and contact details are hidden; judge the application on what
          it says.
        </p>
      ) : null}
      {review.state === "recused" ? (
        <Card>
          <p role="status" className="text-lg">
            You declared a conflict of interest{review.conflictReason ? ` (“${review.conflictReason}”)` : ""}. You can no longer
            read or score this application.
          </p>
        </Card>
      ) : review.state === "closed" ? (
        <Card>
          <p role="status" className="text-lg">
            This application is no longer under review{application.status === "WITHDRAWN" ? ": the applicant withdrew it" : ""}.
          </p>
        </Card>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[1fr_28rem]">
        <div className="space-y-6">
          <Card>
            <h2 className="text-lg font-semibold">The application</h2>
            <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
              {application.applicant ? (
                <>
                  <dt className="font-semibold text-slate-700">Applicant</dt>
                  <dd>
                    {application.applicant.name} · {application.applicant.email}
                    {application.applicant.organisation ? ` · ${application.applicant.organisation}` : ""}
                  </dd>
                </>
              ) : null}
              <dt className="font-semibold text-slate-700">Applying as</dt>
              <dd>{ROLE_LABELS[application.role]}</dd>
              {application.partner ? (
                <>
                  <dt className="font-semibold text-slate-700">Applies together with</dt>
                  <dd>
                    {application.partner.label} ({ROLE_LABELS[application.partner.role].toLowerCase()})
                  </dd>
                </>
              ) : null}
              <dt className="font-semibold text-slate-700">Asks for</dt>
              <dd>
                {review.request.waiver ? "Registration waiver, " : ""}travel {review.request.travel}, lodging{" "}
                {review.request.lodging} (stipends {review.request.total})
              </dd>
              <dt className="font-semibold text-slate-700">Accessibility needs</dt>
              <dd>{review.request.needs.length ? review.request.needs.join(", ") : "None given"}</dd>
            </dl>
          </Card>
          {review.story ? (
            <Card className="space-y-4">
              <div>
                <h2 className="text-lg font-semibold">Their story</h2>
                <p className="text-sm text-slate-600">Confidential. Your reading of it is recorded.</p>
              </div>
              <p className="whitespace-pre-wrap text-base leading-relaxed text-slate-900">{review.story.story || "—"}</p>
              <h3 className="font-semibold">Financial need</h3>
              <p className="whitespace-pre-wrap text-base leading-relaxed text-slate-900">{review.story.financialNeed || "—"}</p>
            </Card>
          ) : scoring ? (
            <Card>
              <p>The applicant has not agreed to reviewers reading their story.</p>
            </Card>
          ) : null}
        </div>
        {scoring ? (
          <div className="space-y-6">
            <Card>
              <h2 className="text-lg font-semibold">Your scores</h2>
              {review.submittedLabel ? <p className="text-sm text-slate-700">Submitted {review.submittedLabel}.</p> : null}
              <div className="mt-4">
                <ScoringForm review={review} />
              </div>
            </Card>
            <Card>
              <h2 className="font-semibold">Conflict of interest</h2>
              <p className="mt-1 text-sm text-slate-700">
                Do you know the applicant, or could you not judge fairly? Step aside: another reviewer takes your place.
              </p>
              <ConflictForm />
            </Card>
          </div>
        ) : null}
      </div>
    </div>
  );
}
