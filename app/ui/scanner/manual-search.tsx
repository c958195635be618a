import { useCallback, useEffect, useId, useRef, useState } from "react";
import { type Door, DoorProblem } from "~/modules/badges/offline/door.client.ts";
import type { SearchResult } from "~/modules/badges/offline/snapshot.ts";

const STATUS_LABELS: Record<SearchResult["status"], string | null> = {
  CONFIRMED: null,
  PENDING: "Not paid",
  CANCELLED: "Cancelled",
  TRANSFERRED: "Transferred",
  EXPIRED: "Expired",
};

type Found = { query: string; results: SearchResult[]; offline: boolean } | { query: string; error: string };

/** For people without their badge: find them by name, email or order number, then check in. */
export function ManualSearch({
  door,
  describeTime,
  onCheckIn,
  version,
}: {
  door: Door;
  describeTime: (iso: string) => string;
  onCheckIn(registrationId: string): void;
  /** Changes after each verdict, so the list shows who is in now. */
  version: number;
}) {
  const inputId = useId();
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Found | null>(null);
  const asked = useRef(0);

  const run = useCallback(
    async (q: string) => {
      const ask = ++asked.current;
      try {
        const answer = await door.search(q);
        if (ask === asked.current) setFound({ query: q, ...answer });
      } catch (error) {
        if (!(error instanceof DoorProblem)) throw error;
        if (ask === asked.current) setFound({ query: q, error: error.message });
      }
    },
    [door],
  );

  // As you type, and again after each verdict (`version`) so the rows show who is in now.
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the trigger, not an input
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      asked.current++;
      setFound(null);
      return;
    }
    const timer = window.setTimeout(() => void run(q), 250);
    return () => window.clearTimeout(timer);
  }, [run, query, version]);

  return (
    <section aria-labelledby={`${inputId}-heading`} className="space-y-3">
      <h2 id={`${inputId}-heading`} className="text-xl font-bold">
        Find someone without a badge
      </h2>
      <form
        className="flex gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          if (query.trim().length >= 2) void run(query.trim());
        }}
      >
        <label htmlFor={inputId} className="sr-only">
          Name, email or order number
        </label>
        <input
          id={inputId}
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="Name, email or order number"
          autoComplete="off"
          maxLength={100}
          className="min-h-12 w-full min-w-0 rounded-lg border-2 border-slate-400 px-3 text-lg"
        />
        <button type="submit" className="min-h-12 shrink-0 rounded-lg bg-slate-800 px-4 text-base font-semibold text-white">
          Search
        </button>
      </form>
      <p role="status" aria-live="polite" className="text-sm text-slate-700">
        {found === null
          ? query.trim().length === 1
            ? "Type at least 2 characters."
            : ""
          : "error" in found
            ? found.error
            : `${found.results.length === 0 ? "Nobody" : found.results.length === 1 ? "1 person" : `${found.results.length} people`} found for “${found.query}”${found.offline ? " in this phone's copy (offline)" : ""}.`}
      </p>
      {found && "results" in found && found.results.length > 0 ? (
        <ul className="divide-y divide-slate-200 rounded-xl border-2 border-slate-200 bg-white">
          {found.results.map((person) => {
            const statusLabel = STATUS_LABELS[person.status];
            return (
              <li key={person.registrationId} className="flex items-center justify-between gap-3 p-3">
                <div className="min-w-0">
                  <p className="text-lg font-bold break-words">{person.name}</p>
                  <p className="text-sm break-all text-slate-700">{person.email}</p>
                  <p className="text-sm text-slate-700">
                    {person.ticketType} · {person.orderReference}
                  </p>
                  {statusLabel ? <p className="text-sm font-bold text-red-800">{statusLabel}</p> : null}
                  {person.checkedInAt ? (
                    <p className="text-sm font-semibold text-amber-900">
                      Checked in at {describeTime(person.checkedInAt)}
                      {person.deviceName ? `, ${person.deviceName}` : ""}
                    </p>
                  ) : null}
                </div>
                <button
                  type="button"
                  onClick={() => onCheckIn(person.registrationId)}
                  aria-label={`Check in ${person.name}`}
                  className="min-h-12 shrink-0 rounded-lg bg-green-700 px-4 text-base font-bold text-white hover:bg-green-800"
                >
                  Check in
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
