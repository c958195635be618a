import { useCallback, useEffect, useRef, useState } from "react";
import { CameraError, type RunningCamera, startCamera } from "~/modules/badges/offline/camera.client.ts";
import { unlockSound } from "~/modules/badges/offline/feedback.client.ts";

type Status =
  | { kind: "off" }
  | { kind: "starting" }
  | { kind: "on"; decoder: RunningCamera["decoder"] }
  | { kind: "failed"; message: string };

/**
 * The viewfinder and its one big button. Scanning starts on a tap, which also lets the page
 * beep (browsers allow sound only after one).
 */
export function CameraPanel({ onText }: { onText(text: string): void }) {
  const video = useRef<HTMLVideoElement>(null);
  const camera = useRef<RunningCamera | null>(null);
  const latest = useRef(onText);
  latest.current = onText;
  const [status, setStatus] = useState<Status>({ kind: "off" });

  const stop = useCallback(() => {
    camera.current?.stop();
    camera.current = null;
    setStatus({ kind: "off" });
  }, []);

  const start = useCallback(async () => {
    unlockSound();
    if (!video.current) return;
    setStatus({ kind: "starting" });
    try {
      camera.current = await startCamera(video.current, (text) => latest.current(text));
      setStatus({ kind: "on", decoder: camera.current.decoder });
    } catch (error) {
      if (!(error instanceof CameraError)) throw error;
      setStatus({ kind: "failed", message: error.message });
    }
  }, []);

  useEffect(() => () => camera.current?.stop(), []);

  const on = status.kind === "on";
  return (
    <div className="space-y-3">
      <div className="relative aspect-[4/3] w-full overflow-hidden rounded-xl bg-slate-900">
        {/* The viewfinder only helps aim; every result is spoken by the verdict region. */}
        <video
          ref={video}
          aria-label="Camera viewfinder"
          muted
          playsInline
          className={`h-full w-full object-cover ${on ? "" : "invisible"}`}
        />
        {on ? (
          <>
            <div aria-hidden="true" className="pointer-events-none absolute inset-[15%] rounded-lg border-4 border-white/80" />
            <button
              type="button"
              onClick={stop}
              className="absolute right-2 bottom-2 min-h-11 rounded-lg bg-white/90 px-3 text-base font-semibold text-slate-900"
            >
              Stop camera
            </button>
          </>
        ) : (
          // The one big button sits where the thumb is, inside the viewfinder, above the fold.
          <div className="absolute inset-0 flex flex-col items-center justify-center gap-4 p-4 text-center">
            <p className="text-lg text-white">
              {status.kind === "starting"
                ? "Starting the camera…"
                : status.kind === "failed"
                  ? "Camera unavailable"
                  : "Hold a badge's QR code up to the back camera."}
            </p>
            <button
              type="button"
              onClick={start}
              disabled={status.kind === "starting"}
              className="min-h-16 w-full max-w-xs rounded-xl bg-white text-2xl font-bold text-brand-800 hover:bg-brand-50 disabled:opacity-60"
            >
              {status.kind === "failed" ? "Try the camera again" : "Start scanning"}
            </button>
          </div>
        )}
      </div>
      {status.kind === "failed" ? (
        <p role="alert" className="rounded-lg border-2 border-red-700 bg-red-50 p-3 text-base font-semibold text-red-900">
          {status.message}
        </p>
      ) : null}
      {on ? (
        <p className="text-sm text-slate-700">Scanning with {status.decoder} — hold the badge's QR code inside the frame.</p>
      ) : null}
    </div>
  );
}
