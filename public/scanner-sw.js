// The door scanner's service worker (scope /staff): the scanner opens with no network.
// Pages and Remix data: network first, the last copy when offline. /assets/ files have a hash
// in their name and never change: cache first. The API is never cached here — the scanner
// keeps its own copy of the list in IndexedDB and queues check-ins there.
const CACHE = "summit-scanner-v1";
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(["/scanner.webmanifest", "/scanner-icon.svg", "/favicon.svg"]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith("summit-scanner-") && name !== CACHE).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** Only plain successful same-origin answers are kept: never a redirect to the login page. */
function keepable(response) {
  return response.ok && response.type === "basic" && !response.redirected;
}

/**
 * Fetches and keeps what the page loaded. Done when the page and its /assets/ files are in the
 * cache — fetched now, or kept on an earlier visit when the phone is offline now.
 */
async function keep(pageUrl, urls) {
  const cache = await caches.open(CACHE);
  const kept = await Promise.all(
    urls.map(async (url) => {
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (keepable(response)) await cache.put(url, response);
      } catch {
        // Offline: whatever an earlier visit kept still counts.
      }
      return { url, cached: Boolean(await cache.match(url)) };
    }),
  );
  return kept.every(({ url, cached }) => cached || (url !== pageUrl && !new URL(url).pathname.startsWith("/assets/")));
}

self.addEventListener("message", (event) => {
  const port = event.ports[0];
  if (event.data?.type !== "keep" || !Array.isArray(event.data.urls)) return;
  const urls = event.data.urls.filter((url) => new URL(url).origin === self.location.origin);
  event.waitUntil(
    keep(urls[0], urls).then(
      (ok) => port?.postMessage({ ok }),
      () => port?.postMessage({ ok: false }),
    ),
  );
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), NAVIGATION_TIMEOUT_MS)),
    ]);
    if (keepable(response)) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    if (request.mode !== "navigate") throw error;
    return new Response(
      '<!doctype html><html lang="en"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline · Summit</title>' +
        '<main style="font:1.25rem system-ui;padding:1.5rem"><h1>You are offline</h1><p>This page was not saved on this phone. ' +
        'Open the scanner of your door list once while online; after that it works without a network.</p><p><a href="/staff">Door check-in</a></p></main>',
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } },
    );
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (keepable(response)) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (url.pathname.startsWith("/assets/")) {
    event.respondWith(cacheFirst(request));
    return;
  }
  // Pages, Remix's data requests (*.data) and route manifest (/__manifest), icons, manifest.
  event.respondWith(networkFirst(request));
});
