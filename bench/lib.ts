// Measurement helpers shared by the benchmarks: percentiles, a sequential
// keep-alive request loop, and child servers timed from spawn to first 200.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import http, { type IncomingHttpHeaders } from "node:http";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

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
