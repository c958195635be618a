// Countdown to the end of a seat hold. The server renders the time left, so the page is right
// without JavaScript; the browser then ticks each second using the server's clock as the base.
// Screen readers hear only the five-minute marks, each of the last five minutes, and the end.
import { useEffect, useRef, useState } from "react";

export function timeLeftLabel(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, "0")}`;
}

/** What the live region says at a minute mark, or null when this minute isn't announced. */
export function minuteAnnouncement(ms: number): string | null {
  if (ms <= 0) return "Your hold has run out. The seats are no longer reserved for you.";
  const minutes = Math.ceil(ms / 60_000);
  if (minutes > 5 && minutes % 5 !== 0) return null;
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"} left to pay.`;
}

export function HoldTimer({ expiresAt, serverNow, onExpire }: { expiresAt: string; serverNow: string; onExpire?: () => void }) {
  const end = new Date(expiresAt).getTime();
  const [left, setLeft] = useState(() => end - new Date(serverNow).getTime());
  const [announcement, setAnnouncement] = useState("");
  const lastMinute = useRef<number | null>(null);
  const expired = useRef(false);
  const onExpireRef = useRef(onExpire);
  onExpireRef.current = onExpire;

  useEffect(() => {
    // The browser's clock may be off; measure from the server's "now" instead.
    const skew = new Date(serverNow).getTime() - Date.now();
    const tick = () => {
      const ms = end - (Date.now() + skew);
      setLeft(ms);
      const minute = ms <= 0 ? 0 : Math.ceil(ms / 60_000);
      if (lastMinute.current !== null && minute !== lastMinute.current) {
        const said = minuteAnnouncement(ms);
        if (said) setAnnouncement(said);
      }
      lastMinute.current = minute;
      if (ms <= 0 && !expired.current) {
        expired.current = true;
        onExpireRef.current?.();
      }
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [end, serverNow]);

  const over = left <= 0;
  return (
    <div className={`rounded-lg border p-4 ${over ? "border-red-300 bg-red-50" : "border-amber-300 bg-amber-50"}`}>
      <p className="text-sm font-semibold text-slate-800">{over ? "Your hold ran out" : "Seats held for you"}</p>
      <p className="text-3xl font-bold tabular-nums text-slate-900">
        <time dateTime={`PT${Math.max(0, Math.ceil(left / 1000))}S`}>{timeLeftLabel(left)}</time>
        <span className="ml-2 text-base font-normal">{over ? "" : "left to pay"}</span>
      </p>
      <p aria-live="polite" aria-atomic="true" className="sr-only">
        {announcement}
      </p>
    </div>
  );
}
