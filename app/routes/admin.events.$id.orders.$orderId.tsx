import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { BADGE_ACTION_SCHEMAS, BADGE_ROLES, RIBBON_LABELS } from "~/modules/badges/badge.schema.ts";
import { reissueBadge, setBadgeRole } from "~/modules/badges/badges.server.ts";
import { ORDER_ACTION_SCHEMAS, refundSchema } from "~/modules/registration/order-admin.schema.ts";
import { getOrderForAdmin, refundOrder, resendConfirmation } from "~/modules/registration/order-admin.server.ts";
import { REGISTRATION_STATUS_LABELS } from "~/modules/registration/registrations-filter.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { badRequest, orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Badge, Button, Card } from "~/ui/components.tsx";
import { CheckboxField, FieldErrors, FormErrors, TextField } from "~/ui/form-fields.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Order ${data?.order.reference ?? ""} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return orNotFound(getOrderForAdmin(context.db, params.id ?? "", params.orderId ?? ""));
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const orderId = params.orderId ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent"));
  if (intent in BADGE_ACTION_SCHEMAS) return badgeAction(context, request, user.id, eventId, orderId, intent, formData);
  if (!(intent in ORDER_ACTION_SCHEMAS)) badRequest("Unknown action.");
  const submission = parseWithZod(formData, { schema: ORDER_ACTION_SCHEMAS[intent as keyof typeof ORDER_ACTION_SCHEMAS] });
  if (submission.status !== "success") return replyInvalid(submission);
  const back = `/admin/events/${eventId}/orders/${orderId}`;
  try {
    if (submission.value.intent === "resend") {
      const order = await resendConfirmation(context.db, context.env, user.id, eventId, orderId);
      return redirectWithFlash(context.env, request, back, {
        kind: "success",
        message: `Confirmation for ${order.reference} queued again to ${order.buyerEmail}.`,
      });
    }
    const result = await refundOrder(context.db, context.env, user.id, eventId, orderId, submission.value);
    const amount = formatMoney(result.amountCents);
    const seats = result.cancelledRegistrationIds.length;
    const cancelled = seats ? `${seats} seat${seats === 1 ? "" : "s"} cancelled` : "";
    const message =
      result.status === "FAILED"
        ? `Stripe refused the refund of ${amount}: ${result.failure}. Nothing was refunded${cancelled ? `; ${cancelled}` : ""}.`
        : result.status === "NONE"
          ? `${cancelled || "Nothing changed"} on ${result.reference}; no money was moved.`
          : `Refund of ${amount} on ${result.reference} ${result.status === "SUCCEEDED" ? "made" : "sent to Stripe; it will show as done once Stripe confirms"}${cancelled ? `; ${cancelled}` : ""}.`;
    return redirectWithFlash(context.env, request, back, { kind: result.status === "FAILED" ? "error" : "success", message });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

/** Reissue a seat's badge (the old one stops passing) or set the ribbon printed on it. */
async function badgeAction(
  context: ActionFunctionArgs["context"],
  request: Request,
  actorId: string,
  eventId: string,
  orderId: string,
  intent: string,
  formData: FormData,
) {
  const schema = BADGE_ACTION_SCHEMAS[intent as keyof typeof BADGE_ACTION_SCHEMAS];
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return replyInvalid(submission);
  const back = `/admin/events/${eventId}/orders/${orderId}`;
  const value = submission.value;
  const seat = await context.db.registration.findFirst({ where: { id: value.registrationId, orderId }, select: { id: true } });
  if (!seat) badRequest("That seat is not on this order.");
  try {
    if (value.intent === "reissue-badge") {
      const r = await reissueBadge(context.db, actorId, eventId, value.registrationId);
      return redirectWithFlash(context.env, request, back, {
        kind: "success",
        message: `New badge (v${r.badgeVersion}) for ${r.attendeeName}; the old one no longer passes at the door.`,
      });
    }
    const r = await setBadgeRole(context.db, actorId, eventId, value.registrationId, value.role);
    return redirectWithFlash(context.env, request, back, {
      kind: "success",
      message: `${r.attendeeName}'s badge ribbon is now ${RIBBON_LABELS[r.badgeRole]}.`,
    });
  } catch (error) {
    // The buttons sit in the seats table, with no form to show a message beside: flash it.
    if (error instanceof RuleViolation)
      return redirectWithFlash(context.env, request, back, { kind: "error", message: error.message });
    return replyWithRuleViolation(submission, error);
  }
}

function BadgeControls({ seat }: { seat: { id: string; badgeRole: keyof typeof RIBBON_LABELS; badgeVersion: number } }) {
  return (
    <div className="flex flex-wrap items-end gap-2">
      <Form method="post" className="flex items-end gap-2">
        <input type="hidden" name="intent" value="badge-role" />
        <input type="hidden" name="registrationId" value={seat.id} />
        <label className="text-xs font-semibold text-slate-700">
          Ribbon
          <select
            name="role"
            defaultValue={seat.badgeRole}
            className="mt-0.5 block rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm"
          >
            {BADGE_ROLES.map((role) => (
              <option key={role} value={role}>
                {RIBBON_LABELS[role]}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary" className="min-h-9 px-3 py-1">
          Save<span className="sr-only"> ribbon</span>
        </Button>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="reissue-badge" />
        <input type="hidden" name="registrationId" value={seat.id} />
        <Button variant="secondary" className="min-h-9 px-3 py-1">
          Reissue badge<span className="sr-only"> (now v{seat.badgeVersion})</span>
        </Button>
      </Form>
    </div>
  );
}

const ORDER_STATUS = {
  PENDING: { label: "Held, awaiting payment", tone: "amber" },
  PAID: { label: "Paid", tone: "green" },
  EXPIRED: { label: "Expired", tone: "slate" },
  CANCELLED: { label: "Cancelled", tone: "red" },
  REFUNDED: { label: "Refunded", tone: "red" },
} as const;

const REFUND_STATUS = { PENDING: "Awaiting Stripe", SUCCEEDED: "Refunded", FAILED: "Failed" } as const;

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-wrap justify-between gap-2 py-1">
      <dt className="text-slate-700">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}

function ResendForm() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.formData?.get("intent") === "resend";
  const [form] = useForm({
    id: "resend",
    lastResult:
      lastResult && "initialValue" in lastResult && lastResult.initialValue?.intent === "resend" ? lastResult : undefined,
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-2">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="resend" />
      <Button variant="secondary" disabled={busy}>
        {busy ? "Queuing…" : "Resend confirmation email"}
      </Button>
    </Form>
  );
}

function RefundForm({
  refundable,
  seats,
}: {
  refundable: number;
  seats: { id: string; attendeeName: string; ticketName: string; priceCents: number; refundedCents: number }[];
}) {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.formData?.get("intent") === "refund";
  const [form, fields] = useForm({
    id: "refund",
    lastResult:
      lastResult && "initialValue" in lastResult && lastResult.initialValue?.intent === "refund" ? lastResult : undefined,
    defaultValue: { amount: (refundable / 100).toFixed(2) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: refundSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="refund" />
      <TextField
        field={fields.amount}
        label="Amount to refund (USD)"
        hint={`At most ${formatMoney(refundable)} is left to refund. The full amount is filled in; change it for a partial refund.`}
      />
      {seats.length ? (
        <fieldset className="space-y-2" aria-describedby={fields.registrationIds.errorId}>
          <legend className="text-sm font-semibold text-slate-800">Seats this refund is for (optional)</legend>
          {seats.map((s) => (
            <div key={s.id} className="flex items-start gap-3">
              <input
                type="checkbox"
                id={`refund-seat-${s.id}`}
                name={fields.registrationIds.name}
                value={s.id}
                className="mt-1 h-5 w-5 rounded border-slate-400"
              />
              <label htmlFor={`refund-seat-${s.id}`} className="text-sm">
                {s.attendeeName} · {s.ticketName} · {formatMoney(s.priceCents)}
                {s.refundedCents ? ` (${formatMoney(s.refundedCents)} refunded)` : ""}
              </label>
            </div>
          ))}
          <FieldErrors id={fields.registrationIds.errorId} errors={fields.registrationIds.errors} />
        </fieldset>
      ) : null}
      <CheckboxField
        field={fields.cancelSeats}
        label="Also cancel the seats"
        hint="Cancels the seats chosen above (every seat if none is chosen), revokes their badges and offers them to the waiting list."
      />
      <TextField field={fields.reason} label="Reason" hint="Kept in the order's history." />
      <Button variant="danger" disabled={busy}>
        {busy ? "Refunding…" : "Refund"}
      </Button>
    </Form>
  );
}

export default function OrderDetail() {
  const { order, history, emails, refundableCents } = useLoaderData<typeof loader>();
  const zone = order.event.timeZone;
  const when = (d: string | Date | null) => (d ? formatDateTime(new Date(d), zone) : "—");
  const money = (cents: number) => formatMoney(cents, order.currency);
  const status = ORDER_STATUS[order.status];
  const confirmedSeats = order.registrations.filter((r) => r.status === "CONFIRMED");
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/admin/events/${order.event.id}/registrations`} className="text-brand-700 underline">
          ← Registrations · {order.event.name}
        </Link>
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="font-mono text-2xl font-bold tracking-tight sm:text-3xl">Order {order.reference}</h1>
        <Badge tone={status.tone}>{status.label}</Badge>
        {order.source !== "ONLINE" ? (
          <Badge tone="blue">{order.source === "COMPLIMENTARY" ? "Complimentary" : "Scholarship"}</Badge>
        ) : null}
      </div>

      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <h2 className="mb-2 text-lg font-bold">Buyer</h2>
          <dl className="text-sm">
            <Row label="Name">{order.buyerName}</Row>
            <Row label="Email">
              <span className="break-all">{order.buyerEmail}</span>
            </Row>
            <Row label="Placed">{when(order.createdAt)}</Row>
            {order.status === "PENDING" ? <Row label="Hold ends">{when(order.holdExpiresAt)}</Row> : null}
          </dl>
        </Card>
        <Card>
          <h2 className="mb-2 text-lg font-bold">Payment</h2>
          <dl className="text-sm">
            <Row label="Subtotal">{money(order.subtotalCents)}</Row>
            {order.discountCents ? (
              <Row label={`Discount${order.promoCode ? ` (${order.promoCode.code})` : ""}`}>−{money(order.discountCents)}</Row>
            ) : null}
            <Row label="Total">{money(order.totalCents)}</Row>
            <Row label="Refunded">{money(order.refundedCents)}</Row>
            <Row label="Paid">{when(order.paidAt)}</Row>
            {order.stripePaymentIntentId ? (
              <Row label="Stripe payment">
                <span className="font-mono text-xs">{order.stripePaymentIntentId}</span>
              </Row>
            ) : null}
          </dl>
        </Card>
      </div>

      <section aria-labelledby="attendees-heading">
        <h2 id="attendees-heading" className="mb-2 text-lg font-bold">
          Attendees
        </h2>
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Attendee
                </th>
                <th scope="col" className="px-3 py-2">
                  Ticket
                </th>
                <th scope="col" className="px-3 py-2">
                  Status
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Price
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Refunded
                </th>
                <th scope="col" className="px-3 py-2">
                  Badge
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {order.registrations.map((r) => (
                <tr key={r.id}>
                  <td className="px-3 py-2">
                    <span className="block font-semibold">{r.attendeeName}</span>
                    <span className="block break-all text-slate-700">{r.attendeeEmail}</span>
                  </td>
                  <td className="px-3 py-2">{r.ticketType.name}</td>
                  <td className="px-3 py-2">{REGISTRATION_STATUS_LABELS[r.status]}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{money(r.priceCents)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{money(r.refundedCents)}</td>
                  <td className="px-3 py-2">
                    {r.status === "CONFIRMED" ? <BadgeControls seat={r} /> : <span className="text-slate-600">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <h2 className="mb-2 text-lg font-bold">Confirmation email</h2>
          {order.status === "PAID" ? (
            <>
              <p className="mb-3 text-sm text-slate-700">
                Sends the confirmation, with receipt and badge links, to {order.buyerEmail} again.
              </p>
              <ResendForm />
            </>
          ) : (
            <p className="text-sm text-slate-700">Only a paid order has a confirmation to resend.</p>
          )}
          {emails.length ? (
            <ul className="mt-3 space-y-1 text-sm">
              {emails.map((e) => (
                <li key={e.id}>
                  <Link to={`/admin/emails/${e.id}`} className="text-brand-700 underline">
                    {e.subject}
                  </Link>{" "}
                  · {when(e.createdAt)} · {e.status.toLowerCase()}
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
        <Card>
          <h2 className="mb-2 text-lg font-bold">Refund</h2>
          {refundableCents > 0 || (order.status === "PAID" && confirmedSeats.length) ? (
            <RefundForm
              refundable={refundableCents}
              seats={confirmedSeats.map((r) => ({
                id: r.id,
                attendeeName: r.attendeeName,
                ticketName: r.ticketType.name,
                priceCents: r.priceCents,
                refundedCents: r.refundedCents,
              }))}
            />
          ) : (
            <p className="text-sm text-slate-700">
              {order.status === "PAID"
                ? "Everything paid on this order has been refunded."
                : "Only a paid order can be refunded."}
            </p>
          )}
        </Card>
      </div>

      <section aria-labelledby="refunds-heading">
        <h2 id="refunds-heading" className="mb-2 text-lg font-bold">
          Refunds
        </h2>
        {order.refunds.length === 0 ? (
          <p className="text-sm text-slate-700">No refunds on this order.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            {order.refunds.map((r) => (
              <li key={r.id} className="flex flex-wrap justify-between gap-2 px-3 py-2">
                <span>
                  <strong>{money(r.amountCents)}</strong> · {REFUND_STATUS[r.status]} · {r.reason || "no reason given"}
                </span>
                <span className="text-slate-700">
                  {when(r.createdAt)}
                  {r.requestedBy ? ` · ${r.requestedBy.name}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-2 text-lg font-bold">
          History
        </h2>
        {history.length === 0 ? (
          <p className="text-sm text-slate-700">Nothing recorded yet.</p>
        ) : (
          <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
            {history.map((h) => (
              <li key={h.id} className="flex flex-wrap justify-between gap-2 px-3 py-2">
                <span className="font-mono">{h.action}</span>
                <span className="text-slate-700">
                  {when(h.createdAt)} · {h.actor?.name ?? "Summit"}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
