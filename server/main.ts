import type { Server } from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { isCrossOriginMutation } from "~/modules/auth/origin.server.ts";
import { startBadgeBatchWorker } from "~/modules/badges/badge-batches.server.ts";
import { scanReply } from "~/modules/badges/scan-endpoint.server.ts";
import { startOutboxWorker } from "~/modules/email/worker.server.ts";
import { startRegistrationSweeper } from "~/modules/registration/sweeper.server.ts";
import { startScholarshipJobs } from "~/modules/scholarships/scholarship-jobs.server.ts";
import type { Database } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { serveJsonDirectly } from "./direct-actions.ts";
import { rememberRouteMatches } from "./route-matches.ts";

type StartOptions = { env: Env; database: Database; dev?: boolean; worker?: boolean };

/** Serves Summit over HTTP: static assets, the Remix handler and the email worker. */
export async function startServer({ env, database, dev = false, worker = true }: StartOptions) {
  const app = express();
  app.disable("x-powered-by");
  // Only trusted proxies may name the client's address, or anyone could dodge per-IP rate limits.
  app.set(
    "trust proxy",
    /^\d+$/.test(env.trustProxy) ? Number(env.trustProxy) : env.trustProxy === "false" ? false : env.trustProxy,
  );
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "SAMEORIGIN");
    next();
  });
  app.use((req, res, next) => {
    // Overwrites any client-sent value: rate limits key on the address Express resolved.
    req.headers["x-summit-client-ip"] = req.ip ?? "";
    const crossOrigin = isCrossOriginMutation({
      method: req.method,
      origin: req.get("origin"),
      secFetchSite: req.get("sec-fetch-site"),
      host: req.get("host"),
      appUrl: env.appUrl,
    });
    if (crossOrigin) {
      res.status(403).type("text/plain").send("Cross-origin request refused.");
      return;
    }
    next();
  });

  // The door scan, the one endpoint hit hundreds of times a second, skips Remix's request
  // handling and the compression of pages (its verdict is a few hundred bytes); it is the same
  // route module's scan (docs/decisions/015-door-scan-beside-remix.md).
  serveJsonDirectly(app, "/api/check-in/scan", scanReply, { db: database.db, env });
  app.use(compression());

  rememberRouteMatches();
  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (dev) {
    const vite = await import("vite");
    const viteServer = await vite.createServer({ server: { middlewareMode: true } });
    app.use(viteServer.middlewares);
    build = () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const buildDir = path.resolve("build");
    app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
    build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
  }

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: dev ? "development" : "production",
      getLoadContext: () => ({ db: database.db, env }),
    }),
  );

  const stopWorker = worker ? startOutboxWorker({ db: database.db, env }) : () => Promise.resolve();
  const stopSweeper = worker ? startRegistrationSweeper({ db: database.db, env }) : () => Promise.resolve();
  const stopScholarshipJobs = worker ? startScholarshipJobs({ db: database.db, env }) : () => Promise.resolve();
  const stopBadgeBatches = worker ? startBadgeBatchWorker({ db: database.db, env }) : () => Promise.resolve();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(env.port, () => resolve(s));
  });

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
