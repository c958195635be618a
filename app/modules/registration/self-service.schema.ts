import { z } from "zod";
import { attendeeSchema } from "./registration.schema.ts";

// The forms on an attendee's own registration page. Email changes go through a transfer,
// so "edit my details" has no email and no ticket.

const { name, organisation, pronouns, accessibilityNeeds, accessibilityNotes, photoConsent, answers } = attendeeSchema.shape;

export const attendeeDetailsSchema = z
  .object({ name, organisation, pronouns, accessibilityNeeds, accessibilityNotes, photoConsent, answers })
  .superRefine((details, ctx) => {
    const needsText = details.accessibilityNeeds.some((n) => n === "DIETARY" || n === "OTHER");
    if (needsText && !details.accessibilityNotes)
      ctx.addIssue({ code: "custom", path: ["accessibilityNotes"], message: "Tell us a little more so we can prepare." });
  });

export const transferSchema = z.object({ name: attendeeSchema.shape.name, email: attendeeSchema.shape.email });

/** The refund the page showed: if the policy's answer changed since (a deadline passed), we ask again. */
export const cancelSchema = z.object({
  expectedRefundCents: z.coerce
    .number({ error: "Reload the page and try again." })
    .int("Reload the page and try again.")
    .min(0, "Reload the page and try again.")
    .max(100_000_000, "Reload the page and try again."),
});

export type AttendeeDetailsInput = z.infer<typeof attendeeDetailsSchema>;
export type TransferInput = z.infer<typeof transferSchema>;
