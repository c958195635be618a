import { z } from "zod";

const id = (message: string) => z.string({ error: message }).trim().min(1, message).max(64, message);

/** How many seats a waiting-list entry asks for: one, or two together (a patient and their caregiver). */
export const WAITLIST_SEATS = [1, 2] as const;

/** The join form on /events/:slug/waitlist. */
export const joinWaitlistSchema = z.object({
  ticketTypeId: id("Choose the ticket you want to wait for."),
  seats: z
    .number({ error: "Choose one seat or two seats together." })
    .int("Choose one seat or two seats together.")
    .min(1, "Choose one seat or two seats together.")
    .max(2, "Choose one seat or two seats together."),
});
export type JoinWaitlistInput = z.output<typeof joinWaitlistSchema>;

/** The buttons on "My waiting lists": leave an entry, or open a running offer's registration page. */
export const myWaitlistIntentSchema = z.object({
  intent: z.enum(["leave", "continue"], { error: "Unknown action." }),
  entryId: id("Which waiting-list entry?"),
});

/** The organiser's buttons: remove an entry, or offer free seats to the next people now. */
export const adminWaitlistIntentSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("remove"), entryId: id("Which entry?") }),
    z.object({ intent: z.literal("offer-now"), ticketTypeId: id("Which ticket type?") }),
  ],
  { error: "Unknown action." },
);

/** An emailed offer link's token (randomToken: 43 URL-safe characters); anything else is no offer. */
export const offerTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);
