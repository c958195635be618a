import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import serveStatic from "serve-static";
import { isCrossOriginMutation } from "~/modules/auth/origin.server.ts";
import { startBadgeBatchWorker } from "~/modules/badges/badge-batches.server.ts";
import { scanReply } from "~/modules/badges/scan-endpoint.server.ts";
import { startOutboxWorker } from "~/modules/email/worker.server.ts";
import { startRegistrationSweeper } from "~/modules/registration/sweeper.server.ts";
import { startScholarshipJobs } from "~/modules/scholarships/scholarship-jobs.server.ts";
import type { Database } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import type { SummitContext } from "~/shared/load-context.ts";
import { serveJsonDirectly } from "./direct-actions.ts";
import { answerServerError, createRemixListener } from "./remix-listener.ts";
import { compileTrust, requestFacts } from "./request-facts.ts";
import { rememberRouteMatches } from "./route-matches.ts";

type StartOptions = { env: Env; database: Database; dev?: boolean; worker?: boolean };
type Next = (error?: unknown) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

const SCAN_PATH = "/api/check-in/scan";

/**
 * Serves Summit over node:http: security headers and the cross-origin check on every request,
 * the door scan beside Remix, files from the build, and Remix for the rest; then the
 * background workers (docs/decisions/016-http-without-express.md).
 */
export async function startServer({ env, database, dev = false, worker = true }: StartOptions) {
  const context: SummitContext = { db: database.db, env };
  const trust = compileTrust(env.trustProxy);
  // The door scan, the one endpoint hit hundreds of times a second, skips Remix's request
  // handling; it is the same route module's scan (docs/decisions/015-door-scan-beside-remix.md).
  const scan = serveJsonDirectly(scanReply, context);
  rememberRouteMatches();
  const { files, build } = dev ? await developmentBuild() : await productionBuild();
  const remix = createRemixListener(build, dev ? "development" : "production", context);
  // Pages, data and files are compressed. Answers to posts are not: they are small (a redirect,
  // a form's errors) and echo what was typed, which is what compression attacks (BREACH) read.
  const compress = compression() as Middleware;

  const server: Server = http.createServer((req, res) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "SAMEORIGIN");
    const facts = requestFacts(req, trust);
    // Overwrites any client-sent value: rate limits key on the address resolved here.
    req.headers["x-summit-client-ip"] = facts.clientIp;
    const crossOrigin = isCrossOriginMutation({
      method: req.method ?? "GET",
      origin: header(req, "origin"),
      secFetchSite: header(req, "sec-fetch-site"),
      host: header(req, "host"),
      appUrl: env.appUrl,
    });
    if (crossOrigin) {
      res.writeHead(403, { "Content-Type": "text/plain; charset=utf-8" }).end("Cross-origin request refused.");
      return;
    }
    const reading = req.method === "GET" || req.method === "HEAD";
    if (!reading) {
      if (req.method === "POST" && req.url?.split("?")[0] === SCAN_PATH) void scan(req, res);
      else remix(req, res, facts);
      return;
    }
    compress(req, res, () => files(req, res, (error) => (error ? answerServerError(res, error) : remix(req, res, facts))));
  });
  await new Promise<void>((resolve) => server.listen(env.port, resolve));

  const stopWorker = worker ? startOutboxWorker(context) : () => Promise.resolve();
  const stopSweeper = worker ? startRegistrationSweeper(context) : () => Promise.resolve();
  const stopScholarshipJobs = worker ? startScholarshipJobs(context) : () => Promise.resolve();
  const stopBadgeBatches = worker ? startBadgeBatchWorker(context) : () => Promise.resolve();

  return {
    server,
    async close() {
      await stopWorker();
      await stopSweeper();
      await stopScholarshipJobs();
      await stopBadgeBatches();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The built client's files: hashed assets are cached for a year, the rest for an hour. */
async function productionBuild(): Promise<{ files: Middleware; build: ServerBuild }> {
  const buildDir = path.resolve("build");
  const assets = path.join(buildDir, "client/assets") + path.sep;
  const files = serveStatic(path.join(buildDir, "client"), {
    maxAge: "1h",
    setHeaders(res, file) {
      if (file.startsWith(assets)) res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    },
  }) as Middleware;
  const build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
  return { files, build };
}

/** Vite serves the client's modules and rebuilds the server's on change. */
async function developmentBuild(): Promise<{ files: Middleware; build: () => Promise<ServerBuild> }> {
  const vite = await import("vite");
  const viteServer = await vite.createServer({ server: { middlewareMode: true } });
  return {
    files: viteServer.middlewares,
    build: () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
