// Stripe Checkout sends the buyer back here. We ask Stripe about the session ourselves, so the
// buyer sees the result even when the webhook is late; fulfilment happens once either way.
import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { type Flash, redirectWithFlash } from "~/modules/auth/session.server.ts";
import { checkReturningCheckout, type ReturnState } from "~/modules/payments/return.server.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

const FLASH: Record<ReturnState, Flash | null> = {
  paid: { kind: "success", message: "Payment received — you're registered. A confirmation email is on its way." },
  settled: null,
  "refunded-late": {
    kind: "error",
    message:
      "Your payment arrived after your 30-minute hold ran out and the seats had gone to someone else, so we refunded it in full. We've emailed you the details.",
  },
  processing: {
    kind: "info",
    message: "Your payment is being processed. We'll email you as soon as it is confirmed; your seats stay held meanwhile.",
  },
  "not-paid": { kind: "info", message: "Your payment wasn't completed. Your seats are held until the timer runs out." },
  expired: { kind: "error", message: "That payment page expired before it was paid. Nothing was charged." },
  mismatch: {
    kind: "error",
    message:
      "We received a payment that doesn't match this order's total. The organisers have been alerted and will contact you.",
  },
};

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const orderId = params.id ?? "";
  const sessionId = new URL(request.url).searchParams.get("session_id") ?? "";
  const state = await orPlainNotFound(checkReturningCheckout(context.db, context.env, { orderId, sessionId, buyerId: user.id }));
  const flash = FLASH[state];
  if (!flash) return redirect(`/orders/${orderId}`);
  return redirectWithFlash(context.env, request, `/orders/${orderId}`, flash);
}
