import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { RIBBON_COLOURS } from "~/modules/badges/badge-pdf.server.ts";
import { loadBadge } from "~/modules/badges/badges.server.ts";
import { badgeForPerson } from "~/modules/registration/self-service.server.ts";
import { orNotFound } from "~/shared/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Badge · ${data.badge.name} · ${data.badge.eventName}` : "Badge not found · Summit" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const r = await orNotFound(badgeForPerson(context.db, params.id ?? "", { id: user.id, email: user.email }));
  const badge = await orNotFound(loadBadge(context.db, context.env, r));
  const qrSvg = await QRCode.toString(badge.token, { type: "svg", errorCorrectionLevel: "M", margin: 4 });
  const [red, green, blue] = RIBBON_COLOURS[badge.role].map((c) => Math.round(c * 255));
  return {
    id: r.id,
    badge,
    qrSvg,
    ribbonColour: `rgb(${red} ${green} ${blue})`,
    reference: `${r.order.reference}-${r.id.slice(-4).toUpperCase()}`,
  };
}

export default function BadgePage() {
  const { id, badge, qrSvg, ribbonColour, reference } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <p className="flex flex-wrap gap-x-4 gap-y-2 text-sm print:hidden">
        <Link to={`/registrations/${id}`} className="text-brand-700 underline">
          ← Registration
        </Link>
        <a href={`/registrations/${id}/badge.pdf`} className="font-semibold text-brand-700 underline">
          Download PDF
        </a>
        <a href={`/registrations/${id}/badge.pdf?large=1`} className="font-semibold text-brand-700 underline">
          Large-print PDF
        </a>
        <a href={`/registrations/${id}/badge.png`} className="font-semibold text-brand-700 underline">
          Download for phone (PNG)
        </a>
        <button type="button" onClick={() => window.print()} className="font-semibold text-brand-700 underline">
          Print badge
        </button>
      </p>
      <article
        aria-label={`Badge for ${badge.name}`}
        className="mx-auto flex w-full max-w-sm flex-col overflow-hidden rounded-xl border-2 border-slate-800 bg-white text-center print:mt-8 print:border"
      >
        <header className="bg-slate-900 px-4 py-3 text-white">
          <p className="text-sm font-semibold uppercase tracking-wide">{badge.eventName}</p>
          <p className="text-xs">
            {badge.eventDates} · {badge.campus} campus
          </p>
        </header>
        <div className="flex flex-1 flex-col items-center gap-1 px-4 pt-6 pb-4">
          <h1 className="text-4xl font-bold leading-tight break-words">{badge.name}</h1>
          {badge.pronouns ? <p className="text-lg text-slate-700">{badge.pronouns}</p> : null}
          {badge.organisation ? <p className="text-lg font-semibold text-slate-800">{badge.organisation}</p> : null}
          {badge.socialHandle ? <p className="text-brand-700">{badge.socialHandle}</p> : null}
          {badge.noPhotos ? (
            <p className="mt-3 flex items-center gap-2 rounded-md bg-red-700 px-3 py-1 font-bold text-white">
              <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="2">
                <rect x="3" y="7" width="18" height="13" rx="2" />
                <circle cx="12" cy="13.5" r="3.5" />
                <path d="M8 7l1.5-3h5L16 7" />
                <path d="M3 3l18 18" />
              </svg>
              No photos please
            </p>
          ) : null}
          <div
            role="img"
            aria-label="Check-in code: show it at the door"
            className="mt-3 w-56 max-w-full [&_svg]:h-auto [&_svg]:w-full"
            data-badge-qr
            // The SVG is made on the server by qrcode from our own token: no user text in it.
            // biome-ignore lint/security/noDangerouslySetInnerHtml: trusted markup generated from the signed token
            dangerouslySetInnerHTML={{ __html: qrSvg }}
          />
        </div>
        <p className="py-2 text-lg font-bold tracking-widest text-white uppercase" style={{ backgroundColor: ribbonColour }}>
          {badge.ribbon}
        </p>
        <footer className="border-t border-slate-300 px-4 py-2 text-xs text-slate-600">
          {reference} · v{badge.badgeVersion}
        </footer>
      </article>
      <p className="mx-auto max-w-sm text-sm text-slate-700 print:hidden">
        Staff scan this code at the door. If your details change or your badge is reissued, download it again: older copies stop
        working.
      </p>
    </div>
  );
}
