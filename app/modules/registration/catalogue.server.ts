// What an event offers a buyer right now: ticket types, prices and seats left.
import type { TicketType } from "~/generated/prisma/client.ts";
import type { DbTx } from "~/shared/db.server.ts";
import type { PromoForPricing } from "./promo-codes.server.ts";

export type SaleState = "on-sale" | "not-yet" | "ended" | "sold-out";

export type CatalogueTicket = {
  id: string;
  name: string;
  description: string;
  priceCents: number;
  memberPriceCents: number | null;
  currency: string;
  visibility: TicketType["visibility"];
  maxPerOrder: number;
  /** Seats left for this type, taking the event-wide limit into account. */
  remaining: number;
  state: SaleState;
  salesStartAt: Date | null;
  salesEndAt: Date | null;
  /** True when a waiting list is open (sold out, on sale otherwise). */
  waitlistOpen: boolean;
};

export function saleState(
  ticket: Pick<TicketType, "salesStartAt" | "salesEndAt">,
  remaining: number,
  eventEndsAt: Date,
  now: Date,
): SaleState {
  if (ticket.salesStartAt && ticket.salesStartAt > now) return "not-yet";
  if ((ticket.salesEndAt && ticket.salesEndAt <= now) || eventEndsAt <= now) return "ended";
  if (remaining <= 0) return "sold-out";
  return "on-sale";
}

/**
 * Ticket types a buyer may see: public and members-only ones, plus hidden ones the applied
 * promo code names. Archived types are never offered.
 */
export async function ticketCatalogue(
  db: DbTx,
  event: { id: string; endsAt: Date },
  { promo = null, now = new Date() }: { promo?: PromoForPricing | null; now?: Date } = {},
): Promise<CatalogueTicket[]> {
  const [types, settings] = await Promise.all([
    db.ticketType.findMany({ where: { eventId: event.id, archived: false }, orderBy: [{ position: "asc" }, { name: "asc" }] }),
    db.registrationSettings.findUnique({ where: { eventId: event.id } }),
  ]);
  const eventLeft = settings?.capacity == null ? Number.POSITIVE_INFINITY : Math.max(0, settings.capacity - settings.seatsTaken);
  return types
    .filter((t) => t.visibility !== "HIDDEN" || (promo?.ticketTypeIds.includes(t.id) ?? false))
    .map((t) => {
      const remaining = Math.max(0, Math.min(t.capacity - t.taken, eventLeft));
      const state = saleState(t, remaining, event.endsAt, now);
      return {
        id: t.id,
        name: t.name,
        description: t.description,
        priceCents: t.priceCents,
        memberPriceCents: t.memberPriceCents,
        currency: t.currency,
        visibility: t.visibility,
        maxPerOrder: t.maxPerOrder,
        remaining,
        state,
        salesStartAt: t.salesStartAt,
        salesEndAt: t.salesEndAt,
        waitlistOpen: state === "sold-out",
      };
    });
}
