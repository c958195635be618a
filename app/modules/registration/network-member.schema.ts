import { z } from "zod";
import { pageQuerySchema } from "~/shared/pagination.ts";

export const MEMBER_KINDS = ["INDIVIDUAL", "ORGANISATION"] as const;
export type MemberKindValue = (typeof MEMBER_KINDS)[number];
export const MEMBER_KIND_LABELS: Record<MemberKindValue, string> = {
  INDIVIDUAL: "Individual",
  ORGANISATION: "Organisation",
};

const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** "@Mayo.edu " → "mayo.edu": people paste the part after the @ with or without it. */
export function normaliseDomain(input: string): string {
  return input.trim().toLowerCase().replace(/^@/, "");
}

const email = z
  .string({ error: "Enter the member's email" })
  .trim()
  .toLowerCase()
  .max(254, "At most 254 characters")
  .pipe(z.email({ error: "Enter an email address like name@example.org" }));

const domain = z
  .string({ error: "Enter the organisation's email domain" })
  .max(253, "At most 253 characters")
  .transform(normaliseDomain)
  .refine((d) => DOMAIN.test(d), "Enter an email domain like example.org (the part after the @)");

/** "YYYY-MM-DD", the last day the membership counts. */
const validUntil = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date as YYYY-MM-DD")
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    "That date doesn't exist",
  );

const memberFields = {
  name: z.string({ error: "Enter the name" }).trim().min(2, "Use at least 2 characters").max(160, "At most 160 characters"),
  organisation: z.string().trim().max(160, "At most 160 characters").default(""),
  validUntil: validUntil.optional(),
};

/** Individuals are matched by email, organisations by their email domain: each needs its own and not the other. */
export const networkMemberSchema = z
  .object({
    kind: z.enum(MEMBER_KINDS, { error: "Choose individual or organisation" }),
    email: email.optional(),
    domain: domain.optional(),
    ...memberFields,
  })
  .superRefine((v, ctx) => {
    if (v.kind === "INDIVIDUAL" && !v.email)
      ctx.addIssue({ code: "custom", path: ["email"], message: "Enter the member's email" });
    if (v.kind === "ORGANISATION" && !v.domain)
      ctx.addIssue({ code: "custom", path: ["domain"], message: "Enter the organisation's email domain, like example.org" });
  })
  .transform(({ kind, email, domain, ...rest }) => ({
    ...rest,
    kind,
    email: kind === "INDIVIDUAL" ? (email ?? null) : null,
    domain: kind === "ORGANISATION" ? (domain ?? null) : null,
  }));
export type NetworkMemberInput = z.output<typeof networkMemberSchema>;

export const memberSearchSchema = pageQuerySchema.extend({
  q: z.string().trim().max(100, "Search terms are at most 100 characters").optional(),
  // "Any kind" sends an empty value; an unknown one also means any.
  kind: z.enum(MEMBER_KINDS).optional().catch(undefined),
});
export type MemberSearch = z.output<typeof memberSearchSchema>;

// ---------------------------------------------------------------- CSV import

export const MAX_MEMBERS_CSV_BYTES = 2 * 1024 * 1024;
export const MAX_MEMBERS_CSV_ROWS = 10_000;
export const MEMBER_CSV_COLUMNS = ["kind", "name", "email", "domain", "organisation", "valid_until"] as const;

/** Upload (or paste) first with intent "preview", then "commit" with the same text. */
export const membersImportSchema = z
  .object({
    intent: z.enum(["preview", "commit"]).default("preview"),
    file: z
      .file()
      .max(MAX_MEMBERS_CSV_BYTES, "The file must be 2 MB or smaller")
      .refine((f) => /\.(csv|txt)$/i.test(f.name) || /^text\/|csv/.test(f.type), "Choose a .csv file")
      .optional(),
    text: z.string().max(MAX_MEMBERS_CSV_BYTES, "Paste at most 2 MB of text").optional(),
  })
  .refine((v) => v.file || v.text?.trim(), { path: ["file"], message: "Choose a CSV file or paste its contents" });

/** One CSV row, after the kind is known; the messages name the column. */
export const memberCsvRowSchema = z.object({
  kind: z
    .string()
    .trim()
    .toLowerCase()
    .transform((k) => (k === "organization" ? "organisation" : k))
    .pipe(z.enum(["individual", "organisation"], { error: "Write individual or organisation" })),
  name: memberFields.name,
  email: z.string().trim().default(""),
  domain: z.string().trim().default(""),
  organisation: memberFields.organisation,
  valid_until: z.union([z.literal(""), validUntil]).default(""),
});

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Memberships are organisation-wide, not tied to an event's zone: "valid until 2027-12-31"
 * counts through that whole day, so it is stored as the instant the day ends in UTC.
 */
export function validUntilInstant(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS);
}

/** The stored instant back as the last valid day, "YYYY-MM-DD". */
export function validUntilDate(at: Date): string {
  return new Date(at.getTime() - 1).toISOString().slice(0, 10);
}
