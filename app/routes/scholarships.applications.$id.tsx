import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { ACCESSIBILITY_LABELS, type AccessibilityNeedValue } from "~/modules/registration/registration.schema.ts";
import { applicationIntentSchema, inviteCaregiverSchema, ROLE_LABELS } from "~/modules/scholarships/application.schema.ts";
import { applicationStage, applicationTimeline } from "~/modules/scholarships/application-status.ts";
import { getOwnApplication, OPEN_STATUSES, withdrawApplication } from "~/modules/scholarships/applications.server.ts";
import { INVITATION_DAYS, inviteCaregiver } from "~/modules/scholarships/caregiver-invitations.server.ts";
import { cycleIsOpen } from "~/modules/scholarships/cycles.server.ts";
import { formatDateRange, formatDateTime } from "~/shared/dates.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { badRequest, orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Button, ButtonLink, Card, PageHeader } from "~/ui/components.tsx";
import { FormErrors, TextField } from "~/ui/form-fields.tsx";
import { ApplicationTimeline, StageBadge } from "~/ui/scholarships.tsx";

export const meta: MetaFunction = () => [{ title: "My scholarship application · Summit" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const a = await orNotFound(getOwnApplication(context.db, user.id, params.id ?? ""));
  const zone = a.cycle.event.timeZone;
  const progress = { ...a, underReview: a.assignments.length > 0 };
  const open = cycleIsOpen(a.cycle) && OPEN_STATUSES.includes(a.status);
  return {
    id: a.id,
    role: a.role,
    status: a.status,
    stage: applicationStage(progress),
    timeline: applicationTimeline(progress),
    awardId: a.award?.id ?? null,
    zone,
    cycle: { id: a.cycle.id, name: a.cycle.name, closes: formatDateTime(a.cycle.closesAt, zone) },
    event: { name: a.cycle.event.name, when: formatDateRange(a.cycle.event.startsAt, a.cycle.event.endsAt, zone) },
    request: {
      waiver: a.requestWaiver,
      travel: formatMoney(a.requestTravelCents),
      lodging: formatMoney(a.requestLodgingCents),
      needs: a.accessibilityNeeds.map((n) => ACCESSIBILITY_LABELS[n as AccessibilityNeedValue]),
      consentReviewersRead: a.consentReviewersRead,
      consentPublicQuote: a.consentPublicQuote,
    },
    editable: open,
    withdrawable: OPEN_STATUSES.includes(a.status),
    partner: a.partner,
    invitation:
      a.invitation && !a.invitation.acceptedAt
        ? {
            email: a.invitation.email,
            expires: formatDateTime(a.invitation.expiresAt, zone),
            expired: a.invitation.expiresAt <= new Date(),
          }
        : null,
    canInvite: open && a.role === "PATIENT" && !a.pairId,
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const id = params.id ?? "";
  const formData = await request.formData();
  const here = `/scholarships/applications/${id}`;
  if (formData.get("intent") === "invite-caregiver") {
    const submission = parseWithZod(formData, { schema: inviteCaregiverSchema });
    if (submission.status !== "success") return replyInvalid(submission);
    try {
      const { email } = await inviteCaregiver(context.db, context.env, {
        patientId: user.id,
        applicationId: id,
        email: submission.value.email,
      });
      return redirectWithFlash(context.env, request, here, {
        kind: "success",
        message: `Invitation sent to ${email}. The link works for ${INVITATION_DAYS} days.`,
      });
    } catch (error) {
      return replyWithRuleViolation(submission, error);
    }
  }
  const parsed = applicationIntentSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) badRequest("Unknown action.");
  try {
    await orNotFound(withdrawApplication(context.db, user.id, id));
  } catch (error) {
    if (error instanceof RuleViolation)
      return redirectWithFlash(context.env, request, here, { kind: "error", message: error.message });
    throw error;
  }
  return redirectWithFlash(context.env, request, here, { kind: "success", message: "Your application is withdrawn." });
}

function InviteCaregiver() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "invite-caregiver",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteCaregiverSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="mt-3 flex flex-wrap items-end gap-3">
      <input type="hidden" name="intent" value="invite-caregiver" />
      <div className="w-full">
        <FormErrors id={form.errorId} errors={form.errors} />
      </div>
      <div className="min-w-64 grow">
        <TextField field={fields.email} label="Your caregiver's email" type="email" autoComplete="off" />
      </div>
      <Button variant="secondary" disabled={navigation.state === "submitting"}>
        Send invitation
      </Button>
    </Form>
  );
}

