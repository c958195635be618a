import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { acceptAwardSchema, REPLY_SCHEMAS } from "~/modules/scholarships/award.schema.ts";
import { acceptAward, awardForApplicant, declineAward } from "~/modules/scholarships/award-replies.server.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { badRequest, orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Badge, Button, Card } from "~/ui/components.tsx";
import { FormErrors } from "~/ui/form-fields.tsx";
import { AttendeeDetailsFields } from "~/ui/registration-form.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Your scholarship · ${data.event.name} · Summit` : "Award not found · Summit" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  return orNotFound(awardForApplicant(context.db, params.awardId ?? "", user.id));
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const formData = await request.formData();
  const intent = String(formData.get("intent"));
  if (!(intent in REPLY_SCHEMAS)) badRequest("Unknown action.");
  const submission = parseWithZod(formData, { schema: REPLY_SCHEMAS[intent as keyof typeof REPLY_SCHEMAS] });
  if (submission.status !== "success") return replyInvalid(submission);
  const awardId = params.awardId ?? "";
  const back = `/scholarships/awards/${awardId}`;
  try {
    if (submission.value.intent === "decline") {
      await declineAward(context.db, context.env, { awardId, userId: user.id });
      return redirectWithFlash(context.env, request, back, {
        kind: "info",
        message: "You declined the award. Thank you for letting us know so quickly.",
      });
    }
    const { intent: _intent, ...details } = submission.value;
    const result = await acceptAward(context.db, context.env, { awardId, userId: user.id, details });
    return redirectWithFlash(context.env, request, back, {
      kind: "success",
      message: result.registered
        ? "You accepted your scholarship and you're registered. See you there!"
        : `You accepted your scholarship. We'll register you together with ${result.waitingFor} as soon as they reply.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

const STATUS = {
  OFFERED: { label: "Awaiting your reply", tone: "amber" },
  ACCEPTED: { label: "Accepted", tone: "green" },
  DECLINED: { label: "Declined", tone: "slate" },
  LAPSED: { label: "Closed", tone: "slate" },
} as const;

function Amounts({ award }: { award: Data["award"] }) {
  const lines = [
    { label: "Registration fee waived", cents: award.waiverCents },
    { label: "Travel stipend", cents: award.travelCents },
    { label: "Lodging stipend", cents: award.lodgingCents },
  ].filter((l) => l.cents > 0);
  return (
    <dl className="divide-y divide-slate-200">
      {lines.map((l) => (
        <div key={l.label} className="flex justify-between gap-4 py-2">
          <dt>{l.label}</dt>
          <dd className="font-semibold tabular-nums">{formatMoney(l.cents)}</dd>
        </div>
      ))}
      <div className="flex justify-between gap-4 py-2 text-lg">
        <dt className="font-semibold">In all</dt>
        <dd className="font-bold tabular-nums">{formatMoney(award.committedCents)}</dd>
      </div>
    </dl>
  );
}

function AcceptForm({ data }: { data: Data }) {
  const navigation = useNavigation();
  const reply = useActionData<typeof action>() as SubmissionResult<string[]> | undefined;
  const mine = (reply?.initialValue as Record<string, unknown> | null | undefined)?.intent === "accept" ? reply : undefined;
  const [form] = useForm({
    id: "accept",
    lastResult: mine,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: acceptAwardSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const busy = navigation.formData?.get("intent") === "accept";
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="accept" />
      <p className="text-slate-700">
        Accepting registers you straight away as <strong>{data.applicant.name}</strong> ({data.applicant.email}), at no cost. We
        need a few details for your registration, as every attendee gives them.
      </p>
      <AttendeeDetailsFields
        formId={form.id}
        prefix=""
        values={{
          organisation: data.prefill.organisation,
          accessibilityNeeds: data.prefill.accessibilityNeeds,
          accessibilityNotes: data.prefill.accessibilityNotes,
        }}
        errors={form.allErrors}
        questions={data.questions}
      />
      <Button disabled={busy}>{busy ? "Accepting…" : "Accept and register"}</Button>
    </Form>
  );
}

function DeclineForm() {
  const navigation = useNavigation();
  const reply = useActionData<typeof action>() as SubmissionResult<string[]> | undefined;
  const mine = (reply?.initialValue as Record<string, unknown> | null | undefined)?.intent === "decline" ? reply : undefined;
  const [form] = useForm({ id: "decline", lastResult: mine });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="decline" />
      <p className="text-slate-700">
        Can't come after all? Declining lets the committee offer the money to someone else. It can't be undone.
      </p>
      <Button variant="secondary" disabled={navigation.formData?.get("intent") === "decline"}>
        Decline the award
      </Button>
    </Form>
  );
}

export default function AwardReply() {
  const data = useLoaderData<typeof loader>();
  const { award, event, partner } = data;
  const status = award.open || award.status !== "OFFERED" ? STATUS[award.status] : STATUS.LAPSED;
  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <p className="text-sm">
        <Link to="/scholarships" className="text-brand-700 underline">
          ← Your applications
        </Link>
      </p>
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Your scholarship for {event.name}</h1>
        <p className="text-slate-700">{event.when}</p>
      </div>
      <Card className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-lg font-bold">Your award</h2>
          <Badge tone={status.tone}>{status.label}</Badge>
        </div>
        <Amounts award={award} />
        {award.open ? (
          <p className="rounded-md bg-amber-50 p-3 text-amber-900">
            Please reply by <strong>{award.replyByLabel}</strong>.
          </p>
        ) : null}
        {partner ? (
          <p className="text-slate-700">
            Awarded together with <strong>{partner.name}</strong>
            {partner.status === "OFFERED"
              ? ", who hasn't replied yet. You'll be registered together, two seats side by side, once you have both accepted."
              : partner.status === "ACCEPTED"
                ? `, who has accepted${partner.registered ? " and is registered" : ""}.`
                : ", who can't come this time. You can still accept for yourself."}
          </p>
        ) : null}
      </Card>

      {award.status === "ACCEPTED" ? (
        <Card className="space-y-2">
          <h2 className="text-lg font-bold">{award.registrationId ? "You're registered" : "You accepted"}</h2>
          {award.registrationId ? (
            <p>
              Your place is confirmed at no cost. Your badge and details are on{" "}
              <Link to={`/registrations/${award.registrationId}`} className="font-semibold text-brand-700 underline">
                your registration
              </Link>{" "}
              and{" "}
              <Link to="/registrations" className="font-semibold text-brand-700 underline">
                My registrations
              </Link>
              . The organisers will be in touch about your travel and lodging stipend.
            </p>
          ) : (
            <p>
              We'll register you together with {partner?.name ?? "your partner"} as soon as they reply, and email you both. If
              they can't come, we register you on your own.
            </p>
          )}
        </Card>
      ) : null}
      {award.status === "DECLINED" ? (
        <Card>
          <p>You declined this award. Thank you for letting us know; we hope to see you at a future event.</p>
        </Card>
      ) : null}
      {award.status === "LAPSED" || (award.status === "OFFERED" && !award.open) ? (
        <Card>
          <p>
            The reply deadline has passed, so this offer has closed. If you think this is a mistake, please contact the
            organisers.
          </p>
        </Card>
      ) : null}

      {award.open ? (
        <>
          <Card className="space-y-3">
            <h2 className="text-lg font-bold">Accept</h2>
            <AcceptForm data={data} />
          </Card>
          <Card className="space-y-3">
            <h2 className="text-lg font-bold">Decline</h2>
            <DeclineForm />
          </Card>
        </>
      ) : null}
    </div>
  );
}
