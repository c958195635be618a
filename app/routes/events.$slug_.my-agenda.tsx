import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { groupByDay } from "~/modules/agenda/agenda-filter.ts";
import { feedIntentSchema } from "~/modules/agenda/attendee.schema.ts";
import { activeFeedSince, personalAgenda } from "~/modules/agenda/attendee.server.ts";
import { sessionIntent } from "~/modules/agenda/attendee-actions.server.ts";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { issueFeedToken, personalFeedUrls, revokeFeedTokens } from "~/modules/calendar/feeds.server.ts";
import { getPublicEvent } from "~/modules/events/events.server.ts";
import { formatDate } from "~/shared/dates.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { ActionNotice, EventNav, SessionCard, summarise, timeRange, useLookup, ZoneNote } from "~/ui/agenda.tsx";
import { Button, Card, EmptyState, PageHeader } from "~/ui/components.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `My agenda · ${data.event.name} · Summit` : "Event not found · Summit" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const event = await orNotFound(getPublicEvent(context.db, params.slug ?? ""));
  const [personal, feedSince] = await Promise.all([
    personalAgenda(context.db, user.id, event.id),
    activeFeedSince(context.db, user.id, event.id),
  ]);
  const agenda = personal.agenda;
  const speakerIds = new Set(personal.sessions.flatMap((s) => s.speakerIds));
  return {
    event: {
      slug: event.slug,
      name: event.name,
      timeZone: event.timeZone,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
    },
    published: Boolean(agenda),
    sessions: personal.sessions.map((s) => ({ ...summarise(s), overlapsWith: s.overlapsWith })),
    reserved: (agenda?.sessions ?? [])
      .filter((s) => personal.rsvps.includes(s.id))
      .map(({ id, title, startsAt, endsAt, status }) => ({ id, title, startsAt, endsAt, status })),
    tracks: agenda?.tracks ?? [],
    rooms: agenda?.rooms.map(({ id, name }) => ({ id, name })) ?? [],
    speakers: agenda?.speakers.filter((s) => speakerIds.has(s.id)).map(({ id, name }) => ({ id, name })) ?? [],
    feedSince: feedSince?.toISOString() ?? null,
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const formData = await request.formData();
  const feed = feedIntentSchema.safeParse(Object.fromEntries(formData));
  if (!feed.success) return sessionIntent(context, user.id, formData);
  const event = await orNotFound(getPublicEvent(context.db, params.slug ?? ""));
  if (feed.data.intent === "revoke-feed") {
    const revoked = await revokeFeedTokens(context.db, user.id, event.id);
    return {
      ok: true,
      message: revoked ? "Your calendar link is revoked: calendars using it stop updating." : "You had no calendar link.",
    };
  }
  // Only a hash is stored: this answer is the one time the address can be shown.
  const token = await issueFeedToken(context.db, user.id, event.id);
  return {
    ok: true,
    message: "Your new calendar link is ready, below. Any earlier link stops working.",
    feed: personalFeedUrls(context.env.appUrl, event.slug, token),
  };
}

