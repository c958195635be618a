import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SOCIAL_LABELS, SOCIAL_NETWORKS } from "~/modules/agenda/agenda.schema.ts";
import { attendeeState, publicAgenda } from "~/modules/agenda/attendee.server.ts";
import { sessionAction } from "~/modules/agenda/attendee-actions.server.ts";
import { getOptionalUser, hasRole } from "~/modules/auth/guards.server.ts";
import { notFound, orNotFound } from "~/shared/http.server.ts";
import { ActionNotice, EventNav, handleUrl, SessionCard, SpeakerAvatar, summarise, useLookup, ZoneNote } from "~/ui/agenda.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.speaker.name} · ${data.event.name} · Summit` : "Speaker not found · Summit" },
  { name: "description", content: data?.speaker.bio.slice(0, 160) ?? "" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  const includeDrafts = Boolean(user && hasRole(user, "ORGANIZER"));
  const { event, agenda } = await orNotFound(publicAgenda(context.db, params.slug ?? "", { includeDrafts }));
  const speaker = agenda?.speakers.find((s) => s.id === params.speakerId);
  if (!agenda || !speaker) notFound("We couldn't find that speaker in the published agenda.");
  const sessions = agenda.sessions.filter((s) => s.speakerIds.includes(speaker.id));
  const state = await attendeeState(context.db, user?.id ?? null, event.id);
  const shown = new Set(sessions.flatMap((s) => s.speakerIds));
  return {
    event: {
      slug: event.slug,
      name: event.name,
      timeZone: event.timeZone,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
    },
    speaker,
    sessions: sessions.map(summarise),
    tracks: agenda.tracks,
    rooms: agenda.rooms.map(({ id, name }) => ({ id, name })),
    speakers: agenda.speakers.filter((s) => shown.has(s.id)).map(({ id, name }) => ({ id, name })),
    starred: state.starred,
    rsvps: state.rsvps,
    seats: state.seats,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return sessionAction(context, request);
}

export default function SpeakerPage() {
  const data = useLoaderData<typeof loader>();
  const { event, speaker, sessions } = data;
  const result = useActionData<typeof action>();
  const lookup = useLookup(data);
  const starred = new Set(data.starred);
  const rsvps = new Set(data.rsvps);
  const handles = SOCIAL_NETWORKS.flatMap((network) => {
    const handle = speaker.handles[network];
    return handle ? [{ network, handle, url: handleUrl(network, handle) }] : [];
  });
  return (
    <article>
      <EventNav
        slug={event.slug}
        name={event.name}
        here={
          <>
            <Link to={`/events/${event.slug}/speakers`} className="text-brand-700 underline">
              Speakers
            </Link>{" "}
            / {speaker.name}
          </>
        }
      />
      <header className="mb-6 flex flex-wrap items-center gap-4">
        <SpeakerAvatar speaker={speaker} size="lg" />
        <div>
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{speaker.name}</h1>
          {speaker.title ? <p className="text-lg text-slate-800">{speaker.title}</p> : null}
          {speaker.organisation ? <p className="text-slate-700">{speaker.organisation}</p> : null}
        </div>
      </header>
      <ActionNotice result={result} />
      <div className="grid gap-6 md:grid-cols-3">
        <div className="md:col-span-2">
          {speaker.bio.split(/\n{2,}/).map((para) => (
            <p key={para.slice(0, 40)} className="mb-4 text-lg leading-relaxed text-slate-800">
              {para}
            </p>
          ))}
        </div>
        {handles.length ? (
          <section aria-labelledby="elsewhere" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 id="elsewhere" className="font-bold">
              Elsewhere
            </h2>
            <dl className="mt-3 space-y-2 text-sm">
              {handles.map(({ network, handle, url }) => (
                <div key={network}>
                  <dt className="font-semibold text-slate-700">{SOCIAL_LABELS[network]}</dt>
                  <dd>
                    {url ? (
                      <a href={url} rel="noopener noreferrer" className="break-all text-brand-700 underline">
                        {handle}
                      </a>
                    ) : (
                      <span className="break-all">{handle}</span>
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ) : null}
      </div>
      <section aria-labelledby="sessions" className="mt-8">
        <h2 id="sessions" className="text-xl font-bold">
          {sessions.length === 1 ? "Session" : "Sessions"}
        </h2>
        <div className="mb-3">
          <ZoneNote from={event.startsAt} to={event.endsAt} zone={event.timeZone} />
        </div>
        <ul className="space-y-3">
          {sessions.map((s) => (
            <li key={s.id}>
              <SessionCard
                session={s}
                slug={event.slug}
                zone={event.timeZone}
                lookup={lookup}
                starred={starred.has(s.id)}
                seats={data.seats[s.id]}
                hasSeat={rsvps.has(s.id)}
                withDate
              />
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
