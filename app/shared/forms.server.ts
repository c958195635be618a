import type { Submission } from "@conform-to/react";
import { data, type HeadersFunction } from "@remix-run/node";
import { NotFoundError, RateLimitedError, RuleViolation } from "./errors.ts";
import { notFound } from "./http.server.ts";

/**
 * Turns a rule the domain refused into the form's reply: a message on the named
 * field, or on the whole form. A vanished record is a 404; other errors propagate.
 */
export function replyWithRuleViolation<T>(submission: Submission<T>, error: unknown) {
  if (error instanceof NotFoundError) notFound(error.message);
  if (error instanceof RateLimitedError) {
    return data(submission.reply({ formErrors: [error.message] }), {
      status: 429,
      headers: { "Retry-After": String(error.retryAfterSeconds) },
    });
  }
  if (error instanceof RuleViolation) {
    const reply = error.field
      ? submission.reply({ fieldErrors: { [error.field]: [error.message] } })
      : submission.reply({ formErrors: [error.message] });
    return data(reply, { status: 422 });
  }
  throw error;
}

/** The reply for input the schema rejected. */
export function replyInvalid<T>(submission: Submission<T>) {
  return data(submission.reply(), { status: 400 });
}

/**
 * For routes whose actions may answer 429: an action's headers reach a document response
 * only through the route's `headers` export, and Retry-After must reach the browser.
 * (Remix merges every loader's Set-Cookie on its own, so the root's flash cookie survives.)
 */
export const actionHeaders: HeadersFunction = ({ actionHeaders }) => actionHeaders;
