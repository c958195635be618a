import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { hasRole, requireRole } from "~/modules/auth/guards.server.ts";
import { ACCESSIBILITY_LABELS } from "~/modules/registration/registration.schema.ts";
import { accessibilityReport } from "~/modules/registration/registrations-admin.server.ts";
import { formatDateRange, formatDateTime } from "~/shared/dates.ts";
import { orNotFound } from "~/shared/http.server.ts";

// Outside the admin layout (admin_): operations staff read this report too, and the
// admin layout is for organisers only.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Accessibility needs · ${data?.event.name ?? "Event"} · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER", "STAFF");
  const report = await orNotFound(accessibilityReport(context.db, params.id ?? ""));
  return { ...report, canManage: hasRole(user, "ORGANIZER"), generatedAt: new Date().toISOString() };
}

type Attendee = ReturnType<typeof useLoaderData<typeof loader>>["noPhotos"][number];

function AttendeeTable({ caption, attendees, withNotes }: { caption: string; attendees: Attendee[]; withNotes: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[36rem] border-collapse text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b-2 border-slate-800">
            <th scope="col" className="py-1 pr-3">
              Attendee
            </th>
            <th scope="col" className="py-1 pr-3">
              Organisation
            </th>
            <th scope="col" className="py-1 pr-3">
              Ticket
            </th>
            <th scope="col" className="py-1 pr-3">
              Order
            </th>
            {withNotes ? (
              <th scope="col" className="py-1">
                Notes
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {attendees.map((a) => (
            <tr key={a.id} className="border-b border-slate-300 align-top print:break-inside-avoid">
              <td className="py-1 pr-3">
                <span className="font-semibold">{a.attendeeName}</span>
                <span className="block break-words text-slate-700 print:text-slate-900">{a.attendeeEmail}</span>
              </td>
              <td className="py-1 pr-3">{a.organisation}</td>
              <td className="whitespace-nowrap py-1 pr-3">{a.ticketType.name}</td>
              <td className="whitespace-nowrap py-1 pr-3 font-mono">{a.order.reference}</td>
              {withNotes ? <td className="py-1 whitespace-pre-line">{a.accessibilityNotes || "—"}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Operations staff's sheet: who needs what, grouped by need, and who said no to photos. Prints cleanly. */
export default function AccessibilityReport() {
  const { event, groups, attendeesWithNeeds, noPhotos, canManage, generatedAt } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3 print:hidden">
        {canManage ? (
          <Link to={`/admin/events/${event.id}/registrations`} className="font-semibold text-brand-700 underline">
            ← Registrations
          </Link>
        ) : null}
        <button
          type="button"
          onClick={() => window.print()}
          className="inline-flex min-h-11 items-center rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
        >
          Print this report
        </button>
      </div>
      <div>
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Accessibility needs · {event.name}</h1>
        <p className="text-slate-700">
          {formatDateRange(new Date(event.startsAt), new Date(event.endsAt), event.timeZone)}. Confirmed attendees only; as of{" "}
          {formatDateTime(new Date(generatedAt), event.timeZone)}.
        </p>
      </div>

      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading" className="text-lg font-bold">
          Summary
        </h2>
        <p className="text-sm text-slate-700">
          {attendeesWithNeeds} attendee{attendeesWithNeeds === 1 ? "" : "s"} with at least one need; {noPhotos.length} said no to
          photos and recordings.
        </p>
        <dl className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-3 print:grid-cols-3">
          {groups.map((g) => (
            <div key={g.need} className="rounded-md border border-slate-200 bg-white px-3 py-2 print:border-slate-400">
              <dt className="text-sm text-slate-700 print:text-slate-900">{ACCESSIBILITY_LABELS[g.need]}</dt>
              <dd className="text-xl font-bold tabular-nums">{g.count}</dd>
            </div>
          ))}
        </dl>
      </section>

      {groups.map((g) => (
        <section key={g.need} aria-labelledby={`need-${g.need}`} className="print:break-inside-auto">
          <h2 id={`need-${g.need}`} className="text-lg font-bold">
            {ACCESSIBILITY_LABELS[g.need]} ({g.count})
          </h2>
          {g.attendees.length === 0 ? (
            <p className="text-sm text-slate-600">Nobody has asked for this.</p>
          ) : (
            <AttendeeTable
              caption={`Attendees needing ${ACCESSIBILITY_LABELS[g.need].toLowerCase()}`}
              attendees={g.attendees}
              withNotes={g.need === "DIETARY" || g.need === "OTHER"}
            />
          )}
        </section>
      ))}

      <section aria-labelledby="no-photos-heading" className="print:break-before-page">
        <h2 id="no-photos-heading" className="text-lg font-bold">
          No photos or recordings ({noPhotos.length})
        </h2>
        <p className="text-sm text-slate-700">Their badges carry the "no photos" mark. Brief photographers and camera crews.</p>
        {noPhotos.length === 0 ? (
          <p className="text-sm text-slate-600">Everyone confirmed has agreed to photos and recordings.</p>
        ) : (
          <AttendeeTable caption="Attendees who said no to photos and recordings" attendees={noPhotos} withNotes={false} />
        )}
      </section>
    </div>
  );
}
