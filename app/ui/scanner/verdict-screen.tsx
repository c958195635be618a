import { forwardRef } from "react";
import type { DoorOutcome } from "~/modules/badges/offline/door.client.ts";

/**
 * The answer at the door, filling the phone's screen: green ADMIT, amber ALREADY CHECKED IN,
 * red NOT VALID, each with its own shape as well as colour. The text sits in one live region
 * that stays mounted (only its content changes), so screen readers announce every verdict.
 */
const LOOKS = {
  ADMIT: { panel: "bg-green-700 text-white", next: "bg-white text-green-900", title: "ADMIT" },
  ALREADY_CHECKED_IN: { panel: "bg-amber-400 text-slate-950", next: "bg-slate-950 text-white", title: "ALREADY CHECKED IN" },
  NOT_VALID: { panel: "bg-red-700 text-white", next: "bg-white text-red-900", title: "NOT VALID" },
} as const;

function Mark({ kind }: { kind: keyof typeof LOOKS }) {
  const common = { "aria-hidden": true, viewBox: "0 0 48 48", className: "h-20 w-20 shrink-0" } as const;
  if (kind === "ADMIT")
    return (
      <svg {...common} fill="none" stroke="currentColor" strokeWidth="6" strokeLinecap="round" strokeLinejoin="round">
        <circle cx="24" cy="24" r="21" strokeWidth="4" />
        <path d="M13 25l7 7 15-16" />
      </svg>
    );
  if (kind === "ALREADY_CHECKED_IN")
    return (
      <svg {...common} fill="none" stroke="currentColor" strokeWidth="5" strokeLinecap="round" strokeLinejoin="round">
        <path d="M24 4L45 42H3z" strokeWidth="4" />
        <path d="M24 18v11M24 36v0.5" />
      </svg>
    );
  return (
    <svg {...common} fill="none" stroke="currentColor" strokeWidth="6" strokeLinecap="round">
      <rect x="3" y="3" width="42" height="42" rx="6" strokeWidth="4" />
      <path d="M15 15l18 18M33 15L15 33" />
    </svg>
  );
}

function VerdictText({ outcome, describeTime }: { outcome: DoorOutcome; describeTime: (iso: string) => string }) {
  const { verdict, offline } = outcome;
  const look = LOOKS[verdict.kind];
  return (
    <div className="flex flex-col items-center gap-3 text-center">
      <Mark kind={verdict.kind} />
      <p className="text-5xl leading-none font-black tracking-tight break-words">{look.title}</p>
      {verdict.kind === "NOT_VALID" ? (
        <p className="text-2xl font-semibold">{verdict.message}</p>
      ) : (
        <>
          <p className="text-4xl leading-tight font-bold break-words">{verdict.person.name}</p>
          <p className="text-2xl">{verdict.person.ticketType}</p>
          {verdict.kind === "ALREADY_CHECKED_IN" ? (
            <p className="text-2xl font-semibold">
              Checked in at {describeTime(verdict.checkedInAt)}
              {verdict.deviceName ? `, ${verdict.deviceName}` : ""}.
            </p>
          ) : null}
          {verdict.person.accessibilityNeeds.length > 0 ? (
            <p className="mt-2 flex items-start gap-3 rounded-lg border-4 border-slate-950 bg-white px-4 py-3 text-left text-2xl font-bold text-slate-950">
              {/* The wheelchair of Material Icons' "accessible" (Apache 2.0). */}
              <svg aria-hidden="true" viewBox="0 0 24 24" className="mt-0.5 h-9 w-9 shrink-0" fill="currentColor">
                <circle cx="12" cy="4" r="2" />
                <path d="M19 13v-2c-1.54.02-3.09-.75-4.07-1.83l-1.29-1.43c-.17-.19-.38-.34-.61-.45-.01 0-.01-.01-.02-.01H13c-.35-.2-.75-.3-1.19-.26C10.76 7.11 10 8.04 10 9.09V15c0 1.1.9 2 2 2h5v5h2v-5.5c0-1.1-.9-2-2-2h-3v-3.45c1.29 1.07 3.25 1.94 5 1.95zm-6.17 5c-.41 1.16-1.52 2-2.83 2-1.66 0-3-1.34-3-3 0-1.31.84-2.41 2-2.83V12.1c-2.28.46-4 2.48-4 4.9 0 2.76 2.24 5 5 5 2.42 0 4.44-1.72 4.9-4h-2.07z" />
              </svg>
              <span>Access needs: {verdict.person.accessibilityNeeds.join(", ")}</span>
            </p>
          ) : null}
        </>
      )}
      {offline ? (
        <p className="text-lg font-semibold">
          {verdict.kind === "ADMIT" ? "Checked on this phone (offline) — will sync." : "Checked on this phone (offline)."}
        </p>
      ) : null}
    </div>
  );
}

type Props = {
  outcome: DoorOutcome | null;
  describeTime: (iso: string) => string;
  onNext(): void;
};

export const VerdictScreen = forwardRef<HTMLButtonElement, Props>(function VerdictScreen(
  { outcome, describeTime, onNext },
  nextRef,
) {
  const look = outcome ? LOOKS[outcome.verdict.kind] : null;
  return (
    <section
      aria-label="Verdict"
      className={
        look ? `fixed inset-0 z-50 m-0 flex flex-col justify-between gap-6 overflow-y-auto p-6 ${look.panel}` : "contents"
      }
      data-verdict={outcome?.verdict.kind}
    >
      <div role="status" aria-live="assertive" aria-atomic="true" aria-label="Verdict" className={look ? "my-auto" : ""}>
        {outcome ? <VerdictText outcome={outcome} describeTime={describeTime} /> : null}
      </div>
      {look ? (
        <button
          ref={nextRef}
          type="button"
          onClick={onNext}
          className={`min-h-16 w-full rounded-xl text-2xl font-bold focus-visible:outline-4 focus-visible:outline-offset-4 focus-visible:outline-current ${look.next}`}
        >
          Next
        </button>
      ) : null}
    </section>
  );
});
