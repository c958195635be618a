// Measurement helpers shared by the benchmarks: percentiles, a sequential
// keep-alive request loop, child servers timed from spawn to first 200, and
// the set-up, serving, table and results file every benchmark script shares.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import http, { type IncomingHttpHeaders } from "node:http";
import net from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { gunzipSync } from "node:zlib";

export type Summary = { n: number; median: number; p95: number; p99: number; mean: number; min: number; max: number };

/** Linear interpolation between closest ranks; `sorted` ascending, `p` in [0, 100]. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) throw new Error("percentile of no samples");
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

export const round = (ms: number, digits = 2) => Number(ms.toFixed(digits));

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export type Response = { status: number; headers: IncomingHttpHeaders; body: Buffer };

/** One GET, body read to the end (raw bytes: a gzip body is not decoded). */
export function get(
  url: string,
  opts: { agent?: http.Agent; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Response> {
  const target = new URL(url);
  if (target.hostname !== "127.0.0.1") throw new Error(`benchmarks only talk to 127.0.0.1, not ${target.hostname}`);
  return new Promise((resolve, reject) => {
    const req = http.get(target, { agent: opts.agent ?? false, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on("error", reject);
  });
}

export type PostResponse = { status: number; headers: IncomingHttpHeaders; location?: string; body: string };

/** One POST over `agent` (headers carry the Content-Type), body read to the end as text. */
export function post(agent: http.Agent, url: URL, body: string, headers: Record<string, string>): Promise<PostResponse> {
  if (url.hostname !== "127.0.0.1") throw new Error(`benchmarks only talk to 127.0.0.1, not ${url.hostname}`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            location: res.headers.location,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error("timed out after 60 s")));
    req.on("error", (error: NodeJS.ErrnoException) => {
      // The server closed this idle keep-alive connection as we reused it: the request never
      // reached it, so sending it again is safe (what Node's documentation recommends).
      if (req.reusedSocket && error.code === "ECONNRESET") post(agent, url, body, headers).then(resolve, reject);
      else reject(error);
    });
    req.end(body);
  });
}

/** CPU time of the whole machine (/proc/stat), busy and total, in ms; undefined where /proc is missing. */
export function machineCpuMs(): { busy: number; total: number } | undefined {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    const total = fields.slice(0, 8).reduce((sum, x) => sum + x, 0);
    return { busy: ((total - idle) * 1000) / 100, total: (total * 1000) / 100 };
  } catch {
    return undefined;
  }
}

export type LoopOptions = {
  n: number;
  warmup: number;
  headers?: Record<string, string>;
  /** The status every response must have (a conditional GET expects 304). */
  status?: number;
  /** Returns a complaint about a response, or nothing; runs outside the timed span. */
  check?: (res: Response) => string | undefined;
  /** The server's CPU time so far (Child.cpuMs), to report CPU per request. */
  cpuMs?: () => number | undefined;
};

export type LoopResult = Summary & {
  /** Body size of the last response, as sent (compressed if it was). */
  bytes: number;
  /** Server CPU per measured request: unlike latency, barely moved by other load on the machine. */
  cpuMsPerRequest?: number;
};

/** `warmup` then `n` sequential GETs over one keep-alive connection; latency = request sent → last body byte. */
export async function measureRequests(
  url: string,
  { n, warmup, headers, status = 200, check, cpuMs }: LoopOptions,
): Promise<LoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  let bytes = 0;
  let cpuAtStart: number | undefined;
  try {
    for (let i = 0; i < warmup + n; i++) {
      if (i === warmup) cpuAtStart = cpuMs?.();
      const started = performance.now();
      const res = await get(url, { agent, headers });
      const elapsed = performance.now() - started;
      if (res.status !== status) throw new Error(`GET ${url} answered ${res.status}: ${res.body.toString("utf8", 0, 500)}`);
      const complaint = check?.(res);
      if (complaint) throw new Error(`GET ${url}: ${complaint}`);
      if (i >= warmup) samples.push(elapsed);
      bytes = res.body.length;
    }
  } finally {
    agent.destroy();
  }
  const cpuAtEnd = cpuMs?.();
  const cpuMsPerRequest = cpuAtStart !== undefined && cpuAtEnd !== undefined ? (cpuAtEnd - cpuAtStart) / n : undefined;
  return { ...summarize(samples), bytes, cpuMsPerRequest };
}

// ---------------------------------------------------------------------------
// Child processes

export type Child = {
  name: string;
  process: ChildProcess;
  /** The last lines it printed, for error messages. */
  output(): string;
  /** CPU time (user + system) used so far by its process group; undefined where /proc is missing. */
  cpuMs(): number | undefined;
  /** SIGTERM to its process group, SIGKILL after `graceMs`; resolves once the group is gone. */
  stop(graceMs?: number): Promise<void>;
};

const live = new Set<Child>();
let cleanupInstalled = false;

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ; 100 on every Linux architecture Node supports

