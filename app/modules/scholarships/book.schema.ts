// The book's forms: the organisers' editor, the buyer's order form and the refund form.
import { z } from "zod";
import { parseMoney } from "~/shared/money.ts";
import { MAX_TIERS, tiersProblem } from "./book-pricing.ts";

/** Ids in addresses are cuids; anything else (a stray byte, a long string) is simply not found. */
export function isRecordId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(id);
}

export const COVER_TYPES = ["image/png", "image/jpeg"] as const;
export const MAX_COVER_BYTES = 2 * 1024 * 1024;
/** Most copies any book can allow in one order; each book sets its own limit up to this. */
export const MAX_COPIES_PER_ORDER = 1_000;
/** Above any real book price: catches a typo such as a missing decimal point. */
const MAX_PRICE_CENTS = 1_000_000;

/** A well-formed amount too big for parseMoney (eight or more whole digits): too large, not malformed. */
export function hugeAmount(value: string): boolean {
  const text = value.trim();
  return /^\(?-?\$?\d[\d,]*(\.\d{0,2})?\)?$/.test(text) && text.split(".")[0].replace(/\D/g, "").replace(/^0+/, "").length >= 8;
}

/** An amount in dollars ("24.95", "$1,200") as cents, within [min, max]. */
export function dollars(label: string, { min = 0, max = MAX_PRICE_CENTS }: { min?: number; max?: number } = {}) {
  const example = "for example 24.95";
  return z
    .string({ error: `Enter the ${label} in dollars, ${example}.` })
    .trim()
    .max(20, `Enter the ${label} in dollars, ${example}.`)
    .transform((value, ctx) => {
      const cents = parseMoney(value);
      if (cents === null) {
        ctx.addIssue({
          code: "custom",
          message: hugeAmount(value)
            ? `The ${label} can be at most $${(max / 100).toLocaleString("en-US")}.`
            : `Enter the ${label} in dollars, ${example} (no minus sign).`,
        });
        return z.NEVER;
      }
      if (cents < min) {
        ctx.addIssue({ code: "custom", message: `The ${label} must be at least $${(min / 100).toFixed(2)}.` });
        return z.NEVER;
      }
      if (cents > max) {
        ctx.addIssue({ code: "custom", message: `The ${label} can be at most $${(max / 100).toLocaleString("en-US")}.` });
        return z.NEVER;
      }
      return cents;
    });
}

const tierRow = z.object({
  minQuantity: z
    .number({ error: "Enter a number of copies" })
    .int("Enter a whole number of copies")
    .min(2, "Tiers start at 2 copies or more")
    .max(MAX_COPIES_PER_ORDER, `At most ${MAX_COPIES_PER_ORDER} copies`)
    .optional(),
  percentOff: z
    .number({ error: "Enter a percentage" })
    .int("Enter a whole percentage")
    .min(1, "Take off at least 1 %")
    .max(90, "Take off at most 90 %")
    .optional(),
});

