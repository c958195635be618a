import { describe, expect, it } from "vitest";
import { normaliseIsbn, parseSaleDate, parseSignedMoney } from "./statement.schema.ts";

describe("reading statement cells", () => {
  it("reads royalties with signs, brackets, dollar signs and thousands separators", () => {
    expect(parseSignedMoney("1,234.56")).toBe(123_456);
    expect(parseSignedMoney("$12")).toBe(1_200);
    expect(parseSignedMoney("-3.50")).toBe(-350);
    expect(parseSignedMoney("(3.50)")).toBe(-350);
    expect(parseSignedMoney("-$3.5")).toBe(-350);
    for (const bad of ["", "twelve", "3.505", "--3", "1.2.3", "$-3"]) expect(parseSignedMoney(bad), bad).toBeNull();
  });

  it("reads ISO and US dates, refusing days that don't exist", () => {
    expect(parseSaleDate("2026-02-14")).toEqual(new Date("2026-02-14T00:00:00Z"));
    expect(parseSaleDate("2/3/2026")).toEqual(new Date("2026-02-03T00:00:00Z"));
    expect(parseSaleDate("12/31/2026")).toEqual(new Date("2026-12-31T00:00:00Z"));
    for (const bad of ["2026-02-30", "13/01/2026", "14.02.2026", "2026-2-14"]) expect(parseSaleDate(bad), bad).toBeNull();
  });

  it("accepts ISBN-13 and ISBN-10 only with the right check digit", () => {
    expect(normaliseIsbn("979-8-9876543-2-3")).toBe("9798987654323");
    expect(normaliseIsbn("978 0 306 40615 7")).toBe("9780306406157");
    expect(normaliseIsbn("0-306-40615-2")).toBe("0306406152");
    expect(normaliseIsbn("080442957X")).toBe("080442957X");
    for (const bad of ["9798987654324", "0306406153", "12345", "97980"]) expect(normaliseIsbn(bad), bad).toBeNull();
  });
});
