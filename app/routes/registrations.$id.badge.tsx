import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { badgeForPerson } from "~/modules/registration/self-service.server.ts";
import { formatDateRange } from "~/shared/dates.ts";
import { orNotFound } from "~/shared/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Badge · ${data.name} · ${data.eventName}` : "Badge not found · Summit" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const r = await orNotFound(badgeForPerson(context.db, params.id ?? "", { id: user.id, email: user.email }));
  return {
    id: r.id,
    name: r.attendeeName,
    organisation: r.organisation,
    ticketName: r.ticketType.name,
    eventName: r.event.name,
    when: formatDateRange(r.event.startsAt, r.event.endsAt, r.event.timeZone),
    campus: r.event.campus.name,
    photoConsent: r.photoConsent,
    reference: `${r.order.reference}-${r.id.slice(-4).toUpperCase()}`,
    version: r.badgeVersion,
  };
}

export default function BadgePage() {
  const badge = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <p className="flex flex-wrap gap-4 text-sm print:hidden">
        <Link to={`/registrations/${badge.id}`} className="text-brand-700 underline">
          ← Registration
        </Link>
        <button type="button" onClick={() => window.print()} className="font-semibold text-brand-700 underline">
          Print badge
        </button>
      </p>
      <article
        aria-label={`Badge for ${badge.name}`}
        className="mx-auto flex w-full max-w-sm flex-col overflow-hidden rounded-xl border-2 border-slate-800 bg-white text-center print:mt-8 print:border"
      >
        <header className="bg-brand-800 px-4 py-3 text-white">
          <p className="text-sm font-semibold uppercase tracking-wide">{badge.eventName}</p>
          <p className="text-xs">
            {badge.when} · {badge.campus} campus
          </p>
        </header>
        <div className="flex flex-1 flex-col items-center gap-2 px-4 py-8">
          <h1 className="text-3xl font-bold leading-tight break-words">{badge.name}</h1>
          {badge.organisation ? <p className="text-lg text-slate-700">{badge.organisation}</p> : null}
          <p className="mt-2 rounded-full bg-slate-100 px-3 py-1 text-sm font-semibold">{badge.ticketName}</p>
          {badge.photoConsent ? null : (
            <p className="mt-3 flex items-center gap-2 rounded-md border-2 border-red-800 px-3 py-1 font-bold text-red-800">
              <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="2">
                <rect x="3" y="7" width="18" height="13" rx="2" />
                <circle cx="12" cy="13.5" r="3.5" />
                <path d="M8 7l1.5-3h5L16 7" />
                <path d="M3 3l18 18" />
              </svg>
              No photos please
            </p>
          )}
          {/* The signed QR code for door check-in comes with the badges work (issue 5). */}
          <div
            className="mt-4 flex h-32 w-32 items-center justify-center rounded-md border-2 border-dashed border-slate-400 text-xs text-slate-600"
            data-qr-placeholder
          >
            Check-in code coming soon
          </div>
        </div>
        <footer className="border-t border-slate-300 px-4 py-2 text-xs text-slate-600">
          {badge.reference} · v{badge.version}
        </footer>
      </article>
    </div>
  );
}
