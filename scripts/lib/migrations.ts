/**
 * Prisma Migrate on the WebAssembly schema engine, driven through a driver
 * adapter (see docs/decisions/002-migrations-on-wasm-schema-engine.md).
 *
 * Reads and writes Prisma's standard layout (`prisma/migrations/<ts>_<name>/migration.sql`,
 * `migration_lock.toml`, the `_prisma_migrations` table), so `prisma migrate deploy`
 * from a machine with the native engine sees the same history.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type {
  MigrationDirectory,
  MigrationList,
  SchemaEngine,
  SchemaFilter,
  SchemasContainer,
} from "@prisma/schema-engine-wasm/schema_engine_bg";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PrismaPGlite } from "pglite-prisma-adapter";

export type DeployResult = { applied: string[] };

export type CreateMigrationResult = {
  /** Absolute path of the new `<timestamp>_<name>` folder, or null when the schema matches the migrations. */
  directory: string | null;
  /** Migrations applied on the way: pending ones, then the new one. */
  applied: string[];
  /** Data-loss warnings that were accepted (only non-empty with `acceptDataLoss`). */
  warnings: string[];
};

export type MigrationStatus = {
  /** Finished and not rolled back, in the order they ran. */
  applied: string[];
  /** In the migrations folder, not yet in the database. */
  pending: string[];
  /** Started but never finished: deploy refuses to run until they are resolved. */
  failed: string[];
  /** Applied, but their migration.sql has changed since. */
  edited: string[];
  /** Recorded in the database but absent from the migrations folder. */
  missing: string[];
};

/** A failure explained in words; `code` is Prisma's error code (P3009, …) when the engine gave one. */
export class MigrationError extends Error {
  override name = "MigrationError";
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** MigrationError codes of our own, beside Prisma's P-codes. */
export const RESET_REQUIRED = "RESET_REQUIRED";
export const DATA_LOSS = "DATA_LOSS";

const DEFAULT_MIGRATIONS_DIR = "prisma/migrations";
const DEFAULT_SCHEMA_PATH = "prisma/schema.prisma";
const LOCKFILE = "migration_lock.toml";
const MIGRATION_FILE = "migration.sql";
// prisma.config.ts declares no external tables or enums.
const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

/** Applies pending migrations, like `prisma migrate deploy`. */
export async function deployMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  opts: { migrationsDir?: string } = {},
): Promise<DeployResult> {
  const migrationsList = await readMigrations(opts.migrationsDir);
  return withEngine(factory, undefined, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return { applied: appliedMigrationNames };
  });
}

/**
 * Like `prisma migrate dev --name <name>`: applies pending migrations, diffs the
 * migration history (replayed on the adapter's shadow database) against the
 * schema, writes the new migration folder and applies it.
 */
