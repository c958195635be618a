// Pricing an order: member price per attendee, then the promo code per eligible seat.
import type { PromoForPricing } from "./promo-codes.server.ts";

export type PriceList = Map<string, { priceCents: number; memberPriceCents: number | null }>;

export type SeatToPrice = { ticketTypeId: string; email: string };

export type PricedSeat = {
  ticketTypeId: string;
  member: boolean;
  /** The price before the promo code (member price when the attendee is a member). */
  baseCents: number;
  discountCents: number;
  priceCents: number;
};

export type PricedOrder = { seats: PricedSeat[]; subtotalCents: number; discountCents: number; totalCents: number };

/** What a promo code takes off one seat: percent rounds to the nearest cent; amount never below zero. */
export function seatDiscount(baseCents: number, promo: Pick<PromoForPricing, "kind" | "percentOff" | "amountOffCents">): number {
  if (promo.kind === "PERCENT") return Math.min(baseCents, Math.round((baseCents * (promo.percentOff ?? 0)) / 100));
  return Math.min(baseCents, promo.amountOffCents ?? 0);
}

export function promoAppliesTo(promo: Pick<PromoForPricing, "ticketTypeIds">, ticketTypeId: string): boolean {
  return promo.ticketTypeIds.length === 0 || promo.ticketTypeIds.includes(ticketTypeId);
}

export function priceSeats(
  seats: SeatToPrice[],
  prices: PriceList,
  memberEmails: Set<string>,
  promo: PromoForPricing | null,
): PricedOrder {
  const priced = seats.map((seat): PricedSeat => {
    const price = prices.get(seat.ticketTypeId);
    if (!price) throw new Error(`No price for ticket type ${seat.ticketTypeId}`);
    const member = memberEmails.has(seat.email.toLowerCase());
    const baseCents =
      member && price.memberPriceCents !== null ? Math.min(price.memberPriceCents, price.priceCents) : price.priceCents;
    const discountCents = promo && promoAppliesTo(promo, seat.ticketTypeId) ? seatDiscount(baseCents, promo) : 0;
    return { ticketTypeId: seat.ticketTypeId, member, baseCents, discountCents, priceCents: baseCents - discountCents };
  });
  const subtotalCents = priced.reduce((sum, s) => sum + s.baseCents, 0);
  const discountCents = priced.reduce((sum, s) => sum + s.discountCents, 0);
  return { seats: priced, subtotalCents, discountCents, totalCents: subtotalCents - discountCents };
}
