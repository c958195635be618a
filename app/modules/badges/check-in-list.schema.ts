import { z } from "zod";

// The organisers' check-in list form, shared by the browser (Conform) and the server.

export const CHECK_IN_LIST_KINDS = ["EVENT", "DAY", "SESSION"] as const;
export type CheckInListKindValue = (typeof CHECK_IN_LIST_KINDS)[number];

export const CHECK_IN_LIST_KIND_LABELS: Record<CheckInListKindValue, string> = {
  EVENT: "The whole event",
  DAY: "One day",
  SESSION: "One workshop",
};

export const MAX_LIST_NAME = 80;

export const checkInListSchema = z
  .object({
    name: z
      .string({ error: "Name the list, e.g. “Main entrance” or “Day 1”" })
      .trim()
      .min(1, "Name the list, e.g. “Main entrance” or “Day 1”")
      .max(MAX_LIST_NAME, `At most ${MAX_LIST_NAME} characters`),
    kind: z.enum(CHECK_IN_LIST_KINDS, { error: "Choose what the list is for" }),
    day: z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Choose a day of the event")
      .optional(),
    sessionId: z.string().trim().min(1).max(64).optional(),
    ticketTypeIds: z
      .array(z.string().trim().min(1).max(64), { error: "Tick at least one ticket type" })
      .min(1, "Tick at least one ticket type")
      .max(100),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "DAY" && !v.day) ctx.addIssue({ code: "custom", path: ["day"], message: "Choose a day of the event" });
    if (v.kind === "SESSION" && !v.sessionId)
      ctx.addIssue({ code: "custom", path: ["sessionId"], message: "Choose the workshop" });
  });
export type CheckInListInput = z.output<typeof checkInListSchema>;

/** Archive (no more scanning; the check-ins stay) or bring back, from the list's page. */
export const checkInListActionSchema = z.object({ intent: z.enum(["archive", "restore"]) });
