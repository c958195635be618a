import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { formatAnswer } from "~/modules/registration/questions.ts";
import { ACCESSIBILITY_LABELS } from "~/modules/registration/registration.schema.ts";
import { attendeeDetailsSchema, cancelSchema, transferSchema } from "~/modules/registration/self-service.schema.ts";
import {
  cancelRegistration,
  editAttendeeDetails,
  registrationForPerson,
  transferRegistration,
} from "~/modules/registration/self-service.server.ts";
import { formatDateRange, formatDateTime } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { badRequest, orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Button, Card, PageHeader } from "~/ui/components.tsx";
import { FormErrors, TextField } from "~/ui/form-fields.tsx";
import { AttendeeDetailsFields, type AttendeeValues, RegistrationStatusBadge } from "~/ui/registration-form.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.attendee.name} · ${data.event.name} · Summit` : "Registration not found · Summit" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const view = await orNotFound(registrationForPerson(context.db, params.id ?? "", { id: user.id, email: user.email }));
  const { registration: r, refund, policy, editCutoff } = view;
  const zone = r.event.timeZone;
  return {
    id: r.id,
    status: r.status,
    event: {
      slug: r.event.slug,
      name: r.event.name,
      when: formatDateRange(r.event.startsAt, r.event.endsAt, zone),
      where: `${r.event.campus.name} campus, ${r.event.campus.address}`,
    },
    ticketName: r.ticketType.name,
    order: { id: r.order.id, reference: r.order.reference, buyerName: r.order.buyerName },
    isBuyer: view.isBuyer,
    attendee: {
      name: r.attendeeName,
      email: r.attendeeEmail,
      organisation: r.organisation,
      pronouns: r.pronouns,
      accessibilityNeeds: r.accessibilityNeeds,
      accessibilityNotes: r.accessibilityNotes,
      photoConsent: r.photoConsent,
      answers: (r.answers ?? {}) as Record<string, string | string[]>,
    },
    transferredTo: r.transferredTo,
    transferredFrom: r.transferredFrom?.attendeeName ?? null,
    questions: view.questions,
    can: view.can,
    editCutoff: formatDateTime(editCutoff, zone),
    refund: {
      amountCents: refund.amountCents,
      amount: formatMoney(refund.amountCents, r.order.currency),
      price: formatMoney(r.priceCents - r.refundedCents, r.order.currency),
      deadline: formatDateTime(refund.deadline, zone),
      beforeDeadline: refund.beforeDeadline,
      days: policy.refundFullUntilDays,
      paid: r.priceCents - r.refundedCents > 0,
    },
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const person = { id: user.id, email: user.email };
  const id = params.id ?? "";
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "edit") {
    const submission = parseWithZod(formData, { schema: attendeeDetailsSchema });
    if (submission.status !== "success") return replyInvalid(submission);
    try {
      const { badgeChanged } = await editAttendeeDetails(context.db, person, id, submission.value);
      return redirectWithFlash(context.env, request, `/registrations/${id}`, {
        kind: "success",
        message: badgeChanged ? "Details saved. Your badge has been updated." : "Details saved.",
      });
    } catch (error) {
      return replyWithRuleViolation(submission, error);
    }
  }
  if (intent === "transfer") {
    const submission = parseWithZod(formData, { schema: transferSchema });
    if (submission.status !== "success") return replyInvalid(submission);
    try {
      const created = await transferRegistration(context.db, context.env, person, id, submission.value);
      return redirectWithFlash(context.env, request, `/registrations/${created.id}`, {
        kind: "success",
        message: `Ticket transferred to ${created.attendeeName}. We've emailed them at ${created.attendeeEmail}.`,
      });
    } catch (error) {
      return replyWithRuleViolation(submission, error);
    }
  }
  if (intent === "cancel") {
    const submission = parseWithZod(formData, { schema: cancelSchema });
    if (submission.status !== "success") return replyInvalid(submission);
    try {
      const result = await cancelRegistration(context.db, context.env, person, id, submission.value);
      const refunded = formatMoney(result.amountCents);
      const message =
        result.status === "FAILED"
          ? `${result.attendeeName}'s registration is cancelled, but the card refund of ${refunded} failed (${result.failure ?? "declined"}). The organisers have been told and will follow up.`
          : result.amountCents > 0
            ? `${result.attendeeName}'s registration is cancelled. ${refunded} is being refunded to the card that paid; it takes 5–10 days to appear.`
            : `${result.attendeeName}'s registration is cancelled.`;
      return redirectWithFlash(context.env, request, `/registrations/${id}`, {
        kind: result.status === "FAILED" ? "error" : "success",
        message,
      });
    } catch (error) {
      return replyWithRuleViolation(submission, error);
    }
  }
  badRequest("Unknown action.");
}

