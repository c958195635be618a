import { Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";

function tabClass({ isActive }: { isActive: boolean }) {
  return `whitespace-nowrap rounded-md px-3 py-2 text-sm font-semibold ${isActive ? "bg-brand-100 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`;
}

/** The heading and tabs every registration set-up page of an event shares. */
export function RegistrationSetupHeader({
  event,
  title,
  actions,
}: {
  event: { id: string; name: string; timeZone: string };
  title: string;
  actions?: ReactNode;
}) {
  const base = `/admin/events/${event.id}`;
  return (
    <div>
      <p className="text-sm">
        <Link to={base} className="text-brand-700 underline">
          ← {event.name}
        </Link>
      </p>
      <div className="mt-1 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">{title}</h1>
          <p className="text-sm text-slate-600">Times are in {event.timeZone}.</p>
        </div>
        {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
      </div>
      <nav aria-label="Registration set-up" className="-mx-4 my-4 flex gap-1 overflow-x-auto border-b border-slate-200 px-4 pb-2">
        <NavLink to={`${base}/tickets`} className={tabClass}>
          Ticket types
        </NavLink>
        <NavLink to={`${base}/questions`} className={tabClass}>
          Questions
        </NavLink>
        <NavLink to={`${base}/promo-codes`} className={tabClass}>
          Promo codes
        </NavLink>
        <NavLink to="/admin/members" className={tabClass}>
          Network members
        </NavLink>
      </nav>
    </div>
  );
}

/** Seats taken against capacity: a bar for the eye, the numbers in words for everyone. */
export function SeatsBar({ sold, held, offered, capacity }: { sold: number; held: number; offered: number; capacity: number }) {
  const pct = (n: number) => `${Math.min(100, (n / Math.max(capacity, 1)) * 100)}%`;
  const parts = [`${sold} sold`, held ? `${held} held` : "", offered ? `${offered} offered` : ""].filter(Boolean);
  return (
    <div className="min-w-[9rem]">
      <p className="text-sm">
        {parts.join(" · ")} <span className="text-slate-600">of {capacity}</span>
      </p>
      <div aria-hidden="true" className="mt-1 flex h-2 w-full overflow-hidden rounded-full bg-slate-200">
        <div className="h-full bg-brand-600" style={{ width: pct(sold) }} />
        <div className="h-full bg-amber-500" style={{ width: pct(held) }} />
        <div className="h-full bg-slate-500" style={{ width: pct(offered) }} />
      </div>
    </div>
  );
}
