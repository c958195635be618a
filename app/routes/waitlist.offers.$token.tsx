import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { offerForLink } from "~/modules/registration/waitlist.server.ts";
import { formatDateRange, formatDateTime } from "~/shared/dates.ts";
import { notFound } from "~/shared/http.server.ts";
import { ButtonLink, Card, PageHeader } from "~/ui/components.tsx";

export const meta: MetaFunction = () => [{ title: "Your waiting-list offer · Summit" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  // Someone not logged in logs in and comes back here.
  const user = await requireUser(context, request);
  const token = params.token ?? "";
  const offer = await offerForLink(context.db, token, user.id);
  if (!offer)
    notFound(
      `This offer link isn't valid for the account you're logged in with (${user.email}). If it was emailed to another address, log in with that one.`,
    );
  const { event } = offer;
  return {
    state: offer.state,
    seats: offer.seats,
    ticketName: offer.ticketName,
    expires: offer.offerExpiresAt ? formatDateTime(offer.offerExpiresAt, event.timeZone) : null,
    event: { slug: event.slug, name: event.name, when: formatDateRange(event.startsAt, event.endsAt, event.timeZone) },
    registerUrl: `/events/${event.slug}/register?offer=${encodeURIComponent(token)}`,
  };
}

export default function WaitlistOffer() {
  const { state, seats, ticketName, expires, event, registerUrl } = useLoaderData<typeof loader>();
  const what = seats === 1 ? "1 seat" : `${seats} seats together`;
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title={state === "open" ? "Seats held for you" : "This offer has ended"}
        subtitle={`${event.name} · ${event.when}`}
      />
      <Card className="space-y-4">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
          <dt className="font-semibold text-slate-700">Ticket</dt>
          <dd>{ticketName}</dd>
          <dt className="font-semibold text-slate-700">Seats</dt>
          <dd>{what}</dd>
          {state === "open" && expires ? (
            <>
              <dt className="font-semibold text-slate-700">Held until</dt>
              <dd>
                <strong>{expires}</strong>
              </dd>
            </>
          ) : null}
        </dl>
        <div role="status">
          {state === "open" ? (
            <p>
              You were next on the waiting list. Register and pay before the time above to keep{" "}
              {seats === 1 ? "the seat" : "the seats"}; after that they go to the next person.
              {seats === 2 ? " You'll give the details of both attendees." : ""}
            </p>
          ) : state === "accepted" ? (
            <p>
              You took up this offer: your tickets are in{" "}
              <Link to="/registrations" className="font-semibold text-brand-700 underline">
                My registrations
              </Link>
              .
            </p>
          ) : state === "left" ? (
            <p>You left the waiting list, so these seats went to the next person.</p>
          ) : (
            <p>The time to take up this offer ran out, and the seats went to the next person on the waiting list.</p>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          {state === "open" ? <ButtonLink to={registerUrl}>Continue to registration</ButtonLink> : null}
          <ButtonLink to="/waitlist" variant="secondary">
            My waiting lists
          </ButtonLink>
        </div>
      </Card>
    </div>
  );
}