function groupCpuMs(pgid: number): number | undefined {
  let ticks = 0;
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue; // exited meanwhile
      }
      // Fields after "(comm)": state ppid pgrp … utime (12th) stime (13th).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return undefined;
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // the group is gone
  }
}

// No orphans even if the benchmark dies: every child leads its own process
// group (tsx runs the script in a grandchild), and the group is killed on exit.
function installCleanup() {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on("exit", () => {
    for (const child of live) if (child.process.pid) signalGroup(child.process.pid, "SIGKILL");
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, async () => {
      await Promise.allSettled([...live].map((child) => child.stop(2000)));
      process.exit(signal === "SIGINT" ? 130 : 143);
    });
  }
}

export function spawnChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  installCleanup();
  const proc = spawn(command, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const keep = (data: Buffer) => {
    lines.push(...data.toString("utf8").split("\n").filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  proc.once("error", (error) => lines.push(String(error)));

  const child: Child = {
    name,
    process: proc,
    output: () => lines.map((line) => `  ${name}| ${line}`).join("\n"),
    cpuMs: () => (proc.pid === undefined ? undefined : groupCpuMs(proc.pid)),
    async stop(graceMs = 10_000) {
      const pid = proc.pid;
      if (pid !== undefined) {
        signalGroup(pid, "SIGTERM");
        const deadline = performance.now() + graceMs;
        while (signalGroup(pid, 0) && performance.now() < deadline) await sleep(20);
        signalGroup(pid, "SIGKILL");
        await exited;
      }
      live.delete(child);
    },
  };
  live.add(child);
  return child;
}

/**
 * Spawns a server and polls `url` on fresh connections until it answers 200.
 * Returns the child and the milliseconds from spawn to that first 200.
 */
export async function startServer(
  name: string,
  command: string,
  args: string[],
  { env, url, timeoutMs = 30_000 }: { env: NodeJS.ProcessEnv; url: string; timeoutMs?: number },
): Promise<{ child: Child; msToFirst200: number }> {
  const started = performance.now();
  const child = spawnChild(name, command, args, env);
  try {
    while (performance.now() - started < timeoutMs) {
      const { exitCode, signalCode } = child.process;
      if (exitCode !== null || signalCode !== null)
        throw new Error(`${name} exited (${signalCode ?? exitCode}) before answering ${url}`);
      const res = await get(url, { timeoutMs: Math.max(1, timeoutMs - (performance.now() - started)) }).catch(() => undefined);
      if (res?.status === 200) return { child, msToFirst200: performance.now() - started };
      if (res) throw new Error(`${name} answered ${res.status} on ${url}: ${res.body.toString("utf8", 0, 500)}`);
      await sleep(10);
    }
    throw new Error(`${name} did not answer ${url} within ${timeoutMs} ms`);
  } catch (error) {
    const output = child.output();
    await child.stop(2000);
    throw new Error(`${(error as Error).message}${output ? `\n${output}` : ""}`);
  }
}

// ---------------------------------------------------------------------------
// What every benchmark script shares: settings, the build, the scratch folder,
// serving and measuring, the table and the JSON results.

/** An integer setting from the environment, in 1..10000. */
export function boundedInt(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 10_000) throw new Error(`${name} must be an integer in 1..10000`);
  return value;
}

function newestMtimeMs(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { recursive: true, encoding: "utf8" }).map((file) => statSync(path.join(dir, file)).mtimeMs),
  );
}

/** Builds the app when there is no build; warns when app/ is newer than the build. */
export async function buildIfMissing() {
  if (existsSync("build/server/index.js")) {
    if (newestMtimeMs("app") > statSync("build/server/index.js").mtimeMs) {
      console.warn("Warning: app/ has changed since the last build; this measures the old build (npm run build to refresh).");
    }
    return;
  }
  console.log("No build/server/index.js: building…");
  const code = await new Promise<number | null>((resolve, reject) => {
    const build = spawn("node_modules/.bin/remix", ["vite:build"], { stdio: "inherit" });
    build.once("error", reject);
    build.once("exit", resolve);
  });
  if (code !== 0) throw new Error("remix vite:build failed");
}

/** The PostgreSQL server the PostgreSQL benchmarks make their database on (an admin connection to it). */
export const BENCH_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * Makes database `name` afresh on BENCH_ADMIN_URL, runs `run` with its URL, then drops it
 * (BENCH_KEEP_DB=1 keeps it, to look at afterwards).
 */
