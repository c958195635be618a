import { Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";

function tabClass({ isActive }: { isActive: boolean }) {
  return `whitespace-nowrap rounded-md px-3 py-2 text-sm font-semibold ${isActive ? "bg-brand-100 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`;
}

export type SectionTab = { to: string; label: string; end?: boolean };

/** The heading and tabs of a section of an event's admin pages (agenda, registration set-up, door check-in). */
export function EventSectionHeader({
  event,
  title,
  actions,
  section,
  tabs,
}: {
  event: { id: string; name: string; timeZone: string };
  title: string;
  actions?: ReactNode;
  /** The tabs' accessible name. */
  section: string;
  tabs: SectionTab[];
}) {
  return (
    <div>
      <p className="text-sm">
        <Link to={`/admin/events/${event.id}`} className="text-brand-700 underline">
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
      <nav aria-label={section} className="-mx-4 my-4 flex gap-1 overflow-x-auto border-b border-slate-200 px-4 pb-2">
        {tabs.map((tab) => (
          <NavLink key={tab.to} to={tab.to} end={tab.end} className={tabClass}>
            {tab.label}
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
