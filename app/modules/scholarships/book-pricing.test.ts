import { describe, expect, it } from "vitest";
import { discountedUnitPrice, priceBookOrder, priceTable, tierFor, tiersProblem } from "./book-pricing.ts";

const book = {
  listPriceCents: 2_495,
  unitCostCents: 640,
  shippingBaseCents: 450,
  shippingPerCopyCents: 35,
  tiers: [
    { minQuantity: 50, percentOff: 25 },
    { minQuantity: 10, percentOff: 15 },
  ],
};

describe("book pricing", () => {
  it("charges the list price below the first tier, with the organisers' costs snapshotted", () => {
    expect(priceBookOrder(book, 1)).toEqual({
      quantity: 1,
      listPriceCents: 2_495,
      percentOff: 0,
      unitPriceCents: 2_495,
      discountCents: 0,
      totalCents: 2_495,
      unitCostCents: 640,
      shippingCostCents: 485,
    });
    expect(priceBookOrder(book, 9).totalCents).toBe(9 * 2_495);
  });

  it("applies the highest tier the quantity reaches, per copy, rounding each copy half up", () => {
    // 15 % of $24.95 is $3.7425 → $3.74 off: $21.21 a copy.
    expect(priceBookOrder(book, 10)).toMatchObject({
      percentOff: 15,
      unitPriceCents: 2_121,
      discountCents: 3_740,
      totalCents: 21_210,
    });
    expect(priceBookOrder(book, 49)).toMatchObject({ percentOff: 15, totalCents: 49 * 2_121 });
    // 25 % of $24.95 is $6.2375 → $6.24 off: $18.71 a copy.
    expect(priceBookOrder(book, 50)).toMatchObject({ percentOff: 25, unitPriceCents: 1_871, totalCents: 93_550 });
    expect(priceBookOrder(book, 50).shippingCostCents).toBe(450 + 50 * 35);
    // Half a cent rounds up: 10 % of $0.25 is 2.5¢ → 3¢ off.
    expect(discountedUnitPrice(25, 10)).toBe(22);
  });

  it("never charges a bigger order more than the tier table says", () => {
    for (let quantity = 1; quantity <= 120; quantity++) {
      const price = priceBookOrder(book, quantity);
      expect(price.totalCents).toBe(price.unitPriceCents * quantity);
      expect(price.totalCents + price.discountCents).toBe(book.listPriceCents * quantity);
    }
  });

  it("refuses a quantity that is not a whole number of at least one copy", () => {
    expect(() => priceBookOrder(book, 0)).toThrow(RangeError);
    expect(() => priceBookOrder(book, 1.5)).toThrow(RangeError);
  });

  it("lists the tiers as ranges for the price table", () => {
    expect(priceTable(book.listPriceCents, book.tiers, 500)).toEqual([
      { from: 1, to: 9, percentOff: 0, unitPriceCents: 2_495 },
      { from: 10, to: 49, percentOff: 15, unitPriceCents: 2_121 },
      { from: 50, to: null, percentOff: 25, unitPriceCents: 1_871 },
    ]);
    // A tier past the most copies one order may hold is never reached.
    expect(priceTable(book.listPriceCents, book.tiers, 20)).toHaveLength(2);
    expect(tierFor(book.tiers, 9)).toBeNull();
  });

  it("explains tiers that repeat a threshold or take off less for more copies", () => {
    expect(tiersProblem(book.tiers)).toBeNull();
    expect(tiersProblem([])).toBeNull();
    expect(
      tiersProblem([
        { minQuantity: 10, percentOff: 10 },
        { minQuantity: 10, percentOff: 20 },
      ]),
    ).toMatch(/Two tiers start at 10/);
    expect(
      tiersProblem([
        { minQuantity: 10, percentOff: 20 },
        { minQuantity: 50, percentOff: 15 },
      ]),
    ).toMatch(/from 50 copies must take off more/);
  });
});
