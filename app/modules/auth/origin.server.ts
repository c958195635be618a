const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

type RequestOrigin = {
  method: string;
  origin: string | undefined;
  secFetchSite: string | undefined;
  host: string | undefined;
  appUrl: string;
};

/**
 * True when a state-changing request comes from a page on another origin (CSRF).
 * Browsers send Origin on every POST, so a mismatch is decisive; without Origin we
 * fall back to Sec-Fetch-Site. Requests with neither (curl, Stripe's webhooks) are
 * not browser-driven and pass; they authenticate by other means.
 */
export function isCrossOriginMutation({ method, origin, secFetchSite, host, appUrl }: RequestOrigin): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (origin) {
    if (origin === "null") return true;
    const allowed = new Set([new URL(appUrl).origin]);
    if (host) {
      allowed.add(`http://${host}`);
      allowed.add(`https://${host}`);
    }
    return !allowed.has(origin);
  }
  if (secFetchSite) return secFetchSite !== "same-origin" && secFetchSite !== "none";
  return false;
}
