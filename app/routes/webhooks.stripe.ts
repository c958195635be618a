// Stripe's webhook endpoint. The signature covers the raw body, so it is read as text and
// verified before anything is parsed; Express must not parse it first (server/main.ts doesn't).
import type { ActionFunctionArgs } from "@remix-run/node";
import { PaymentsUnavailable, verifyWebhook } from "~/modules/payments/stripe.server.ts";
import { handleStripeEvent } from "~/modules/payments/webhooks.server.ts";

// Stripe's events are a few kilobytes; refuse anything far bigger before reading it.
const MAX_BODY_BYTES = 512 * 1024;

const plain = (message: string, status: number) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export function loader() {
  return plain("Stripe posts webhooks here.", 405);
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return plain("Method not allowed.", 405);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return plain("Payload too large.", 413);
  const raw = await request.text();
  if (raw.length > MAX_BODY_BYTES) return plain("Payload too large.", 413);
  let event: ReturnType<typeof verifyWebhook>;
  try {
    event = verifyWebhook(context.env, raw, request.headers.get("stripe-signature"));
  } catch (error) {
    if (error instanceof PaymentsUnavailable) return plain("Payments are not configured.", 503);
    return plain("Invalid Stripe signature.", 400);
  }
  const { duplicate } = await handleStripeEvent(context.db, context.env, event);
  return Response.json({ received: true, duplicate });
}