export default function MyApplication() {
  const d = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const yes = (value: boolean) => (value ? "Yes" : "No");
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader
        title="My scholarship application"
        subtitle={`${d.event.name} · ${d.event.when} · ${d.cycle.name}`}
        actions={
          d.editable ? (
            <ButtonLink to={`/scholarships/apply/${d.cycle.id}`}>{d.status === "DRAFT" ? "Continue" : "Edit"}</ButtonLink>
          ) : null
        }
      />
      <Card className="space-y-5">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 className="text-lg font-semibold">Where it stands</h2>
          <StageBadge stage={d.stage} />
        </div>
        {d.status === "WITHDRAWN" ? (
          <p role="status" className="rounded-md bg-slate-100 p-3">
            You withdrew this application. It won't be reviewed.
          </p>
        ) : null}
        <ApplicationTimeline steps={d.timeline} timeZone={d.zone} />
        {d.awardId ? <ButtonLink to={`/scholarships/awards/${d.awardId}`}>Your award</ButtonLink> : null}
        {d.editable ? (
          <p className="text-sm text-slate-700">
            You can change your answers until <strong>{d.cycle.closes}</strong>.
          </p>
        ) : null}
      </Card>

      <Card className="space-y-3">
        <h2 className="text-lg font-semibold">{d.role === "PATIENT" ? "Your caregiver" : "Applying together"}</h2>
        {d.partner ? (
          <p>
            You apply together with <strong>{d.partner.name}</strong> ({ROLE_LABELS[d.partner.role].toLowerCase()}). Their
            application: <StageBadge stage={d.partner.stage} />. The two applications are decided together.
          </p>
        ) : d.role === "CAREGIVER" ? (
          <p className="text-slate-700">
            You apply on your own. A patient you care for can invite you to pair your applications.
          </p>
        ) : (
          <>
            <p className="text-slate-700">
              Does someone care for you? Invite them to apply with you: your applications are decided together, so you can attend
              together. One caregiver per patient.
            </p>
            {d.invitation ? (
              <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-950">
                {d.invitation.expired
                  ? `Your invitation to ${d.invitation.email} expired on ${d.invitation.expires}. Send a new one below.`
                  : `Invitation sent to ${d.invitation.email}; it works until ${d.invitation.expires}. Sending again replaces it.`}
              </p>
            ) : null}
            {d.canInvite ? <InviteCaregiver /> : null}
          </>
        )}
      </Card>

      <Card>
        <h2 className="text-lg font-semibold">What you asked for</h2>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
          <dt className="font-semibold text-slate-700">Applying as</dt>
          <dd>{ROLE_LABELS[d.role]}</dd>
          <dt className="font-semibold text-slate-700">Registration waiver</dt>
          <dd>{yes(d.request.waiver)}</dd>
          <dt className="font-semibold text-slate-700">Travel</dt>
          <dd>{d.request.travel}</dd>
          <dt className="font-semibold text-slate-700">Lodging</dt>
          <dd>{d.request.lodging}</dd>
          <dt className="font-semibold text-slate-700">Accessibility needs</dt>
          <dd>{d.request.needs.length ? d.request.needs.join(", ") : "None given"}</dd>
          <dt className="font-semibold text-slate-700">Reviewers may read your story</dt>
          <dd>{yes(d.request.consentReviewersRead)}</dd>
          <dt className="font-semibold text-slate-700">We may quote your story</dt>
          <dd>{yes(d.request.consentPublicQuote)}</dd>
        </dl>
        <p className="mt-3 text-sm text-slate-600">
          Your story and financial need are encrypted;{" "}
          {d.editable ? "open Edit to read or change them" : "they are kept as you sent them"}.
        </p>
      </Card>

      {d.withdrawable ? (
        <Card>
          <h2 className="font-semibold">Withdraw your application</h2>
          <p className="mt-1 text-sm text-slate-700">It won't be reviewed, and you can't reopen it.</p>
          <Form
            method="post"
            className="mt-3"
            onSubmit={(e) => {
              if (!window.confirm("Withdraw your application? You can't undo this.")) e.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="withdraw" />
            <Button variant="danger" disabled={navigation.state === "submitting"}>
              Withdraw application
            </Button>
          </Form>
        </Card>
      ) : null}
      <p>
        <Link to="/scholarships" className="font-semibold text-brand-700 underline">
          All my applications
        </Link>
      </p>
    </div>
  );
}
