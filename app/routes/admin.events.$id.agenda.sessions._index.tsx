import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import {
  SESSION_KIND_LABELS,
  SESSION_KINDS,
  SESSION_STATUS_LABELS,
  SESSION_STATUS_TONES,
  SESSION_STATUSES,
  sessionFilterSchema,
} from "~/modules/agenda/agenda.schema.ts";
import { listSessionsForAdmin } from "~/modules/agenda/sessions.server.ts";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { Badge, ButtonLink, EmptyState } from "~/ui/components.tsx";
import { ConflictBadges } from "~/ui/conflict-badges.tsx";
import { FilterButtons, FilterSelect } from "~/ui/list-filters.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Sessions · ${data?.event.name ?? "Agenda"} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const filter = sessionFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { filter, ...(await orNotFound(listSessionsForAdmin(context.db, params.id ?? "", filter))) };
}

export default function Sessions() {
  const { event, days, tracks, rooms, sessions, total, conflictCount, blockingCount, filter } = useLoaderData<typeof loader>();
  const zone = event.timeZone;
  const local = (d: Date | string) => DateTime.fromJSDate(new Date(d), { zone });
  const base = `/admin/events/${event.id}/agenda`;
  const filtered = Object.values(filter).some(Boolean);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-xl font-bold">Sessions</h2>
          <p className="text-sm text-slate-600">
            {filtered ? `${sessions.length} of ${total}` : total} session{total === 1 ? "" : "s"}
          </p>
        </div>
        <ButtonLink to={`${base}/sessions/new${filter.day ? `?day=${filter.day}` : ""}`}>New session</ButtonLink>
      </div>

      {conflictCount > 0 ? (
        <p className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-900">
          {conflictCount} conflict{conflictCount === 1 ? "" : "s"} in the agenda
          {blockingCount > 0 ? `, ${blockingCount} blocking publication` : ", none blocking publication (drafts only)"}.{" "}
          <Link to={`${base}/releases`} className="underline">
            See all conflicts
          </Link>
        </p>
      ) : null}

      <Form
        method="get"
        role="search"
        aria-label="Filter sessions"
        className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6 lg:items-end"
      >
        <FilterSelect
          name="day"
          label="Day"
          value={filter.day}
          any="Every day"
          options={days.map((d) => ({ value: d, label: DateTime.fromISO(d, { zone: "utc" }).toFormat("ccc d LLL") }))}
        />
        <FilterSelect
          name="trackId"
          label="Track"
          value={filter.trackId}
          any="Every track"
          options={tracks.map((t) => ({ value: t.id, label: t.name }))}
        />
        <FilterSelect
          name="roomId"
          label="Room"
          value={filter.roomId}
          any="Every room"
          options={rooms.map((r) => ({ value: r.id, label: r.name }))}
        />
        <FilterSelect
          name="status"
          label="Status"
          value={filter.status}
          any="Any status"
          options={SESSION_STATUSES.map((s) => ({ value: s, label: SESSION_STATUS_LABELS[s] }))}
        />
        <FilterSelect
          name="kind"
          label="Kind"
          value={filter.kind}
          any="Any kind"
          options={SESSION_KINDS.map((k) => ({ value: k, label: SESSION_KIND_LABELS[k] }))}
        />
        <FilterButtons filtered={filtered} clearTo={`${base}/sessions`} />
      </Form>

      {sessions.length === 0 ? (
        <EmptyState title={total === 0 ? "No sessions yet" : "No session matches"}>
          {total === 0 ? "Add sessions one by one, or import a CSV file." : "Try another day, track, room or status."}
        </EmptyState>
      ) : (
        <div className="overflow-auto sm:max-h-[75vh] rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Sessions by start time, in {zone}, with their conflicts</caption>
            <thead className="sticky top-0 z-10 bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  When
                </th>
                <th scope="col" className="px-3 py-2">
                  Session
                </th>
                <th scope="col" className="hidden px-3 py-2 md:table-cell">
                  Room
                </th>
                <th scope="col" className="hidden px-3 py-2 md:table-cell">
                  Speakers
                </th>
                <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {sessions.map((s) => (
                <tr key={s.id} className={s.conflicts.length ? "bg-red-50/40" : undefined}>
                  <td className="whitespace-nowrap px-3 py-2 align-top">
                    <span className="block font-medium">{local(s.startsAt).toFormat("ccc d LLL")}</span>
                    {local(s.startsAt).toFormat("h:mm")}–{local(s.endsAt).toFormat("h:mm a")}
                  </td>
                  <td className="px-3 py-2 align-top">
                    <Link to={`${base}/sessions/${s.id}`} className="font-semibold text-brand-800 underline">
                      {s.title}
                    </Link>
                    <span className="block text-slate-600">
                      {SESSION_KIND_LABELS[s.kind]}
                      {s.track ? (
                        <>
                          {" · "}
                          <span
                            aria-hidden="true"
                            className="mr-1 inline-block h-2.5 w-2.5 rounded-full align-middle"
                            style={{ backgroundColor: s.track.color }}
                          />
                          {s.track.name}
                        </>
                      ) : null}
                      {s.capacity !== null ? ` · ${s.rsvpCount}/${s.capacity} seats taken` : null}
                    </span>
                    {/* Narrow screens: the hidden columns' facts, under the title. */}
                    <span className="block text-slate-700 md:hidden">
                      {[s.room?.name ?? "No room", ...s.speakers.map((p) => p.name)].join(" · ")}
                    </span>
                    <span className="mt-1 block sm:hidden">
                      <Badge tone={SESSION_STATUS_TONES[s.status]}>{SESSION_STATUS_LABELS[s.status]}</Badge>
                    </span>
                    <ConflictBadges conflicts={s.conflicts} />
                  </td>
                  <td className="hidden px-3 py-2 align-top md:table-cell">
                    {s.room?.name ?? <span className="text-slate-600">No room</span>}
                  </td>
                  <td className="hidden px-3 py-2 align-top md:table-cell">{s.speakers.map((p) => p.name).join(", ")}</td>
                  <td className="hidden px-3 py-2 align-top sm:table-cell">
                    <Badge tone={SESSION_STATUS_TONES[s.status]}>{SESSION_STATUS_LABELS[s.status]}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