export default function MyAgendaPage() {
  const data = useLoaderData<typeof loader>();
  const { event, sessions } = data;
  const result = useActionData<typeof action>();
  const lookup = useLookup(data);
  const zone = event.timeZone;
  const byId = new Map(sessions.map((s) => [s.id, s]));
  const clashing = sessions.filter((s) => s.overlapsWith.length > 0).length;
  const rsvps = new Set(data.reserved.map((s) => s.id));
  return (
    <div>
      <EventNav slug={event.slug} name={event.name} here="My agenda" />
      <PageHeader
        title={`My agenda · ${event.name}`}
        subtitle={<ZoneNote from={event.startsAt} to={event.endsAt} zone={zone} />}
      />
      <ActionNotice result={result} />
      {!data.published ? (
        <EmptyState title="The programme will appear here soon">
          Once it is published you can star sessions to build your agenda.
        </EmptyState>
      ) : sessions.length === 0 ? (
        <EmptyState title="You haven't starred any sessions yet">
          <Link to={`/events/${event.slug}/agenda`} className="font-semibold text-brand-700 underline">
            Browse the agenda
          </Link>{" "}
          and press Star on the sessions you want to attend.
        </EmptyState>
      ) : (
        <>
          {clashing ? (
            <p className="mb-4 rounded-md border border-amber-400 bg-amber-50 p-3 font-medium text-amber-950">
              <span aria-hidden="true">⚠ </span>
              {clashing} of your sessions overlap. You can only be in one room at a time: choose one of each pair.
            </p>
          ) : null}
          {groupByDay(sessions, zone).map(([key, daySessions]) => (
            <section key={key} aria-labelledby={`day-${key}`} className="mb-8">
              <h2 id={`day-${key}`} className="mb-3 text-xl font-bold">
                {formatDate(new Date(daySessions[0].startsAt), zone)}
              </h2>
              <ul className="space-y-3">
                {daySessions.map((s) => (
                  <li key={s.id}>
                    <SessionCard session={s} slug={event.slug} zone={zone} lookup={lookup} starred hasSeat={rsvps.has(s.id)}>
                      {s.overlapsWith.length ? (
                        <div className="mt-2 rounded-md border border-amber-400 bg-amber-50 p-2 text-sm text-amber-950">
                          <span aria-hidden="true">⚠ </span>
                          <strong>Overlaps with </strong>
                          {s.overlapsWith.map((id, i) => {
                            const other = byId.get(id);
                            return other ? (
                              <span key={id}>
                                {i > 0 ? ", " : ""}
                                <Link to={`/events/${event.slug}/sessions/${id}`} className="underline">
                                  {other.title}
                                </Link>{" "}
                                ({timeRange(other.startsAt, other.endsAt, zone)})
                              </span>
                            ) : null;
                          })}
                        </div>
                      ) : null}
                    </SessionCard>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
      {data.reserved.length ? (
        <section aria-labelledby="seats" className="mb-8">
          <h2 id="seats" className="mb-3 text-xl font-bold">
            Your reserved seats
          </h2>
          <ul className="space-y-2">
            {data.reserved.map((s) => (
              <li
                key={s.id}
                className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white p-4"
              >
                <div>
                  <Link to={`/events/${event.slug}/sessions/${s.id}`} className="font-semibold text-brand-800 underline">
                    {s.title}
                  </Link>
                  <p className="text-sm text-slate-700">
                    {`${formatDate(new Date(s.startsAt), zone)}, ${timeRange(s.startsAt, s.endsAt, zone)}`}
                    {s.status === "CANCELLED" ? " · Cancelled" : ""}
                  </p>
                </div>
                <Form method="post" preventScrollReset className="print:hidden">
                  <input type="hidden" name="sessionId" value={s.id} />
                  <Button variant="secondary" name="intent" value="cancel-rsvp">
                    Give back my seat<span className="sr-only">{` at “${s.title}”`}</span>
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.published ? (
        <CalendarFeed feedSince={data.feedSince} zone={zone} created={result && "feed" in result ? result.feed : null} />
      ) : null}
    </div>
  );
}

type FeedUrls = { https: string; webcal: string; google: string };

function CalendarFeed({ feedSince, zone, created }: { feedSince: string | null; zone: string; created: FeedUrls | null }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  return (
    <section aria-labelledby="feed" className="print:hidden">
      <Card className="space-y-4">
        <div>
          <h2 id="feed" className="text-xl font-bold">
            My agenda in my calendar
          </h2>
          <p className="mt-1 text-slate-700">
            Subscribe once and your calendar app keeps your starred sessions up to date, moves and cancellations included. The
            link is private: anyone who has it can see which sessions you starred.
          </p>
        </div>
        {created ? (
          <FeedLinks urls={created} />
        ) : feedSince ? (
          <p className="text-slate-800">
            You have a calendar link, made {formatDate(new Date(feedSince), zone)}. We keep no readable copy of it, so we can't
            show it again: if you've lost it, make a new one (the old one then stops working).
          </p>
        ) : null}
        <Form method="post" preventScrollReset className="flex flex-wrap gap-2">
          <Button name="intent" value="create-feed" disabled={busy} variant={feedSince || created ? "secondary" : "primary"}>
            {feedSince || created ? "Make a new link" : "Make my calendar link"}
          </Button>
          {feedSince || created ? (
            <Button name="intent" value="revoke-feed" variant="danger" disabled={busy}>
              Revoke my link
            </Button>
          ) : null}
        </Form>
      </Card>
    </section>
  );
}

/** Shown once, right after the link is made: only its hash is kept. */
function FeedLinks({ urls }: { urls: FeedUrls }) {
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  const linkClass = "inline-flex min-h-11 items-center rounded-md px-4 py-2 text-sm font-semibold";
  return (
    <div className="space-y-3 rounded-md border border-green-300 bg-green-50 p-4">
      <p className="font-semibold text-green-950">
        Here is your link. Copy or subscribe now: for your privacy it is shown only this once.
      </p>
      <div className="flex flex-wrap gap-2">
        <a href={urls.webcal} className={`${linkClass} bg-brand-600 text-white hover:bg-brand-700`}>
          Subscribe (Apple Calendar, Outlook)
        </a>
        <a
          href={urls.google}
          rel="noopener noreferrer"
          className={`${linkClass} border border-slate-400 bg-white text-slate-900 hover:bg-slate-100`}
        >
          Add to Google Calendar
        </a>
      </div>
      <div>
        <label htmlFor="feed-url" className="block text-sm font-semibold text-slate-800">
          Calendar address
        </label>
        <div className="mt-1 flex gap-2">
          <input
            id="feed-url"
            readOnly
            value={urls.https}
            onFocus={(e) => e.currentTarget.select()}
            className="block w-full min-w-0 rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm text-slate-900"
          />
          {canCopy ? (
            <button
              type="button"
              onClick={() => navigator.clipboard.writeText(urls.https).then(() => setCopied(true))}
              className={`${linkClass} shrink-0 border border-slate-400 bg-white text-slate-900 hover:bg-slate-100`}
            >
              {copied ? "Copied" : "Copy"}
            </button>
          ) : null}
        </div>
      </div>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800">
        <li>
          <strong>Apple Calendar</strong> (Mac, iPhone, iPad): press Subscribe, or choose File › New Calendar Subscription and
          paste the address.
        </li>
        <li>
          <strong>Google Calendar</strong>: press Add to Google Calendar, or open Other calendars › + › From URL and paste the
          address. Google refreshes subscriptions every few hours.
        </li>
        <li>
          <strong>Outlook</strong>: press Subscribe, or choose Add calendar › Subscribe from web and paste the address.
        </li>
      </ul>
    </div>
  );
}
