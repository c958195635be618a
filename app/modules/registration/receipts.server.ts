// The buyer's order page and receipts (HTML and PDF share one view of the order).

import { formatDateRange, formatDateTime } from "~/shared/dates.ts";
import type { Db } from "~/shared/db.server.ts";
import { NotFoundError } from "~/shared/errors.ts";
import { formatMoney } from "~/shared/money.ts";

export const ORGANISER_NAME = "Center for Social Media in Health Care";

/** The order as its buyer sees it. Anyone else, and any malformed id, gets a 404. */
export async function getBuyerOrder(db: Db, orderId: string, buyerId: string) {
  const order = await db.order.findFirst({
    where: { id: orderId.slice(0, 64), buyerId },
    include: {
      event: {
        select: {
          id: true,
          slug: true,
          name: true,
          startsAt: true,
          endsAt: true,
          timeZone: true,
          campus: { select: { name: true, address: true } },
        },
      },
      promoCode: { select: { code: true } },
      registrations: {
        orderBy: { createdAt: "asc" },
        include: { ticketType: { select: { name: true } } },
      },
      refunds: { orderBy: { createdAt: "asc" } },
    },
  });
  if (!order) throw new NotFoundError("We couldn't find that order.");
  return order;
}

export type BuyerOrder = Awaited<ReturnType<typeof getBuyerOrder>>;

/** Whether the order was ever paid (or confirmed free): only those have a receipt. */
export function hasReceipt(order: Pick<BuyerOrder, "paidAt">): boolean {
  return order.paidAt !== null;
}

/** The register page's URL that picks the same tickets again (after a hold ran out). */
export function startAgainUrl(order: BuyerOrder): string {
  const params = new URLSearchParams();
  const counts = new Map<string, number>();
  for (const r of order.registrations) counts.set(r.ticketTypeId, (counts.get(r.ticketTypeId) ?? 0) + 1);
  for (const [id, n] of counts) params.set(`qty.${id}`, String(n));
  if (order.promoCode) params.set("code", order.promoCode.code);
  return `/events/${order.event.slug}/register?${params}`;
}

export type Receipt = {
  organiser: string;
  reference: string;
  eventName: string;
  eventWhen: string;
  eventWhere: string;
  buyer: { name: string; email: string };
  paidAt: string | null;
  status: string;
  lines: { id: string; attendee: string; ticket: string; note: string; amount: string }[];
  subtotal: string;
  discount: { label: string; amount: string } | null;
  total: string;
  refunds: { id: string; when: string; amount: string; reason: string; state: string }[];
  refunded: string | null;
  net: string | null;
};

const STATUS_WORDS: Record<BuyerOrder["status"], string> = {
  PENDING: "Awaiting payment",
  PAID: "Paid",
  EXPIRED: "Hold ran out (not paid)",
  CANCELLED: "Cancelled",
  REFUNDED: "Refunded",
};

const REFUND_STATE: Record<string, string> = { PENDING: "processing", SUCCEEDED: "refunded", FAILED: "failed" };

/**
 * What a receipt says, as text: lines at what each seat cost (member price and discount
 * applied), the promo code's discount, the total, and refunds. Times in the event's zone.
 */
export function receiptFor(order: BuyerOrder): Receipt {
  const money = (cents: number) => formatMoney(cents, order.currency);
  const zone = order.event.timeZone;
  const names = new Map(order.registrations.map((r) => [r.id, r.attendeeName]));
  // One line per seat bought, under its current holder (a transferred seat is still one seat).
  const lines = order.registrations
    .filter((r) => r.status === "CONFIRMED" || r.status === "CANCELLED")
    .map((r) => {
      const notes = [
        r.member ? "network member price" : "",
        r.transferredFromId ? `transferred from ${names.get(r.transferredFromId) ?? "another attendee"}` : "",
        r.status === "CANCELLED" ? "cancelled" : "",
      ];
      return {
        id: r.id,
        attendee: r.attendeeName,
        ticket: r.ticketType.name,
        note: notes.filter(Boolean).join(", "),
        amount: money(r.priceCents),
      };
    });
  const succeeded = order.refunds.filter((r) => r.status === "SUCCEEDED").reduce((sum, r) => sum + r.amountCents, 0);
  return {
    organiser: ORGANISER_NAME,
    reference: order.reference,
    eventName: order.event.name,
    eventWhen: formatDateRange(order.event.startsAt, order.event.endsAt, zone),
    eventWhere: `${order.event.campus.name} campus, ${order.event.campus.address}`,
    buyer: { name: order.buyerName, email: order.buyerEmail },
    paidAt: order.paidAt ? formatDateTime(order.paidAt, zone) : null,
    status: STATUS_WORDS[order.status],
    lines,
    subtotal: money(order.subtotalCents),
    discount:
      order.discountCents > 0
        ? { label: order.promoCode ? `Promo code ${order.promoCode.code}` : "Discount", amount: `-${money(order.discountCents)}` }
        : null,
    total: order.totalCents === 0 ? "Free" : money(order.totalCents),
    refunds: order.refunds.map((r) => ({
      id: r.id,
      when: formatDateTime(r.createdAt, zone),
      amount: `-${money(r.amountCents)}`,
      reason: r.reason,
      state: REFUND_STATE[r.status] ?? r.status.toLowerCase(),
    })),
    refunded: order.refunds.length ? `-${money(succeeded)}` : null,
    net: order.refunds.length ? money(order.totalCents - succeeded) : null,
  };
}

/** The buyer's receipt; an order never paid has none. */
export async function getReceipt(db: Db, orderId: string, buyerId: string): Promise<Receipt> {
  const order = await getBuyerOrder(db, orderId, buyerId);
  if (!hasReceipt(order)) throw new NotFoundError("This order has no receipt: it was never paid.");
  return receiptFor(order);
}
