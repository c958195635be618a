import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { HOLD_MINUTES } from "~/modules/registration/orders.server.ts";
import { quantitiesFromUrl, registrationSchema } from "~/modules/registration/registration.schema.ts";
import { registerForEvent, registrationPage } from "~/modules/registration/ticket-selection.server.ts";
import { formatDate, formatDateRange } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { Button, Card, PageHeader } from "~/ui/components.tsx";
import { FieldErrors, FormErrors } from "~/ui/form-fields.tsx";
import { AttendeeFieldset, type AttendeeValues, TicketPrice, TicketStateBadge } from "~/ui/registration-form.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Register · ${data.event.name} · Summit` : "Register · Summit" },
];

function selectionFrom(url: URL) {
  const { quantities, malformed } = quantitiesFromUrl(url.searchParams);
  return {
    quantities,
    malformed,
    code: url.searchParams.get("code")?.trim() || undefined,
    offerToken: url.searchParams.get("offer") || undefined,
    proceed: url.searchParams.get("step") === "details",
  };
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const url = new URL(request.url);
  const selection = selectionFrom(url);
  const page = await orNotFound(registrationPage(context.db, { slug: params.slug ?? "", userId: user.id, selection }));
  return { ...page, code: selection.code ?? "", offerToken: selection.offerToken ?? null, holdMinutes: HOLD_MINUTES };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const submission = parseWithZod(await request.formData(), { schema: registrationSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const order = await registerForEvent(context.db, context.env, {
      slug: params.slug ?? "",
      buyer: { id: user.id, name: user.name, email: user.email },
      form: submission.value,
      offerToken: new URL(request.url).searchParams.get("offer") || undefined,
    });
    return redirect(`/orders/${order.id}`);
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

function Steps({ step }: { step: 1 | 2 }) {
  const item = (n: 1 | 2, label: string) => (
    <li aria-current={step === n ? "step" : undefined} className={step === n ? "font-bold text-brand-800" : "text-slate-600"}>
      Step {n} of 2: {label}
    </li>
  );
  return (
    <ol aria-label="Registration steps" className="mb-6 flex flex-wrap gap-x-6 gap-y-1 text-sm">
      {item(1, "Tickets")}
      {item(2, "Attendees")}
    </ol>
  );
}

/**
 * The seats a refused submission was for. The form normally posts to the URL that carries
 * the selection; a post without it (a script, a bookmarked URL) still gets its errors shown.
 */
function postedSeats(reply: SubmissionResult<string[]> | undefined, catalogue: { id: string; name: string }[]) {
  const attendees = (reply?.initialValue as { attendees?: { ticketTypeId?: unknown }[] } | undefined)?.attendees;
  if (!Array.isArray(attendees)) return [];
  return attendees.map((a) => {
    const ticketTypeId = typeof a?.ticketTypeId === "string" ? a.ticketTypeId : "";
    return { ticketTypeId, ticketName: catalogue.find((t) => t.id === ticketTypeId)?.name ?? "Unknown ticket" };
  });
}

export default function RegisterPage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { event } = data;
  const seats = data.seats.length ? data.seats : postedSeats(reply, data.catalogue);
  const when = formatDateRange(new Date(event.startsAt), new Date(event.endsAt), event.timeZone);
  return (
    <article>
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link to={`/events/${event.slug}`} className="text-brand-700 underline">
          {event.name}
        </Link>{" "}
        / Register
      </nav>
      <PageHeader title={`Register for ${event.name}`} subtitle={`${when} · ${event.campus.name} campus`} />
      {data.closed ? (
        <Card>
          <p className="text-lg">Registration for {event.name} has closed.</p>
        </Card>
      ) : seats.length ? (
        <AttendeesStep seats={seats} />
      ) : (
        <TicketsStep />
      )}
    </article>
  );
}

function TicketsStep() {
  const { event, catalogue, quantities, problems, promo, code, holdMinutes } = useLoaderData<typeof loader>();
  const zone = event.timeZone;
  return (
    <>
      <Steps step={1} />
      <Form method="get" className="space-y-6">
        {problems.tickets ? (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm font-medium text-red-800">
            {problems.tickets.map((p) => (
              <p key={p}>{p}</p>
            ))}
          </div>
        ) : null}
        <section aria-labelledby="tickets-heading" className="space-y-3">
          <h2 id="tickets-heading" className="text-xl font-bold">
            Choose your tickets
          </h2>
          {catalogue.length === 0 ? (
            <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-700">
              Tickets for this event are not on sale yet. Please check back soon.
            </p>
          ) : (
            <ul className="space-y-3">
              {catalogue.map((ticket) => {
                const most = Math.min(ticket.maxPerOrder, ticket.remaining);
                const chosen = quantities[ticket.id] ?? 0;
                return (
                  <li key={ticket.id}>
                    <Card className="flex flex-wrap items-start justify-between gap-4">
                      <div className="min-w-0 flex-1 space-y-1">
                        <h3 className="text-lg font-bold">{ticket.name}</h3>
                        <TicketStateBadge ticket={ticket} />
                        {ticket.description ? <p className="text-slate-700">{ticket.description}</p> : null}
                        <TicketPrice ticket={ticket} />
                        {ticket.state === "not-yet" && ticket.salesStartAt ? (
                          <p className="text-sm text-slate-700">
                            On sale from {formatDate(new Date(ticket.salesStartAt), zone)}.
                          </p>
                        ) : null}
                      </div>
                      <div className="w-40">
                        {ticket.state === "on-sale" ? (
                          <>
                            <label htmlFor={`qty-${ticket.id}`} className="block text-sm font-semibold">
                              Quantity<span className="sr-only"> of {ticket.name} tickets</span>
                            </label>
                            <select
                              id={`qty-${ticket.id}`}
                              name={`qty.${ticket.id}`}
                              defaultValue={String(Math.min(chosen, most))}
                              className="mt-1 block w-full rounded-md border border-slate-400 bg-white px-3 py-2"
                            >
                              {Array.from({ length: most + 1 }, (_, n) => n).map((n) => (
                                <option key={n} value={n}>
                                  {n}
                                </option>
                              ))}
                            </select>
                          </>
                        ) : ticket.state === "sold-out" ? (
                          <Link
                            to={`/events/${event.slug}/waitlist?ticket=${ticket.id}`}
                            className="font-semibold text-brand-700 underline"
                          >
                            Join the waiting list
                          </Link>
                        ) : null}
                      </div>
                    </Card>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        <section aria-labelledby="promo-heading" className="space-y-2">
          <h2 id="promo-heading" className="text-lg font-bold">
            Promo code
          </h2>
          <div className="flex flex-wrap items-end gap-2">
            <div className="space-y-1">
              <label htmlFor="promo-code" className="block text-sm font-semibold">
                Code <span className="font-normal text-slate-600">(optional)</span>
              </label>
              <input
                id="promo-code"
                name="code"
                defaultValue={code}
                maxLength={64}
                autoComplete="off"
                aria-invalid={problems.code ? true : undefined}
                aria-describedby={problems.code ? "promo-code-error" : promo ? "promo-code-applied" : undefined}
                className="block w-56 rounded-md border border-slate-400 bg-white px-3 py-2 uppercase aria-[invalid=true]:border-red-700"
              />
            </div>
            <Button type="submit" variant="secondary" name="step" value="tickets">
              Apply code
            </Button>
          </div>
          <FieldErrors id="promo-code-error" errors={problems.code ? [problems.code] : undefined} />
          {promo ? (
            <p id="promo-code-applied" className="text-sm font-medium text-green-900" aria-live="polite">
              Applied — {promo.summary}
            </p>
          ) : null}
        </section>
        <div className="flex flex-wrap items-center gap-4">
          <Button type="submit" name="step" value="details">
            Continue
          </Button>
          <p className="text-sm text-slate-700">
            Next: attendee details. Seats are held for {holdMinutes} minutes while you pay.
          </p>
        </div>
      </Form>
    </>
  );
}

const seatKey = (seat: { ticketTypeId: string }, position: number) => `${seat.ticketTypeId}-${position}`;

function AttendeesStep({ seats }: { seats: { ticketTypeId: string; ticketName: string }[] }) {
  const { event, account, questions, promo, offer, offerToken, quantities, code, holdMinutes } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  const defaultValue = {
    promoCode: promo?.code ?? "",
    attendees: seats.map((seat, i) => ({
      ticketTypeId: seat.ticketTypeId,
      ...(i === 0 ? { name: account.name, email: account.email, organisation: account.organisation } : {}),
    })),
  };
  const [form] = useForm({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: registrationSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const values = (form.initialValue as { attendees?: AttendeeValues[] } | undefined)?.attendees ?? [];
  const errors = form.allErrors;
  const orderErrors = [
    ...(form.errors ?? []),
    ...(errors.tickets ?? []),
    ...(errors.promoCode ?? []),
    ...(errors.attendees ?? []),
  ];
  const back = new URLSearchParams({ ...(code ? { code } : {}) });
  for (const [id, n] of Object.entries(quantities)) back.set(`qty.${id}`, String(n));
  const counts = new Map<string, number>();
  for (const seat of seats) counts.set(seat.ticketName, (counts.get(seat.ticketName) ?? 0) + 1);
  return (
    <>
      <Steps step={2} />
      <Card className="mb-6">
        <h2 className="font-bold">Your selection</h2>
        <ul className="mt-2 list-inside list-disc">
          {[...counts].map(([name, n]) => (
            <li key={name}>
              {n} × {name}
            </li>
          ))}
        </ul>
        {promo ? <p className="mt-2 text-sm text-green-900">Promo code {promo.summary}</p> : null}
        {offer ? (
          <p className="mt-2 text-sm">
            Your waiting-list offer holds these seats until {formatDate(new Date(offer.offerExpiresAt), event.timeZone)}.
          </p>
        ) : (
          <p className="mt-2 text-sm">
            <Link to={`?${back}`} className="font-semibold text-brand-700 underline">
              Change tickets
            </Link>
          </p>
        )}
        <p className="mt-2 text-sm text-slate-700">
          Member prices and your promo code are applied when you continue; you see the total before you pay.
        </p>
      </Card>
      <Form
        method="post"
        action={offerToken ? `?offer=${encodeURIComponent(offerToken)}` : undefined}
        {...getFormProps(form)}
        className="space-y-6"
      >
        <FormErrors id={form.errorId} errors={orderErrors.length ? orderErrors : undefined} />
        <input type="hidden" name="promoCode" value={promo?.code ?? ""} />
        {seats.map((seat, i) => (
          <AttendeeFieldset
            // A seat is its place in the order (attendees[i]); a changed selection gets fresh fieldsets.
            key={seatKey(seat, i)}
            formId={form.id}
            index={i}
            ticketName={seat.ticketName}
            values={{ ...values[i], ticketTypeId: seat.ticketTypeId }}
            errors={errors}
            questions={questions}
          />
        ))}
        <div className="flex flex-wrap items-center gap-4">
          <Button disabled={busy}>{busy ? "Reserving your seats…" : "Reserve seats and continue"}</Button>
          <p className="text-sm text-slate-700">We hold your seats for {holdMinutes} minutes while you pay.</p>
        </div>
      </Form>
    </>
  );
}
