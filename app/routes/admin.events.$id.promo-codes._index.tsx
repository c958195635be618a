import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { PROMO_STATE_LABELS, type PromoState } from "~/modules/registration/promo-code.schema.ts";
import { listPromoCodes } from "~/modules/registration/promo-codes.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Badge, ButtonLink, EmptyState } from "~/ui/components.tsx";
import { RegistrationSetupHeader } from "~/ui/registration-setup.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Promo codes · ${data?.event.name ?? "Event"} · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const { event, codes } = await orNotFound(listPromoCodes(context.db, params.id ?? ""));
  return {
    event,
    codes: codes.map((c) => ({
      ...c,
      validFrom: c.validFrom ? formatDateTime(c.validFrom, event.timeZone) : null,
      validUntil: c.validUntil ? formatDateTime(c.validUntil, event.timeZone) : null,
    })),
  };
}

const STATE_TONES: Record<PromoState, "green" | "blue" | "slate" | "red"> = {
  active: "green",
  scheduled: "blue",
  ended: "slate",
  "used-up": "red",
};

export default function PromoCodes() {
  const { event, codes } = useLoaderData<typeof loader>();
  const base = `/admin/events/${event.id}/promo-codes`;
  return (
    <div className="space-y-6">
      <RegistrationSetupHeader
        event={event}
        title="Promo codes"
        actions={<ButtonLink to={`${base}/new`}>Add promo code</ButtonLink>}
      />
      {codes.length === 0 ? (
        <EmptyState title="No promo codes yet">
          A code takes a percent or an amount off, for some or all ticket types, and can unlock hidden ticket types.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Promo codes by code</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Code
                </th>
                <th scope="col" className="px-3 py-2">
                  Discount
                </th>
                <th scope="col" className="px-3 py-2">
                  Ticket types
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Uses
                </th>
                <th scope="col" className="px-3 py-2">
                  Valid
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {codes.map((c) => (
                <tr key={c.id}>
                  <td className="px-3 py-2 align-top">
                    <Link to={`${base}/${c.id}`} className="font-mono font-semibold text-brand-700 underline">
                      {c.code}
                    </Link>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 align-top">
                    {c.kind === "PERCENT" ? `${c.percentOff}% off` : `${formatMoney(c.amountOffCents ?? 0)} off`}
                  </td>
                  <td className="px-3 py-2 align-top">
                    {c.ticketTypes.length ? c.ticketTypes.map((t) => t.name).join(", ") : "All"}
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-right align-top">
                    {c.uses}
                    {c.maxUses !== null ? ` / ${c.maxUses}` : ""}
                    <span className="sr-only">{c.maxUses !== null ? " uses of the maximum" : " uses, no limit"}</span>
                  </td>
                  <td className="px-3 py-2 align-top">
                    <Badge tone={STATE_TONES[c.state]}>{PROMO_STATE_LABELS[c.state]}</Badge>
                    {c.validFrom || c.validUntil ? (
                      <p className="mt-1 text-xs text-slate-600">
                        {c.validFrom ? `From ${c.validFrom}` : "Now"}
                        {c.validUntil ? ` until ${c.validUntil}` : ""}
                      </p>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
