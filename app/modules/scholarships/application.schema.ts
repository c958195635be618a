import { z } from "zod";
import { attendeeDetailFields } from "~/modules/registration/registration.schema.ts";
import { formatMoney, parseMoney } from "~/shared/money.ts";

// The scholarship application form (shared by the browser and the server), the caregiver
// invitation form and the applicant's buttons. Drafts may be partial; submitting checks all.

export const APPLICANT_ROLES = ["PATIENT", "CAREGIVER"] as const;
export type ApplicantRoleValue = (typeof APPLICANT_ROLES)[number];
export const ROLE_LABELS: Record<ApplicantRoleValue, string> = { PATIENT: "Patient", CAREGIVER: "Caregiver" };

export const STORY_MAX = 10_000;
export const STORY_MIN = 50;
export const FINANCIAL_NEED_MAX = 5_000;

/** A money amount as typed; blank is $0. Negative and huge amounts get their own words. */
const amount = (label: string) =>
  z
    .string()
    .trim()
    .default("")
    .superRefine((v, ctx) => {
      if (v === "") return;
      if (v.startsWith("-")) ctx.addIssue({ code: "custom", message: `The ${label} amount can't be negative.` });
      else if (/^\$?[\d,]{8,}(\.\d*)?$/.test(v))
        ctx.addIssue({ code: "custom", message: `That ${label} amount is far too large.` });
      else if (parseMoney(v) === null)
        ctx.addIssue({ code: "custom", message: `Enter the ${label} amount in dollars, like 250 or 250.00.` });
    })
    .transform((v) => (v === "" ? 0 : (parseMoney(v) ?? 0)));

export function applicationSchema({ maxAwardCents }: { maxAwardCents: number }) {
  return z
    .object({
      intent: z.enum(["save", "submit"], { error: "Save a draft or submit." }),
      role: z.enum(APPLICANT_ROLES, { error: "Say whether you are applying as a patient or as a caregiver." }),
      story: z
        .string()
        .trim()
        .max(STORY_MAX, `Your story can be at most ${STORY_MAX.toLocaleString("en-US")} characters.`)
        .default(""),
      financialNeed: z
        .string()
        .trim()
        .max(FINANCIAL_NEED_MAX, `This can be at most ${FINANCIAL_NEED_MAX.toLocaleString("en-US")} characters.`)
        .default(""),
      requestWaiver: z.boolean().default(false),
      requestTravel: amount("travel"),
      requestLodging: amount("lodging"),
      // The same accessibility fields as a registration's: an award's seat is filled from them.
      accessibilityNeeds: attendeeDetailFields.accessibilityNeeds,
      accessibilityNotes: attendeeDetailFields.accessibilityNotes,
      consentReviewersRead: z.boolean().default(false),
      consentPublicQuote: z.boolean().default(false),
    })
    .superRefine((v, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
      if (v.requestTravel + v.requestLodging > maxAwardCents)
        issue(
          "requestLodging",
          `Travel and lodging together can be at most ${formatMoney(maxAwardCents)}, this cycle's maximum award.`,
        );
      if (v.intent !== "submit") return;
      if (v.story.length < STORY_MIN)
        issue("story", `Tell us your story in at least ${STORY_MIN} characters: why attending matters to you.`);
      if (!v.financialNeed) issue("financialNeed", "Tell us about your financial need.");
      if (!v.requestWaiver && v.requestTravel === 0 && v.requestLodging === 0)
        issue("requestWaiver", "Ask for at least one kind of support: the registration waiver, travel or lodging.");
      if (v.accessibilityNeeds.some((n) => n === "DIETARY" || n === "OTHER") && !v.accessibilityNotes)
        issue("accessibilityNotes", "Tell us a little more so we can prepare.");
      if (!v.consentReviewersRead)
        issue("consentReviewersRead", "Reviewers must be able to read your story to consider your application.");
    });
}
export type ApplicationInput = z.output<ReturnType<typeof applicationSchema>>;

/** The patient's invitation to their caregiver. */
export const inviteCaregiverSchema = z.object({
  intent: z.literal("invite-caregiver"),
  email: z
    .string({ error: "Enter your caregiver's email." })
    .trim()
    .toLowerCase()
    .max(254, "That email is too long.")
    .pipe(z.email("Enter a valid email address, like name@example.org.")),
});

/** The other buttons of the applicant's status page. */
export const applicationIntentSchema = z.object({ intent: z.enum(["withdraw"], { error: "Unknown action." }) });
