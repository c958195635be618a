/**
 * Migrations without the native Prisma engine:
 *
 *   tsx scripts/migrate.ts dev <name> [--accept-data-loss]   create + apply a migration from prisma/schema.prisma
 *   tsx scripts/migrate.ts deploy                            apply pending migrations
 *   tsx scripts/migrate.ts status                            list applied/pending; exit 1 unless up to date
 *
 * Target: DATABASE_URL (PostgreSQL) or else the embedded PGlite under ./data/pglite.
 * Stop the app first when it uses ./data/pglite: a PGlite folder takes one process.
 */
import path from "node:path";
import { type Database, type DatabaseTarget, databaseTarget, openDatabase } from "~/shared/db.server.ts";
import {
  createMigration,
  DATA_LOSS,
  deployMigrations,
  MigrationError,
  migrationStatus,
  RESET_REQUIRED,
} from "./lib/migrations.ts";

const USAGE = "usage: tsx scripts/migrate.ts dev <name> [--accept-data-loss] | deploy | status";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "dev": {
      const acceptDataLoss = rest.includes("--accept-data-loss");
      const names = rest.filter((a) => !a.startsWith("--"));
      if (names.length !== 1) throw new Error(`dev needs one migration name. ${USAGE}`);
      await dev(databaseTarget(), names[0], acceptDataLoss);
      return 0;
    }
    case "deploy": {
      if (rest.length > 0) throw new Error(USAGE);
      const { applied } = await withDatabase(databaseTarget(), (d) => deployMigrations(d.adapterFactory));
      printApplied(applied);
      return 0;
    }
    case "status": {
      if (rest.length > 0) throw new Error(USAGE);
      const s = await withDatabase(databaseTarget(), (d) => migrationStatus(d.adapterFactory));
      console.log(`${s.applied.length} applied${s.applied.length ? `: ${s.applied.join(", ")}` : ""}`);
      console.log(`${s.pending.length} pending${s.pending.length ? `: ${s.pending.join(", ")}` : ""}`);
      if (s.failed.length) console.log(`failed, deploy is blocked until they are resolved by hand: ${s.failed.join(", ")}`);
      if (s.edited.length) console.log(`edited after being applied: ${s.edited.join(", ")}`);
      if (s.missing.length) console.log(`in the database but not in prisma/migrations: ${s.missing.join(", ")}`);
      // Like `prisma migrate status`: non-zero unless the database is up to date.
      return s.pending.length || s.failed.length || s.missing.length ? 1 : 0;
    }
    default:
      throw new Error(USAGE);
  }
}

/**
 * The diff is always computed on PGlite (its shadow database is an in-memory
 * PGlite). On the embedded target that is the dev database itself, which also
 * catches drift and data loss; on PostgreSQL it is a throwaway in-memory
 * PGlite replaying the history, and the result is then deployed.
 */
async function dev(target: DatabaseTarget, name: string, acceptDataLoss: boolean): Promise<void> {
  const onPGlite = target.kind === "pglite";
  const { directory, applied, warnings } = await withDatabase(onPGlite ? target : { kind: "pglite" }, (d) =>
    createMigration(d.adapterFactory, name, { acceptDataLoss }),
  ).catch((error: unknown) => {
    if (error instanceof MigrationError && error.code === DATA_LOSS) {
      error.message += " Rerun with --accept-data-loss to apply it anyway.";
    } else if (error instanceof MigrationError && error.code === RESET_REQUIRED && target.kind === "pglite" && target.dataDir) {
      error.message += ` To start over, stop the app and delete ${path.relative(process.cwd(), target.dataDir) || target.dataDir}.`;
    }
    throw error;
  });
  for (const w of warnings) console.log(`warning: ${w}`);
  if (directory) console.log(`created ${path.relative(process.cwd(), directory)}`);
  else console.log("no schema change: no migration created");
  if (onPGlite) printApplied(applied);
  else printApplied((await withDatabase(target, (d) => deployMigrations(d.adapterFactory))).applied);
}

async function withDatabase<T>(target: DatabaseTarget, run: (d: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(target);
  try {
    return await run(database);
  } finally {
    await database.close();
  }
}

function printApplied(applied: string[]): void {
  console.log(applied.length ? `applied: ${applied.join(", ")}` : "no pending migrations");
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  // One line: engine messages span several.
  console.error(`migrate: ${message.replace(/\s*\n\s*/g, " ")}`);
  process.exitCode = 1;
}
