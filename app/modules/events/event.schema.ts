import { z } from "zod";
import { isValidTimeZone } from "~/shared/dates.ts";

export const EVENT_KINDS = ["SUMMIT", "BOOTCAMP", "WORKSHOP"] as const;
export const EVENT_KIND_LABELS: Record<(typeof EVENT_KINDS)[number], string> = {
  SUMMIT: "Summit",
  BOOTCAMP: "Boot camp",
  WORKSHOP: "Workshop",
};

const localDateTime = (label: string) =>
  z
    .string({ error: `Enter the ${label} date and time` })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, `Enter the ${label} as a date and time`);

export const timeZoneField = z
  .string({ error: "Choose a time zone" })
  .trim()
  .max(64)
  .refine(isValidTimeZone, "Choose a time zone from the list (an IANA name like America/Chicago)");

export const campusSchema = z.object({
  name: z.string({ error: "Enter the campus name" }).trim().min(2, "Enter the campus name").max(120, "At most 120 characters"),
  city: z.string({ error: "Enter the city" }).trim().min(2, "Enter the city").max(120, "At most 120 characters"),
  address: z
    .string({ error: "Enter the street address" })
    .trim()
    .min(5, "Enter the full street address")
    .max(300, "At most 300 characters"),
  timeZone: timeZoneField,
});

export const eventSchema = z
  .object({
    name: z
      .string({ error: "Enter the event name" })
      .trim()
      .min(3, "Use at least 3 characters")
      .max(160, "At most 160 characters"),
    slug: z
      .string({ error: "Enter a web address name" })
      .trim()
      .min(3, "Use at least 3 characters")
      .max(80, "At most 80 characters")
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens, like summit-2027"),
    kind: z.enum(EVENT_KINDS, { error: "Choose the kind of event" }),
    campusId: z.string({ error: "Choose a campus" }).min(1, "Choose a campus").max(64),
    timeZone: timeZoneField,
    startsAt: localDateTime("start"),
    endsAt: localDateTime("end"),
    description: z.string().trim().max(5000, "At most 5,000 characters").default(""),
    published: z.boolean().default(false),
  })
  .refine((v) => v.endsAt > v.startsAt, { path: ["endsAt"], message: "The end must be after the start" });
