import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { getBuyerBookOrder } from "~/modules/scholarships/book-orders.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Badge, Button, ButtonLink, Card, PageHeader } from "~/ui/components.tsx";
import { FUND_TIME_ZONE } from "~/ui/fund.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Book order ${data.order.reference} · Summit` : "Order not found · Summit" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const order = await orNotFound(getBuyerBookOrder(context.db, params.orderId ?? "", user.id));
  return {
    order: {
      id: order.id,
      reference: order.reference,
      status: order.status,
      quantity: order.quantity,
      priceLabel: order.priceLabel,
      currency: order.currency,
      totalCents: order.totalCents,
      refundedCents: order.refundedCents,
      paidAt: order.paidAt ? formatDateTime(order.paidAt, FUND_TIME_ZONE) : null,
      shipTo: order.shipTo,
      buyerEmail: order.buyerEmail,
    },
    book: { title: order.book.title, authors: order.book.authors },
    checkoutCancelled: new URL(request.url).searchParams.get("checkout") === "cancelled",
  };
}

const STATUS = {
  PENDING: { label: "Awaiting payment", tone: "amber" },
  PAID: { label: "Paid", tone: "green" },
  EXPIRED: { label: "Not paid in time", tone: "slate" },
  CANCELLED: { label: "Cancelled", tone: "slate" },
  REFUNDED: { label: "Refunded", tone: "red" },
} as const;

export default function BookOrderPage() {
  const { order, book, checkoutCancelled } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const status = STATUS[order.status];
  const title =
    order.status === "PAID" || order.status === "REFUNDED"
      ? "Thank you for your order"
      : order.status === "PENDING"
        ? "Pay to complete your order"
        : "This order was not paid";
  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to="/book" className="text-brand-700 underline">
          {book.title}
        </Link>{" "}
        / Order {order.reference}
      </nav>
      <PageHeader title={title} subtitle={<Badge tone={status.tone}>{status.label}</Badge>} />
      {checkoutCancelled && order.status === "PENDING" ? (
        <p role="status" className="rounded-md border border-slate-200 bg-white p-3 text-slate-700">
          Payment was cancelled; nothing was charged. You can pay whenever you are ready.
        </p>
      ) : null}
      <Card>
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
          <div>
            <dt className="text-sm font-semibold text-slate-600">Order</dt>
            <dd className="font-mono text-lg font-bold">{order.reference}</dd>
          </div>
          <div>
            <dt className="text-sm font-semibold text-slate-600">Book</dt>
            <dd>
              {order.quantity} × {book.title}
              <span className="block text-sm text-slate-600">{order.priceLabel}</span>
            </dd>
          </div>
          <div>
            <dt className="text-sm font-semibold text-slate-600">Total</dt>
            <dd className="text-lg font-bold">{formatMoney(order.totalCents, order.currency)}</dd>
            {order.refundedCents ? (
              <dd className="text-sm text-red-800">{formatMoney(order.refundedCents, order.currency)} refunded to your card</dd>
            ) : null}
          </div>
          {order.paidAt ? (
            <div>
              <dt className="text-sm font-semibold text-slate-600">Paid</dt>
              <dd>{order.paidAt}</dd>
            </div>
          ) : null}
          <div className="sm:col-span-2">
            <dt className="text-sm font-semibold text-slate-600">Ship to</dt>
            <dd>
              <address className="not-italic">
                {order.shipTo.map((line) => (
                  <span key={line} className="block">
                    {line}
                  </span>
                ))}
              </address>
            </dd>
          </div>
        </dl>
      </Card>
      {order.status === "PENDING" ? (
        <Form method="post" action={`/book/orders/${order.id}/pay`}>
          <Button disabled={navigation.state !== "idle"}>Pay {formatMoney(order.totalCents, order.currency)}</Button>
        </Form>
      ) : order.status === "EXPIRED" ? (
        <ButtonLink to="/book">Order again</ButtonLink>
      ) : (
        <p className="text-slate-700">
          A confirmation is on its way to {order.buyerEmail}. All net proceeds fund scholarships for patients and caregivers —{" "}
          <Link to="/fund" className="font-semibold text-brand-700 underline">
            see the fund
          </Link>
          .
        </p>
      )}
    </article>
  );
}
