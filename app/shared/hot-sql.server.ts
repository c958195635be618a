import pg from "pg";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { DbTx } from "./db.server.ts";

/**
 * Raw SQL for the few hot paths (the door scan) without the Prisma client's own work per
 * statement: about 0.4 ms of CPU, more than PostgreSQL spends running the statement
 * (docs/decisions/015-door-scan-beside-remix.md). On PostgreSQL the statement goes straight to
 * the pg pool Prisma itself uses; on PGlite, and inside transactions, through Prisma as usual.
 * Statements use $1, $2 … placeholders; timestamps come back as UTC Dates, as Prisma gives them.
 */
// On globalThis: the start script, the built server bundle and the dev server each load their
// own copy of this module, and all must see the pool the process opened (see db.server.ts).
const registry = Symbol.for("summit.hotSqlPools");
type WithPools = typeof globalThis & { [registry]?: WeakMap<object, pg.Pool> };
const holder = globalThis as WithPools;
holder[registry] ??= new WeakMap();
const pools = holder[registry];

/** Called by openDatabase: `db`'s statements may take `pool` directly. */
export function registerHotSqlPool(db: object, pool: pg.Pool) {
  pools.set(db, pool);
}

// Our "timestamp" columns hold UTC (Prisma's convention); pg would read them in the process's zone.
const TIMESTAMP_OID = 1114;
const readUtcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID ? readUtcTimestamp : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * `prepared` names a statement run often enough to keep prepared on each connection
 * (PostgreSQL then skips parsing and, once it settles on a generic plan, planning): a fixed
 * text, never one built from a varying list, or every variant would stay on the server.
 */
export async function hotQuery<T>(db: DbTx, text: string, values: unknown[], prepared?: string): Promise<T[]> {
  if (prepared) checkPreparedText(prepared, text);
  const pool = pools.get(db);
  if (!pool) return db.$queryRawUnsafe<T[]>(text, ...values);
  // Dates as ISO text: pg would send local time with an offset, which a "timestamp" column drops.
  const params = values.map((v) => (v instanceof Date ? v.toISOString() : v));
  const { rows } = await pool.query<T & pg.QueryResultRow>({ name: prepared, text, values: params, types });
  return rows;
}

const preparedTexts = new Map<string, string>();

/** One name, one text: pg refuses a name reused for another text mid-flight, and PGlite (the tests) would never tell. */
function checkPreparedText(name: string, text: string) {
  const known = preparedTexts.get(name);
  if (known === undefined) preparedTexts.set(name, text);
  else if (known !== text)
    throw new Error(`The prepared statement "${name}" was given another text: give each text its own name.`);
}

/** hotQuery for a Prisma.sql template, so a hot statement keeps Prisma's tagged-template form. */
export function hotSql<T>(db: DbTx, sql: Prisma.Sql, prepared?: string): Promise<T[]> {
  return hotQuery<T>(db, sql.text, sql.values, prepared);
}
