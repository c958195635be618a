import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { getReceipt } from "~/modules/registration/receipts.server.ts";
import { orNotFound } from "~/shared/http.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Receipt ${data.receipt.reference} · Summit` : "Receipt not found · Summit" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  return { orderId: params.id ?? "", receipt: await orNotFound(getReceipt(context.db, params.id ?? "", user.id)) };
}

export default function ReceiptPage() {
  const { orderId, receipt } = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-3xl space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm print:border-0 print:p-0 print:shadow-none">
      <p className="flex flex-wrap gap-4 text-sm print:hidden">
        <Link to={`/orders/${orderId}`} className="text-brand-700 underline">
          ← Back to the order
        </Link>
        <a href={`/orders/${orderId}/receipt.pdf`} className="font-semibold text-brand-700 underline">
          Download PDF
        </a>
        <button type="button" onClick={() => window.print()} className="font-semibold text-brand-700 underline">
          Print
        </button>
      </p>
      <header className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-300 pb-4">
        <div>
          <p className="font-bold">{receipt.organiser}</p>
          <h1 className="mt-1 text-2xl font-bold">Receipt</h1>
        </div>
        <dl className="text-sm">
          <div className="flex gap-2">
            <dt className="font-semibold">Reference</dt>
            <dd>{receipt.reference}</dd>
          </div>
          <div className="flex gap-2">
            <dt className="font-semibold">Paid</dt>
            <dd>{receipt.paidAt ?? "—"}</dd>
          </div>
          <div className="flex gap-2">
            <dt className="font-semibold">Status</dt>
            <dd>{receipt.status}</dd>
          </div>
        </dl>
      </header>
      <section className="grid gap-4 sm:grid-cols-2">
        <div>
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-600">Event</h2>
          <p className="font-semibold">{receipt.eventName}</p>
          <p>{receipt.eventWhen}</p>
          <p>{receipt.eventWhere}</p>
        </div>
        <div>
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-600">Billed to</h2>
          <p className="font-semibold">{receipt.buyer.name}</p>
          <p className="break-all">{receipt.buyer.email}</p>
        </div>
      </section>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Line items</caption>
        <thead>
          <tr className="border-b border-slate-400">
            <th scope="col" className="py-2 pr-2">
              Attendee
            </th>
            <th scope="col" className="py-2 pr-2">
              Ticket
            </th>
            <th scope="col" className="py-2 text-right">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {receipt.lines.map((line) => (
            <tr key={line.id} className="border-b border-slate-200 align-top">
              <td className="py-2 pr-2">{line.attendee}</td>
              <td className="py-2 pr-2">
                {line.ticket}
                {line.note ? <span className="block text-slate-600">{line.note}</span> : null}
              </td>
              <td className="py-2 text-right tabular-nums">{line.amount}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {receipt.discount ? (
            <>
              <tr>
                <th scope="row" colSpan={2} className="pt-2 text-right font-normal">
                  Before discount
                </th>
                <td className="pt-2 text-right tabular-nums">{receipt.subtotal}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={2} className="text-right font-normal">
                  {receipt.discount.label}
                </th>
                <td className="text-right tabular-nums">{receipt.discount.amount}</td>
              </tr>
            </>
          ) : null}
          <tr>
            <th scope="row" colSpan={2} className="pt-2 text-right">
              Total paid
            </th>
            <td className="pt-2 pl-4 text-right text-lg font-bold tabular-nums">{receipt.total}</td>
          </tr>
        </tfoot>
      </table>
      {receipt.refunds.length ? (
        <section>
          <h2 className="text-lg font-bold">Refunds</h2>
          <table className="mt-2 w-full text-left text-sm">
            <thead>
              <tr className="border-b border-slate-400">
                <th scope="col" className="py-2 pr-2">
                  Date
                </th>
                <th scope="col" className="py-2 pr-2">
                  Reason
                </th>
                <th scope="col" className="py-2 pr-2">
                  State
                </th>
                <th scope="col" className="py-2 text-right">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {receipt.refunds.map((r) => (
                <tr key={r.id} className="border-b border-slate-200">
                  <td className="py-2 pr-2">{r.when}</td>
                  <td className="py-2 pr-2">{r.reason || "—"}</td>
                  <td className="py-2 pr-2">{r.state}</td>
                  <td className="py-2 text-right tabular-nums">{r.amount}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3} className="pt-2 text-right">
                  Paid after refunds
                </th>
                <td className="pt-2 text-right font-bold tabular-nums">{receipt.net}</td>
              </tr>
            </tfoot>
          </table>
        </section>
      ) : null}
      <p className="text-sm text-slate-600">
        Times are in the event's time zone. Questions about this receipt? Reply to your confirmation email.
      </p>
    </article>
  );
}