/** Which form a reply belongs to: each form posts its own `intent`. */
function replyFor(result: SubmissionResult<string[]> | undefined, intent: string) {
  return (result?.initialValue as { intent?: string } | undefined)?.intent === intent ? result : undefined;
}

export default function RegistrationPage() {
  const data = useLoaderData<typeof loader>();
  const { attendee, event } = data;
  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to="/registrations" className="text-brand-700 underline">
          My registrations
        </Link>{" "}
        / {attendee.name}
      </nav>
      <PageHeader
        title={`${event.name}: ${attendee.name}`}
        subtitle={`${event.when} · ${event.where}`}
        actions={<RegistrationStatusBadge status={data.status} />}
      />
      {data.status === "TRANSFERRED" && data.transferredTo ? (
        <p role="status" className="rounded-md border border-slate-300 bg-slate-50 p-4">
          This ticket was transferred to {data.transferredTo.attendeeName} ({data.transferredTo.attendeeEmail}); this badge no
          longer works.{" "}
          {data.isBuyer ? (
            <Link to={`/registrations/${data.transferredTo.id}`} className="font-semibold text-brand-700 underline">
              See their registration
            </Link>
          ) : null}
        </p>
      ) : null}
      {data.status === "CANCELLED" ? (
        <p role="status" className="rounded-md border border-slate-300 bg-slate-50 p-4">
          This registration is cancelled.
        </p>
      ) : null}
      <Summary />
      {data.can.edit ? <EditDetails /> : null}
      {data.status === "CONFIRMED" && !data.can.edit ? (
        <p className="text-slate-700">
          Details could be changed online until {data.editCutoff}. For changes now, please see the registration desk.
        </p>
      ) : null}
      {data.can.transfer ? <Transfer /> : null}
      {data.can.cancel ? <Cancel /> : null}
      {data.status === "CONFIRMED" && !data.isBuyer ? (
        <p className="text-slate-700">To transfer or cancel this ticket, ask {data.order.buyerName}, who bought it.</p>
      ) : null}
    </article>
  );
}

function Summary() {
  const data = useLoaderData<typeof loader>();
  const { attendee } = data;
  const needs = attendee.accessibilityNeeds.map((n) => ACCESSIBILITY_LABELS[n]);
  return (
    <Card>
      <h2 className="text-lg font-bold">Registration</h2>
      <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-2">
        <div>
          <dt className="font-semibold text-slate-700">Ticket</dt>
          <dd>{data.ticketName}</dd>
        </div>
        <div>
          <dt className="font-semibold text-slate-700">Order</dt>
          <dd>
            {data.isBuyer ? (
              <Link to={`/orders/${data.order.id}`} className="text-brand-700 underline">
                {data.order.reference}
              </Link>
            ) : (
              `${data.order.reference}, bought by ${data.order.buyerName}`
            )}
          </dd>
        </div>
        <div>
          <dt className="font-semibold text-slate-700">Attendee</dt>
          <dd>
            {attendee.name}
            <span className="block break-all text-slate-600">{attendee.email}</span>
            {data.transferredFrom ? <span className="block text-slate-600">Transferred from {data.transferredFrom}</span> : null}
          </dd>
        </div>
        <div>
          <dt className="font-semibold text-slate-700">Organisation</dt>
          <dd>{attendee.organisation || "—"}</dd>
        </div>
        <div>
          <dt className="font-semibold text-slate-700">Pronouns</dt>
          <dd>{attendee.pronouns || "—"}</dd>
        </div>
        <div>
          <dt className="font-semibold text-slate-700">Accessibility needs</dt>
          <dd>
            {needs.length ? needs.join(", ") : "None given"}
            {attendee.accessibilityNotes ? <span className="block text-slate-600">{attendee.accessibilityNotes}</span> : null}
          </dd>
        </div>
        <div>
          <dt className="font-semibold text-slate-700">Photos and recordings</dt>
          <dd>{attendee.photoConsent ? "Agreed" : "No photos, please (the badge shows a no-photo mark)"}</dd>
        </div>
        {data.questions.map((q) => (
          <div key={q.id}>
            <dt className="font-semibold text-slate-700">{q.label}</dt>
            <dd>{formatAnswer(attendee.answers[q.id]) || "—"}</dd>
          </div>
        ))}
      </dl>
      {data.status === "CONFIRMED" ? (
        <p className="mt-4 flex flex-wrap gap-x-4 text-sm">
          <Link to={`/registrations/${data.id}/badge`} className="font-semibold text-brand-700 underline">
            Badge
          </Link>
          <a href={`/events/${data.event.slug}/calendar.ics`} className="font-semibold text-brand-700 underline">
            Add to calendar
          </a>
        </p>
      ) : null}
    </Card>
  );
}

