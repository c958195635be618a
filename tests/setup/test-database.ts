// Gives a test file its own migrated database and empties it before each test.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import { type Database, type Db, openDatabase } from "~/shared/db.server.ts";
import { adminQuery, databaseUrl } from "./postgres-admin.ts";

export const engine = process.env.SUMMIT_TEST_DB === "postgres" ? "postgres" : "pglite";

async function copyTemplate(): Promise<{ database: Database; url?: string; drop?: () => Promise<void> }> {
  if (engine === "pglite") {
    const tar = await readFile(inject("pgliteTemplate"));
    return { database: await openDatabase({ kind: "pglite", loadDataDir: new Blob([tar]) }) };
  }
  const admin = process.env.TEST_DATABASE_URL as string;
  const name = `summit_test_${randomBytes(6).toString("hex")}`;
  // Postgres refuses to copy a template that another CREATE DATABASE is reading; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(admin, `CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")}`);
      break;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = databaseUrl(admin, name);
  return {
    database: await openDatabase({ kind: "postgres", url, max: 20 }),
    url,
    drop: () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Every table of the schema, read from the catalogue: a new model is cleaned without editing a list. */
async function truncateAll(db: Db) {
  const tables = await db.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  await db.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} RESTART IDENTITY CASCADE`);
}

/**
 * Call at the top of a test file. The returned object's `db` and `database` are
 * ready inside tests and hooks; on PostgreSQL, `url` is the file's database (for other processes).
 */
export function setupTestDatabase() {
  const handle = {} as { db: Db; database: Database; url?: string };
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const copy = await copyTemplate();
    handle.database = copy.database;
    handle.db = copy.database.db;
    handle.url = copy.url;
    drop = copy.drop;
  });
  beforeEach(() => truncateAll(handle.db));
  afterAll(async () => {
    await handle.database?.close();
    await drop?.();
  });
  return handle;
}
