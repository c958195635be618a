import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { Prisma, PrismaClient } from "~/generated/prisma/client.ts";
import { env } from "./env.server.ts";
import { registerHotSqlPool } from "./hot-sql.server.ts";

export type Db = PrismaClient;

/**
 * "Now" comparable with our timestamp columns in raw SQL. Prisma stores UTC in
 * `timestamp without time zone`; bare now() would be read in the connection's zone.
 */
export const UTC_NOW = Prisma.raw(`(now() AT TIME ZONE 'UTC')`);
/** The client or an interactive transaction: what every domain function takes first. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/** Where the data lives: the embedded PGlite folder (or memory) or a PostgreSQL server. */
export type DatabaseTarget =
  | { kind: "pglite"; dataDir?: string; loadDataDir?: Blob }
  | { kind: "postgres"; url: string; max?: number };

export type Database = {
  db: Db;
  /** Hands the same connection to the migration engine. */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** The raw PGlite instance when embedded (tests dump and reload it). */
  pglite?: PGlite;
  close(): Promise<void>;
};

export function databaseTarget(): DatabaseTarget {
  const e = env();
  return e.databaseUrl ? { kind: "postgres", url: e.databaseUrl } : { kind: "pglite", dataDir: path.join(e.dataDir, "pglite") };
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === "postgres") {
    // Our own pool, handed to Prisma, so hot paths can also use it directly (hot-sql.server.ts).
    const pool = new pg.Pool({ connectionString: target.url, max: target.max ?? 10 });
    // An idle connection the server closed (a restart, a failover, an admin's termination) is
    // an "error" event on the pool; unhandled, it would crash the process. The pool drops that
    // connection and opens another when next needed.
    pool.on("error", (error) => console.error(`[database] an idle connection was closed: ${error.message}`));
    const adapterFactory = new PrismaPg(pool);
    const db = new PrismaClient({ adapter: adapterFactory });
    registerHotSqlPool(db, pool);
    return {
      db,
      adapterFactory,
      close: async () => {
        await db.$disconnect();
        await pool.end();
      },
    };
  }
  const pglite = await PGlite.create({ dataDir: target.dataDir, loadDataDir: target.loadDataDir });
  const adapterFactory = new PrismaPGlite(pglite);
  // PGlite is one connection, so transactions queue for it: a burst (webhooks retried at once)
  // may wait longer than Prisma's default 2 s to start, which is a wait, not a failure.
  const db = new PrismaClient({ adapter: adapterFactory, transactionOptions: { maxWait: 10_000 } });
  return {
    db,
    adapterFactory,
    pglite,
    close: async () => {
      await db.$disconnect();
      await pglite.close();
    },
  };
}

// One database per process. Kept on globalThis so the start script, the built
// server bundle and the dev server's reloaded modules all share it (PGlite
// must never be opened twice on one folder).
const globalKey = Symbol.for("summit.database");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<Database> };

export function installDatabase(database: Promise<Database>): Promise<Database> {
  (globalThis as GlobalWithDb)[globalKey] = database;
  return database;
}

export function getDatabase(): Promise<Database> {
  const g = globalThis as GlobalWithDb;
  g[globalKey] ??= openDatabase(databaseTarget());
  return g[globalKey];
}

/** The process's Prisma client. */
export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
