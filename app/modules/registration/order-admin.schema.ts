import { z } from "zod";
import { parseMoney } from "~/shared/money.ts";

// The organiser's buttons on an order's page. Each form names its intent.

export const resendSchema = z.object({ intent: z.literal("resend") });

/** A refund in dollars ("120", "120.50"), optionally cancelling chosen seats. */
export const refundSchema = z.object({
  intent: z.literal("refund"),
  amount: z
    .string({ error: "Enter the amount to refund, for example 120 or 120.50." })
    .trim()
    .max(20, "Enter the amount to refund, for example 120 or 120.50.")
    .transform((value, ctx) => {
      const cents = parseMoney(value);
      if (cents === null) {
        ctx.addIssue({ code: "custom", message: "Enter the amount in dollars, for example 120 or 120.50 (no minus sign)." });
        return z.NEVER;
      }
      return cents;
    }),
  registrationIds: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  cancelSeats: z.boolean().default(false),
  reason: z
    .string({ error: "Say why, for the order's history." })
    .trim()
    .min(1, "Say why, for the order's history.")
    .max(500, "Use at most 500 characters."),
});

export type RefundInput = z.output<typeof refundSchema>;

export const ORDER_ACTION_SCHEMAS = { resend: resendSchema, refund: refundSchema } as const;
