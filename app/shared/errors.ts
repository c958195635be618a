/** Typed domain errors. Domain modules throw them; app/shared/http.server.ts maps them to responses. */
export class DomainError extends Error {
  constructor(message: string) {
    // A refusal is an answer, not a fault: no stack trace to capture (thousands are thrown a
    // second when a ticket sells out, bench/rush.bench.ts). The message says what happened.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {}

export class ForbiddenError extends DomainError {}

/** The session asking is missing or expired: a JSON API answers 401 (the scan checks it in its own query). */
export class SignedOutError extends DomainError {
  constructor() {
    super("Sign in again");
  }
}

/** Input the schema accepted but the rules refuse; `field` points the message at a form field. */
export class RuleViolation extends DomainError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts. Please wait ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"} and try again.`);
  }
}

/** Prisma's P2002: a unique index refused the write (a race the pre-check could not see). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "P2002";
}
