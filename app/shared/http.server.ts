import { data } from "@remix-run/node";
import { DomainError, ForbiddenError, NotFoundError, RateLimitedError, RuleViolation } from "./errors.ts";

/** The one place that turns a domain error into an HTTP response. Unknown errors propagate (500). */
export function domainErrorResponse(error: unknown) {
  if (!(error instanceof DomainError)) return undefined;
  if (error instanceof NotFoundError) return data({ message: error.message }, { status: 404 });
  if (error instanceof ForbiddenError) return data({ message: error.message }, { status: 403 });
  if (error instanceof RateLimitedError)
    return data({ message: error.message }, { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } });
  if (error instanceof RuleViolation) return data({ message: error.message }, { status: 422 });
  return data({ message: error.message }, { status: 400 });
}

/** Throws a 404 the route's error boundary renders. Used for unknown or malformed ids. */
export function notFound(message = "We couldn't find that page."): never {
  throw data({ message }, { status: 404 });
}

export function badRequest(message: string): never {
  throw data({ message }, { status: 400 });
}

export function forbidden(message = "You don't have permission to do that."): never {
  throw data({ message }, { status: 403 });
}

/** Awaits domain work, turning its NotFoundError into the 404 page. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof NotFoundError) notFound(error.message);
    throw error;
  }
}

/**
 * orNotFound for resource routes (feeds, files): they have no error boundary, and Remix
 * answers a thrown data() there with "Unexpected Server Error", so the 404 is plain text.
 */
export async function orPlainNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new Response(error.message, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    throw error;
  }
}
