import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { type Database, openDatabase } from "~/shared/db.server.ts";
import { createMigration, deployMigrations, migrationStatus } from "../../scripts/lib/migrations.ts";
import { databaseUrl } from "../setup/postgres-admin.ts";
import { engine } from "../setup/test-database.ts";

// In-memory PGlite takes seconds to boot, and createMigration boots another as its shadow database.
const SLOW = 120_000;

async function tableNames(database: Database): Promise<string[]> {
  const rows = await database.db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`;
  return rows.map((r) => r.table_name);
}

async function repoMigrations(): Promise<string[]> {
  const entries = await readdir("prisma/migrations", { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Deploys the repository's migrations twice and checks the result. */
async function expectDeployFromScratch(database: Database): Promise<void> {
  const migrations = await repoMigrations();
  expect(migrations.some((m) => m.endsWith("_init"))).toBe(true);

  const first = await deployMigrations(database.adapterFactory);
  expect(first.applied).toEqual(migrations);
  expect(await tableNames(database)).toEqual(expect.arrayContaining(["User", "Event", "EmailOutbox", "_prisma_migrations"]));

  const second = await deployMigrations(database.adapterFactory);
  expect(second.applied).toEqual([]);

  const status = await migrationStatus(database.adapterFactory);
  expect(status).toEqual({ applied: migrations, pending: [], failed: [], edited: [], missing: [] });
}

// Each engine's vitest project proves its own engine (see vitest.config.ts).
if (engine === "pglite")
  describe("migrations on PGlite", () => {
    it(
      "deploys the init migration once, then has nothing pending",
      async () => {
        const database = await openDatabase({ kind: "pglite" });
        try {
          expect((await migrationStatus(database.adapterFactory)).pending).toEqual(await repoMigrations());
          await expectDeployFromScratch(database);
        } finally {
          await database.close();
        }
      },
      SLOW,
    );

    it(
      "creates no migration when the schema matches the migrations",
      async () => {
        const database = await openDatabase({ kind: "pglite" });
        try {
          // Reads the repository's schema and migrations; writes nothing when there is no change.
          const result = await createMigration(database.adapterFactory, "nothing");
          expect(result.directory).toBeNull();
          expect((await migrationStatus(database.adapterFactory)).pending).toEqual([]);
        } finally {
          await database.close();
        }
      },
      SLOW,
    );

    it(
      "writes and applies a migration for a new model",
      async () => {
        const tmp = await mkdtemp(path.join(os.tmpdir(), "summit-migrations-"));
        const migrationsDir = path.join(tmp, "migrations");
        const schemaPath = path.join(tmp, "schema.prisma");
        await cp("prisma/migrations", migrationsDir, { recursive: true });
        const schema = await readFile("prisma/schema.prisma", "utf8");
        await writeFile(
          schemaPath,
          `${schema}\nmodel Extra {\n  id    Int    @id @default(autoincrement())\n  label String\n}\n`,
        );

        const database = await openDatabase({ kind: "pglite" });
        try {
          const result = await createMigration(database.adapterFactory, "Add extra", { schemaPath, migrationsDir });
          expect(result.directory).toMatch(/[/\\]\d{14}_add_extra$/);
          const directory = result.directory ?? "";
          expect(path.dirname(directory)).toBe(migrationsDir);
          expect(await readFile(path.join(directory, "migration.sql"), "utf8")).toContain('CREATE TABLE "Extra"');
          expect(await readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
          // Applied on the way: the table exists and nothing is pending.
          expect(await tableNames(database)).toContain("Extra");
          const status = await migrationStatus(database.adapterFactory, { migrationsDir });
          expect(status.pending).toEqual([]);
          expect(status.applied.at(-1)).toBe(path.basename(directory));

          const again = await createMigration(database.adapterFactory, "add extra", { schemaPath, migrationsDir });
          expect(again.directory).toBeNull();
        } finally {
          await database.close();
          await rm(tmp, { recursive: true, force: true });
        }
      },
      SLOW,
    );
  });

const serverUrl = process.env.TEST_DATABASE_URL;

if (engine === "postgres")
  describe("migrations on PostgreSQL", () => {
    it(
      "deploys the init migration once into a fresh database, then has nothing pending",
      async () => {
        const name = `summit_migrations_${randomBytes(6).toString("hex")}`;
        const admin = new pg.Client({ connectionString: serverUrl });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE "${name}"`);
          const database = await openDatabase({ kind: "postgres", url: databaseUrl(serverUrl as string, name), max: 2 });
          try {
            await expectDeployFromScratch(database);
          } finally {
            await database.close();
          }
        } finally {
          await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          await admin.end();
        }
      },
      SLOW,
    );
  });
