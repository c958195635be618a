// Net proceeds of a book order: what reaches the scholarship fund. Pure; fulfilment and the
// order pages compute the same figures from the order's snapshot.

export type FeeRate = { rateBps: number; fixedCents: number };

export type ProceedsInput = {
  totalCents: number;
  quantity: number;
  unitCostCents: number;
  shippingCostCents: number;
  feeCents: number;
};

export type Proceeds = {
  totalCents: number;
  printingCents: number;
  shippingCostCents: number;
  feeCents: number;
  /** May be zero or negative for a deep discount: the order then raises nothing. */
  netProceedsCents: number;
  /** What the fund is credited: the net proceeds when positive, else nothing. */
  creditedCents: number;
};

/** The configured estimate of the card fee (Stripe's standard is 2.9 % + 30¢), rounded half up. */
export function estimateFee(totalCents: number, { rateBps, fixedCents }: FeeRate): number {
  return Math.floor((totalCents * rateBps + 5_000) / 10_000) + fixedCents;
}

/** price paid − unit cost × copies − shipping cost − payment fee. */
export function netProceeds(order: ProceedsInput): Proceeds {
  const printingCents = order.unitCostCents * order.quantity;
  const netProceedsCents = order.totalCents - printingCents - order.shippingCostCents - order.feeCents;
  return {
    totalCents: order.totalCents,
    printingCents,
    shippingCostCents: order.shippingCostCents,
    feeCents: order.feeCents,
    netProceedsCents,
    creditedCents: Math.max(0, netProceedsCents),
  };
}

/**
 * How much a refund takes back from the fund: the credited proceeds in proportion to the money
 * refunded so far, less what earlier refunds took. Computing the running total (not each
 * refund's own share) makes partial refunds add up exactly, and a full refund takes all of it.
 */
export function refundDebit({
  creditedCents,
  totalCents,
  refundedBeforeCents,
  refundCents,
}: {
  creditedCents: number;
  totalCents: number;
  refundedBeforeCents: number;
  refundCents: number;
}): number {
  if (creditedCents <= 0 || totalCents <= 0) return 0;
  // BigInt: cents × cents can pass 2^53 on large orders.
  const share = (refunded: number) =>
    refunded >= totalCents
      ? creditedCents
      : Number((BigInt(creditedCents) * BigInt(refunded) + BigInt(totalCents) / 2n) / BigInt(totalCents));
  return share(refundedBeforeCents + refundCents) - share(refundedBeforeCents);
}
