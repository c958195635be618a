import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { SESSION_KIND_LABELS } from "~/modules/agenda/agenda.schema.ts";
import { attendeeState, publicAgenda } from "~/modules/agenda/attendee.server.ts";
import { sessionAction } from "~/modules/agenda/attendee-actions.server.ts";
import { getOptionalUser, hasRole } from "~/modules/auth/guards.server.ts";
import { formatDate } from "~/shared/dates.ts";
import { notFound, orNotFound } from "~/shared/http.server.ts";
import { ActionNotice, EventNav, SpeakerAvatar, StarButton, seatsText, TrackChip, timeRange, ZoneNote } from "~/ui/agenda.tsx";
import { Badge, Button, Card } from "~/ui/components.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.session.title} · ${data.event.name} · Summit` : "Session not found · Summit" },
  { name: "description", content: data?.session.abstract.slice(0, 160) ?? "" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  const includeDrafts = Boolean(user && hasRole(user, "ORGANIZER"));
  const { event, agenda } = await orNotFound(publicAgenda(context.db, params.slug ?? "", { includeDrafts }));
  const session = agenda?.sessions.find((s) => s.id === params.sessionId);
  if (!agenda || !session) notFound("We couldn't find that session in the published agenda.");
  const state = await attendeeState(context.db, user?.id ?? null, event.id);
  return {
    event: {
      slug: event.slug,
      name: event.name,
      timeZone: event.timeZone,
      campus: { name: event.campus.name, address: event.campus.address },
    },
    session,
    track: agenda.tracks.find((t) => t.id === session.trackId) ?? null,
    room: agenda.rooms.find((r) => r.id === session.roomId) ?? null,
    speakers: session.speakerIds.flatMap((id) => agenda.speakers.filter((s) => s.id === id)),
    loggedIn: Boolean(user),
    starred: state.starred.includes(session.id),
    hasSeat: state.rsvps.includes(session.id),
    seats: state.seats[session.id] ?? null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return sessionAction(context, request);
}

function Feature({ has, yes, no }: { has: boolean; yes: string; no: string }) {
  return (
    <li className="flex items-start gap-2">
      <span aria-hidden="true" className={has ? "text-green-800" : "text-slate-500"}>
        {has ? "✓" : "–"}
      </span>
      {has ? yes : no}
    </li>
  );
}

export default function SessionPage() {
  const { event, session, track, room, speakers, loggedIn, starred, hasSeat, seats } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const location = useLocation();
  const zone = event.timeZone;
  const cancelled = session.status === "CANCELLED";
  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  return (
    <article>
      <EventNav
        slug={event.slug}
        name={event.name}
        here={
          <>
            <Link to={`/events/${event.slug}/agenda`} className="text-brand-700 underline">
              Agenda
            </Link>{" "}
            / {session.title}
          </>
        }
      />
      <header className="mb-6">
        <div className="flex flex-wrap gap-2">
          <Badge tone="blue">{SESSION_KIND_LABELS[session.kind]}</Badge>
          {cancelled ? <Badge tone="red">Cancelled</Badge> : null}
        </div>
        <h1 className="mt-2 text-2xl font-bold tracking-tight sm:text-3xl">{session.title}</h1>
        <p className="mt-2 text-lg text-slate-800">
          <time dateTime={session.startsAt}>
            {`${formatDate(new Date(session.startsAt), zone)}, ${timeRange(session.startsAt, session.endsAt, zone)}`}
          </time>
        </p>
        <ZoneNote from={session.startsAt} to={session.endsAt} zone={zone} />
        {cancelled ? (
          <p className="mt-3 rounded-md border border-red-300 bg-red-50 p-3 font-medium text-red-900">
            This session is cancelled and will not take place.
          </p>
        ) : null}
      </header>
      <ActionNotice result={result} />
      <div className="grid gap-6 md:grid-cols-3">
        <div className="space-y-6 md:col-span-2">
          {session.abstract ? (
            <section aria-labelledby="about">
              <h2 id="about" className="sr-only">
                About this session
              </h2>
              {session.abstract.split(/\n{2,}/).map((para) => (
                <p key={para.slice(0, 40)} className="mb-4 text-lg leading-relaxed text-slate-800">
                  {para}
                </p>
              ))}
            </section>
          ) : null}
          {speakers.length ? (
            <section aria-labelledby="speakers">
              <h2 id="speakers" className="mb-3 text-xl font-bold">
                {speakers.length === 1 ? "Speaker" : "Speakers"}
              </h2>
              <ul className="space-y-3">
                {speakers.map((s) => (
                  <li key={s.id} className="flex items-center gap-3">
                    <SpeakerAvatar speaker={s} />
                    <div>
                      <Link to={`/events/${event.slug}/speakers/${s.id}`} className="font-semibold text-brand-700 underline">
                        {s.name}
                      </Link>
                      <p className="text-sm text-slate-700">{[s.title, s.organisation].filter(Boolean).join(", ")}</p>
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
        <div className="space-y-4">
          <Card>
            <h2 className="font-bold">When and where</h2>
            <dl className="mt-3 space-y-3 text-sm">
              <div>
                <dt className="font-semibold text-slate-700">Time</dt>
                <dd>{timeRange(session.startsAt, session.endsAt, zone)}</dd>
              </div>
              {track ? (
                <div>
                  <dt className="font-semibold text-slate-700">Track</dt>
                  <dd>
                    <TrackChip track={track} />
                  </dd>
                </div>
              ) : null}
              <div>
                <dt className="font-semibold text-slate-700">Room</dt>
                <dd>
                  {room ? `${room.name}, ` : ""}
                  {event.campus.name} campus
                  <br />
                  {event.campus.address}
                </dd>
              </div>
              {room ? (
                <div>
                  <dt className="font-semibold text-slate-700">Accessibility</dt>
                  <dd>
                    <ul className="mt-1 space-y-1">
                      <Feature has={room.stepFree} yes="Step-free access" no="No step-free access" />
                      <Feature has={room.hearingLoop} yes="Hearing loop" no="No hearing loop" />
                      <Feature has={room.liveCaptioning} yes="Live captioning" no="No live captioning" />
                    </ul>
                  </dd>
                </div>
              ) : null}
            </dl>
          </Card>
          <Card className="space-y-3 print:hidden">
            <h2 className="font-bold">Your agenda</h2>
            {cancelled && !starred ? null : <StarButton sessionId={session.id} title={session.title} starred={starred} />}
            {seats && !cancelled ? (
              <div className="space-y-2 border-t border-slate-200 pt-3">
                <p className={`text-sm font-semibold ${seats.left === 0 && !hasSeat ? "text-red-800" : "text-slate-800"}`}>
                  {seatsText(session.kind, seats)}
                </p>
                {hasSeat ? (
                  <Form method="post" preventScrollReset className="space-y-2">
                    <p className="text-sm font-medium text-green-900">You have a seat.</p>
                    <input type="hidden" name="sessionId" value={session.id} />
                    <Button variant="secondary" name="intent" value="cancel-rsvp" disabled={busy}>
                      Give back my seat
                    </Button>
                  </Form>
                ) : seats.left === 0 ? (
                  <p className="text-sm text-slate-700">
                    This {session.kind === "WORKSHOP" ? "workshop" : "session"} is full. Seats given back appear here.
                  </p>
                ) : loggedIn ? (
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="sessionId" value={session.id} />
                    <Button name="intent" value="rsvp" disabled={busy}>
                      Reserve a seat
                    </Button>
                  </Form>
                ) : (
                  <Link
                    to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}
                    className="font-semibold text-brand-700 underline"
                  >
                    Log in to reserve a seat
                  </Link>
                )}
              </div>
            ) : null}
            <p className="border-t border-slate-200 pt-3">
              <a href={`/events/${event.slug}/sessions/${session.id}.ics`} className="font-semibold text-brand-700 underline">
                Add to calendar
              </a>
              <span className="block text-sm text-slate-600">A calendar file (.ics) for this session.</span>
            </p>
          </Card>
        </div>
      </div>
    </article>
  );
}
