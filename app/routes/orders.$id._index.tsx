import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { getBuyerOrder, hasReceipt, startAgainUrl } from "~/modules/registration/receipts.server.ts";
import { formatDateRange, formatDateTime } from "~/shared/dates.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Badge, Button, ButtonLink, Card, PageHeader } from "~/ui/components.tsx";
import { HoldTimer } from "~/ui/hold-timer.tsx";
import { RegistrationStatusBadge } from "~/ui/registration-form.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Order ${data.order.reference} · ${data.event.name} · Summit` : "Order not found · Summit" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const order = await orNotFound(getBuyerOrder(context.db, params.id ?? "", user.id));
  const now = new Date();
  return {
    now: now.toISOString(),
    order: {
      id: order.id,
      reference: order.reference,
      status: order.status,
      holdExpiresAt: order.holdExpiresAt?.toISOString() ?? null,
      holdLapsed: order.status === "PENDING" && (!order.holdExpiresAt || order.holdExpiresAt <= now),
      currency: order.currency,
      subtotalCents: order.subtotalCents,
      discountCents: order.discountCents,
      totalCents: order.totalCents,
      refundedCents: order.refundedCents,
      promoCode: order.promoCode?.code ?? null,
      paidAt: order.paidAt ? formatDateTime(order.paidAt, order.event.timeZone) : null,
      hasReceipt: hasReceipt(order),
    },
    event: {
      slug: order.event.slug,
      name: order.event.name,
      when: formatDateRange(order.event.startsAt, order.event.endsAt, order.event.timeZone),
      where: `${order.event.campus.name} campus, ${order.event.campus.address}`,
    },
    attendees: order.registrations.map((r) => ({
      id: r.id,
      name: r.attendeeName,
      email: r.attendeeEmail,
      ticket: r.ticketType.name,
      priceCents: r.priceCents,
      member: r.member,
      status: r.status,
    })),
    startAgain: startAgainUrl(order),
    // Stripe's "Back" / cancel link returns here with this flag.
    checkoutCancelled: new URL(request.url).searchParams.get("checkout") === "cancelled",
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function OrderPage() {
  const data = useLoaderData<typeof loader>();
  const { order, event } = data;
  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to={`/events/${event.slug}`} className="text-brand-700 underline">
          {event.name}
        </Link>{" "}
        / Order {order.reference}
      </nav>
      {order.status === "PENDING" ? (
        <Pending data={data} />
      ) : order.status === "PAID" ? (
        <Confirmed data={data} />
      ) : (
        <Closed data={data} />
      )}
    </article>
  );
}

