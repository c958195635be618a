// "Pay" on a book order's page: off to Stripe Checkout for the buyer's own PENDING order.
import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { startBookCheckout } from "~/modules/payments/checkout.server.ts";
import { PaymentsUnavailable } from "~/modules/payments/stripe.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

export function loader({ params }: ActionFunctionArgs) {
  return redirect(`/book/orders/${params.orderId}`);
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const orderId = params.orderId ?? "";
  try {
    const { url } = await orPlainNotFound(startBookCheckout(context.db, context.env, orderId, user.id));
    return redirect(url, 303);
  } catch (error) {
    if (error instanceof RuleViolation || error instanceof PaymentsUnavailable)
      return redirectWithFlash(context.env, request, `/book/orders/${orderId}`, { kind: "error", message: error.message });
    throw error;
  }
}