export async function createMigration(
  factory: SqlMigrationAwareDriverAdapterFactory,
  name: string,
  opts: { schemaPath?: string; migrationsDir?: string; acceptDataLoss?: boolean } = {},
): Promise<CreateMigrationResult> {
  const migrationName = slugify(name);
  if (!migrationName) throw new MigrationError(`Migration name "${name}" has no letters or digits`);
  const schemaPath = path.resolve(opts.schemaPath ?? DEFAULT_SCHEMA_PATH);
  const schemaText = await readFile(schemaPath, "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new MigrationError(`Cannot read the Prisma schema at ${schemaPath}: ${e.code ?? e.message}`);
  });
  const schema: SchemasContainer = { files: [{ path: schemaPath, content: schemaText }] };
  let migrationsList = await readMigrations(opts.migrationsDir);

  return withEngine(factory, [[schemaPath, schemaText]], async (engine) => {
    // devDiagnostic checks for drift by replaying the history on the adapter's
    // shadow database, and keeps that connection for evaluateDataLoss and
    // createMigration, which otherwise fail asking for a shadow database URL.
    // When migrations are pending it answers early without opening the shadow
    // database, so run it again once they are applied.
    const diagnose = async () => {
      const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
      if (action.tag === "reset") {
        throw new MigrationError(
          `The database no longer matches the migration history and must be reset: ${action.reason}`,
          RESET_REQUIRED,
        );
      }
    };
    await diagnose();
    const pending = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    if (pending.appliedMigrationNames.length > 0) await diagnose();

    const dataLoss = await engine.evaluateDataLoss({ migrationsList, schema, filters: NO_FILTERS });
    if (dataLoss.unexecutableSteps.length > 0) {
      throw new MigrationError(`The migration cannot run on this database: ${joinFeedback(dataLoss.unexecutableSteps)}`);
    }
    const warnings = dataLoss.warnings.map((w) => w.message);
    if (warnings.length > 0 && !opts.acceptDataLoss) {
      throw new MigrationError(`The migration would lose data (pass acceptDataLoss to go on): ${warnings.join(" ")}`, DATA_LOSS);
    }

    const created = await engine.createMigration({
      draft: false,
      migrationName,
      migrationsList,
      schema,
      filters: NO_FILTERS,
    });
    const applied = pending.appliedMigrationNames;
    if (created.migrationScript === null) return { directory: null, applied, warnings: [] };

    const directory = path.join(migrationsList.baseDir, created.generatedMigrationName);
    await mkdir(migrationsList.baseDir, { recursive: true });
    await mkdir(directory); // fails if it exists, as Prisma does
    await writeFile(path.join(directory, `migration.${created.extension}`), created.migrationScript, "utf8");
    await writeFile(
      path.join(migrationsList.baseDir, LOCKFILE),
      `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${created.connectorType}"\n`,
      "utf8",
    );

    migrationsList = await readMigrations(migrationsList.baseDir);
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return { directory, applied: [...applied, ...appliedMigrationNames], warnings };
  });
}

/** What `prisma migrate status` diagnoses, as lists. */
export async function migrationStatus(
  factory: SqlMigrationAwareDriverAdapterFactory,
  opts: { migrationsDir?: string } = {},
): Promise<MigrationStatus> {
  const migrationsList = await readMigrations(opts.migrationsDir);
  return withEngine(factory, undefined, async (engine, connect) => {
    const diagnosis = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: NO_FILTERS,
    });
    const history = diagnosis.history;
    const pending =
      history?.diagnostic === "databaseIsBehind" || history?.diagnostic === "historiesDiverge"
        ? history.unappliedMigrationNames
        : [];
    const missing =
      history?.diagnostic === "migrationsDirectoryIsBehind" || history?.diagnostic === "historiesDiverge"
        ? history.unpersistedMigrationNames
        : [];
    // The diagnosis only names differences; the table itself lists what ran.
    const applied = diagnosis.hasMigrationsTable ? await appliedMigrationNames(await connect()) : [];
    return {
      applied,
      pending,
      failed: diagnosis.failedMigrationNames,
      edited: diagnosis.editedMigrationNames,
      missing,
    };
  });
}

async function appliedMigrationNames(conn: SqlDriverAdapter): Promise<string[]> {
  const result = await conn.queryRaw({
    sql: `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name`,
    args: [],
    argTypes: [],
  });
  return result.rows.map((row) => String(row[0]));
}

