// Builds one migrated database per engine per run; each test file then copies it
// cheaply (PGlite: load a dumped data dir; PostgreSQL: CREATE DATABASE … TEMPLATE).
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "~/shared/db.server.ts";
import { deployMigrations } from "../../scripts/lib/migrations.ts";
import { adminQuery, databaseUrl } from "./postgres-admin.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const engine = project.config.env?.SUMMIT_TEST_DB;
  if (engine === "postgres") {
    const admin = process.env.TEST_DATABASE_URL as string;
    const name = `summit_template_${randomBytes(4).toString("hex")}`;
    await adminQuery(admin, `CREATE DATABASE ${name}`);
    const database = await openDatabase({ kind: "postgres", url: databaseUrl(admin, name), max: 1 });
    await deployMigrations(database.adapterFactory);
    await database.close();
    project.provide("postgresTemplate", name);
    return () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }

  const database = await openDatabase({ kind: "pglite" });
  await deployMigrations(database.adapterFactory);
  const dump = await (database.pglite as NonNullable<typeof database.pglite>).dumpDataDir("none");
  await database.close();
  const dir = path.resolve("node_modules/.cache/summit-tests");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `pglite-template-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return () => rm(file, { force: true });
}
