import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApiReply, refusal } from "~/shared/json-api.server.ts";
import type { SummitContext } from "~/shared/load-context.ts";

/** A JSON endpoint's handler on plain values: the Cookie header and the body's text in, a reply out. */
export type PlainJsonHandler = (ctx: SummitContext, cookieHeader: string | null, body: string) => Promise<ApiReply>;

/** Bodies above this are refused before they reach the handler (which has its own, lower limit). */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Answers a hot JSON endpoint (the door scan) with the route module's own handler, without
 * Remix's request handling: no matching against every route and no Request/Response objects
 * with their web streams around each call. Everything else still goes through Remix
 * (docs/decisions/015-door-scan-beside-remix.md).
 */
export function serveJsonDirectly(handler: PlainJsonHandler, context: SummitContext) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    let answer: ApiReply;
    try {
      const body = await readBody(req);
      answer =
        body === null
          ? refusal(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`)
          : await handler(context, req.headers.cookie ?? null, body.toString("utf8"));
    } catch (error) {
      // As Remix would answer an unexpected error, but in the endpoint's own language: JSON.
      console.error(error);
      answer = refusal(500, "Something went wrong on the server. Try again.");
    }
    const json = JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(json),
      "Cache-Control": "no-store",
      ...answer.headers,
    });
    res.end(json);
  };
}

/** The whole body, or null once it passes MAX_BODY_BYTES (read to the end, so the connection stays usable). */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