/** The migrations folder in the shape the engine takes (same reading as the Prisma CLI). */
async function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationList> {
  const baseDir = path.resolve(dir);
  const lockfileContent = await readFile(path.join(baseDir, LOCKFILE), "utf8").catch(() => null);
  const entries = await readdir(baseDir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [];
    throw e;
  });
  const migrationDirectories: MigrationDirectory[] = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map(async (entry) => ({
        path: entry.name,
        migrationFile: {
          path: MIGRATION_FILE,
          content: await readFile(path.join(baseDir, entry.name, MIGRATION_FILE), "utf8").then(
            (value) => ({ tag: "ok" as const, value }),
            (e: Error) => ({ tag: "error" as const, value: e.message }),
          ),
        },
      })),
  );
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir,
    lockfile: { path: LOCKFILE, content: lockfileContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** Prisma's migration-name rule (slugify with "_"): "Add userRoles!" → "add_user_roles". */
function slugify(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
}

function joinFeedback(items: { message: string }[]): string {
  return items.map((i) => i.message).join(" ");
}

// ---------------------------------------------------------------------------
// Engine lifecycle

// Keyed by the glue module so a re-evaluated copy of this file (Vitest, dev
// server reloads) reuses the instance its glue already points at, while a fresh
// glue module gets its own.
type Timer = ReturnType<typeof setTimeout>;
type WasmState = { ready: Promise<void>; timers: Set<Timer>; running: number };
const wasmKey = Symbol.for("summit.schemaEngineWasm");
type GlobalWithWasm = typeof globalThis & { [wasmKey]?: WeakMap<object, WasmState> };

function wasmState(): WasmState {
  const g = globalThis as GlobalWithWasm;
  g[wasmKey] ??= new WeakMap();
  const states = g[wasmKey];
  let state = states.get(bg);
  if (!state) {
    const timers = new Set<Timer>();
    state = { timers, running: 0, ready: instantiateWasm(timers) };
    state.ready.catch(() => states.delete(bg));
    states.set(bg, state);
  }
  return state;
}

async function instantiateWasm(timers: Set<Timer>): Promise<void> {
  // The package's own entry imports the .wasm as an ES module, which Node only
  // allows behind a flag; so instantiate it by hand against the JS glue.
  const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
  // The engine arms 10 s timeout timers and, having no clearTimeout import,
  // never clears them: every command would hold the process open 10 s. Record
  // them so withEngine can clear the leftovers once no engine is running.
  const glue: WebAssembly.ModuleImports = { ...bg };
  const setTimeoutImport = Object.keys(bg).find((key) => key.startsWith("__wbg_setTimeout_"));
  if (setTimeoutImport) {
    glue[setTimeoutImport] = (callback: () => void, ms: number) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        callback();
      }, ms);
      timers.add(timer);
      return timer;
    };
  }
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  bg.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start !== "function") throw new MigrationError("schema engine wasm has no __wbindgen_start export");
  start();
}

/**
 * Runs one engine over the adapter, then frees it and disposes every
 * connection it opened (the engine does not, and an open pg pool would keep
 * the process alive).
 */
async function withEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  datamodels: [string, string][] | undefined,
  run: (engine: SchemaEngine, connect: () => Promise<SqlDriverAdapter>) => Promise<T>,
): Promise<T> {
  const wasm = wasmState();
  await wasm.ready;
  const opened: SqlDriverAdapter[] = [];
  const track = (adapter: SqlDriverAdapter, shadow: boolean) => {
    const fixed = wholePgScripts(awaitPGliteScripts(adapter, shadow));
    opened.push(fixed);
    return fixed;
  };
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => track(await factory.connect(), false),
    connectToShadowDb: async () =>
      track(factory.adapterName === PGLITE_ADAPTER ? await pgliteShadow() : await factory.connectToShadowDb(), true),
  };
  const bound = bindMigrationAwareSqlAdapterFactory(tracked);
  let engine: SchemaEngine | undefined;
  wasm.running++;
  try {
    // The engine logs JSON lines (progress, spans); failures also arrive as errors, so drop them.
    engine = await bg.SchemaEngine.new({ datamodels }, () => {}, bound);
    return await run(engine, tracked.connect);
  } catch (error) {
    throw explain(error, bound.errorRegistry);
  } finally {
    engine?.free();
    await Promise.allSettled(opened.reverse().map((adapter) => adapter.dispose()));
    if (--wasm.running === 0) {
      for (const timer of wasm.timers) clearTimeout(timer);
      wasm.timers.clear();
    }
  }
}

const PGLITE_ADAPTER = "pglite-prisma-adapter";

// A fresh PGlite takes seconds to initdb, and createMigration opens two shadow
// databases; so boot one per process and start later ones from its snapshot.
let emptyPGlite: Promise<Blob> | undefined;

