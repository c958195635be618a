import { createRequire } from "node:module";
import type { AgnosticRouteMatch, AgnosticRouteObject } from "@remix-run/router";

type MatchRoutes = (
  routes: AgnosticRouteObject[],
  location: string | Partial<Location>,
  basename?: string,
) => AgnosticRouteMatch[] | null;

/** Paths remembered per route tree; URLs carry ids, so the memory is emptied when full. */
const MAX_PATHS = 2_000;

/**
 * Remix 2 matches a request against its routes three times, and each match flattens and
 * ranks the whole route tree and compiles a RegExp per route it tries: about 1 ms of CPU
 * per request with our hundred-odd routes, more than a registration's database work.
 * (React Router 7 caches the ranking: remix-run/react-router#14967.) Two of those matches
 * go through @remix-run/router's exports, from Remix's server runtime; remember their
 * answers per path. Matching is a pure function of the route tree and the path, and
 * callers get fresh match objects, so nothing is shared between requests.
 */
export function rememberRouteMatches() {
  // The CommonJS copy: the one @remix-run/server-runtime requires.
  const router = createRequire(import.meta.url)("@remix-run/router") as { matchRoutes: MatchRoutes & { remembers?: true } };
  if (router.matchRoutes.remembers) return; // a second server in this process
  const match = router.matchRoutes;
  const memory = new WeakMap<AgnosticRouteObject[], Map<string, AgnosticRouteMatch[] | null>>();
  router.matchRoutes = (routes, location, basename) => {
    if (typeof location !== "string") return match(routes, location, basename);
    let paths = memory.get(routes);
    if (!paths) {
      paths = new Map();
      memory.set(routes, paths);
    }
    const key = `${basename ?? "/"} ${location}`;
    let matches = paths.get(key);
    if (matches === undefined) {
      matches = match(routes, location, basename);
      if (paths.size >= MAX_PATHS) paths.clear();
      paths.set(key, matches);
    }
    return matches ? matches.map((m) => ({ ...m, params: { ...m.params } })) : null;
  };
  router.matchRoutes.remembers = true;
}
