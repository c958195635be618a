import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { SESSION_KIND_LABELS, SESSION_KINDS } from "~/modules/agenda/agenda.schema.ts";
import { dayLabel, groupByDay, viewAgenda } from "~/modules/agenda/agenda-filter.ts";
import { parseAgendaFilters } from "~/modules/agenda/attendee.schema.ts";
import { attendeeState, publicAgenda } from "~/modules/agenda/attendee.server.ts";
import { sessionAction } from "~/modules/agenda/attendee-actions.server.ts";
import { getOptionalUser, hasRole } from "~/modules/auth/guards.server.ts";
import { formatDate, formatTime } from "~/shared/dates.ts";
import { orNotFound } from "~/shared/http.server.ts";
import {
  ActionNotice,
  EventNav,
  type Lookup,
  SessionCard,
  type SessionSummary,
  summarise,
  TrackChip,
  timeRange,
  useLookup,
  ZoneNote,
} from "~/ui/agenda.tsx";
import { Button, EmptyState, PageHeader } from "~/ui/components.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Agenda · ${data.event.name} · Summit` : "Event not found · Summit" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  const includeDrafts = Boolean(user && hasRole(user, "ORGANIZER"));
  const { event, release, agenda } = await orNotFound(publicAgenda(context.db, params.slug ?? "", { includeDrafts }));
  const summary = {
    slug: event.slug,
    name: event.name,
    timeZone: event.timeZone,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
  };
  if (!agenda || !release) return { event: summary, programme: null };

  const search = new URL(request.url).searchParams;
  // Paper gets every day; the screen one day at a time.
  const print = search.get("print") === "1";
  const filters = parseAgendaFilters(search);
  const view = viewAgenda(agenda, filters, { allDays: print });
  const sessions = view.sessions.map(summarise);
  const state = await attendeeState(context.db, user?.id ?? null, event.id);
  const shownSpeakers = new Set(sessions.flatMap((s) => s.speakerIds));
  return {
    event: summary,
    programme: {
      ...view,
      print,
      release: { number: release.number, publishedAt: release.publishedAt.toISOString() },
      filters,
      tracks: agenda.tracks,
      rooms: agenda.rooms.map(({ id, name }) => ({ id, name })),
      speakers: agenda.speakers.filter((s) => shownSpeakers.has(s.id)).map(({ id, name }) => ({ id, name })),
      sessions,
      starred: state.starred,
      rsvps: state.rsvps,
      seats: Object.fromEntries(sessions.filter((s) => state.seats[s.id]).map((s) => [s.id, state.seats[s.id]])),
    },
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return sessionAction(context, request);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type EventSummary = LoaderData["event"];
type Programme = NonNullable<LoaderData["programme"]>;

/** The query string for the same filters with some changed (empty values dropped). */
function withFilters(filters: Programme["filters"], change: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...change })) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `?${query}` : "?";
}

/** Sessions of one day grouped by start time: parallel sessions side by side. */
function bySlot(sessions: SessionSummary[]) {
  const slots: { startsAt: string; sessions: SessionSummary[] }[] = [];
  for (const s of sessions) {
    const last = slots.at(-1);
    if (last?.startsAt === s.startsAt) last.sessions.push(s);
    else slots.push({ startsAt: s.startsAt, sessions: [s] });
  }
  return slots;
}

const selectClass =
  "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm min-h-11";

export default function AgendaPage() {
  const { event, programme } = useLoaderData<typeof loader>();
  const lookup = useLookup(programme ?? { tracks: [], rooms: [], speakers: [] });
  if (!programme) {
    return (
      <div>
        <EventNav slug={event.slug} name={event.name} here="Agenda" />
        <PageHeader title="Agenda" subtitle={event.name} />
        <EmptyState title="The programme will appear here soon">
          The organisers are putting the sessions together. Come back in a little while.
        </EmptyState>
      </div>
    );
  }
  return (
    <div>
      <EventNav slug={event.slug} name={event.name} here="Agenda" />
      {programme.print ? (
        <PrintView event={event} programme={programme} lookup={lookup} />
      ) : (
        <ScreenView event={event} programme={programme} lookup={lookup} />
      )}
    </div>
  );
}