async function pgliteShadow(): Promise<SqlDriverAdapter> {
  let client: PGlite;
  if (emptyPGlite) {
    client = await PGlite.create({ loadDataDir: await emptyPGlite });
  } else {
    client = await PGlite.create();
    emptyPGlite = client.dumpDataDir("none");
    emptyPGlite.catch(() => {
      emptyPGlite = undefined;
    });
    await emptyPGlite;
  }
  return new PrismaPGlite(client).connect();
}

type PGliteClient = { exec(sql: string): Promise<unknown>; close(): Promise<void> };

function pgliteClientOf(adapter: SqlDriverAdapter): PGliteClient | undefined {
  if (adapter.adapterName !== PGLITE_ADAPTER) return undefined;
  const client: unknown = (adapter as { client?: unknown }).client;
  const ok =
    typeof client === "object" &&
    client !== null &&
    typeof (client as PGliteClient).exec === "function" &&
    typeof (client as PGliteClient).close === "function";
  return ok ? (client as PGliteClient) : undefined;
}

/**
 * pglite-prisma-adapter 0.7.2 starts `exec` in executeScript without awaiting
 * it: a failing migration would be recorded as applied and its error become an
 * unhandled rejection. Await it here (the error then reaches us through the
 * error registry). Its dispose() leaves the PGlite open, so close shadow
 * databases (ours) on dispose.
 */
function awaitPGliteScripts(adapter: SqlDriverAdapter, shadow: boolean): SqlDriverAdapter {
  const client = pgliteClientOf(adapter);
  if (!client) return adapter;
  // Each connect() returns a new adapter object, so patching it touches nothing shared.
  adapter.executeScript = async (script) => {
    await client.exec(script);
  };
  if (shadow) adapter.dispose = () => client.close();
  return adapter;
}

/**
 * @prisma/adapter-pg 7.10 runs a migration script by splitting it at every ";", also inside
 * a comment, a string or a function body, so a PL/pgSQL function (migration *_rush_hold)
 * could not be applied. Send the script whole, as the Prisma CLI does: one simple-protocol
 * query, which PostgreSQL runs as one transaction.
 */
function wholePgScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  if (adapter.adapterName !== "@prisma/adapter-pg") return adapter;
  const driver = (adapter as { underlyingDriver?: () => unknown }).underlyingDriver?.() as
    | { query?: (sql: string) => Promise<unknown> }
    | undefined;
  const query = driver?.query?.bind(driver);
  if (!query) return adapter;
  // Each connect() returns a new adapter object, so patching it touches nothing shared.
  adapter.executeScript = async (script) => {
    await query(script);
  };
  return adapter;
}

/** Turns what the engine throws into one readable MigrationError. */
function explain(error: unknown, registry: ErrorRegistry): MigrationError {
  if (error instanceof MigrationError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  const code =
    typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;
  // Errors the adapter threw that are not DriverAdapterErrors come back as
  // "External error id#N"; the original is kept in the registry.
  const message = raw.replace(/External error id#(\d+)/g, (whole, id: string) => {
    const record = registry.consumeError(Number(id));
    if (!record) return whole;
    return record.error instanceof Error ? record.error.message : String(record.error);
  });
  // Drop the Rust span trace ("   0: sql_schema_connector::… at …rs:113"),
  // keeping the one fact it adds: which migration failed.
  const failedMigration = /with migration_name="([^"]+)"/.exec(message)?.[1];
  const lines = message.split("\n").filter((line) => !/^\s+(\d+: |with |at )/.test(line));
  // "external connector error" only says the driver failed; the next line says how.
  if (lines.length > 1 && lines[0].trim() === "external connector error") lines.shift();
  let text = lines.join("\n").trim();
  if (failedMigration && !text.includes(failedMigration)) text = `Migration ${failedMigration} failed: ${text}`;
  return new MigrationError(code && !text.startsWith(code) ? `${code}: ${text}` : text, code);
}
