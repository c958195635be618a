import type { Db } from "./db.server.ts";
import type { Env } from "./env.server.ts";

/** What the server hands every loader and action. */
export type SummitContext = { db: Db; env: Env };

declare module "@remix-run/node" {
  interface AppLoadContext extends SummitContext {}
}
