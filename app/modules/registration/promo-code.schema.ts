import { z } from "zod";
import { dollars, localDateTime } from "./ticket-type.schema.ts";

export const PROMO_KINDS = ["PERCENT", "AMOUNT"] as const;
export const PROMO_KIND_LABELS: Record<(typeof PROMO_KINDS)[number], string> = {
  PERCENT: "Percent off",
  AMOUNT: "Amount off",
};

export type PromoState = "scheduled" | "active" | "ended" | "used-up";
export const PROMO_STATE_LABELS: Record<PromoState, string> = {
  scheduled: "Not valid yet",
  active: "Valid",
  ended: "Ended",
  "used-up": "Used up",
};

export const promoCodeSchema = z
  .object({
    code: z
      .string({ error: "Enter the code" })
      .trim()
      .min(3, "Use 3 to 32 letters, digits or dashes")
      .max(32, "Use 3 to 32 letters, digits or dashes")
      .regex(/^[A-Za-z0-9-]+$/, "Use only letters, digits and dashes")
      .transform((c) => c.toUpperCase()),
    kind: z.enum(PROMO_KINDS, { error: "Choose percent or amount off" }),
    percentOff: z
      .number({ error: "Enter the percent off" })
      .int("Enter a whole percent")
      .min(1, "At least 1%")
      .max(100, "At most 100%")
      .optional(),
    amountOff: dollars("amount off").optional(),
    ticketTypeIds: z.array(z.string().trim().min(1).max(64)).max(100).default([]),
    maxUses: z
      .number({ error: "Enter how many times it can be used, or leave it blank" })
      .int("Enter a whole number")
      .min(1, "Allow at least 1 use, or leave it blank for no limit")
      .max(1_000_000, "At most 1,000,000 uses")
      .optional(),
    validFrom: localDateTime("start of validity").optional(),
    validUntil: localDateTime("end of validity").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "PERCENT" && v.percentOff === undefined)
      ctx.addIssue({ code: "custom", path: ["percentOff"], message: "Enter the percent off" });
    if (v.kind === "AMOUNT") {
      if (v.amountOff === undefined) ctx.addIssue({ code: "custom", path: ["amountOff"], message: "Enter the amount off" });
      else if (v.amountOff < 1) ctx.addIssue({ code: "custom", path: ["amountOff"], message: "Take off at least $0.01" });
    }
    if (v.validFrom && v.validUntil && v.validUntil <= v.validFrom)
      ctx.addIssue({ code: "custom", path: ["validUntil"], message: "The code must stop being valid after it starts" });
  });
export type PromoCodeInput = z.output<typeof promoCodeSchema>;

/** Delete (unused codes) or end now (used ones), from the code's page. */
export const promoCodeActionSchema = z.object({ intent: z.enum(["delete", "end"]) });
