// The organisers' registrations table: what its GET form filters by, read leniently from
// the URL, and turned into one Prisma `where` so the database filters, counts and pages.
// Pure (types only from Prisma), so unit tests and the export share it.
import { z } from "zod";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { AccessibilityNeed, QuestionKind, RegistrationStatus } from "~/generated/prisma/enums.ts";
import { ACCESSIBILITY_NEEDS } from "./registration.schema.ts";

export const REGISTRATION_STATUSES = [
  "CONFIRMED",
  "PENDING",
  "CANCELLED",
  "TRANSFERRED",
  "EXPIRED",
] as const satisfies readonly RegistrationStatus[];

export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  CONFIRMED: "Confirmed",
  PENDING: "Pending payment",
  CANCELLED: "Cancelled",
  TRANSFERRED: "Transferred",
  EXPIRED: "Expired",
};

export const REGISTRATIONS_PAGE_SIZE = 50;

/** URL parameter of an answer filter: `answer-<questionId>`. */
export const ANSWER_PARAM_PREFIX = "answer-";

export type RegistrationFilter = {
  q?: string;
  ticketTypeId?: string;
  status?: RegistrationStatus;
  need?: AccessibilityNeed;
  photo?: "yes" | "no";
  sort: "newest" | "oldest";
  /** Question id → the chosen option, or "yes"/"no" for yes/no questions. */
  answers: Record<string, string>;
  page: number;
};

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const id = z.string().trim().min(1).max(64);

// Lenient on purpose: a stale or hand-edited link drops the filter it can't read instead of failing the page.
export const registrationFilterSchema = z.object({
  q: optional(
    z
      .string()
      .trim()
      .min(1)
      .transform((q) => q.slice(0, 100)),
  ),
  ticketTypeId: optional(id),
  status: optional(z.enum(REGISTRATION_STATUSES)),
  need: optional(z.enum(ACCESSIBILITY_NEEDS)),
  photo: optional(z.enum(["yes", "no"])),
  sort: z.enum(["newest", "oldest"]).catch("newest").default("newest"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

/** Reads the table's filters from a URL's query (empty values mean "any"). */
export function parseRegistrationFilter(params: URLSearchParams): RegistrationFilter {
  const raw = Object.fromEntries([...params.keys()].map((k) => [k, params.get(k) || undefined]));
  const answers: Record<string, string> = {};
  for (const [key, value] of params) {
    if (!key.startsWith(ANSWER_PARAM_PREFIX) || !value) continue;
    const questionId = key.slice(ANSWER_PARAM_PREFIX.length);
    if (/^[A-Za-z0-9_-]{1,64}$/.test(questionId) && value.length <= 200) answers[questionId] = value;
  }
  return { ...registrationFilterSchema.parse(raw), answers };
}

/** The query string for these filters (no page unless asked): links for export, pagination and "clear". */
export function registrationFilterQuery(filter: RegistrationFilter, { page = false } = {}): string {
  const params = new URLSearchParams();
  if (filter.q) params.set("q", filter.q);
  if (filter.ticketTypeId) params.set("ticketTypeId", filter.ticketTypeId);
  if (filter.status) params.set("status", filter.status);
  if (filter.need) params.set("need", filter.need);
  if (filter.photo) params.set("photo", filter.photo);
  for (const [questionId, value] of Object.entries(filter.answers)) params.set(`${ANSWER_PARAM_PREFIX}${questionId}`, value);
  if (filter.sort !== "newest") params.set("sort", filter.sort);
  if (page && filter.page > 1) params.set("page", String(filter.page));
  return params.toString();
}

/** True when anything narrows the table (sort and page don't). */
export function isFiltered(filter: RegistrationFilter): boolean {
  return Boolean(
    filter.q || filter.ticketTypeId || filter.status || filter.need || filter.photo || Object.keys(filter.answers).length,
  );
}

export type FilterableQuestion = { id: string; kind: QuestionKind; options: string[] };

/**
 * The answer filters the event's questions can honour: choice questions by one of their
 * options, yes/no questions by "yes" or "no". Others (unknown ids, free text, values that
 * are no option) are dropped, so the form never shows a filter the table isn't applying.
 */
export function usableAnswerFilters(answers: Record<string, string>, questions: FilterableQuestion[]): Record<string, string> {
  const usable: Record<string, string> = {};
  for (const question of questions) {
    const value = answers[question.id];
    if (value === undefined) continue;
    if (
      question.kind === "YES_NO"
        ? value === "yes" || value === "no"
        : question.kind !== "TEXT" && question.options.includes(value)
    )
      usable[question.id] = value;
  }
  return usable;
}

/** The Prisma filter for one event's registrations matching `filter` (answers already made usable). */
export function registrationWhere(
  eventId: string,
  filter: RegistrationFilter,
  questions: FilterableQuestion[],
): Prisma.RegistrationWhereInput {
  const and: Prisma.RegistrationWhereInput[] = [{ eventId }];
  if (filter.ticketTypeId) and.push({ ticketTypeId: filter.ticketTypeId });
  if (filter.status) and.push({ status: filter.status });
  if (filter.need) and.push({ accessibilityNeeds: { has: filter.need } });
  if (filter.photo) and.push({ photoConsent: filter.photo === "yes" });
  if (filter.q) {
    const q = filter.q;
    and.push({
      OR: [
        { attendeeName: { contains: q, mode: "insensitive" } },
        { attendeeEmail: { contains: q, mode: "insensitive" } },
        { organisation: { contains: q, mode: "insensitive" } },
        { order: { reference: { contains: q.toUpperCase() } } },
      ],
    });
  }
  const kinds = new Map(questions.map((q) => [q.id, q.kind]));
  for (const [questionId, value] of Object.entries(usableAnswerFilters(filter.answers, questions))) {
    const kind = kinds.get(questionId);
    // The form stores "yes"/"no"; older rows may hold a JSON boolean.
    if (kind === "YES_NO")
      and.push({
        OR: [{ answers: { path: [questionId], equals: value } }, { answers: { path: [questionId], equals: value === "yes" } }],
      });
    else if (kind === "MULTI_CHOICE") and.push({ answers: { path: [questionId], array_contains: [value] } });
    else and.push({ answers: { path: [questionId], equals: value } });
  }
  return { AND: and };
}

/** Newest first by default; the id breaks ties so pages never repeat or skip a row. */
export function registrationOrderBy(filter: Pick<RegistrationFilter, "sort">): Prisma.RegistrationOrderByWithRelationInput[] {
  const direction = filter.sort === "oldest" ? "asc" : "desc";
  return [{ createdAt: direction }, { id: direction }];
}