function Summary({ data, showStatus = false }: { data: Data; showStatus?: boolean }) {
  const { order, attendees } = data;
  const money = (cents: number) => (cents === 0 ? "Free" : formatMoney(cents, order.currency));
  const seats = attendees.filter((a) => a.status !== "TRANSFERRED");
  return (
    <Card>
      <h2 className="text-lg font-bold">Order {order.reference}</h2>
      <table className="mt-3 w-full text-left text-sm">
        <caption className="sr-only">Seats in this order</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-2 pr-2">
              Attendee
            </th>
            <th scope="col" className="py-2 pr-2">
              Ticket
            </th>
            <th scope="col" className="py-2 text-right">
              Price
            </th>
          </tr>
        </thead>
        <tbody>
          {seats.map((a) => (
            <tr key={a.id} className="border-b border-slate-200 align-top">
              <td className="py-2 pr-2">
                <span className="font-semibold">{a.name}</span>
                <span className="block break-all text-slate-600">{a.email}</span>
                {showStatus && a.status !== "CONFIRMED" ? <RegistrationStatusBadge status={a.status} /> : null}
              </td>
              <td className="py-2 pr-2">
                {a.ticket}
                {a.member ? <span className="block text-slate-600">Network member price</span> : null}
              </td>
              <td className="py-2 text-right tabular-nums">{money(a.priceCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {order.discountCents > 0 ? (
            <>
              <tr>
                <th scope="row" colSpan={2} className="pt-2 text-right font-normal">
                  Before discount
                </th>
                <td className="pt-2 text-right tabular-nums">{formatMoney(order.subtotalCents, order.currency)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={2} className="text-right font-normal">
                  {order.promoCode ? `Promo code ${order.promoCode}` : "Discount"}
                </th>
                <td className="text-right tabular-nums">−{formatMoney(order.discountCents, order.currency)}</td>
              </tr>
            </>
          ) : null}
          <tr>
            <th scope="row" colSpan={2} className="pt-2 text-right">
              Total
            </th>
            <td className="pt-2 text-right text-lg font-bold tabular-nums">{money(order.totalCents)}</td>
          </tr>
          {order.refundedCents > 0 ? (
            <tr>
              <th scope="row" colSpan={2} className="text-right font-normal">
                Refunded
              </th>
              <td className="text-right tabular-nums">−{formatMoney(order.refundedCents, order.currency)}</td>
            </tr>
          ) : null}
        </tfoot>
      </table>
    </Card>
  );
}

function HoldRanOut({ data }: { data: Data }) {
  return (
    <div role="status" className="space-y-3 rounded-lg border border-red-300 bg-red-50 p-5">
      <h2 className="text-xl font-bold text-red-900">Your hold ran out</h2>
      <p>
        We held these seats for you, but the payment wasn't completed in time, so they went back on sale. Nothing was charged. You
        can start again — if seats are still available, it only takes a minute.
      </p>
      <ButtonLink to={data.startAgain}>Start again</ButtonLink>
    </div>
  );
}

function Pending({ data }: { data: Data }) {
  const { order, event } = data;
  const [lapsed, setLapsed] = useState(order.holdLapsed);
  return (
    <>
      <PageHeader
        title={lapsed ? "Your hold ran out" : "Pay to confirm your registration"}
        subtitle={`${event.name} · ${event.when}`}
      />
      {lapsed ? (
        <HoldRanOut data={data} />
      ) : (
        <div className="grid gap-4 md:grid-cols-3">
          <div className="md:col-span-2">
            {data.checkoutCancelled ? (
              <p role="status" className="mb-3 rounded border border-amber-300 bg-amber-50 p-3 text-amber-950">
                Payment not completed: you left the payment page before paying. Your seats are still held — pay below when you're
                ready.
              </p>
            ) : null}
            <p className="text-lg">
              Your seats are reserved while you pay. Payment is by card on Stripe's secure page; you come back here when it's
              done.
            </p>
          </div>
          {order.holdExpiresAt ? (
            <HoldTimer expiresAt={order.holdExpiresAt} serverNow={data.now} onExpire={() => setLapsed(true)} />
          ) : null}
        </div>
      )}
      <Summary data={data} />
      {lapsed ? null : (
        // A plain form: the pay action answers with a redirect to Stripe's own page.
        <form method="post" action={`/orders/${order.id}/pay`}>
          <Button className="px-8 text-base">Pay {formatMoney(order.totalCents, order.currency)}</Button>
        </form>
      )}
    </>
  );
}

function Confirmed({ data }: { data: Data }) {
  const { order, event, attendees } = data;
  const current = attendees.filter((a) => a.status === "CONFIRMED");
  return (
    <>
      <div role="status" className="rounded-lg border border-green-300 bg-green-50 p-5">
        <h1 className="text-2xl font-bold text-green-900 sm:text-3xl">You're registered for {event.name}</h1>
        <p className="mt-2 text-lg">
          Order <strong>{order.reference}</strong> is confirmed{order.paidAt ? ` (${order.paidAt})` : ""}. A confirmation email is
          on its way.
        </p>
        <p className="mt-1 text-slate-800">
          {event.when} · {event.where}
        </p>
      </div>
      <section aria-labelledby="badges" className="space-y-3">
        <h2 id="badges" className="text-xl font-bold">
          Attendees and badges
        </h2>
        {current.length === 0 ? (
          <p>No seats in this order are active any more.</p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2">
            {current.map((a) => (
              <li key={a.id}>
                <Card>
                  <p className="font-semibold">{a.name}</p>
                  <p className="text-sm text-slate-700">{a.ticket}</p>
                  <p className="mt-2 flex flex-wrap gap-x-4 text-sm">
                    <Link to={`/registrations/${a.id}/badge`} className="font-semibold text-brand-700 underline">
                      Badge<span className="sr-only"> for {a.name}</span>
                    </Link>
                    <Link to={`/registrations/${a.id}`} className="font-semibold text-brand-700 underline">
                      Details<span className="sr-only"> for {a.name}</span>
                    </Link>
                  </p>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Summary data={data} showStatus />
      <section aria-labelledby="next" className="space-y-2">
        <h2 id="next" className="text-xl font-bold">
          Next
        </h2>
        <ul className="space-y-2">
          <li>
            <Link to={`/orders/${order.id}/receipt`} className="font-semibold text-brand-700 underline">
              Receipt
            </Link>{" "}
            (printable) or{" "}
            <a href={`/orders/${order.id}/receipt.pdf`} className="font-semibold text-brand-700 underline">
              receipt as PDF
            </a>
          </li>
          <li>
            <a href={`/events/${event.slug}/calendar.ics`} className="font-semibold text-brand-700 underline">
              Add to calendar
            </a>{" "}
            <span className="text-slate-700">(a calendar file for the event's dates)</span>
          </li>
          <li>
            <Link to="/registrations" className="font-semibold text-brand-700 underline">
              My registrations
            </Link>{" "}
            <span className="text-slate-700">— change attendee details, transfer a ticket or cancel</span>
          </li>
        </ul>
      </section>
    </>
  );
}

const CLOSED_TEXT = {
  EXPIRED: { title: "Your hold ran out", tone: "red" },
  CANCELLED: { title: "This order was cancelled", tone: "slate" },
  REFUNDED: { title: "This order was refunded", tone: "slate" },
} as const;

function Closed({ data }: { data: Data }) {
  const { order, event } = data;
  const status = order.status as keyof typeof CLOSED_TEXT;
  return (
    <>
      <PageHeader
        title={CLOSED_TEXT[status].title}
        subtitle={`${event.name} · ${event.when}`}
        actions={<Badge tone={CLOSED_TEXT[status].tone}>{order.status.toLowerCase()}</Badge>}
      />
      {status === "EXPIRED" ? (
        <HoldRanOut data={data} />
      ) : (
        <p role="status" className="text-lg">
          {status === "REFUNDED"
            ? `Every seat in order ${order.reference} was cancelled and ${formatMoney(order.refundedCents, order.currency)} refunded to the card that paid. Refunds take 5–10 days to reach your account.`
            : `Every seat in order ${order.reference} was cancelled${order.refundedCents > 0 ? `; ${formatMoney(order.refundedCents, order.currency)} was refunded` : ""}.`}
        </p>
      )}
      <Summary data={data} showStatus />
      {order.hasReceipt ? (
        <p>
          <Link to={`/orders/${order.id}/receipt`} className="font-semibold text-brand-700 underline">
            Receipt
          </Link>{" "}
          ·{" "}
          <a href={`/orders/${order.id}/receipt.pdf`} className="font-semibold text-brand-700 underline">
            PDF
          </a>
        </p>
      ) : null}
    </>
  );
}
