// Confirming a paid (or free) order, and the confirmation email with receipt, badges and calendar.

import { formatDateRange } from "~/shared/dates.ts";
import type { DbTx } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { enqueueEmail } from "../email/outbox.server.ts";
import { renderEmail } from "../email/templates.server.ts";

export type MailSettings = Pick<Env, "appUrl" | "mailFrom">;

/**
 * PENDING (or, for a payment that arrived after the hold lapsed, EXPIRED) → PAID, exactly
 * once: the guarded UPDATE lets only the first of webhook, return page and reconciliation
 * through. For `from: "EXPIRED"` the caller has re-taken the seats first.
 */
export async function confirmOrder(
  tx: DbTx,
  mail: MailSettings,
  orderId: string,
  {
    from = "PENDING",
    paymentIntentId = null,
    now = new Date(),
  }: { from?: "PENDING" | "EXPIRED"; paymentIntentId?: string | null; now?: Date } = {},
): Promise<boolean> {
  const moved = await tx.order.updateMany({
    where: { id: orderId, status: from },
    data: {
      status: "PAID",
      paidAt: now,
      holdExpiresAt: null,
      ...(paymentIntentId ? { stripePaymentIntentId: paymentIntentId } : {}),
    },
  });
  if (moved.count !== 1) return false;
  await tx.registration.updateMany({
    where: { orderId, status: { in: ["PENDING", "EXPIRED"] } },
    data: { status: "CONFIRMED", confirmedAt: now },
  });
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    select: { waitlistEntryId: true, reference: true, totalCents: true },
  });
  if (order.waitlistEntryId)
    await tx.waitlistEntry.updateMany({ where: { id: order.waitlistEntryId, status: "OFFERED" }, data: { status: "ACCEPTED" } });
  await recordAudit(tx, {
    actorId: null,
    action: "order.paid",
    subjectType: "Order",
    subjectId: orderId,
    detail: { reference: order.reference, totalCents: order.totalCents, late: from === "EXPIRED" },
  });
  await enqueueOrderConfirmation(tx, mail, orderId);
  return true;
}

/** Queues the confirmation email for a paid order (also the organiser's "resend"). */
export async function enqueueOrderConfirmation(tx: DbTx, mail: MailSettings, orderId: string) {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    include: {
      event: { include: { campus: true } },
      registrations: {
        where: { status: "CONFIRMED" },
        include: { ticketType: { select: { name: true } } },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  const { event } = order;
  const rendered = await renderEmail("order-confirmation", {
    buyerName: order.buyerName,
    eventName: event.name,
    eventWhen: formatDateRange(event.startsAt, event.endsAt, event.timeZone),
    eventWhere: `${event.campus.name} campus, ${event.campus.address}`,
    reference: order.reference,
    totalLabel: order.totalCents === 0 ? "Free" : formatMoney(order.totalCents, order.currency),
    orderUrl: `${mail.appUrl}/orders/${order.id}`,
    receiptUrl: `${mail.appUrl}/orders/${order.id}/receipt`,
    calendarUrl: `${mail.appUrl}/events/${event.slug}/calendar.ics`,
    registrationsUrl: `${mail.appUrl}/registrations`,
    attendees: order.registrations.map((r) => ({
      name: r.attendeeName,
      ticketName: r.ticketType.name,
      priceLabel: r.priceCents === 0 ? "Free" : formatMoney(r.priceCents, order.currency),
      badgeUrl: `${mail.appUrl}/registrations/${r.id}/badge`,
    })),
  });
  await enqueueEmail(tx, { ...rendered, to: order.buyerEmail, from: mail.mailFrom });
}
