import { getCollectionProps, getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { getPublicEvent } from "~/modules/events/events.server.ts";
import { joinWaitlistSchema } from "~/modules/registration/waitlist.schema.ts";
import { joinWaitlist, waitlistChoices } from "~/modules/registration/waitlist.server.ts";
import { formatDateRange } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { Badge, Button, ButtonLink, Card, EmptyState, PageHeader } from "~/ui/components.tsx";
import { FieldErrors, FormErrors } from "~/ui/form-fields.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Waiting list · ${data.event.name} · Summit` : "Waiting list · Summit" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const choices = await orNotFound(waitlistChoices(context.db, params.slug ?? "", user.id));
  const wanted = new URL(request.url).searchParams.get("ticket");
  const open = choices.tickets.filter((t) => t.state === "sold-out" && !t.joined);
  return {
    ...choices,
    email: user.email,
    // `?ticket=` from the registration page's "Join the waiting list" link picks that ticket.
    preselected: open.find((t) => t.id === wanted)?.id ?? (open.length === 1 ? open[0].id : undefined),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const submission = parseWithZod(await request.formData(), { schema: joinWaitlistSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  const event = await orNotFound(getPublicEvent(context.db, params.slug ?? ""));
  try {
    const { ahead, ticketName } = await joinWaitlist(context.db, {
      eventId: event.id,
      ticketTypeId: submission.value.ticketTypeId,
      user,
      seats: submission.value.seats,
    });
    const queue = ahead === 0 ? "you're first in line" : `${ahead} ${ahead === 1 ? "person is" : "people are"} ahead of you`;
    return redirectWithFlash(context.env, request, "/waitlist", {
      kind: "success",
      message: `You're on the waiting list for ${ticketName} at ${event.name}: ${queue}. We'll email you when seats free up.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

const SEAT_CHOICES = [
  { value: "1", label: "One seat", hint: "Offered as soon as a seat frees up." },
  {
    value: "2",
    label: "Two seats together",
    hint: "For a patient and their caregiver. Offered only when both seats are free at once, so it may take longer.",
  },
];

const STATE_NOTES = { "on-sale": "Seats available", "not-yet": "Not on sale yet", ended: "Sales ended" } as const;

export default function JoinWaitlist() {
  const { event, tickets, offerHours, email, preselected } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { ticketTypeId: preselected, seats: "1" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: joinWaitlistSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const soldOut = tickets.filter((t) => t.state === "sold-out");
  const selectable = soldOut.filter((t) => !t.joined);
  const maxSeats = new Map(tickets.map((t) => [t.id, t.maxPerOrder]));
  const chosen = fields.ticketTypeId.value;
  return (
    <article>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={`/events/${event.slug}`} className="text-brand-700 underline">
          {event.name}
        </Link>{" "}
        / Waiting list
      </nav>
      <PageHeader
        title="Join the waiting list"
        subtitle={`${event.name} · ${formatDateRange(new Date(event.startsAt), new Date(event.endsAt), event.timeZone)}`}
      />
      {soldOut.length === 0 ? (
        <EmptyState title="Nothing is sold out">
          Every ticket still on sale has seats.{" "}
          <Link to={`/events/${event.slug}/register`} className="font-semibold text-brand-700 underline">
            Register now
          </Link>
          .
        </EmptyState>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
          <Card>
            <Form method="post" {...getFormProps(form)} className="space-y-6">
              <FormErrors id={form.errorId} errors={form.errors} />
              <fieldset aria-describedby={fields.ticketTypeId.errorId}>
                <legend className="mb-2 text-lg font-bold">Which ticket?</legend>
                <ul className="space-y-2">
                  {getCollectionProps(fields.ticketTypeId, {
                    type: "radio",
                    options: soldOut.map((t) => t.id),
                  }).map((props) => {
                    const ticket = soldOut.find((t) => t.id === props.value);
                    const joined = ticket?.joined;
                    return (
                      <li key={props.key}>
                        <label
                          className={`flex items-start gap-3 rounded-md border p-3 ${joined ? "border-slate-200 bg-slate-50 text-slate-600" : "border-slate-300 bg-white"}`}
                        >
                          <input {...props} key={props.key} disabled={Boolean(joined)} className="mt-1 h-5 w-5" />
                          <span>
                            <span className="font-semibold">{ticket?.name}</span>{" "}
                            {joined ? (
                              <Badge tone={joined === "OFFERED" ? "green" : "blue"}>
                                {joined === "OFFERED" ? "Seats held for you" : "You're on this list"}
                              </Badge>
                            ) : (
                              <Badge tone="red">Sold out</Badge>
                            )}
                          </span>
                        </label>
                      </li>
                    );
                  })}
                </ul>
                <FieldErrors id={fields.ticketTypeId.errorId} errors={fields.ticketTypeId.errors} />
              </fieldset>

              <fieldset aria-describedby={fields.seats.errorId}>
                <legend className="mb-2 text-lg font-bold">How many seats?</legend>
                <ul className="space-y-2">
                  {getCollectionProps(fields.seats, {
                    type: "radio",
                    options: SEAT_CHOICES.map((c) => c.value),
                  }).map((props) => {
                    const choice = SEAT_CHOICES.find((c) => c.value === props.value);
                    // A ticket limited to one per order can't be offered as a pair.
                    const unavailable = props.value === "2" && chosen !== undefined && (maxSeats.get(chosen) ?? 2) < 2;
                    return (
                      <li key={props.key}>
                        <label className="flex items-start gap-3 rounded-md border border-slate-300 bg-white p-3">
                          <input {...props} key={props.key} disabled={unavailable} className="mt-1 h-5 w-5" />
                          <span>
                            <span className="font-semibold">{choice?.label}</span>
                            <span className="block text-sm text-slate-700">
                              {unavailable ? "Not possible for this ticket: one per order." : choice?.hint}
                            </span>
                          </span>
                        </label>
                      </li>
                    );
                  })}
                </ul>
                <FieldErrors id={fields.seats.errorId} errors={fields.seats.errors} />
              </fieldset>

              {selectable.length ? (
                <Button disabled={navigation.state === "submitting"}>Join the waiting list</Button>
              ) : (
                <p className="font-medium text-slate-800">
                  You're already on every waiting list here.{" "}
                  <Link to="/waitlist" className="font-semibold text-brand-700 underline">
                    See my waiting lists
                  </Link>
                </p>
              )}
            </Form>
          </Card>
          <aside aria-labelledby="how-heading" className="space-y-3 text-slate-800">
            <h2 id="how-heading" className="text-lg font-bold">
              How it works
            </h2>
            <ol className="list-decimal space-y-2 pl-5">
              <li>When a seat frees up (a cancellation, or a hold that ran out), the next person in line gets it first.</li>
              <li>
                We email you at <strong>{email}</strong> and hold the seats for you for {offerHours} hours.
              </li>
              <li>Follow the link, register and pay before then. If you don't, the offer goes to the next person.</li>
            </ol>
            {tickets.some((t) => t.state !== "sold-out") ? (
              <div>
                <h3 className="font-semibold">Other tickets</h3>
                <ul className="text-sm">
                  {tickets
                    .filter((t) => t.state !== "sold-out")
                    .map((t) => (
                      <li key={t.id}>
                        {t.name}: {STATE_NOTES[t.state as keyof typeof STATE_NOTES]}
                      </li>
                    ))}
                </ul>
                <div className="mt-2">
                  <ButtonLink to={`/events/${event.slug}/register`} variant="secondary">
                    Register instead
                  </ButtonLink>
                </div>
              </div>
            ) : null}
          </aside>
        </div>
      )}
    </article>
  );
}
