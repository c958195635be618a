import type { ReactNode } from "react";
import { EventSectionHeader } from "./event-section-header.tsx";

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
  const tabs = [
    { to: `${base}/tickets`, label: "Ticket types" },
    { to: `${base}/questions`, label: "Questions" },
    { to: `${base}/promo-codes`, label: "Promo codes" },
    { to: "/admin/members", label: "Network members" },
  ];
  return <EventSectionHeader event={event} title={title} actions={actions} section="Registration set-up" tabs={tabs} />;
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
