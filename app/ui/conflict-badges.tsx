import type { Conflict, ConflictKind } from "~/modules/agenda/conflicts.ts";

export const CONFLICT_LABELS: Record<ConflictKind, string> = {
  "room-double-booked": "Room double-booked",
  "speaker-double-booked": "Speaker in two places",
  "outside-event": "Outside the event's days",
  "over-room-capacity": "More seats than the room",
};

/** A session's conflicts: a short label to scan for, and the full sentence saying what to fix. */
export function ConflictBadges({ conflicts }: { conflicts: Pick<Conflict, "kind" | "message">[] }) {
  if (conflicts.length === 0) return null;
  return (
    <ul className="mt-1 space-y-1" aria-label="Conflicts">
      {conflicts.map((c) => (
        <li key={c.kind + c.message} className="text-sm text-red-800">
          <span className="mr-1 inline-flex items-center rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-900">
            <span aria-hidden="true">⚠&nbsp;</span>
            {CONFLICT_LABELS[c.kind]}
          </span>
          <span className="align-middle">{c.message}</span>
        </li>
      ))}
    </ul>
  );
}
