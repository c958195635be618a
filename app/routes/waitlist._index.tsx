import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { myWaitlistIntentSchema } from "~/modules/registration/waitlist.schema.ts";
import { leaveWaitlist, myWaitlists, renewOfferLink } from "~/modules/registration/waitlist.server.ts";
import { formatDateRange, formatDateTime } from "~/shared/dates.ts";
import { badRequest, domainErrorResponse } from "~/shared/http.server.ts";
import { ActionNotice } from "~/ui/agenda.tsx";
import { Badge, Button, ButtonLink, Card, EmptyState, PageHeader } from "~/ui/components.tsx";

export const meta: MetaFunction = () => [{ title: "My waiting lists · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const { active, past } = await myWaitlists(context.db, user.id);
  const event = (e: (typeof active)[number]["event"]) => ({
    slug: e.slug,
    name: e.name,
    when: formatDateRange(e.startsAt, e.endsAt, e.timeZone),
    timeZone: e.timeZone,
  });
  return {
    active: active.map((e) => ({
      id: e.id,
      status: e.status,
      seats: e.seats,
      ticketName: e.ticketType.name,
      event: event(e.event),
      ahead: e.ahead,
      joinedAt: formatDateTime(e.createdAt, e.event.timeZone),
      offerExpires: e.offerExpiresAt ? formatDateTime(e.offerExpiresAt, e.event.timeZone) : null,
      emailed: e.emailed,
      pendingOrderId: e.pendingOrderId,
    })),
    past: past.map((e) => ({
      id: e.id,
      status: e.status,
      seats: e.seats,
      ticketName: e.ticketType.name,
      event: event(e.event),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const parsed = myWaitlistIntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) badRequest(parsed.error.issues[0]?.message ?? "Unknown action.");
  const { intent, entryId } = parsed.data;
  try {
    if (intent === "continue") {
      const { token, eventSlug } = await renewOfferLink(context.db, { userId: user.id, entryId });
      return redirect(`/events/${eventSlug}/register?offer=${encodeURIComponent(token)}`);
    }
    const entry = await leaveWaitlist(context.db, { userId: user.id, entryId });
    return redirectWithFlash(context.env, request, "/waitlist", {
      kind: "success",
      message: `You've left the waiting list for ${entry.ticketType.name}.${entry.status === "OFFERED" ? " The seats held for you went to the next person." : ""}`,
    });
  } catch (error) {
    const response = domainErrorResponse(error);
    if (!response) throw error;
    return response;
  }
}

const seatsLabel = (seats: number) => (seats === 1 ? "1 seat" : `${seats} seats together`);
const PAST_LABELS = { ACCEPTED: "Registered", EXPIRED: "Offer ended", CANCELLED: "Left the list" } as const;

export default function MyWaitlists() {
  const { active, past } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  return (
    <div>
      <PageHeader title="My waiting lists" subtitle="Sold-out tickets you're waiting for, and seats being held for you." />
      <ActionNotice result={result} />
      {active.length === 0 ? (
        <EmptyState title="You're not on any waiting list">
          When a ticket you want is sold out, choose “Join the waiting list” on the event's registration page.
        </EmptyState>
      ) : (
        <ul className="space-y-4">
          {active.map((e) => (
            <li key={e.id}>
              <Card className={e.status === "OFFERED" ? "border-green-400" : ""}>
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div>
                    <h2 className="text-lg font-bold">
                      <Link to={`/events/${e.event.slug}`} className="text-brand-800 underline">
                        {e.event.name}
                      </Link>
                    </h2>
                    <p className="text-slate-700">
                      {e.ticketName} · {seatsLabel(e.seats)} · {e.event.when}
                    </p>
                  </div>
                  {e.status === "OFFERED" ? <Badge tone="green">Seats held for you</Badge> : <Badge tone="blue">Waiting</Badge>}
                </div>
                {e.status === "OFFERED" ? (
                  <div className="mt-3 space-y-3">
                    <p className="font-medium text-slate-900">
                      {e.seats === 1 ? "A seat is" : "Seats are"} held for you until <strong>{e.offerExpires}</strong>. Register
                      and pay before then, or the offer goes to the next person.
                    </p>
                    <div className="flex flex-wrap gap-2">
                      {e.pendingOrderId ? (
                        <ButtonLink to={`/orders/${e.pendingOrderId}`}>Finish paying</ButtonLink>
                      ) : e.emailed ? (
                        <Form method="post">
                          <input type="hidden" name="entryId" value={e.id} />
                          <Button name="intent" value="continue" disabled={busy}>
                            Continue to registration
                          </Button>
                        </Form>
                      ) : (
                        <p role="status" className="text-slate-700">
                          We're emailing you the link now; refresh in a minute to continue here.
                        </p>
                      )}
                      {e.pendingOrderId ? null : (
                        <Form method="post">
                          <input type="hidden" name="entryId" value={e.id} />
                          <Button name="intent" value="leave" variant="secondary" disabled={busy}>
                            Give up these seats<span className="sr-only">{` for ${e.ticketName} at ${e.event.name}`}</span>
                          </Button>
                        </Form>
                      )}
                    </div>
                    {e.emailed && !e.pendingOrderId ? (
                      <p className="text-sm text-slate-600">
                        Continuing here makes a fresh link: the one in your email then stops working.
                      </p>
                    ) : null}
                  </div>
                ) : (
                  <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
                    <p className="text-slate-900">
                      {e.ahead === 0 ? (
                        <strong>You're next in line.</strong>
                      ) : (
                        <>
                          <strong>
                            {e.ahead} {e.ahead === 1 ? "person" : "people"}
                          </strong>{" "}
                          ahead of you.
                        </>
                      )}{" "}
                      <span className="text-slate-600">Joined {e.joinedAt}.</span>
                    </p>
                    <Form method="post">
                      <input type="hidden" name="entryId" value={e.id} />
                      <Button name="intent" value="leave" variant="secondary" disabled={busy}>
                        Leave the waiting list<span className="sr-only">{` for ${e.ticketName} at ${e.event.name}`}</span>
                      </Button>
                    </Form>
                  </div>
                )}
              </Card>
            </li>
          ))}
        </ul>
      )}
      {past.length ? (
        <section aria-labelledby="past-heading" className="mt-10">
          <h2 id="past-heading" className="mb-3 text-xl font-bold">
            Earlier
          </h2>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Waiting lists you are no longer on</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Event
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Ticket
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Outcome
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {past.map((e) => (
                  <tr key={e.id}>
                    <td className="px-3 py-2">
                      <Link to={`/events/${e.event.slug}`} className="text-brand-800 underline">
                        {e.event.name}
                      </Link>
                    </td>
                    <td className="px-3 py-2">
                      {e.ticketName} · {seatsLabel(e.seats)}
                    </td>
                    <td className="px-3 py-2">
                      {e.status === "ACCEPTED" ? (
                        <Link to="/registrations" className="text-brand-800 underline">
                          {PAST_LABELS.ACCEPTED}
                        </Link>
                      ) : (
                        PAST_LABELS[e.status as keyof typeof PAST_LABELS]
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}
