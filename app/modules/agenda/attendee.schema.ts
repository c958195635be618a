import { z } from "zod";
import { SESSION_KINDS } from "./agenda.schema.ts";
import type { AgendaFilters } from "./agenda-filter.ts";

// The attendee's buttons on agenda, session and personal-agenda pages. Each names the
// state it wants ("star", not "toggle"), so a resubmitted form changes nothing twice.
export const SESSION_INTENTS = ["star", "unstar", "rsvp", "cancel-rsvp"] as const;
export type SessionIntent = (typeof SESSION_INTENTS)[number];

export const sessionIntentSchema = z.object({
  intent: z.enum(SESSION_INTENTS, { error: "Unknown action." }),
  sessionId: z.string({ error: "Which session?" }).trim().min(1, "Which session?").max(64, "Which session?"),
});

export const feedIntentSchema = z.object({
  intent: z.enum(["create-feed", "revoke-feed"], { error: "Unknown action." }),
});

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

// Lenient on purpose: a stale or hand-edited link drops the filter it can't read instead of failing the page.
const agendaFiltersSchema = z.object({
  day: optional(z.union([z.literal("all"), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)])),
  track: optional(z.string().trim().min(1).max(64)),
  room: optional(z.string().trim().min(1).max(64)),
  kind: optional(z.enum(SESSION_KINDS)),
  q: optional(
    z
      .string()
      .trim()
      .min(1)
      .transform((q) => q.slice(0, 100)),
  ),
});

/** The agenda page's GET form: day, track, room, kind and search text. */
export function parseAgendaFilters(params: URLSearchParams): AgendaFilters {
  const raw = Object.fromEntries([...params.keys()].map((k) => [k, params.get(k) || undefined]));
  return agendaFiltersSchema.parse(raw);
}
