// One book order for organisers: who, what, where to ship, how its net proceeds were worked out
// and what reached the fund; and the refund, which takes the proceeds' share back.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { issueBookRefund } from "~/modules/payments/refunds.server.ts";
import { PaymentsUnavailable } from "~/modules/payments/stripe.server.ts";
import { bookRefundSchema } from "~/modules/scholarships/book.schema.ts";
import { getBookOrderForAdmin } from "~/modules/scholarships/book-orders.server.ts";
import { FUND_ENTRY_KIND_LABELS } from "~/modules/scholarships/fund.schema.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Badge, Button, Card } from "~/ui/components.tsx";
import { FormErrors, TextField } from "~/ui/form-fields.tsx";
import { BOOK_ORDER_STATUS, FUND_TIME_ZONE, FundNav } from "~/ui/fund.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Book order ${data?.order.reference ?? ""} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const order = await orNotFound(getBookOrderForAdmin(context.db, params.orderId ?? ""));
  const when = (d: Date | null) => (d ? formatDateTime(d, FUND_TIME_ZONE) : null);
  return {
    order: {
      id: order.id,
      reference: order.reference,
      status: order.status,
      buyerName: order.buyerName,
      buyerEmail: order.buyerEmail,
      quantity: order.quantity,
      priceLabel: order.priceLabel,
      currency: order.currency,
      totalCents: order.totalCents,
      refundedCents: order.refundedCents,
      unitCostCents: order.unitCostCents,
      feeEstimated: order.feeEstimated,
      netProceedsCents: order.netProceedsCents,
      stripePaymentIntentId: order.stripePaymentIntentId,
      placedAt: when(order.createdAt),
      paidAt: when(order.paidAt),
      shipTo: order.shipTo,
    },
    book: order.book,
    proceeds: order.proceeds,
    fundNetCents: order.fundNetCents,
    entries: order.fundEntries.map((e) => ({
      id: e.id,
      kind: e.kind,
      amountCents: e.amountCents,
      memo: e.memo,
      reason: e.reason,
      by: e.createdBy?.name ?? "Summit",
      when: when(e.createdAt),
    })),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const orderId = params.orderId ?? "";
  const submission = parseWithZod(await request.formData(), { schema: bookRefundSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const result = await issueBookRefund(context.db, context.env, {
      bookOrderId: orderId,
      amountCents: submission.value.amount,
      reason: submission.value.reason,
      requestedById: user.id,
    });
    const fund = result.debitCents ? `; ${formatMoney(result.debitCents)} of its proceeds taken back from the fund` : "";
    return redirectWithFlash(context.env, request, `/admin/books/orders/${orderId}`, {
      kind: "success",
      message: `Refund of ${formatMoney(result.amountCents)} on ${result.reference} made${fund}.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error instanceof PaymentsUnavailable ? new RuleViolation(error.message) : error);
  }
}

function Row({ label, children, strong = false }: { label: string; children: React.ReactNode; strong?: boolean }) {
  return (
    <div className={`flex flex-wrap justify-between gap-2 py-1 ${strong ? "border-t border-slate-300 pt-2 font-bold" : ""}`}>
      <dt className={strong ? "" : "text-slate-700"}>{label}</dt>
      <dd className="tabular-nums">{children}</dd>
    </div>
  );
}

function RefundForm({ refundable, currency }: { refundable: number; currency: string }) {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { intent: "refund", amount: (refundable / 100).toFixed(2) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bookRefundSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="refund" />
      <TextField
        field={fields.amount}
        label="Amount to refund (USD)"
        hint={`At most ${formatMoney(refundable, currency)} is left to refund. Its share of the net proceeds leaves the fund.`}
      />
      <TextField field={fields.reason} label="Reason" hint="Kept with the fund's entry and the order's history." />
      <Button variant="danger" disabled={navigation.state !== "idle"}>
        {navigation.state === "submitting" ? "Refunding…" : "Refund through Stripe"}
      </Button>
    </Form>
  );
}

export default function AdminBookOrder() {
  const { order, book, proceeds, fundNetCents, entries } = useLoaderData<typeof loader>();
  const money = (cents: number) => formatMoney(cents, order.currency);
  const status = BOOK_ORDER_STATUS[order.status];
  const refundable = order.totalCents - order.refundedCents;
  return (
    <div className="space-y-6">
      <FundNav />
      <p className="text-sm">
        <Link to="/admin/books" className="text-brand-700 underline">
          ← Book &amp; orders
        </Link>
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="font-mono text-2xl font-bold tracking-tight sm:text-3xl">Book order {order.reference}</h1>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>

      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <h2 className="mb-2 text-lg font-bold">Order</h2>
          <dl>
            <Row label="Book">
              {order.quantity} × {book.title}
            </Row>
            <Row label="Price">{order.priceLabel}</Row>
            <Row label="Placed">{order.placedAt}</Row>
            {order.paidAt ? <Row label="Paid">{order.paidAt}</Row> : null}
            <Row label="Buyer">
              {order.buyerName} · {order.buyerEmail}
            </Row>
            {order.stripePaymentIntentId ? <Row label="Stripe payment">{order.stripePaymentIntentId}</Row> : null}
          </dl>
          <h3 className="mt-4 font-semibold">Ship to</h3>
          <address className="not-italic text-slate-800">
            {order.shipTo.map((line) => (
              <span key={line} className="block">
                {line}
              </span>
            ))}
          </address>
        </Card>

        <Card>
          <h2 className="mb-2 text-lg font-bold">Net proceeds</h2>
          {proceeds ? (
            <dl data-testid="proceeds">
              <Row label="Price paid">{money(proceeds.totalCents)}</Row>
              <Row label={`Printing (${order.quantity} × ${money(order.unitCostCents)})`}>−{money(proceeds.printingCents)}</Row>
              <Row label="Shipping cost">−{money(proceeds.shippingCostCents)}</Row>
              <Row label={order.feeEstimated ? "Card fee (estimated)" : "Card fee (Stripe)"}>−{money(proceeds.feeCents)}</Row>
              <Row label="Net proceeds" strong>
                <span data-testid="net-proceeds">{money(proceeds.netProceedsCents)}</span>
              </Row>
            </dl>
          ) : (
            <p className="text-slate-700">Worked out when the order is paid.</p>
          )}
          {proceeds && proceeds.netProceedsCents <= 0 ? (
            <p className="mt-2 text-sm text-slate-700">
              Nothing was left over after costs, so this order raised nothing for the fund.
            </p>
          ) : null}
          {order.refundedCents ? (
            <p className="mt-2 text-sm text-red-800">{money(order.refundedCents)} refunded to the buyer.</p>
          ) : null}
          <p className="mt-3 text-sm font-semibold">In the fund now: {money(fundNetCents)}</p>
        </Card>
      </div>

      <section aria-labelledby="fund-entries" className="space-y-2">
        <h2 id="fund-entries" className="text-lg font-bold">
          Fund entries
        </h2>
        {entries.length ? (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {entries.map((e) => (
              <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-2 text-sm">
                <span>
                  <Badge tone={e.kind === "BOOK_REFUND" ? "red" : "green"}>{FUND_ENTRY_KIND_LABELS[e.kind]}</Badge> {e.memo}
                  {e.reason ? <span className="block text-slate-600">{e.reason}</span> : null}
                </span>
                <span className="tabular-nums">
                  {e.kind === "BOOK_REFUND" ? "−" : "+"}
                  {money(e.amountCents)} · {e.by} · {e.when}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-700">None.</p>
        )}
      </section>

      {order.status === "PAID" && refundable > 0 ? (
        <Card>
          <h2 className="mb-3 text-lg font-bold">Refund</h2>
          <RefundForm refundable={refundable} currency={order.currency} />
        </Card>
      ) : null}
    </div>
  );
}
