import { useLocation } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { Door, type DoorOutcome, DoorProblem, type DoorState } from "~/modules/badges/offline/door.client.ts";
import type { DoorDevice } from "~/modules/badges/offline/door-store.client.ts";
import { signal } from "~/modules/badges/offline/feedback.client.ts";
import { createScanDeduper } from "~/modules/badges/offline/scan-dedupe.ts";
import { CameraPanel } from "./camera-panel.tsx";
import { ConnectionBanner } from "./connection-banner.tsx";
import { ManualSearch } from "./manual-search.tsx";
import { VerdictScreen } from "./verdict-screen.tsx";

/** Long enough to read the verdict at arm's length, short enough not to hold up the queue. */
export const VERDICT_RESET_MS = 2_500;

const SERVER_STATE: DoorState = {
  copy: "loading",
  copyAt: null,
  online: true,
  pending: 0,
  syncing: false,
  engine: null,
  lastAdmission: null,
  duplicates: [],
  notices: [],
  problem: null,
};

/** The scanner for one list on one named device: camera, verdicts, search, undo, sync. */
export function DoorScreen({
  listId,
  device,
  describeTime,
}: {
  listId: string;
  device: DoorDevice;
  describeTime: (iso: string) => string;
}) {
  const door = useMemo(() => new Door({ listId, device, describeTime }), [listId, device, describeTime]);
  useEffect(() => door.start(), [door]);
  const state = useSyncExternalStore(door.subscribe, door.getState, () => SERVER_STATE);
  const location = useLocation();

  const [outcome, setOutcome] = useState<DoorOutcome | null>(null);
  const [message, setMessage] = useState<{ text: string; tone: "info" | "error" } | null>(null);
  const [verdicts, setVerdicts] = useState(0);
  const busy = useRef(false);
  const dedupe = useMemo(() => createScanDeduper(), []);
  const nextButton = useRef<HTMLButtonElement>(null);
  // Where focus goes back after a verdict that a tap or key press asked for.
  const returnFocus = useRef<HTMLElement | null>(null);

  const show = useCallback((result: DoorOutcome, fromKeyboardOrTap: boolean) => {
    signal(result.verdict.kind === "ADMIT" ? "admit" : "refuse");
    setOutcome(result);
    setVerdicts((n) => n + 1);
    if (fromKeyboardOrTap) returnFocus.current = document.activeElement as HTMLElement | null;
  }, []);

  const next = useCallback(() => {
    setOutcome(null);
    const back = returnFocus.current;
    returnFocus.current = null;
    if (back?.isConnected) back.focus();
  }, []);

  useEffect(() => {
    if (!outcome) return;
    // Asked for by a tap or key press (search): Next takes the focus until the screen clears.
    if (returnFocus.current) nextButton.current?.focus();
    const timer = window.setTimeout(next, VERDICT_RESET_MS);
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") next();
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener("keydown", onKey);
    };
  }, [outcome, next]);

  const run = useCallback(
    async (attempt: () => Promise<DoorOutcome>, fromKeyboardOrTap: boolean) => {
      if (busy.current) return;
      busy.current = true;
      try {
        show(await attempt(), fromKeyboardOrTap);
        setMessage(null);
      } catch (error) {
        if (!(error instanceof DoorProblem)) throw error;
        setMessage({ text: error.message, tone: "error" });
      } finally {
        busy.current = false;
      }
    },
    [show],
  );

  const onText = useCallback(
    (text: string) => {
      // Reads during a scan in flight are dropped before the de-dupe sees them, so a second
      // badge shown meanwhile is taken on its next read rather than marked as seen.
      if (busy.current || !dedupe.accept(text, performance.now())) return;
      void run(() => door.scanToken(text), false);
    },
    [dedupe, door, run],
  );

  const undo = async () => {
    try {
      setMessage({ text: await door.undoLast(), tone: "info" });
      setVerdicts((n) => n + 1);
    } catch (error) {
      if (!(error instanceof DoorProblem)) throw error;
      setMessage({ text: error.message, tone: "error" });
    }
  };

  return (
    <div className="space-y-4">
      <ConnectionBanner state={state} describeTime={describeTime} />
      {state.problem ? (
        <p role="alert" className="rounded-lg border-2 border-red-700 bg-red-50 p-3 font-semibold text-red-900">
          {state.problem}{" "}
          {state.problem.includes("sign in") ? (
            <a href={`/login?redirectTo=${encodeURIComponent(location.pathname + location.search)}`} className="underline">
              Sign in
            </a>
          ) : null}
        </p>
      ) : null}
      {state.copy === "missing" ? (
        <p role="alert" className="rounded-lg border-2 border-amber-600 bg-amber-50 p-3 font-semibold text-amber-950">
          No copy of this list on this phone yet: connect to the network once to download it.
        </p>
      ) : null}

      <VerdictScreen ref={nextButton} outcome={outcome} describeTime={describeTime} onNext={next} />
      <CameraPanel onText={onText} />

      <div role="status" aria-live="polite">
        {message ? (
          <p
            className={`rounded-lg border-2 p-3 text-base font-semibold ${message.tone === "error" ? "border-red-700 bg-red-50 text-red-900" : "border-slate-300 bg-slate-50 text-slate-900"}`}
          >
            {message.text}
          </p>
        ) : null}
      </div>
      <button
        type="button"
        onClick={undo}
        disabled={!state.lastAdmission}
        className="min-h-14 w-full rounded-xl border-2 border-slate-500 bg-white px-4 text-lg font-semibold text-slate-900 disabled:border-slate-300 disabled:text-slate-600"
      >
        {state.lastAdmission ? `Undo last check-in (${state.lastAdmission.name})` : "Undo last check-in"}
      </button>

      {state.notices.length > 0 ? (
        <section aria-labelledby="sync-notices" className="space-y-2 rounded-xl border-2 border-amber-500 bg-amber-50 p-3">
          <h2 id="sync-notices" className="text-lg font-bold text-amber-950">
            From the last sync
          </h2>
          <ul className="space-y-2">
            {state.notices.map((notice) => (
              <li key={notice.id} className="flex items-start justify-between gap-2 text-base text-amber-950">
                <span>{notice.text}</span>
                <button
                  type="button"
                  onClick={() => door.dismissNotice(notice.id)}
                  className="min-h-11 shrink-0 rounded-md border border-amber-700 px-3 text-sm font-semibold"
                >
                  Dismiss
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <ManualSearch
        door={door}
        describeTime={describeTime}
        onCheckIn={(id) => run(() => door.checkIn(id), true)}
        version={verdicts}
      />

      {state.duplicates.length > 0 ? (
        <details className="rounded-xl border-2 border-slate-200 bg-white p-3">
          <summary className="min-h-11 cursor-pointer text-lg font-bold">
            Duplicate admissions on this list ({state.duplicates.length})
          </summary>
          <p className="mt-1 text-sm text-slate-700">
            People let in twice while devices were offline; the earliest admission counts.
          </p>
          <ul className="mt-2 space-y-1 text-base">
            {state.duplicates.map((d) => (
              <li key={`${d.registrationId}-${d.scannedAt}`}>
                {d.name}: also admitted by {d.deviceName ?? "another device"} at {describeTime(d.scannedAt)} — duplicate
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      <p className="text-xs text-slate-600">
        {state.copyAt ? `This phone's copy of the list: ${describeTime(state.copyAt)}.` : null}
        {state.engine ? ` Signatures checked with ${state.engine === "webcrypto" ? "WebCrypto" : "@noble/ed25519"}.` : null}
      </p>
    </div>
  );
}
