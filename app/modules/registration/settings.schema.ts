import { z } from "zod";

const days = (label: string) =>
  z
    .number({ error: `Enter ${label} in days` })
    .int("Enter a whole number of days")
    .min(0, "Use 0 or more days")
    .max(365, "At most 365 days");

/** The event's registration settings (one form on the ticket types page). */
export const registrationSettingsSchema = z.object({
  intent: z.literal("save-settings"),
  // Blank: only the ticket types' own capacities limit sales.
  capacity: z
    .number({ error: "Enter a number of seats, or leave it blank" })
    .int("Enter a whole number of seats")
    .min(1, "Allow at least 1 seat, or leave it blank for no event-wide limit")
    .max(1_000_000, "At most 1,000,000 seats")
    .optional(),
  refundFullUntilDays: days("the full-refund cutoff"),
  detailsEditCutoffDays: days("the details-edit cutoff"),
  waitlistOfferHours: z
    .number({ error: "Enter how many hours an offer holds its seats" })
    .int("Enter a whole number of hours")
    .min(1, "Hold an offer for at least 1 hour")
    .max(336, "At most 336 hours (two weeks)"),
});
export type RegistrationSettingsInput = z.output<typeof registrationSettingsSchema>;

export const SETTINGS_DEFAULTS = {
  capacity: null,
  seatsTaken: 0,
  refundFullUntilDays: 14,
  detailsEditCutoffDays: 2,
  waitlistOfferHours: 48,
} as const;
