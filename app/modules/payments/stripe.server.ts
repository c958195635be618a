// One Stripe SDK client per configuration. With STRIPE_API_URL it talks to the fake Stripe
// of tests/fake-stripe (local default and tests); otherwise to api.stripe.com.
import Stripe from "stripe";
import type { Env, StripeSettings } from "~/shared/env.server.ts";
import { DomainError } from "~/shared/errors.ts";

export type { Stripe };

/** Payments were asked for but no Stripe keys are configured (`npm run serve` without them). */
export class PaymentsUnavailable extends DomainError {
  constructor() {
    super("Card payments are not available right now. Please try again later or contact the organisers.");
  }
}

const clients = new Map<string, Stripe>();

export function stripeSettings(env: Pick<Env, "stripe">): StripeSettings {
  if (!env.stripe) throw new PaymentsUnavailable();
  return env.stripe;
}

export function stripeClient(env: Pick<Env, "stripe">): Stripe {
  const settings = stripeSettings(env);
  const key = `${settings.secretKey} ${settings.apiUrl ?? ""}`;
  let client = clients.get(key);
  if (!client) {
    const api = settings.apiUrl ? new URL(settings.apiUrl) : undefined;
    client = new Stripe(settings.secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      appInfo: { name: "Summit" },
      ...(api
        ? {
            host: api.hostname,
            port: api.port || (api.protocol === "https:" ? 443 : 80),
            protocol: api.protocol === "https:" ? "https" : "http",
          }
        : {}),
    });
    clients.set(key, client);
  }
  return client;
}

/** Verifies a webhook's signature over the raw body; throws Stripe's SignatureVerificationError. */
export function verifyWebhook(env: Pick<Env, "stripe">, rawBody: string, signature: string | null): Stripe.Event {
  const settings = stripeSettings(env);
  return stripeClient(env).webhooks.constructEvent(rawBody, signature ?? "", settings.webhookSecret);
}

/** The payment intent's id, whether Stripe sent it expanded or as an id. */
export function paymentIntentId(session: Pick<Stripe.Checkout.Session, "payment_intent">): string | null {
  const pi = session.payment_intent;
  if (!pi) return null;
  return typeof pi === "string" ? pi : pi.id;
}

/** Stripe's own error (declined, invalid request…) as opposed to a network failure with unknown outcome. */
export function isDefinitiveStripeError(error: unknown): error is Stripe.errors.StripeError {
  // Connection and server errors, rate limits and idempotency conflicts (the same request
  // still in flight) say nothing about the outcome: retry those later.
  return (
    error instanceof Stripe.errors.StripeError &&
    !(error instanceof Stripe.errors.StripeConnectionError) &&
    !(error instanceof Stripe.errors.StripeAPIError) &&
    !(error instanceof Stripe.errors.StripeIdempotencyError) &&
    !(error instanceof Stripe.errors.StripeRateLimitError) &&
    (error.statusCode ?? 500) < 500 &&
    error.statusCode !== 409
  );
}
