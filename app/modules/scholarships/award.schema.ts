// The committee's forms (award, waitlist, decline, split a pair), the awardee's reply and
// the stipend payout form. Shared by the pages (Conform) and the server.
import { z } from "zod";
import { askForAccessibilityNotes, attendeeDetailFields } from "~/modules/registration/registration.schema.ts";
import { parseMoney } from "~/shared/money.ts";

const DOLLARS_HINT = "Enter an amount in dollars, like 350 or 350.50 (no minus sign).";

/** Dollars typed by a person ("350", "1,200.50"); blank is nothing. */
const dollars = z
  .string({ error: DOLLARS_HINT })
  .trim()
  .max(20, DOLLARS_HINT)
  .default("")
  .transform((value, ctx) => {
    if (value === "") return 0;
    const cents = parseMoney(value);
    if (cents === null) {
      ctx.addIssue({ code: "custom", message: DOLLARS_HINT });
      return z.NEVER;
    }
    return cents;
  });

const applicationId = z
  .string({ error: "Choose an application." })
  .trim()
  .min(1, "Choose an application.")
  .max(64, "Choose an application.");

/** A checkbox: present ("on") means yes. */
const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean());

/**
 * An award from the committee row: a registration waiver (worth the regular ticket) plus
 * travel and lodging. A pair's row carries the partner's amounts too (`partner*`).
 */
export const awardSchema = z.object({
  intent: z.literal("award"),
  applicationId,
  waiver: checkbox,
  travel: dollars,
  lodging: dollars,
  partnerWaiver: checkbox,
  partnerTravel: dollars,
  partnerLodging: dollars,
});

export const waitlistSchema = z.object({ intent: z.literal("waitlist"), applicationId });
export const declineSchema = z.object({ intent: z.literal("decline"), applicationId });
export const splitPairSchema = z.object({
  intent: z.literal("split"),
  applicationId,
  reason: z
    .string({ error: "Say why the pair is decided apart, for the record." })
    .trim()
    .min(3, "Say why the pair is decided apart, for the record.")
    .max(500, "Use at most 500 characters."),
});

export const COMMITTEE_ACTION_SCHEMAS = {
  award: awardSchema,
  waitlist: waitlistSchema,
  decline: declineSchema,
  split: splitPairSchema,
} as const;
export type CommitteeIntent = keyof typeof COMMITTEE_ACTION_SCHEMAS;

/**
 * Accepting an award registers the awardee: what the registration form would ask them
 * (their name and email come from the account).
 */
export const acceptAwardSchema = z
  .object({
    intent: z.literal("accept"),
    ...attendeeDetailFields,
  })
  .superRefine(askForAccessibilityNotes);
export type AcceptAwardForm = z.output<typeof acceptAwardSchema>;
/** What is kept on the award until the seat is registered. */
export type AttendeeDetails = Omit<AcceptAwardForm, "intent">;

export const declineAwardSchema = z.object({ intent: z.literal("decline") });

export const REPLY_SCHEMAS = { accept: acceptAwardSchema, decline: declineAwardSchema } as const;

export const MAX_RECEIPT_BYTES = 5 * 1024 * 1024;
export const MAX_RECEIPTS = 5;

/** A stipend payout: amount, the day it was paid, a note; receipts come as files. */
export const payoutSchema = z.object({
  amount: dollars.refine((cents) => cents > 0, "Enter the amount paid, more than zero."),
  paidOn: z
    .string({ error: "Enter the day it was paid." })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the day it was paid, like 2027-09-20."),
  note: z.string().trim().max(500, "Use at most 500 characters.").default(""),
});
export type PayoutForm = z.output<typeof payoutSchema>;

export const AWARD_STATUS_LABELS = {
  OFFERED: "Offered, awaiting reply",
  ACCEPTED: "Accepted",
  DECLINED: "Declined by the awardee",
  LAPSED: "Lapsed (no reply)",
} as const;

export const APPLICATION_STATUS_LABELS = {
  DRAFT: "Draft",
  SUBMITTED: "Submitted",
  WITHDRAWN: "Withdrawn",
  AWARDED: "Awarded",
  WAITLISTED: "Waitlisted",
  DECLINED: "Declined",
} as const;

const COMMITTEE_STATUSES = ["SUBMITTED", "WAITLISTED", "AWARDED", "DECLINED", "WITHDRAWN"] as const;
export const COMMITTEE_STATUS_FILTERS = ["UNDECIDED", ...COMMITTEE_STATUSES] as const;

/** The committee page's filters (a GET form); anything malformed is ignored, never an error. */
const committeeFilterSchema = z.object({
  status: z.enum(COMMITTEE_STATUS_FILTERS).optional().catch(undefined),
  role: z.enum(["PATIENT", "CAREGIVER"]).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type CommitteeFilter = z.output<typeof committeeFilterSchema>;

export function parseCommitteeFilter(params: URLSearchParams): CommitteeFilter {
  const parsed = committeeFilterSchema.parse(Object.fromEntries(params));
  return { ...parsed, q: parsed.q || undefined };
}

export const ROLE_LABELS = { PATIENT: "Patient", CAREGIVER: "Caregiver" } as const;
