import { describe, expect, it } from "vitest";
import { estimateFee, netProceeds, refundDebit } from "./net-proceeds.ts";

describe("net proceeds", () => {
  it("estimates the card fee at the configured rate plus the fixed part, rounding half up", () => {
    // 2.9 % of $24.95 = 72.355¢ → 72¢, plus 30¢.
    expect(estimateFee(2_495, { rateBps: 290, fixedCents: 30 })).toBe(102);
    // 2.9 % of $935.50 = 2712.95¢ → 2713¢.
    expect(estimateFee(93_550, { rateBps: 290, fixedCents: 30 })).toBe(2_743);
    expect(estimateFee(1_000, { rateBps: 0, fixedCents: 0 })).toBe(0);
  });

  it("is the price paid less printing, shipping and the fee", () => {
    expect(netProceeds({ totalCents: 21_210, quantity: 10, unitCostCents: 640, shippingCostCents: 800, feeCents: 645 })).toEqual({
      totalCents: 21_210,
      printingCents: 6_400,
      shippingCostCents: 800,
      feeCents: 645,
      netProceedsCents: 13_365,
      creditedCents: 13_365,
    });
  });

  it("credits nothing when a deep discount leaves nothing over, but keeps the true (negative) figure", () => {
    const proceeds = netProceeds({ totalCents: 1_000, quantity: 1, unitCostCents: 640, shippingCostCents: 485, feeCents: 59 });
    expect(proceeds.netProceedsCents).toBe(-184);
    expect(proceeds.creditedCents).toBe(0);
    expect(
      netProceeds({ totalCents: 1_000, quantity: 1, unitCostCents: 500, shippingCostCents: 500, feeCents: 0 }).creditedCents,
    ).toBe(0);
  });

  it("takes back the credited proceeds in proportion to the money refunded; a full refund takes all of it", () => {
    const order = { creditedCents: 1_001, totalCents: 3_000 };
    expect(refundDebit({ ...order, refundedBeforeCents: 0, refundCents: 3_000 })).toBe(1_001);
    // A third, then the rest: the parts add up to exactly what was credited.
    const first = refundDebit({ ...order, refundedBeforeCents: 0, refundCents: 1_000 });
    const second = refundDebit({ ...order, refundedBeforeCents: 1_000, refundCents: 1_000 });
    const third = refundDebit({ ...order, refundedBeforeCents: 2_000, refundCents: 1_000 });
    expect([first, second, third]).toEqual([334, 333, 334]);
    expect(first + second + third).toBe(1_001);
    // Nothing was credited (deep discount): a refund takes nothing back.
    expect(refundDebit({ creditedCents: 0, totalCents: 1_000, refundedBeforeCents: 0, refundCents: 1_000 })).toBe(0);
  });

  it("stays exact on large orders, where cents × cents passes 2^53", () => {
    const total = 99_999_999;
    expect(refundDebit({ creditedCents: 90_000_000, totalCents: total, refundedBeforeCents: 0, refundCents: 33_333_333 })).toBe(
      30_000_000,
    );
  });
});
