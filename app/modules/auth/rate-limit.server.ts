import { type Db, UTC_NOW } from "~/shared/db.server.ts";
import { RateLimitedError } from "~/shared/errors.ts";

export type RateLimit = { limit: number; windowSeconds: number };

/** About ten attempts a minute, per IP and per account. */
export const AUTH_RATE_LIMIT: RateLimit = { limit: 10, windowSeconds: 60 };

/**
 * Counts one attempt against each key (fixed window, stored in the database so every
 * app instance shares the count). Throws RateLimitedError once any key is over.
 */
export async function consumeRateLimit(db: Db, keys: string[], { limit, windowSeconds }: RateLimit = AUTH_RATE_LIMIT) {
  let retryAfter = 0;
  for (const key of keys) {
    const [bucket] = await db.$queryRaw<{ count: number; retryAfter: number }[]>`
      INSERT INTO "RateLimitBucket" (key, count, "windowEndsAt")
      VALUES (${key}, 1, ${UTC_NOW} + make_interval(secs => ${windowSeconds}))
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN "RateLimitBucket"."windowEndsAt" <= ${UTC_NOW} THEN 1 ELSE "RateLimitBucket".count + 1 END,
        "windowEndsAt" = CASE WHEN "RateLimitBucket"."windowEndsAt" <= ${UTC_NOW}
          THEN ${UTC_NOW} + make_interval(secs => ${windowSeconds}) ELSE "RateLimitBucket"."windowEndsAt" END
      RETURNING count, ceil(extract(epoch FROM "windowEndsAt" - ${UTC_NOW}))::int AS "retryAfter"`;
    if (bucket.count > limit) retryAfter = Math.max(retryAfter, bucket.retryAfter, 1);
  }
  if (retryAfter > 0) throw new RateLimitedError(retryAfter);
}

/** The client's address as Express resolved it (X-Forwarded-For is honoured behind a proxy). */
export function clientIp(request: Request): string {
  return request.headers.get("x-summit-client-ip") ?? "unknown";
}
