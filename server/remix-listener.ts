import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type AppLoadContext,
  createReadableStreamFromReadable,
  createRequestHandler,
  type ServerBuild,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import type { RequestFacts } from "./request-facts.ts";

type RemixListener = (req: IncomingMessage, res: ServerResponse, facts: RequestFacts) => void;

/**
 * Remix on node:http: the request as a Fetch `Request`, Remix's answer written back. What
 * @remix-run/express does, without Express around it (docs/decisions/016-http-without-express.md).
 * The body is still streamed both ways: uploads are not buffered whole, and deferred data
 * reaches the browser as it resolves.
 */
export function createRemixListener(
  build: ServerBuild | (() => Promise<ServerBuild>),
  mode: "development" | "production",
  loadContext: AppLoadContext,
): RemixListener {
  const handleRequest = createRequestHandler(build, mode);
  return (req, res, facts) => {
    void answer(req, res, facts).catch((error: unknown) => answerServerError(res, error));
  };

  async function answer(req: IncomingMessage, res: ServerResponse, facts: RequestFacts) {
    const url = URL.parse(`${facts.protocol}://${facts.host}${req.url ?? "/"}`);
    if (!url) {
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" }).end("The request's Host header is not a host name.");
      return;
    }
    const response = await handleRequest(fetchRequest(req, res, url), loadContext);
    res.statusCode = response.status;
    if (response.statusText) res.statusMessage = response.statusText;
    // Headers#entries gives each Set-Cookie apart, so appending keeps them apart.
    for (const [name, value] of response.headers) res.appendHeader(name, value);
    if (response.body) await writeReadableStreamToWritable(response.body, res);
    else res.end();
  }
}

function fetchRequest(req: IncomingMessage, res: ServerResponse, url: URL): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else headers.set(name, value);
  }
  // Loaders and actions stop when the browser goes away before the answer is written.
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(url, init);
}

/** As Express's final handler answered a failure: a plain 500, or a cut connection once the answer has begun. */
export function answerServerError(res: ServerResponse, error: unknown) {
  console.error(error);
  if (res.headersSent) res.destroy(error instanceof Error ? error : undefined);
  else res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end("Internal Server Error");
}
