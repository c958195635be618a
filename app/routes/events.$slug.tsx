import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser, hasRole } from "~/modules/auth/guards.server.ts";
import { EVENT_KIND_LABELS } from "~/modules/events/event.schema.ts";
import { getPublicEvent } from "~/modules/events/events.server.ts";
import { type RegistrationTeaser, registrationTeaser } from "~/modules/registration/ticket-selection.server.ts";
import { formatDate, formatDateRange, formatTime, zoneAbbreviation } from "~/shared/dates.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Badge, ButtonLink, Card } from "~/ui/components.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.event.name} · Summit` : "Event not found · Summit" },
  { name: "description", content: data?.event.description.slice(0, 160) ?? "" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  const includeDrafts = Boolean(user && hasRole(user, "ORGANIZER"));
  const event = await orNotFound(getPublicEvent(context.db, params.slug ?? "", { includeDrafts }));
  return { event, registration: await registrationTeaser(context.db, event) };
}

function RegisterCallToAction({ slug, teaser }: { slug: string; teaser: RegistrationTeaser }) {
  if (teaser.state === "none") return null;
  if (teaser.state === "on-sale")
    return (
      <span className="flex flex-wrap items-center gap-3">
        <ButtonLink to={`/events/${slug}/register`}>Register</ButtonLink>
        <span className="text-slate-700">
          From {teaser.fromCents === 0 ? "free" : formatMoney(teaser.fromCents, teaser.currency)}
          {teaser.memberFromCents !== null
            ? ` · network members from ${formatMoney(teaser.memberFromCents, teaser.currency)}`
            : ""}
        </span>
      </span>
    );
  const words = { "sold-out": "Sold out", "not-yet": "Tickets go on sale soon", closed: "Registration has closed" }[teaser.state];
  return (
    <span className="flex flex-wrap items-center gap-3">
      <Badge tone={teaser.state === "sold-out" ? "red" : "slate"}>{words}</Badge>
      {teaser.state === "sold-out" ? (
        <Link to={`/events/${slug}/register`} className="font-semibold text-brand-700 underline">
          Join the waiting list
        </Link>
      ) : null}
    </span>
  );
}

export default function EventPage() {
  const { event, registration } = useLoaderData<typeof loader>();
  const startsAt = new Date(event.startsAt);
  const endsAt = new Date(event.endsAt);
  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to="/" className="text-brand-700 underline">
          Events
        </Link>{" "}
        / {event.name}
      </nav>
      <header>
        <div className="flex flex-wrap gap-2">
          <Badge tone="blue">{EVENT_KIND_LABELS[event.kind]}</Badge>
          {event.published ? null : <Badge tone="amber">Draft — only organisers can see this</Badge>}
        </div>
        <h1 className="mt-2 text-3xl font-bold tracking-tight sm:text-4xl">{event.name}</h1>
        <p className="mt-2 text-lg text-slate-700">
          <time dateTime={startsAt.toISOString()}>{formatDateRange(startsAt, endsAt, event.timeZone)}</time>
          {` · ${event.campus.name} campus, ${event.campus.city}`}
        </p>
        <div className="mt-4 flex flex-wrap items-center gap-4">
          <RegisterCallToAction slug={event.slug} teaser={registration} />
          <ButtonLink to={`/events/${event.slug}/agenda`} variant={registration.state === "on-sale" ? "secondary" : "primary"}>
            Agenda
          </ButtonLink>
        </div>
      </header>
      <div className="grid gap-6 md:grid-cols-3">
        <div className="md:col-span-2">
          <h2 className="sr-only">About this event</h2>
          {event.description.split(/\n{2,}/).map((para) => (
            <p key={para.slice(0, 40)} className="mb-4 text-lg leading-relaxed text-slate-800">
              {para}
            </p>
          ))}
        </div>
        <Card>
          <h2 className="font-bold">When and where</h2>
          <dl className="mt-3 space-y-3 text-sm">
            <div>
              <dt className="font-semibold text-slate-700">Starts</dt>
              <dd>{`${formatDate(startsAt, event.timeZone)}, ${formatTime(startsAt, event.timeZone)}`}</dd>
            </div>
            <div>
              <dt className="font-semibold text-slate-700">Ends</dt>
              <dd>{`${formatDate(endsAt, event.timeZone)}, ${formatTime(endsAt, event.timeZone)}`}</dd>
            </div>
            <div>
              <dt className="font-semibold text-slate-700">Time zone</dt>
              <dd>
                {event.timeZone} ({zoneAbbreviation(startsAt, event.timeZone)})
              </dd>
            </div>
            <div>
              <dt className="font-semibold text-slate-700">Venue</dt>
              <dd>
                {event.campus.name}
                <br />
                {event.campus.address}
              </dd>
            </div>
          </dl>
        </Card>
      </div>
    </article>
  );
}