type ViewProps = { event: EventSummary; programme: Programme; lookup: Lookup };

function ScreenView({ event, programme, lookup }: ViewProps) {
  const result = useActionData<typeof action>();
  const { filters, day } = programme;
  const zone = event.timeZone;
  const starred = new Set(programme.starred);
  const rsvps = new Set(programme.rsvps);
  const filtered = Boolean(filters.track || filters.room || filters.kind || filters.q);
  const groups = day === "all" ? groupByDay(programme.sessions, zone) : [[day, programme.sessions] as const];
  return (
    <>
      <PageHeader
        title={`Agenda · ${event.name}`}
        subtitle={<ZoneNote from={event.startsAt} to={event.endsAt} zone={zone} />}
        actions={
          <Link
            to={withFilters({ ...filters, day: undefined }, { print: "1" })}
            className="inline-flex min-h-11 items-center rounded-md border border-slate-400 bg-white px-4 py-2 text-sm font-semibold text-slate-900 hover:bg-slate-100 print:hidden"
          >
            Print
          </Link>
        }
      />
      <ActionNotice result={result} />
      <nav aria-label="Days" className="-mx-4 mb-4 overflow-x-auto px-4 print:hidden">
        <ul className="flex gap-2">
          {[...programme.days, { key: "all", label: "All days" }].map((d) => {
            const count = d.key === "all" ? programme.total : (programme.counts[d.key] ?? 0);
            const current = d.key === day;
            const [weekday, dayOfMonth, month] = d.label.split(" ");
            return (
              <li key={d.key}>
                <Link
                  to={withFilters(filters, { day: d.key })}
                  aria-current={current ? "page" : undefined}
                  className={`block whitespace-nowrap rounded-md border px-3 py-2 text-sm ${current ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white text-slate-900 hover:bg-slate-100"}`}
                >
                  <span className="font-semibold">{d.key === "all" ? "All days" : weekday}</span>
                  {d.key === "all" ? null : <span className="block">{`${dayOfMonth} ${month}`}</span>}
                  <span className={`block text-xs ${current ? "text-brand-50" : "text-slate-600"}`}>
                    {count} {count === 1 ? "session" : "sessions"}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <Form
        method="get"
        className="mb-6 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 lg:grid-cols-6 print:hidden"
      >
        {day !== "all" ? <input type="hidden" name="day" value={day} /> : null}
        <div className="col-span-2">
          <label htmlFor="agenda-q" className="block text-sm font-semibold text-slate-800">
            Search
          </label>
          <input
            id="agenda-q"
            type="search"
            name="q"
            defaultValue={filters.q ?? ""}
            placeholder="Title, topic or speaker"
            className={selectClass}
          />
        </div>
        <FilterSelect
          id="agenda-track"
          name="track"
          label="Track"
          all="All tracks"
          value={filters.track}
          options={programme.tracks.map((t) => ({ value: t.id, label: t.name }))}
        />
        <FilterSelect
          id="agenda-room"
          name="room"
          label="Room"
          all="All rooms"
          value={filters.room}
          options={programme.rooms.map((r) => ({ value: r.id, label: r.name }))}
        />
        <FilterSelect
          id="agenda-kind"
          name="kind"
          label="Kind"
          all="All kinds"
          value={filters.kind}
          options={SESSION_KINDS.map((k) => ({ value: k, label: SESSION_KIND_LABELS[k] }))}
        />
        <div className="flex items-end gap-2">
          <Button className="flex-1">Filter</Button>
          {filtered ? (
            <Link
              to={withFilters({}, { day: day === "all" ? "all" : day })}
              className="px-2 py-2 text-sm font-semibold text-brand-700 underline"
            >
              Clear
            </Link>
          ) : null}
        </div>
      </Form>
      {programme.sessions.length === 0 ? (
        <EmptyState title={filtered ? "No sessions match these filters on this day" : "Nothing is scheduled on this day"}>
          {filtered ? (
            <Link to={withFilters({}, { day })} className="font-semibold text-brand-700 underline">
              Show every session
            </Link>
          ) : null}
        </EmptyState>
      ) : (
        groups.map(([key, sessions]) => (
          <section key={key} aria-labelledby={`day-${key}`} className="mb-8">
            <h2 id={`day-${key}`} className="mb-3 text-xl font-bold text-slate-900">
              {dayLabel(key)}
            </h2>
            <ol className="space-y-5">
              {bySlot(sessions).map((slot) => (
                <li key={slot.startsAt}>
                  <h3 className="mb-2 text-sm font-bold uppercase tracking-wide text-slate-700">
                    <time dateTime={slot.startsAt}>{formatTime(new Date(slot.startsAt), zone)}</time>
                  </h3>
                  <ul className="grid gap-3 md:grid-cols-2">
                    {slot.sessions.map((s) => (
                      <li key={s.id} className={s.kind === "BREAK" ? "col-span-full" : undefined}>
                        <SessionCard
                          session={s}
                          slug={event.slug}
                          zone={zone}
                          lookup={lookup}
                          starred={starred.has(s.id)}
                          seats={programme.seats[s.id]}
                          hasSeat={rsvps.has(s.id)}
                          level={4}
                        />
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          </section>
        ))
      )}
      <p className="mt-8 text-sm text-slate-600">
        Release {programme.release.number}, published {formatDate(new Date(programme.release.publishedAt), zone)}.
      </p>
    </>
  );
}

function FilterSelect({
  id,
  name,
  label,
  all,
  value,
  options,
}: {
  id: string;
  name: string;
  label: string;
  all: string;
  value?: string;
  options: { value: string; label: string }[];
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-semibold text-slate-800">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ""} className={selectClass}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Every day on a few sheets: a compact table, no buttons. */
function PrintView({ event, programme, lookup }: ViewProps) {
  const zone = event.timeZone;
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center gap-3 print:hidden">
        <Link to={withFilters({ ...programme.filters, day: undefined }, {})} className="font-semibold text-brand-700 underline">
          ← Back to the agenda
        </Link>
        <button
          type="button"
          onClick={() => window.print()}
          className="inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
        >
          Print this page
        </button>
      </div>
      <h1 className="text-2xl font-bold">{`${event.name} · Agenda`}</h1>
      <ZoneNote from={event.startsAt} to={event.endsAt} zone={zone} />
      <p className="text-sm text-slate-700">Release {programme.release.number}</p>
      {programme.sessions.length === 0 ? <p className="mt-4">No sessions match these filters.</p> : null}
      {groupByDay(programme.sessions, zone).map(([key, sessions]) => (
        <section key={key} aria-labelledby={`print-${key}`} className="mt-6 print:break-inside-auto">
          <h2 id={`print-${key}`} className="mb-2 text-lg font-bold">
            {dayLabel(key)}
          </h2>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[40rem] border-collapse text-left text-sm">
              <thead>
                <tr className="border-b-2 border-slate-800">
                  <th scope="col" className="py-1 pr-3">
                    Time
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Session
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Track
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Room
                  </th>
                  <th scope="col" className="py-1">
                    Speakers
                  </th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((s) => {
                  const track = lookup.track(s.trackId);
                  return (
                    <tr key={s.id} className="border-b border-slate-300 align-top print:break-inside-avoid">
                      <td className="whitespace-nowrap py-1 pr-3">{timeRange(s.startsAt, s.endsAt, zone)}</td>
                      <td className="py-1 pr-3">
                        <span className="font-semibold">{s.title}</span>
                        {` · ${SESSION_KIND_LABELS[s.kind]}`}
                        {s.status === "CANCELLED" ? <strong> · Cancelled</strong> : null}
                      </td>
                      <td className="py-1 pr-3">{track ? <TrackChip track={track} /> : null}</td>
                      <td className="py-1 pr-3">{lookup.room(s.roomId)?.name}</td>
                      <td className="py-1">
                        {s.speakerIds
                          .map((id) => lookup.speaker(id)?.name)
                          .filter(Boolean)
                          .join(", ")}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
