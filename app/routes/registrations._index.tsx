import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { myRegistrations } from "~/modules/registration/self-service.server.ts";
import { ButtonLink, Card, EmptyState, PageHeader } from "~/ui/components.tsx";
import { RegistrationStatusBadge } from "~/ui/registration-form.tsx";

export const meta: MetaFunction = () => [{ title: "My registrations · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  return myRegistrations(context.db, { id: user.id, email: user.email });
}

type Item = Awaited<ReturnType<typeof myRegistrations>>["upcoming"][number];

function RegistrationCard({ item }: { item: Item }) {
  const awaitingPayment = item.status === "PENDING";
  return (
    <Card className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-lg font-bold">
          <Link to={`/events/${item.event.slug}`} className="text-brand-800 underline">
            {item.event.name}
          </Link>
        </h3>
        <RegistrationStatusBadge status={item.status} />
      </div>
      <p className="text-slate-700">
        {item.event.when} · {item.event.campus} campus
      </p>
      <p>
        <span className="font-semibold">{item.attendeeName}</span> · {item.ticketName}
        {item.boughtByMe ? <span className="text-slate-600"> · order {item.order.reference}</span> : null}
      </p>
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {awaitingPayment && item.boughtByMe ? (
          <Link to={`/orders/${item.order.id}`} className="font-semibold text-brand-700 underline">
            Finish paying<span className="sr-only"> for {item.event.name}</span>
          </Link>
        ) : null}
        {awaitingPayment ? null : (
          <Link to={`/registrations/${item.id}`} className="font-semibold text-brand-700 underline">
            Details
            <span className="sr-only">
              : {item.attendeeName}, {item.event.name}
            </span>
          </Link>
        )}
        {item.status === "CONFIRMED" ? (
          <Link to={`/registrations/${item.id}/badge`} className="font-semibold text-brand-700 underline">
            Badge<span className="sr-only"> for {item.attendeeName}</span>
          </Link>
        ) : null}
        {item.boughtByMe && !awaitingPayment ? (
          <Link to={`/orders/${item.order.id}`} className="font-semibold text-brand-700 underline">
            Order and receipt<span className="sr-only"> {item.order.reference}</span>
          </Link>
        ) : null}
      </p>
    </Card>
  );
}

export default function MyRegistrations() {
  const { upcoming, past } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <PageHeader
        title="My registrations"
        subtitle="Tickets you bought and tickets in your name."
        actions={
          <ButtonLink to="/waitlist" variant="secondary">
            My waiting lists
          </ButtonLink>
        }
      />
      <section aria-labelledby="upcoming" className="space-y-3">
        <h2 id="upcoming" className="text-xl font-bold">
          Upcoming
        </h2>
        {upcoming.length === 0 ? (
          <EmptyState title="No upcoming registrations">
            <Link to="/" className="font-semibold text-brand-700 underline">
              Browse events
            </Link>{" "}
            to register for one.
          </EmptyState>
        ) : (
          <ul className="space-y-3">
            {upcoming.map((item) => (
              <li key={item.id}>
                <RegistrationCard item={item} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {past.length ? (
        <section aria-labelledby="past" className="space-y-3">
          <h2 id="past" className="text-xl font-bold">
            Past
          </h2>
          <ul className="space-y-3">
            {past.map((item) => (
              <li key={item.id}>
                <RegistrationCard item={item} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
