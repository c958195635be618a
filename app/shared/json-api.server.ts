// Plumbing for JSON resource routes (the scanner's API): errors are `{ error }` JSON with the
// right status, never a redirect to the login page or an HTML error page, and bodies are
// size-checked before they are parsed. Handlers produce plain replies, so the hot scan can also
// be answered without Remix's Request/Response (server/direct-actions.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { getSessionUserByCookie, type SessionUser } from "~/modules/auth/session.server.ts";
import { DomainError, ForbiddenError, NotFoundError, RateLimitedError, SignedOutError } from "./errors.ts";
import type { SummitContext } from "./load-context.ts";

export type ApiReply = { status: number; body: unknown; headers?: Record<string, string> };

export const reply = (body: unknown, headers?: Record<string, string>): ApiReply => ({ status: 200, body, headers });

export const refusal = (status: number, error: string, headers?: Record<string, string>): ApiReply => ({
  status,
  body: { error },
  headers,
});

/** Thrown by the checks below; the route answers with its reply. */
export class Refused extends Error {
  constructor(readonly reply: ApiReply) {
    super(String((reply.body as { error?: string }).error));
  }
}

const NO_STORE = { "Cache-Control": "no-store" };

export function toResponse({ status, body, headers }: ApiReply): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

type Handler<A> = (args: A) => Promise<ApiReply>;

/** A Remix loader or action answering JSON: replies and refusals become Responses. */
export function jsonRoute<A extends LoaderFunctionArgs | ActionFunctionArgs>(handler: Handler<A>) {
  return async (args: A): Promise<Response> => {
    try {
      return toResponse(await handler(args));
    } catch (error) {
      if (error instanceof Refused) return toResponse(error.reply);
      throw error;
    }
  };
}

/** For a method a JSON route doesn't take. */
export const methodNotAllowed = (allowed: string) => async () => toResponse(refusal(405, `Use ${allowed}.`, { Allow: allowed }));

/** The signed-in user; a JSON 401 when the session is missing or expired (a fetch can't follow a redirect to log in). */
export async function requireApiUser(ctx: SummitContext, cookieHeader: string | null): Promise<SessionUser> {
  const found = await getSessionUserByCookie(ctx, cookieHeader);
  if (!found) throw new Refused(signedOut());
  return found.user;
}

const tooLarge = (maxBytes: number) => new Refused(refusal(413, `The request body is larger than ${maxBytes} bytes.`));

/** The request's body as text, refused with 413 above `maxBytes` (a chunked upload is cut off there, not buffered whole). */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(read.value);
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A body's JSON: 413 above `maxBytes`, 400 when empty or not JSON. */
export function parseJsonBody(text: string, maxBytes: number): unknown {
  if (Buffer.byteLength(text) > maxBytes) throw tooLarge(maxBytes);
  if (!text.trim()) throw new Refused(refusal(400, "The request body is empty: send JSON."));
  try {
    return JSON.parse(text);
  } catch {
    throw new Refused(refusal(400, "The request body is not valid JSON."));
  }
}

/** readBodyText then parseJsonBody. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  return parseJsonBody(await readBodyText(request, maxBytes), maxBytes);
}

/** Parses with a schema; a 400 naming the first problem (and where it is) otherwise. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  throw new Refused(refusal(400, `${where}${issue.message}`));
}

const signedOut = () => refusal(401, new SignedOutError().message);

/** A domain error as JSON: 401 for a session gone, 404, 403, 429, 409 for `conflicts`, 400 for rule violations and the rest. Others propagate. */
export function domainRefusal(error: unknown, conflicts: (abstract new (...args: never[]) => DomainError)[] = []): ApiReply {
  if (!(error instanceof DomainError)) throw error;
  if (error instanceof SignedOutError) return signedOut();
  if (error instanceof NotFoundError) return refusal(404, error.message);
  if (error instanceof ForbiddenError) return refusal(403, error.message);
  if (error instanceof RateLimitedError) return refusal(429, error.message, { "Retry-After": String(error.retryAfterSeconds) });
  if (conflicts.some((c) => error instanceof c)) return refusal(409, error.message);
  return refusal(400, error.message);
}
