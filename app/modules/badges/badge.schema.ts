import { z } from "zod";

// The organisers' badge forms: a bulk print run, and a registration's ribbon or reissue.

export const BADGE_ROLES = ["ATTENDEE", "SPEAKER", "STAFF", "ORGANIZER"] as const;
export type BadgeRoleValue = (typeof BADGE_ROLES)[number];

/** The ribbon printed on a badge for each role. */
export const RIBBON_LABELS: Record<BadgeRoleValue, string> = {
  ATTENDEE: "Attendee",
  SPEAKER: "Speaker",
  STAFF: "Staff",
  ORGANIZER: "Organizer",
};

export const BADGE_LAYOUTS = ["BADGE_4X3", "SHEET_LETTER", "SHEET_A4"] as const;
export type BadgeLayoutValue = (typeof BADGE_LAYOUTS)[number];

export const LAYOUT_LABELS: Record<BadgeLayoutValue, string> = {
  BADGE_4X3: "4 × 3 in badge stock, one badge a page",
  SHEET_LETTER: "US Letter sheets, 6 badges with cut marks",
  SHEET_A4: "A4 sheets, 6 badges with cut marks",
};

/** The most badges one print run makes (a bigger event prints per ticket type). */
export const MAX_BATCH_BADGES = 10_000;

const id = z.string().trim().min(1).max(64);

export const badgeBatchSchema = z
  .object({
    scope: z.enum(["all", "ticketType", "people"], { error: "Choose whose badges to print." }),
    ticketTypeId: id.optional(),
    registrationIds: z
      .array(id)
      .max(MAX_BATCH_BADGES, `Choose at most ${MAX_BATCH_BADGES.toLocaleString("en-US")} people.`)
      .default([])
      .transform((ids) => [...new Set(ids)]),
    layout: z.enum(BADGE_LAYOUTS, { error: "Choose a layout." }),
    largePrint: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    if (value.scope === "ticketType" && !value.ticketTypeId)
      ctx.addIssue({ code: "custom", path: ["ticketTypeId"], message: "Choose a ticket type." });
    if (value.scope === "people" && value.registrationIds.length === 0)
      ctx.addIssue({ code: "custom", path: ["registrationIds"], message: "Tick at least one person." });
  });

export type BadgeBatchInput = z.output<typeof badgeBatchSchema>;

export const reissueBadgeSchema = z.object({ intent: z.literal("reissue-badge"), registrationId: id });

export const badgeRoleSchema = z.object({
  intent: z.literal("badge-role"),
  registrationId: id,
  role: z.enum(BADGE_ROLES, { error: "Choose a ribbon." }),
});

export const BADGE_ACTION_SCHEMAS = { "reissue-badge": reissueBadgeSchema, "badge-role": badgeRoleSchema } as const;
