import { z } from "zod";

// The staff page's forms: assign a STAFF account to the event by email, or take one off it.

export const assignStaffSchema = z.object({
  intent: z.literal("assign"),
  email: z
    .string({ error: "Enter the staff member's email" })
    .trim()
    .toLowerCase()
    .max(254, "That email is too long")
    .pipe(z.email({ error: "Enter an email address like sam@example.org" })),
});

export const unassignStaffSchema = z.object({
  intent: z.literal("remove"),
  userId: z.string({ error: "Choose who to remove" }).trim().min(1).max(64),
});
