import { z } from "zod";
import { parseMoney } from "~/shared/money.ts";

// Shared by the browser (Conform validates as you type) and the server (validates again).

export const TICKET_VISIBILITIES = ["PUBLIC", "HIDDEN", "MEMBERS"] as const;
export type TicketVisibilityValue = (typeof TICKET_VISIBILITIES)[number];
export const VISIBILITY_LABELS: Record<TicketVisibilityValue, string> = {
  PUBLIC: "Public",
  HIDDEN: "Hidden (only with a promo code that names it)",
  MEMBERS: "Network members only",
};

export const MAX_PER_ORDER_LIMIT = 50;

/** The buyer-facing sale state (see catalogue.server.ts), or archived: off the list altogether. */
export type SetupSaleState = "on-sale" | "not-yet" | "ended" | "sold-out" | "archived";

export const SALE_STATE_LABELS: Record<SetupSaleState, string> = {
  "on-sale": "On sale",
  "not-yet": "Not on sale yet",
  "sold-out": "Sold out",
  ended: "Sales ended",
  archived: "Archived",
};

/** A dollar amount as typed ("295", "295.00", "$1,200") → integer cents. */
export const dollars = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .refine((v) => parseMoney(v) !== null, `Enter the ${label} in dollars and cents, like 295 or 295.00`)
    .transform((v) => parseMoney(v) as number);

/** Wall-clock time in the event's zone, as an `<input type="datetime-local">` sends it. */
export const localDateTime = (label: string) =>
  z
    .string({ error: `Enter the ${label} date and time` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, `Enter the ${label} as a date and time`);

export const ticketTypeSchema = z
  .object({
    name: z
      .string({ error: "Enter the ticket type's name" })
      .trim()
      .min(2, "Use at least 2 characters")
      .max(80, "At most 80 characters"),
    description: z.string().trim().max(2000, "At most 2,000 characters").default(""),
    price: dollars("price"),
    memberPrice: dollars("member price").optional(),
    capacity: z
      .number({ error: "Enter how many seats this ticket type offers" })
      .int("Enter a whole number of seats")
      .min(1, "Offer at least 1 seat")
      .max(100_000, "At most 100,000 seats"),
    salesStartAt: localDateTime("sales start").optional(),
    salesEndAt: localDateTime("sales end").optional(),
    visibility: z.enum(TICKET_VISIBILITIES, { error: "Choose who can buy it" }).default("PUBLIC"),
    maxPerOrder: z
      .number({ error: "Enter the most seats one order may hold" })
      .int("Enter a whole number")
      .min(1, "Allow at least 1 per order")
      .max(MAX_PER_ORDER_LIMIT, `At most ${MAX_PER_ORDER_LIMIT} per order`),
    position: z
      .number({ error: "Enter a whole number" })
      .int("Enter a whole number")
      .min(0, "Use 0 or more")
      .max(9999, "At most 9999")
      .optional(),
  })
  .refine((v) => v.memberPrice === undefined || v.memberPrice <= v.price, {
    path: ["memberPrice"],
    message: "The member price can't be more than the price",
  })
  .refine((v) => !v.salesStartAt || !v.salesEndAt || v.salesEndAt > v.salesStartAt, {
    path: ["salesEndAt"],
    message: "Sales must end after they start",
  });
export type TicketTypeInput = z.output<typeof ticketTypeSchema>;

/** Archive (or delete, when nobody ever registered) and restore, from the ticket type's page. */
export const ticketTypeActionSchema = z.object({ intent: z.enum(["remove", "restore"]) });
