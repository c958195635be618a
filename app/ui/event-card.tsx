import { Link } from "@remix-run/react";
import { EVENT_KIND_LABELS } from "~/modules/events/event.schema.ts";
import { formatDateRange, zoneAbbreviation } from "~/shared/dates.ts";
import { Badge } from "./components.tsx";

type EventSummary = {
  slug: string;
  name: string;
  kind: keyof typeof EVENT_KIND_LABELS;
  startsAt: string | Date;
  endsAt: string | Date;
  timeZone: string;
};

/** Dates always in the event's own zone, with the zone named: a Phoenix workshop reads the same from anywhere. */
export function EventCard({ event }: { event: EventSummary }) {
  const startsAt = new Date(event.startsAt);
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <Badge tone="blue">{EVENT_KIND_LABELS[event.kind]}</Badge>
      <h3 className="mt-2 text-lg font-bold">
        <Link to={`/events/${event.slug}`} className="text-brand-800 hover:underline">
          {event.name}
        </Link>
      </h3>
      <p className="text-slate-700">
        <time dateTime={startsAt.toISOString()}>{formatDateRange(startsAt, new Date(event.endsAt), event.timeZone)}</time>
      </p>
      <p className="text-sm text-slate-600">{`Times in ${zoneAbbreviation(startsAt, event.timeZone)} (${event.timeZone})`}</p>
    </li>
  );
}
