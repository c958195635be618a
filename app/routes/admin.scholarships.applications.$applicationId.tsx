import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { ACCESSIBILITY_LABELS, type AccessibilityNeedValue } from "~/modules/registration/registration.schema.ts";
import { ROLE_LABELS } from "~/modules/scholarships/application.schema.ts";
import { applicantAlias, applicationStage } from "~/modules/scholarships/application-status.ts";
import { getApplicationForOrganiser } from "~/modules/scholarships/applications.server.ts";
import { assignmentIntentSchema } from "~/modules/scholarships/review.schema.ts";
import { assignReviewer, listReviewers, unassignReviewer } from "~/modules/scholarships/reviewer-assignment.server.ts";
import { applicationScores } from "~/modules/scholarships/reviews.server.ts";
import { readStory } from "~/modules/scholarships/story-access.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Badge, Button, ButtonLink, Card, PageHeader } from "~/ui/components.tsx";
import { FormErrors } from "~/ui/form-fields.tsx";
import { StageBadge } from "~/ui/scholarships.tsx";

export const meta: MetaFunction = () => [{ title: "Scholarship application · Admin · Summit" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const a = await orNotFound(getApplicationForOrganiser(context.db, params.applicationId ?? ""));
  // The story is read only when asked for, so every reading in the audit log was meant.
  const wantsStory = new URL(request.url).searchParams.get("story") === "1";
  const [story, scores, reviewers] = await Promise.all([
    wantsStory
      ? readStory(context.db, { applicationId: a.id, reader: user, purpose: "organiser", keys: context.env.scholarshipStoryKeys })
      : null,
    applicationScores(context.db, a.cycleId),
    listReviewers(context.db),
  ]);
  const zone = a.cycle.event.timeZone;
  const assigned = new Set(a.assignments.map((x) => x.reviewerId));
  return {
    id: a.id,
    alias: applicantAlias(a.id),
    applicant: a.applicant,
    role: a.role,
    stage: applicationStage({
      status: a.status,
      underReview: a.assignments.some((x) => !x.conflictDeclaredAt),
      award: a.award,
    }),
    status: a.status,
    cycle: { id: a.cycle.id, name: a.cycle.name, event: a.cycle.event.name },
    submitted: a.submittedAt ? formatDateTime(a.submittedAt, zone) : null,
    partner: a.partner,
    invitation: a.invitation && !a.invitation.acceptedAt ? { email: a.invitation.email } : null,
    request: {
      waiver: a.requestWaiver,
      travel: formatMoney(a.requestTravelCents),
      lodging: formatMoney(a.requestLodgingCents),
      needs: a.accessibilityNeeds.map((n) => ACCESSIBILITY_LABELS[n as AccessibilityNeedValue]),
      notes: a.accessibilityNotes,
      consentReviewersRead: a.consentReviewersRead,
      consentPublicQuote: a.consentPublicQuote,
    },
    story,
    erased: Boolean(a.storyErasedAt),
    score: scores.get(a.id) ?? null,
    criteria: a.cycle.criteria.map((c) => ({ id: c.id, name: c.name, weight: c.weight })),
    assignments: a.assignments.map((x) => ({
      id: x.id,
      reviewer: x.reviewer,
      recused: x.conflictDeclaredAt ? formatDateTime(x.conflictDeclaredAt, zone) : null,
      conflictReason: x.conflictReason,
      submitted: x.submittedAt ? formatDateTime(x.submittedAt, zone) : null,
      comment: x.comment,
      scores: Object.fromEntries(x.scores.map((s) => [s.criterionId, s.score])),
    })),
    available: reviewers.filter((r) => !assigned.has(r.id) && r.id !== a.applicantId),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const applicationId = params.applicationId ?? "";
  const submission = parseWithZod(await request.formData(), { schema: assignmentIntentSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  const here = `/admin/scholarships/applications/${applicationId}`;
  try {
    if (submission.value.intent === "assign") {
      await assignReviewer(context.db, user.id, applicationId, submission.value.reviewerId);
      return redirectWithFlash(context.env, request, here, { kind: "success", message: "Reviewer assigned." });
    }
    if (submission.value.intent === "unassign") {
      const { name } = await unassignReviewer(context.db, user.id, applicationId, submission.value.assignmentId);
      return redirectWithFlash(context.env, request, here, { kind: "success", message: `${name} unassigned.` });
    }
    return replyInvalid(submission);
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

const score = (n: number | null | undefined) => (n === null || n === undefined ? "—" : n.toFixed(2));

export default function AdminApplication() {
  const d = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const yes = (value: boolean) => (value ? "Yes" : "No");
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/admin/scholarships/cycles/${d.cycle.id}/applications`} className="font-semibold text-brand-700 underline">
          ← Applications of {d.cycle.name}
        </Link>
      </p>
      <PageHeader
        title={d.applicant.name}
        subtitle={`${d.alias} · ${ROLE_LABELS[d.role]} · ${d.cycle.event}`}
        actions={<StageBadge stage={d.stage} />}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <h2 className="text-lg font-semibold">Application</h2>
          <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
            <dt className="font-semibold text-slate-700">Contact</dt>
            <dd>
              {d.applicant.email}
              {d.applicant.organisation ? ` · ${d.applicant.organisation}` : ""}
            </dd>
            <dt className="font-semibold text-slate-700">Submitted</dt>
            <dd>{d.submitted ?? "Not yet"}</dd>
            <dt className="font-semibold text-slate-700">Pair</dt>
            <dd>
              {d.partner ? (
                <Link to={`/admin/scholarships/applications/${d.partner.id}`} className="text-brand-700 underline">
                  {d.partner.name} ({ROLE_LABELS[d.partner.role].toLowerCase()}, {d.partner.stage.toLowerCase()})
                </Link>
              ) : d.invitation ? (
                `Invited ${d.invitation.email}; not accepted yet`
              ) : (
                "Applies alone"
              )}
            </dd>
            <dt className="font-semibold text-slate-700">Asks for</dt>
            <dd>
              {d.request.waiver ? "Registration waiver; " : ""}travel {d.request.travel}; lodging {d.request.lodging}
            </dd>
            <dt className="font-semibold text-slate-700">Accessibility</dt>
            <dd>
              {d.request.needs.length ? d.request.needs.join(", ") : "None given"}
              {d.request.notes ? ` — ${d.request.notes}` : ""}
            </dd>
            <dt className="font-semibold text-slate-700">Reviewers may read the story</dt>
            <dd>{yes(d.request.consentReviewersRead)}</dd>
            <dt className="font-semibold text-slate-700">May be quoted publicly</dt>
            <dd>{yes(d.request.consentPublicQuote)}</dd>
          </dl>
        </Card>
        <Card className="space-y-3">
          <h2 className="text-lg font-semibold">Story and financial need</h2>
          {d.erased ? (
            <p>Erased under the retention policy; the numbers remain.</p>
          ) : d.story ? (
            <>
              <p className="text-sm text-slate-600">Your reading is recorded in the story-read log.</p>
              <p className="whitespace-pre-wrap leading-relaxed">{d.story.story || "—"}</p>
              <h3 className="font-semibold">Financial need</h3>
              <p className="whitespace-pre-wrap leading-relaxed">{d.story.financialNeed || "—"}</p>
            </>
          ) : (
            <>
              <p className="text-slate-700">Encrypted. Opening it is recorded with your name in the story-read log.</p>
              <div className="flex flex-wrap gap-2">
                <ButtonLink to="?story=1" variant="secondary">
                  Read the story
                </ButtonLink>
                <ButtonLink to={`/admin/scholarships/audit?application=${d.id}`} variant="secondary">
                  Who has read it
                </ButtonLink>
              </div>
            </>
          )}
        </Card>
      </div>

      <Card className="space-y-4">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 className="text-lg font-semibold">Reviews</h2>
          <p className="text-slate-800">
            Weighted mean <strong className="text-xl">{score(d.score?.mean)}</strong> from {d.score?.reviews ?? 0} review
            {d.score?.reviews === 1 ? "" : "s"}
            {d.score?.spread ? ` (lowest ${score(d.score.spread.min)}, highest ${score(d.score.spread.max)})` : ""}
          </p>
        </div>
        <FormErrors errors={lastResult?.error?.[""] ?? undefined} />
        {d.assignments.length === 0 ? (
          <p className="text-slate-700">No reviewers assigned yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Reviewers and their scores</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Reviewer
                  </th>
                  {d.criteria.map((c) => (
                    <th key={c.id} scope="col" className="px-3 py-2 text-right">
                      {c.name} <span className="font-normal">×{c.weight}</span>
                    </th>
                  ))}
                  <th scope="col" className="px-3 py-2">
                    Private comment
                  </th>
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {d.assignments.map((x) => (
                  <tr key={x.id}>
                    <td className="px-3 py-2">
                      <span className="font-semibold">{x.reviewer.name}</span>
                      <span className="block">
                        {x.recused ? (
                          <Badge tone="amber">Recused {x.recused}</Badge>
                        ) : x.submitted ? (
                          <Badge tone="green">Submitted</Badge>
                        ) : (
                          <Badge>Not submitted</Badge>
                        )}
                      </span>
                      {x.recused && x.conflictReason ? <span className="block text-slate-600">“{x.conflictReason}”</span> : null}
                    </td>
                    {d.criteria.map((c) => (
                      <td key={c.id} className="px-3 py-2 text-right tabular-nums">
                        {x.scores[c.id] ?? "—"}
                      </td>
                    ))}
                    <td className="px-3 py-2 text-slate-800">{x.comment || "—"}</td>
                    <td className="px-3 py-2">
                      {!x.recused && !x.submitted ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="unassign" />
                          <input type="hidden" name="assignmentId" value={x.id} />
                          <Button variant="secondary" disabled={busy}>
                            Unassign<span className="sr-only"> {x.reviewer.name}</span>
                          </Button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {d.status === "SUBMITTED" ? (
          d.available.length ? (
            <Form method="post" className="flex flex-wrap items-end gap-3 border-t border-slate-200 pt-4">
              <input type="hidden" name="intent" value="assign" />
              <div>
                <label htmlFor="reviewerId" className="block text-sm font-semibold">
                  Assign a reviewer
                </label>
                <select id="reviewerId" name="reviewerId" className="rounded-md border border-slate-400 px-3 py-2">
                  {d.available.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name} ({r.email})
                    </option>
                  ))}
                </select>
              </div>
              <Button disabled={busy}>Assign</Button>
            </Form>
          ) : (
            <p className="text-sm text-slate-700">Every reviewer is already assigned to this application.</p>
          )
        ) : null}
      </Card>
    </div>
  );
}
