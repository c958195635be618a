import { useEffect, useState } from "react";

/**
 * The registration's worker once it is active. Not `navigator.serviceWorker.ready`: that
 * waits for a worker whose scope holds the URL the document was *created* at, and a page
 * reached by client-side navigation (from /login, say) was created outside /staff.
 */
function activeWorker(registration: ServiceWorkerRegistration): Promise<ServiceWorker> {
  if (registration.active) return Promise.resolve(registration.active);
  return new Promise((resolve, reject) => {
    const worker = registration.installing ?? registration.waiting;
    if (!worker) return reject(new Error("no service worker is installing"));
    worker.addEventListener("statechange", () => {
      if (worker.state === "activated") resolve(worker);
      if (worker.state === "redundant") reject(new Error("the service worker failed to install"));
    });
  });
}

/**
 * Installs the scanner's service worker (public/scanner-sw.js, scope /staff) and hands it the
 * URLs this page loaded — its HTML, scripts, styles, icons — so the page opens again with no
 * network. The first visit is not yet controlled by the worker, which is why the page says
 * what to keep rather than the worker seeing it fetched.
 */
export function useOfflineShell(): "unsupported" | "installing" | "ready" | "failed" {
  const [state, setState] = useState<"unsupported" | "installing" | "ready" | "failed">("installing");
  useEffect(() => {
    if (!("serviceWorker" in navigator)) {
      setState("unsupported");
      return;
    }
    let cancelled = false;
    (async () => {
      const registration = await navigator.serviceWorker.register("/scanner-sw.js", { scope: "/staff" });
      const worker = await activeWorker(registration);
      const urls = [
        window.location.href,
        ...performance
          .getEntriesByType("resource")
          .map((entry) => entry.name)
          .filter((url) => url.startsWith(window.location.origin) && !new URL(url).pathname.startsWith("/api/")),
      ];
      const reply = new MessageChannel();
      const done = new Promise<boolean>((resolve) => {
        reply.port1.onmessage = (event) => resolve(Boolean((event.data as { ok?: boolean }).ok));
      });
      worker.postMessage({ type: "keep", urls }, [reply.port2]);
      const ok = await done;
      if (!cancelled) setState(ok ? "ready" : "failed");
    })().catch(() => {
      if (!cancelled) setState("failed");
    });
    return () => {
      cancelled = true;
    };
  }, []);
  return state;
}
