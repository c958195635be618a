import { z } from "zod";

// The registration form, shared by the attendee's page, the organiser's complimentary
// registration page and the server. Prices never come from the form: only which ticket
// type each attendee takes; the server prices the order.

export const ACCESSIBILITY_NEEDS = ["STEP_FREE", "CAPTIONING_ASL", "QUIET_ROOM", "SERVICE_ANIMAL", "DIETARY", "OTHER"] as const;
export type AccessibilityNeedValue = (typeof ACCESSIBILITY_NEEDS)[number];

export const ACCESSIBILITY_LABELS: Record<AccessibilityNeedValue, string> = {
  STEP_FREE: "Step-free access",
  CAPTIONING_ASL: "Live captioning or ASL interpretation",
  QUIET_ROOM: "A quiet room",
  SERVICE_ANIMAL: "Attending with a service animal",
  DIETARY: "Dietary requirements",
  OTHER: "Something else",
};

/** Most seats one order may hold; ticket types may set a lower limit. */
export const MAX_ATTENDEES_PER_ORDER = 50;

const id = (message: string) => z.string({ error: message }).trim().min(1, message).max(64, message);

/**
 * What a registration asks of each attendee besides name, email and ticket: also what an
 * awardee is asked on accepting a scholarship (award.schema.ts), which registers them.
 */
export const attendeeDetailFields = {
  organisation: z.string().trim().max(200, "Use at most 200 characters.").default(""),
  // Printed on the badge under the name, as the attendee writes them ("she/her", "they/them").
  pronouns: z.string().trim().max(40, "Use at most 40 characters.").optional(),
  accessibilityNeeds: z
    .array(z.enum(ACCESSIBILITY_NEEDS, { error: "Unknown accessibility need." }))
    .max(ACCESSIBILITY_NEEDS.length)
    .default([])
    .transform((needs) => [...new Set(needs)]),
  accessibilityNotes: z.string().trim().max(1000, "Use at most 1,000 characters.").default(""),
  // A required choice: people must be able to say no, so there is no silent default.
  photoConsent: z.enum(["yes", "no"], { error: "Say whether you agree to be photographed or recorded." }),
  /** Answers by question id; checked against the event's questions on the server. */
  answers: z
    .record(
      z.string().max(64),
      z.union([z.string().max(2000, "Use at most 2,000 characters."), z.array(z.string().max(200)).max(20)]),
    )
    .default({}),
};

/** Dietary needs and "something else" need a word of explanation. */
export function askForAccessibilityNotes(
  details: { accessibilityNeeds: AccessibilityNeedValue[]; accessibilityNotes: string },
  ctx: z.RefinementCtx,
) {
  const needsText = details.accessibilityNeeds.some((n) => n === "DIETARY" || n === "OTHER");
  if (needsText && !details.accessibilityNotes)
    ctx.addIssue({ code: "custom", path: ["accessibilityNotes"], message: "Tell us a little more so we can prepare." });
}

export const attendeeSchema = z
  .object({
    ticketTypeId: id("Choose a ticket."),
    name: z
      .string({ error: "Enter the attendee's name." })
      .trim()
      .min(1, "Enter the attendee's name.")
      .max(200, "Use at most 200 characters."),
    email: z
      .string({ error: "Enter the attendee's email." })
      .trim()
      .toLowerCase()
      .max(254, "That email is too long.")
      .pipe(z.email("Enter a valid email address, like name@example.org.")),
    ...attendeeDetailFields,
  })
  .superRefine(askForAccessibilityNotes);

export const registrationSchema = z.object({
  promoCode: z.string().trim().max(32, "Promo codes are at most 32 characters.").optional(),
  attendees: z
    .array(attendeeSchema, { error: "Add at least one attendee." })
    .min(1, "Add at least one attendee.")
    .max(MAX_ATTENDEES_PER_ORDER, `One order can hold at most ${MAX_ATTENDEES_PER_ORDER} attendees.`),
});

export type AttendeeForm = z.infer<typeof attendeeSchema>;
export type RegistrationForm = z.infer<typeof registrationSchema>;

/** Reads `qty.<id>=n` parameters; anything malformed counts as 0 and the page says so. */
export function quantitiesFromUrl(params: URLSearchParams): { quantities: Record<string, number>; malformed: boolean } {
  const quantities: Record<string, number> = {};
  let malformed = false;
  for (const [key, value] of params) {
    if (!key.startsWith("qty.")) continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > MAX_ATTENDEES_PER_ORDER) {
      malformed = true;
      continue;
    }
    if (n > 0) quantities[key.slice(4)] = n;
  }
  return { quantities, malformed };
}
