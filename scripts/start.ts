// `npm start`: build if needed, migrate the database, load demo data into an empty one, serve.
// `npm run dev`: the same with Vite's dev server. `npm run serve`: serve only (production instances).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { getDatabase } from "~/shared/db.server.ts";
import { EnvError, env as readEnv } from "~/shared/env.server.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedIfEmpty } from "../prisma/seed.ts";
import { startServer } from "../server/main.ts";
import { deployMigrations } from "./lib/migrations.ts";

const mode = process.argv[2] ?? "start";
if (!["start", "dev", "serve"].includes(mode)) {
  console.error(`Unknown mode "${mode}": use start, dev or serve.`);
  process.exit(1);
}

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((name) => newestMtime(path.join(target, name))));
}

function buildIfNeeded() {
  const built = newestMtime("build/server/index.js");
  const sources = Math.max(...["app", "emails", "public", "vite.config.ts", "package.json"].map(newestMtime));
  if (built > sources) return;
  console.log("Building Summit…");
  const result = spawnSync("node_modules/.bin/remix", ["vite:build"], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error("Build failed.");
    process.exit(1);
  }
}

async function main() {
  let env: ReturnType<typeof readEnv>;
  try {
    env = readEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  if (mode === "start") buildIfNeeded();
  const database = await getDatabase();
  if (mode !== "serve") {
    const { applied } = await deployMigrations(database.adapterFactory);
    if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
    if (await seedIfEmpty(database.db)) console.log("Loaded the demo data.");
  }

  const app = await startServer({ env, database, dev: mode === "dev" });
  console.log(`\nSummit is running at ${env.appUrl} (${env.databaseUrl ? "PostgreSQL" : `embedded database in ${env.dataDir}`})`);
  if (mode !== "serve") {
    console.log(`\nDemo logins (password "${DEMO_PASSWORD}"):`);
    for (const account of DEMO_ACCOUNTS) console.log(`  ${account.role.padEnd(10)} ${account.email}`);
    console.log(env.smtpUrl ? "" : "\nNo SMTP_URL: emails are kept in the outbox at /admin/emails.\n");
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