function EditDetails() {
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const lastResult = replyFor(useActionData<typeof action>(), "edit");
  const { attendee } = data;
  const [form, fields] = useForm({
    id: "details",
    lastResult,
    defaultValue: {
      name: attendee.name,
      organisation: attendee.organisation,
      pronouns: attendee.pronouns,
      accessibilityNeeds: attendee.accessibilityNeeds,
      accessibilityNotes: attendee.accessibilityNotes,
      photoConsent: attendee.photoConsent ? "yes" : "no",
      answers: attendee.answers,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: attendeeDetailsSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "edit";
  return (
    <section aria-labelledby="edit-heading">
      <Card>
        <h2 id="edit-heading" className="text-lg font-bold">
          Change details
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          You can change these until {data.editCutoff}. To change the email, transfer the ticket.
        </p>
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="edit" />
          <TextField field={fields.name} label="Full name" hint="As it should appear on the badge." autoComplete="name" />
          <AttendeeDetailsFields
            formId={form.id}
            prefix=""
            values={(form.initialValue ?? {}) as AttendeeValues}
            errors={form.allErrors}
            questions={data.questions}
          />
          <Button disabled={busy}>{busy ? "Saving…" : "Save details"}</Button>
        </Form>
      </Card>
    </section>
  );
}

function Transfer() {
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const lastResult = replyFor(useActionData<typeof action>(), "transfer");
  const [form, fields] = useForm({
    id: "transfer",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: transferSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "transfer";
  return (
    <section aria-labelledby="transfer-heading">
      <Card>
        <h2 id="transfer-heading" className="text-lg font-bold">
          Transfer this ticket
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          Can't go? Give the seat to someone else. {data.attendee.name}'s badge stops working, the new attendee gets a badge of
          their own and an email asking them to complete their details.
        </p>
        <Form method="post" {...getFormProps(form)} className="mt-4 grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <FormErrors id={form.errorId} errors={form.errors} />
          </div>
          <input type="hidden" name="intent" value="transfer" />
          <TextField field={fields.name} label="New attendee's name" />
          <TextField field={fields.email} label="New attendee's email" type="email" />
          <div className="sm:col-span-2">
            <Button variant="secondary" disabled={busy}>
              {busy ? "Transferring…" : "Transfer ticket"}
            </Button>
          </div>
        </Form>
      </Card>
    </section>
  );
}

function Cancel() {
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const lastResult = replyFor(useActionData<typeof action>(), "cancel");
  const [form] = useForm({ id: "cancel", lastResult });
  const { refund } = data;
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "cancel";
  return (
    <section aria-labelledby="cancel-heading">
      <Card>
        <h2 id="cancel-heading" className="text-lg font-bold">
          Cancel this registration
        </h2>
        <p className="mt-1 text-sm text-slate-700">
          Refund policy: a full refund of the seat's price until {refund.days} days before the event starts ({refund.deadline});
          no refund after that.
        </p>
        <p className="mt-2 font-semibold">
          {!refund.paid
            ? "This seat was free: cancelling gives the seat back, with nothing to refund."
            : refund.beforeDeadline
              ? `Cancelling now refunds ${refund.amount} to the card that paid.`
              : `The refund deadline has passed: cancelling now refunds nothing (the seat cost ${refund.price}).`}
        </p>
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-3">
          <FormErrors id={form.errorId} errors={[...(form.errors ?? []), ...(form.allErrors.expectedRefundCents ?? [])]} />
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="expectedRefundCents" value={refund.amountCents} />
          <Button variant="danger" disabled={busy}>
            {busy
              ? "Cancelling…"
              : refund.amountCents > 0
                ? `Cancel and refund ${refund.amount}`
                : `Cancel ${data.attendee.name}'s registration`}
          </Button>
        </Form>
      </Card>
    </section>
  );
}