export async function withBenchDatabase<T>(name: string, run: (url: string) => Promise<T>): Promise<T> {
  // Loaded here, not above: the baseline servers share this file and need no admin connection.
  const { adminQuery, databaseUrl } = await import("../tests/setup/postgres-admin.ts");
  const url = databaseUrl(BENCH_ADMIN_URL, name);
  await adminQuery(BENCH_ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(BENCH_ADMIN_URL, `CREATE DATABASE ${name}`);
  try {
    return await run(url);
  } finally {
    if (process.env.BENCH_KEEP_DB !== "1") await adminQuery(BENCH_ADMIN_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** A scratch folder removed on exit (an interrupted run too), and where DATA_DIR=tmp puts PGlite (db.server.ts databaseTarget). */
export function scratch(prefix: string): { tmp: string; pgliteDir: string } {
  const tmp = mkdtempSync(path.join(tmpdir(), prefix));
  process.once("exit", () => rmSync(tmp, { recursive: true, force: true }));
  return { tmp, pgliteDir: path.join(tmp, "pglite") };
}

export type Machine = { cpus: number; loadAverage1m: number };

/** Other processes on the machine skew latencies; the load before we start is reported with the figures. */
export function machineNow(): Machine {
  return { cpus: availableParallelism(), loadAverage1m: round(loadavg()[0]) };
}

export function logLoad(machine: Machine) {
  console.log(
    `Load average ${machine.loadAverage1m} on ${machine.cpus} CPUs before the run${machine.loadAverage1m > machine.cpus / 2 ? ": the machine is busy, expect noise" : ""}.\n`,
  );
}

/** A response body as text, gunzipped if it came compressed. */
export const decodedBody = (res: Response) =>
  (res.headers["content-encoding"] === "gzip" ? gunzipSync(res.body) : res.body).toString("utf8");

// The way `npm run serve` starts: node with the tsx loader, no wrapper process.
const NODE_TSX = ["--import", "tsx"];

export type Loop = Pick<LoopOptions, "headers" | "status" | "check"> & { path: string };

/**
 * Starts `node --import tsx ...args` on a free port, waits for 200 on `probe`, runs each loop
 * against it and stops it (before the next server opens the same PGlite folder).
 */
export async function serveAndMeasure<L extends Loop>(
  name: string,
  args: string[],
  env: Record<string, string>,
  { probe, loops, n, warmup }: { probe: string; loops: (origin: string) => L[] | Promise<L[]>; n: number; warmup: number },
): Promise<{ msToFirst200: number; results: { loop: L; stats: LoopResult }[] }> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { child, msToFirst200 } = await startServer(name, process.execPath, [...NODE_TSX, ...args], {
    env: { ...process.env, ...env, PORT: String(port) },
    url: `${origin}${probe}`,
  });
  const results: { loop: L; stats: LoopResult }[] = [];
  try {
    for (const loop of await loops(origin)) {
      const stats = await measureRequests(`${origin}${loop.path}`, {
        n,
        warmup,
        headers: loop.headers,
        status: loop.status,
        check: loop.check,
        cpuMs: child.cpuMs,
      });
      results.push({ loop, stats });
    }
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${child.output()}`);
  } finally {
    await child.stop();
  }
  return { msToFirst200, results };
}

/** Columns padded to their widest cell; the first row is the header. */
export function printTable(table: string[][]) {
  const widths = table[0].map((_, col) => Math.max(...table.map((line) => line[col].length)));
  for (const line of table)
    console.log(
      line
        .map((cell, col) => cell.padEnd(widths[col]))
        .join("  ")
        .trimEnd(),
    );
}

/** A loop's figures as table cells: median, p95 and p99 ms, CPU ms per request, KB. */
export function statsCells(s: LoopResult): string[] {
  return [
    s.median.toFixed(2),
    s.p95.toFixed(2),
    s.p99.toFixed(2),
    s.cpuMsPerRequest?.toFixed(2) ?? "n/a",
    (s.bytes / 1024).toFixed(1),
  ];
}

/** A loop's figures as written to the results file. */
export function statsJson(s: LoopResult) {
  return {
    n: s.n,
    medianMs: round(s.median),
    p95Ms: round(s.p95),
    p99Ms: round(s.p99),
    meanMs: round(s.mean),
    minMs: round(s.min),
    maxMs: round(s.max),
    cpuMsPerRequest: s.cpuMsPerRequest === undefined ? null : round(s.cpuMsPerRequest),
    bytes: s.bytes,
  };
}

export function writeResults(file: string, result: unknown) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nWrote ${file}`);
}

/** Runs a benchmark's main and exits 0, or prints why it failed and exits 1. */
export function runBench(name: string, main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`\n${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

// ---------------------------------------------------------------------------
// Baseline servers (child processes of the benchmarks)

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] as string);

/** A setting the benchmark passes in the environment; throws when it is missing. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** A request's body as text; destroys the request once it passes `maxBytes`. */
export function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) req.destroy(new Error("body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Listens on 127.0.0.1:$PORT; on SIGTERM or SIGINT closes the server, then `close()`, then exits 0. */
export function listenUntilStopped(server: http.Server, close: () => Promise<void>) {
  server.listen(Number(process.env.PORT), "127.0.0.1");
  let stopping = false;
  async function stop() {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await close();
    process.exit(0);
  }
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
