import type { DecodedBadgeToken } from "./badge-token.ts";

/**
 * What the door says about a scan. Pure and shared: the server judges online scans with it,
 * the scanner judges offline scans against its local copy of the list with the same rules.
 */
export type NotValidReason =
  | "MALFORMED"
  | "FORGED"
  | "OTHER_EVENT"
  | "EXPIRED"
  | "UNKNOWN"
  | "CANCELLED"
  | "REVOKED"
  | "UNPAID"
  | "NOT_ON_LIST";

export const NOT_VALID_MESSAGES: Record<NotValidReason, string> = {
  MALFORMED: "This is not a Summit badge.",
  FORGED: "Forged or altered badge: the signature does not match.",
  OTHER_EVENT: "This badge is for another event.",
  EXPIRED: "This badge has expired.",
  UNKNOWN: "Unknown badge: no such registration.",
  CANCELLED: "This registration was cancelled.",
  REVOKED: "This badge was replaced by a newer one (reissued or transferred).",
  UNPAID: "This registration is not paid.",
  NOT_ON_LIST: "This ticket is not admitted on this list.",
};

/** The door's view of a registration: also what the scanner keeps offline. */
export type ListEntry = {
  registrationId: string;
  name: string;
  email: string;
  orderReference: string;
  ticketTypeId: string;
  ticketType: string;
  status: "PENDING" | "CONFIRMED" | "CANCELLED" | "TRANSFERRED" | "EXPIRED";
  badgeVersion: number;
  /** Labels of the accessibility needs the attendee listed; empty when none. */
  accessibilityNeeds: string[];
};

export type AdmittedPerson = Pick<ListEntry, "registrationId" | "name" | "ticketType" | "accessibilityNeeds">;

export type Verdict =
  | { kind: "ADMIT"; person: AdmittedPerson; checkedInAt: string; nonce: string }
  | { kind: "ALREADY_CHECKED_IN"; person: AdmittedPerson; checkedInAt: string; deviceName: string | null }
  | { kind: "NOT_VALID"; reason: NotValidReason; message: string };

export function notValid(reason: NotValidReason): Extract<Verdict, { kind: "NOT_VALID" }> {
  return { kind: "NOT_VALID", reason, message: NOT_VALID_MESSAGES[reason] };
}

export function admittedPerson(entry: ListEntry): AdmittedPerson {
  return {
    registrationId: entry.registrationId,
    name: entry.name,
    ticketType: entry.ticketType,
    accessibilityNeeds: entry.accessibilityNeeds,
  };
}

/** Whether the registration behind an entry may pass a list, before looking at check-ins. */
export function judgeEntry(
  entry: ListEntry | undefined,
  admitsTicketType: (ticketTypeId: string) => boolean,
): { ok: true; entry: ListEntry } | { ok: false; reason: NotValidReason } {
  if (!entry) return { ok: false, reason: "UNKNOWN" };
  if (entry.status === "CANCELLED") return { ok: false, reason: "CANCELLED" };
  if (entry.status === "TRANSFERRED") return { ok: false, reason: "REVOKED" };
  if (entry.status !== "CONFIRMED") return { ok: false, reason: "UNPAID" };
  if (!admitsTicketType(entry.ticketTypeId)) return { ok: false, reason: "NOT_ON_LIST" };
  return { ok: true, entry };
}

/**
 * Whether a decoded token may pass: its signature (checked by the caller), its event, its
 * expiry, then the registration it names. `entry` is the registration of the list's event
 * with the token's id, if there is one.
 */
export function judgeBadge(input: {
  token: DecodedBadgeToken | null;
  signatureValid: boolean;
  eventTag: string;
  today: number;
  entry: ListEntry | undefined;
  admitsTicketType: (ticketTypeId: string) => boolean;
}): { ok: true; entry: ListEntry } | { ok: false; reason: NotValidReason } {
  const { token } = input;
  if (!token) return { ok: false, reason: "MALFORMED" };
  if (!input.signatureValid) return { ok: false, reason: "FORGED" };
  if (token.claims.eventTag !== input.eventTag) return { ok: false, reason: "OTHER_EVENT" };
  if (token.claims.expiresOn < input.today) return { ok: false, reason: "EXPIRED" };
  const judged = judgeEntry(input.entry, input.admitsTicketType);
  if (!judged.ok) return judged;
  if (token.claims.badgeVersion !== judged.entry.badgeVersion) return { ok: false, reason: "REVOKED" };
  return judged;
}
