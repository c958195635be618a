import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { REGISTRATION_STATUS_LABELS, REGISTRATION_STATUSES } from "~/modules/registration/registrations-filter.ts";
import { SALES_DAYS, salesDashboard } from "~/modules/registration/sales.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { BarChart, Figure, Legend, LineChart, longDayLabel, StackedBar, shortDayLabel } from "~/ui/charts.tsx";
import { Card, EmptyState } from "~/ui/components.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Sales · ${data?.event.name ?? "Event"} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return { ...(await orNotFound(salesDashboard(context.db, params.id ?? ""))), windowDays: SALES_DAYS };
}

const ORDER_STATUS_LABELS = {
  PENDING: "Held, awaiting payment",
  PAID: "Paid",
  EXPIRED: "Expired",
  CANCELLED: "Cancelled",
  REFUNDED: "Refunded",
} as const;

const SEGMENTS = {
  sold: { label: "Sold", className: "fill-brand-700" },
  held: { label: "Held", className: "fill-amber-500" },
  offered: { label: "Offered to waiting list", className: "fill-violet-600" },
  free: { label: "Free", className: "fill-slate-200" },
} as const;

const money = (cents: number) => formatMoney(cents);
/** Whole dollars on the axis; the table keeps cents. */
const dollars = (cents: number) => formatMoney(Math.round(cents / 100) * 100).replace(/\.00$/, "");

export default function SalesDashboard() {
  const { event, days, capacity, promoCodes, totals, registrationStatuses, orderStatuses, windowDays } =
    useLoaderData<typeof loader>();
  const base = `/admin/events/${event.id}`;
  const registrationCount = new Map(registrationStatuses.map((s) => [s.status, s.count]));
  const orderCount = new Map(orderStatuses.map((s) => [s.status, s.count]));
  const range = days.length ? `${shortDayLabel(days[0].day)} – ${shortDayLabel(days[days.length - 1].day)}` : "";
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm">
          <Link to={base} className="text-brand-700 underline">
            ← {event.name}
          </Link>
        </p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight sm:text-3xl">Sales</h1>
        <p className="text-slate-700">
          Days are in {event.timeZone}. Revenue is counted on the day an order was paid.{" "}
          <Link to={`${base}/registrations`} className="font-semibold text-brand-700 underline">
            Registrations
          </Link>
        </p>
      </div>

      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading" className="mb-3 text-xl font-bold">
          Totals
        </h2>
        <dl className="grid grid-cols-2 gap-3 lg:grid-cols-3">
          <Figure label="Gross sales" value={formatMoney(totals.grossCents)} hint="Every order paid, before refunds" />
          <Figure label="Refunds" value={formatMoney(totals.refundedCents)} />
          <Figure label="Net sales" value={formatMoney(totals.netCents)} />
          <Figure label="Paid orders" value={String(totals.paidOrders)} />
          <Figure
            label="Holds awaiting payment"
            value={String(totals.pendingHolds)}
            hint={`${totals.heldSeats} seat${totals.heldSeats === 1 ? "" : "s"} held`}
          />
        </dl>
      </section>

      <section aria-labelledby="daily-heading" className="space-y-4">
        <h2 id="daily-heading" className="text-xl font-bold">
          Per day
        </h2>
        <p className="text-sm text-slate-700">
          {range ? `${range}: since sales opened, at most the last ${windowDays} days.` : "No sales yet."}
        </p>
        {days.length ? (
          <div className="grid gap-6">
            <Card>
              <BarChart
                title="Registrations per day"
                valueHeading="Registrations"
                points={days.map((d) => ({ label: d.day, value: d.registrations }))}
                shortLabel={shortDayLabel}
                longLabel={longDayLabel}
              />
            </Card>
            <Card>
              <LineChart
                title="Revenue per day"
                valueHeading="Revenue"
                points={days.map((d) => ({ label: d.day, value: d.revenueCents }))}
                formatValue={money}
                formatAxis={dollars}
                shortLabel={shortDayLabel}
                longLabel={longDayLabel}
              />
            </Card>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="capacity-heading" className="space-y-3">
        <h2 id="capacity-heading" className="text-xl font-bold">
          Capacity by ticket type
        </h2>
        {capacity.length === 0 ? (
          <EmptyState title="No ticket types yet" />
        ) : (
          <Card className="space-y-4">
            <Legend items={Object.values(SEGMENTS)} />
            {capacity.map((t) => (
              <StackedBar
                key={t.id}
                label={t.name}
                total={t.capacity}
                segments={[
                  { ...SEGMENTS.sold, value: t.sold },
                  { ...SEGMENTS.held, value: t.held },
                  ...(t.offered ? [{ ...SEGMENTS.offered, value: t.offered }] : []),
                  { ...SEGMENTS.free, value: t.free },
                ]}
              />
            ))}
          </Card>
        )}
      </section>

      <section aria-labelledby="promo-heading" className="space-y-3">
        <h2 id="promo-heading" className="text-xl font-bold">
          Promo codes
        </h2>
        {promoCodes.length === 0 ? (
          <EmptyState title="No promo codes for this event" />
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Promo code use</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Code
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    Uses
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    Paid orders
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    Discount given
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {promoCodes.map((p) => (
                  <tr key={p.code}>
                    <th scope="row" className="px-3 py-2 font-mono font-semibold">
                      {p.code}
                    </th>
                    <td className="px-3 py-2 text-right tabular-nums">
                      {p.uses}
                      {p.maxUses !== null ? ` of ${p.maxUses}` : ""}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{p.paidOrders}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{formatMoney(p.discountCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="status-heading" className="grid gap-6 md:grid-cols-2">
        <h2 id="status-heading" className="text-xl font-bold md:col-span-2">
          By status
        </h2>
        <Card>
          <h3 className="mb-2 font-semibold">Registrations</h3>
          <dl className="divide-y divide-slate-200 text-sm">
            {REGISTRATION_STATUSES.map((s) => (
              <div key={s} className="flex justify-between py-1">
                <dt>{REGISTRATION_STATUS_LABELS[s]}</dt>
                <dd className="tabular-nums">{registrationCount.get(s) ?? 0}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card>
          <h3 className="mb-2 font-semibold">Orders</h3>
          <dl className="divide-y divide-slate-200 text-sm">
            {(Object.keys(ORDER_STATUS_LABELS) as (keyof typeof ORDER_STATUS_LABELS)[]).map((s) => (
              <div key={s} className="flex justify-between py-1">
                <dt>{ORDER_STATUS_LABELS[s]}</dt>
                <dd className="tabular-nums">{orderCount.get(s) ?? 0}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </section>
    </div>
  );
}
