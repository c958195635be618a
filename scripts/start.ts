// `npm start`: build if needed, migrate the database, load demo data into an empty one, serve.
// `npm run dev`: the same with Vite's dev server. `npm run serve`: serve only (production instances).
import { spawnSync } from "node:child_process";
import cluster from "node:cluster";
import { existsSync, readdirSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { getDatabase } from "~/shared/db.server.ts";
import { type Env, EnvError, env as readEnv } from "~/shared/env.server.ts";
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
  if (mode === "serve" && env.webConcurrency > 1 && cluster.isPrimary) return superviseAppProcesses(env.webConcurrency, env.port);

  // No Stripe keys: start and dev take payments on the fake Stripe of tests/fake-stripe (its
  // test checkout page and signed webhooks). `serve` never does; production sets real keys.
  const fakeStripe = mode !== "serve" && !env.stripe ? await startLocalFakeStripe(env) : undefined;
  if (fakeStripe) {
    Object.assign(process.env, fakeStripe.appEnv());
    env = {
      ...env,
      stripe: { secretKey: fakeStripe.secretKey, webhookSecret: fakeStripe.webhookSecret, apiUrl: fakeStripe.url },
    };
  }

  if (mode === "start") buildIfNeeded();
  const database = await getDatabase();
  if (mode !== "serve") {
    const { applied } = await deployMigrations(database.adapterFactory);
    if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
    // PGlite learns the database's array types (enum lists such as accessibilityNeeds) when it
    // opens; without a refresh, those the migrations just created are sent as plain text.
    if (applied.length) await database.pglite?.refreshArrayTypes();
    if (await seedIfEmpty(database.db, env.scholarshipStoryKeys)) console.log("Loaded the demo data.");
  }

  if (fakeStripe) {
    const { mirrorRecordedPayments } = await import("../tests/fake-stripe/local.ts");
    await mirrorRecordedPayments(fakeStripe, database.db);
  }
  const app = await startServer({ env, database, dev: mode === "dev" });
  if (fakeStripe) fakeStripe.webhookUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/webhooks/stripe`;
  console.log(`\nSummit is running at ${env.appUrl} (${env.databaseUrl ? "PostgreSQL" : `embedded database in ${env.dataDir}`})`);
  if (mode !== "serve") {
    console.log(`\nDemo logins (password "${DEMO_PASSWORD}"):`);
    for (const account of DEMO_ACCOUNTS) console.log(`  ${account.role.padEnd(10)} ${account.email}`);
    console.log(env.smtpUrl ? "" : "\nNo SMTP_URL: emails are kept in the outbox at /admin/emails.");
    console.log(
      fakeStripe
        ? `No Stripe keys: payments go to a fake Stripe at ${fakeStripe.url} (card 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined).\n`
        : "",
    );
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await fakeStripe?.close();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

async function startLocalFakeStripe(env: Env) {
  const fake = await import("../tests/fake-stripe/local.ts");
  const port = env.fakeStripePort ?? (env.port === 0 ? 0 : env.port + 1);
  try {
    return await fake.startLocalFakeStripe({ dataDir: env.dataDir, port, log: mode === "dev" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    console.error(`Port ${port} for the fake Stripe is in use: set FAKE_STRIPE_PORT to a free port (or 0 for any).`);
    process.exit(1);
  }
}

/**
 * WEB_CONCURRENCY > 1: this process forks that many app processes, which share its port
 * (node:cluster hands them connections in turn), so every core of the machine serves. They
 * are stateless like separate instances. One that crashes after it was serving is replaced;
 * one that crashes while starting stops them all (it would only crash again); one that exits
 * cleanly was asked to stop. The last one gone, this process leaves too.
 */
function superviseAppProcesses(count: number, port: number) {
  let stopping = false;
  let failed = false;
  const serving = new Set<number>();
  const fork = () => {
    const worker = cluster.fork();
    worker.on("listening", () => serving.add(worker.id));
  };
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  cluster.on("exit", (worker, code, signal) => {
    const wasServing = serving.delete(worker.id);
    const crashed = signal !== null || code !== 0;
    if (!stopping && crashed && wasServing) {
      console.error(`App process ${worker.process.pid} exited (${signal ?? code}); starting another.`);
      return fork();
    }
    if (!stopping && crashed) {
      console.error(`App process ${worker.process.pid} exited while starting (${signal ?? code}); stopping.`);
      failed = true;
      stop();
    }
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
  });
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  for (let i = 0; i < count; i++) fork();
  console.log(`Summit: ${count} app processes on port ${port}.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
