import type { DoorState } from "~/modules/badges/offline/door.client.ts";

/**
 * Whether the phone talks to the server, and how many admissions wait to be sent. Only that
 * part is a live region: the copy's time changes every 30 s and is not worth announcing.
 */
export function ConnectionBanner({ state, describeTime }: { state: DoorState; describeTime: (iso: string) => string }) {
  const waiting = `${state.pending} waiting to sync`;
  const tone = !state.online
    ? "border-amber-500 bg-amber-100 text-amber-950"
    : state.pending > 0
      ? "border-sky-400 bg-sky-50 text-sky-950"
      : "border-green-500 bg-green-50 text-green-950";
  const status = !state.online
    ? `offline — ${waiting}`
    : state.pending > 0
      ? `online — ${state.syncing ? "syncing, " : ""}${waiting}`
      : "online";
  return (
    <div className={`flex items-center gap-2 rounded-lg border-2 px-3 py-2 text-base font-semibold ${tone}`}>
      <span aria-hidden="true" className={`h-3 w-3 shrink-0 rounded-full ${state.online ? "bg-green-600" : "bg-amber-600"}`} />
      <p>
        <span role="status" aria-label="Connection">
          {status}
        </span>
        {state.online && state.pending === 0 && state.copyAt ? (
          <span className="font-normal"> — list updated {describeTime(state.copyAt)}</span>
        ) : null}
      </p>
    </div>
  );
}
