// The fund page's two forms: a donation (organisers) and an adjustment (admins, signed).
import { z } from "zod";
import { dollars, hugeAmount } from "./book.schema.ts";
import { parseSignedMoney } from "./statement.schema.ts";

/** The ledger's largest single entry ($1,000,000; MAX_ENTRY_CENTS in fund-ledger.server.ts, which the browser can't import). */
export const MAX_FUND_ENTRY_CENTS = 100_000_000;

const reason = (message: string) => z.string({ error: message }).trim().min(3, message).max(500, "At most 500 characters");

export const donationSchema = z.object({
  intent: z.literal("donation"),
  amount: dollars("donation", { min: 1, max: MAX_FUND_ENTRY_CENTS }),
  reason: reason("Say who gave it or what it was for (at least 3 characters)"),
});

export const adjustmentSchema = z.object({
  intent: z.literal("adjustment"),
  amount: z
    .string({ error: "Enter the adjustment in dollars, like 150.00 or -150.00" })
    .trim()
    .max(20, "Enter the adjustment in dollars, like 150.00 or -150.00")
    .transform((value, ctx) => {
      const cents = parseSignedMoney(value);
      if (cents === null) {
        ctx.addIssue({
          code: "custom",
          message: hugeAmount(value)
            ? "An adjustment can be at most $1,000,000 either way"
            : "Enter the adjustment in dollars, like 150.00 or -150.00",
        });
        return z.NEVER;
      }
      if (cents === 0) {
        ctx.addIssue({ code: "custom", message: "An adjustment of $0.00 changes nothing" });
        return z.NEVER;
      }
      if (Math.abs(cents) > MAX_FUND_ENTRY_CENTS) {
        ctx.addIssue({ code: "custom", message: "An adjustment can be at most $1,000,000 either way" });
        return z.NEVER;
      }
      return cents;
    }),
  reason: reason("Say why the fund needs adjusting (at least 3 characters)"),
});

export const FUND_ACTION_SCHEMAS = { donation: donationSchema, adjustment: adjustmentSchema } as const;

export const FUND_ENTRY_KIND_LABELS = {
  BOOK_SALE: "Book sale",
  BOOK_REFUND: "Book refund",
  STATEMENT_IMPORT: "Retailer statement",
  DONATION: "Donation",
  ADJUSTMENT: "Adjustment",
  AWARD_COMMITTED: "Award committed",
  AWARD_RELEASED: "Award released",
  STIPEND_PAID: "Stipend paid",
  WAIVER_RETURNED: "Waiver returned",
} as const;
