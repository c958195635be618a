import { z } from "zod";
import { pageQuerySchema } from "~/shared/pagination.ts";

export const ROLES = ["ATTENDEE", "ORGANIZER", "REVIEWER", "STAFF", "ADMIN"] as const;
/** ATTENDEE is everyone's baseline and can't be taken away. */
export const GRANTABLE_ROLES = ["ORGANIZER", "REVIEWER", "STAFF", "ADMIN"] as const;

export const ROLE_LABELS: Record<(typeof ROLES)[number], string> = {
  ATTENDEE: "Attendee",
  ORGANIZER: "Organizer",
  REVIEWER: "Reviewer",
  STAFF: "Staff",
  ADMIN: "Admin",
};

export const changeRoleSchema = z.object({
  intent: z.enum(["grant", "remove"], { error: "Choose grant or remove" }),
  userId: z.string({ error: "Choose a person" }).min(1).max(64),
  role: z.enum(GRANTABLE_ROLES, { error: "Choose a role that can be granted" }),
});

export const userSearchSchema = pageQuerySchema.extend({
  q: z.string().trim().max(100, "Search terms are at most 100 characters").optional(),
  role: z.enum(ROLES).optional(),
});
