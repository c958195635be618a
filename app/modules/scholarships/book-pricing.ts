// Book prices: list price per copy, less the bulk tier the quantity reaches. Pure, so the
// order form shows the same figure the server charges (the server recomputes it).

export type DiscountTier = { minQuantity: number; percentOff: number };

export type BookPriceList = {
  listPriceCents: number;
  unitCostCents: number;
  shippingBaseCents: number;
  shippingPerCopyCents: number;
  tiers: DiscountTier[];
};

export type BookPrice = {
  quantity: number;
  /** The list price of one copy. */
  listPriceCents: number;
  /** The tier reached (0 when none). */
  percentOff: number;
  /** One copy after the discount: what the buyer pays per copy. */
  unitPriceCents: number;
  discountCents: number;
  totalCents: number;
  /** The organisers' costs for this order, snapshotted on it. */
  unitCostCents: number;
  shippingCostCents: number;
};

/** Most tiers a book may have; the price table stays readable. */
export const MAX_TIERS = 5;

/** The tier with the highest threshold the quantity reaches, if any. */
export function tierFor(tiers: DiscountTier[], quantity: number): DiscountTier | null {
  let best: DiscountTier | null = null;
  for (const tier of tiers) if (quantity >= tier.minQuantity && (!best || tier.minQuantity > best.minQuantity)) best = tier;
  return best;
}

/** One copy's price at `percentOff`, rounded to the nearest cent (half up). */
export function discountedUnitPrice(listPriceCents: number, percentOff: number): number {
  return listPriceCents - Math.floor((listPriceCents * percentOff + 50) / 100);
}

/**
 * The order's price. The discount is taken per copy and the total is copies × that price, so
 * the price table ("$21.21 each") and the charge always agree to the cent.
 */
export function priceBookOrder(book: BookPriceList, quantity: number): BookPrice {
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw new RangeError(`quantity must be a whole number ≥ 1: ${quantity}`);
  const percentOff = tierFor(book.tiers, quantity)?.percentOff ?? 0;
  const unitPriceCents = discountedUnitPrice(book.listPriceCents, percentOff);
  return {
    quantity,
    listPriceCents: book.listPriceCents,
    percentOff,
    unitPriceCents,
    discountCents: (book.listPriceCents - unitPriceCents) * quantity,
    totalCents: unitPriceCents * quantity,
    unitCostCents: book.unitCostCents,
    shippingCostCents: book.shippingBaseCents + book.shippingPerCopyCents * quantity,
  };
}

export type PriceTableRow = { from: number; to: number | null; percentOff: number; unitPriceCents: number };

/** "1–9 copies: $24.95 each", "10–49: $21.21 each (15% off)", "50 or more: …" */
export function priceTable(listPriceCents: number, tiers: DiscountTier[], maxPerOrder: number): PriceTableRow[] {
  const sorted = [...tiers].filter((t) => t.minQuantity <= maxPerOrder).sort((a, b) => a.minQuantity - b.minQuantity);
  const starts = [{ minQuantity: 1, percentOff: 0 }, ...sorted.filter((t) => t.minQuantity > 1)];
  return starts.map((tier, i) => {
    const next = starts[i + 1];
    return {
      from: tier.minQuantity,
      to: next ? next.minQuantity - 1 : null,
      percentOff: tier.percentOff,
      unitPriceCents: discountedUnitPrice(listPriceCents, tier.percentOff),
    };
  });
}

/**
 * What is wrong with a set of tiers, if anything: thresholds from 2 copies, each once, and a
 * bigger order never pays more per copy than a smaller one.
 */
export function tiersProblem(tiers: DiscountTier[]): string | null {
  if (tiers.length > MAX_TIERS) return `Use at most ${MAX_TIERS} discount tiers.`;
  const sorted = [...tiers].sort((a, b) => a.minQuantity - b.minQuantity);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].minQuantity === sorted[i - 1].minQuantity)
      return `Two tiers start at ${sorted[i].minQuantity} copies: each threshold once.`;
    if (sorted[i].percentOff <= sorted[i - 1].percentOff)
      return `The tier from ${sorted[i].minQuantity} copies must take off more than the one from ${sorted[i - 1].minQuantity} copies.`;
  }
  return null;
}
