// Shared pieces of the scholarship pages: where an application stands, and small labels.
import type { StepState, TimelineStep } from "~/modules/scholarships/application-status.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { Badge } from "./components.tsx";

const STATE_WORDS: Record<StepState, string> = {
  done: "Done",
  current: "Current step",
  upcoming: "Not yet",
  skipped: "Skipped",
};

const DOT: Record<StepState, string> = {
  done: "bg-green-700 text-white border-green-700",
  current: "bg-white text-brand-800 border-brand-600 ring-4 ring-brand-100",
  upcoming: "bg-white text-slate-500 border-slate-300",
  skipped: "bg-slate-100 text-slate-500 border-slate-300 border-dashed",
};

type Step = Omit<TimelineStep, "when"> & { when: { label: string; at: string | Date } | null };

/** draft → submitted → under review → decision → reply, as a vertical list the applicant can scan. */
export function ApplicationTimeline({ steps, timeZone }: { steps: Step[]; timeZone: string }) {
  return (
    <ol className="relative space-y-0" aria-label="Where your application stands">
      {steps.map((step, i) => (
        <li
          key={step.key}
          className="relative flex gap-4 pb-6 last:pb-0"
          aria-current={step.state === "current" ? "step" : undefined}
        >
          {i < steps.length - 1 ? (
            <span
              aria-hidden="true"
              className={`absolute left-[15px] top-8 h-[calc(100%-2rem)] w-0.5 ${step.state === "done" ? "bg-green-700" : "bg-slate-200"}`}
            />
          ) : null}
          <span
            aria-hidden="true"
            className={`relative z-10 flex h-8 w-8 shrink-0 items-center justify-center rounded-full border-2 text-sm font-bold ${DOT[step.state]}`}
          >
            {step.state === "done" ? "✓" : i + 1}
          </span>
          <div className="pt-1">
            <p
              className={`font-semibold ${step.state === "current" ? "text-brand-800" : step.state === "done" ? "text-slate-900" : "text-slate-600"}`}
            >
              {step.label}
              <span className="sr-only"> — {STATE_WORDS[step.state]}</span>
              {step.state === "current" ? (
                <span className="ml-2 align-middle">
                  <Badge tone="blue">Now</Badge>
                </span>
              ) : null}
            </p>
            <p className="text-sm text-slate-700">
              {step.detail}
              {step.detail && step.when ? " · " : ""}
              {step.when ? (
                <>
                  {step.when.label}{" "}
                  <time dateTime={new Date(step.when.at).toISOString()}>{formatDateTime(new Date(step.when.at), timeZone)}</time>
                </>
              ) : null}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}

const STAGE_TONES: Record<string, "slate" | "green" | "amber" | "red" | "blue"> = {
  Draft: "amber",
  Submitted: "blue",
  "Under review": "blue",
  Withdrawn: "slate",
  "Not awarded": "slate",
  "Waiting list": "amber",
};

/** A stage word ("Draft", "Under review", "Awarded · You accepted") as a coloured badge. */
export function StageBadge({ stage }: { stage: string }) {
  return <Badge tone={stage.startsWith("Awarded") ? "green" : (STAGE_TONES[stage] ?? "slate")}>{stage}</Badge>;
}
