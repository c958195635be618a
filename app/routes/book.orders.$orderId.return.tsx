// Stripe Checkout sends the book buyer back here; we ask Stripe ourselves, so the buyer sees the
// result even when the webhook is late. The order is settled (and the fund credited) once either way.
import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { type Flash, redirectWithFlash } from "~/modules/auth/session.server.ts";
import { type BookReturnState, checkReturningBookCheckout } from "~/modules/payments/return.server.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

const FLASH: Record<BookReturnState, Flash | null> = {
  paid: { kind: "success", message: "Payment received — thank you! A confirmation email is on its way." },
  settled: null,
  processing: { kind: "info", message: "Your payment is being processed. We'll email you as soon as it is confirmed." },
  "not-paid": { kind: "info", message: "Your payment wasn't completed. You can pay whenever you are ready." },
  expired: { kind: "error", message: "That payment page expired before it was paid. Nothing was charged." },
  mismatch: {
    kind: "error",
    message:
      "We received a payment that doesn't match this order's total. The organisers have been alerted and will contact you.",
  },
};

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const orderId = params.orderId ?? "";
  const sessionId = new URL(request.url).searchParams.get("session_id") ?? "";
  const state = await orPlainNotFound(
    checkReturningBookCheckout(context.db, context.env, { orderId, sessionId, buyerId: user.id }),
  );
  const flash = FLASH[state];
  if (!flash) return redirect(`/book/orders/${orderId}`);
  return redirectWithFlash(context.env, request, `/book/orders/${orderId}`, flash);
}