export const bookSchema = z
  .object({
    title: z.string({ error: "Enter the title" }).trim().min(2, "Use at least 2 characters").max(200, "At most 200 characters"),
    subtitle: z.string().trim().max(200, "At most 200 characters").default(""),
    authors: z.string({ error: "Name the authors" }).trim().min(2, "Name the authors").max(300, "At most 300 characters"),
    description: z.string().trim().max(5000, "At most 5,000 characters").default(""),
    // Size and declared type here (and in the browser); the server checks the bytes too.
    cover: z
      .file({ error: "Choose an image file" })
      .max(MAX_COVER_BYTES, "The cover must be 2 MB or smaller")
      .mime([...COVER_TYPES], "The cover must be a PNG or JPEG image")
      .optional(),
    // Stripe takes no payment under $0.50.
    listPrice: dollars("list price", { min: 50 }),
    unitCost: dollars("unit cost"),
    shippingBase: dollars("shipping cost per order"),
    shippingPerCopy: dollars("shipping cost per copy"),
    maxPerOrder: z
      .number({ error: "Enter the most copies one order may have" })
      .int("Enter a whole number of copies")
      .min(1, "Allow at least 1 copy")
      .max(MAX_COPIES_PER_ORDER, `At most ${MAX_COPIES_PER_ORDER} copies`),
    active: z.boolean().default(false),
    tiers: z.array(tierRow).max(MAX_TIERS, `Use at most ${MAX_TIERS} discount tiers`).default([]),
  })
  .superRefine((book, ctx) => {
    book.tiers.forEach((tier, i) => {
      if ((tier.minQuantity === undefined) !== (tier.percentOff === undefined))
        ctx.addIssue({
          code: "custom",
          path: ["tiers", i, tier.minQuantity === undefined ? "minQuantity" : "percentOff"],
          message: tier.minQuantity === undefined ? "Enter the copies this tier starts at" : "Enter the tier's discount",
        });
    });
    const problem = tiersProblem(filledTiers(book.tiers));
    if (problem) ctx.addIssue({ code: "custom", path: ["tiers"], message: problem });
  })
  .transform(({ tiers, ...book }) => ({ ...book, tiers: filledTiers(tiers) }));

function filledTiers(rows: z.output<typeof tierRow>[]) {
  return rows
    .filter((t): t is { minQuantity: number; percentOff: number } => t.minQuantity !== undefined && t.percentOff !== undefined)
    .sort((a, b) => a.minQuantity - b.minQuantity);
}

export type BookInput = z.output<typeof bookSchema>;

/** Where the book ships; ISO 3166 codes (the list can grow with the distributor's reach). */
export const SHIP_COUNTRIES = {
  US: "United States",
  CA: "Canada",
  MX: "Mexico",
  GB: "United Kingdom",
  IE: "Ireland",
  AU: "Australia",
  NZ: "New Zealand",
  DE: "Germany",
  FR: "France",
  NL: "Netherlands",
  IN: "India",
} as const;
export type ShipCountry = keyof typeof SHIP_COUNTRIES;

const line = (error: string, max = 120) => z.string({ error }).trim().min(1, error).max(max, `At most ${max} characters`);

export const bookOrderSchema = z.object({
  bookId: z.string({ error: "Choose the book" }).trim().min(1, "Choose the book").max(64),
  quantity: z
    .number({ error: "Enter how many copies" })
    .int("Enter a whole number of copies")
    .min(1, "Order at least 1 copy")
    .max(MAX_COPIES_PER_ORDER, `At most ${MAX_COPIES_PER_ORDER} copies in one order`),
  name: z.string({ error: "Enter your name" }).trim().min(2, "Enter your name").max(120, "At most 120 characters"),
  email: z
    .string({ error: "Enter your email" })
    .trim()
    .toLowerCase()
    .max(254, "That email is too long")
    .pipe(z.email("Enter a valid email address, like name@example.org")),
  line1: line("Enter the street address"),
  line2: z.string().trim().max(120, "At most 120 characters").default(""),
  city: line("Enter the town or city", 80),
  region: z.string().trim().max(80, "At most 80 characters").default(""),
  postalCode: z
    .string({ error: "Enter the postal code" })
    .trim()
    .min(2, "Enter the postal code")
    .max(12, "At most 12 characters")
    .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, "Use letters, digits, spaces and dashes only"),
  country: z.enum(Object.keys(SHIP_COUNTRIES) as [ShipCountry, ...ShipCountry[]], { error: "Choose the country" }),
});
export type BookOrderInput = z.output<typeof bookOrderSchema>;

/** An organiser's refund of a book order, in dollars. */
export const bookRefundSchema = z.object({
  intent: z.literal("refund"),
  amount: dollars("amount to refund", { min: 1, max: 100_000_000 }),
  reason: z
    .string({ error: "Say why, for the order's history" })
    .trim()
    .min(1, "Say why, for the order's history")
    .max(500, "At most 500 characters"),
});
export type BookRefundInput = z.output<typeof bookRefundSchema>;
