import { dayNumber, decodeBadgeToken } from "../badge-token.ts";
import { type AdmittedPerson, admittedPerson, judgeBadge, judgeEntry, notValid, type Verdict } from "../verdict.ts";
import type { BadgeSignatureVerifier } from "./badge-signatures.ts";
import type { DoorIndex } from "./snapshot.ts";

/**
 * The door's verdict from the local copy of the list, with the shared rules of verdict.ts.
 * "MAY_ADMIT" is an ADMIT the caller still has to record (queue, with its nonce) before
 * telling the person at the door.
 */
export type OfflineJudgement =
  | { kind: "MAY_ADMIT"; person: AdmittedPerson }
  | Extract<Verdict, { kind: "ALREADY_CHECKED_IN" | "NOT_VALID" }>;

function afterRules(index: DoorIndex, judged: ReturnType<typeof judgeEntry>): OfflineJudgement {
  if (!judged.ok) return notValid(judged.reason);
  const person = admittedPerson(judged.entry);
  const already = index.checkIns.get(judged.entry.registrationId);
  if (already) return { kind: "ALREADY_CHECKED_IN", person, checkedInAt: already.checkedInAt, deviceName: already.deviceName };
  return { kind: "MAY_ADMIT", person };
}

/** Decode, verify the signature, judge: a scanned QR text against the local copy. */
export async function judgeTokenOffline(
  index: DoorIndex,
  verifier: BadgeSignatureVerifier,
  text: string,
  now: Date,
): Promise<OfflineJudgement> {
  const token = decodeBadgeToken(text);
  const signatureValid = token ? await verifier.verify(token) : false;
  const judged = judgeBadge({
    token,
    signatureValid,
    eventTag: index.list.eventTag,
    today: dayNumber(now),
    entry: token ? index.entries.get(token.claims.registrationId) : undefined,
    admitsTicketType: index.admits,
  });
  return afterRules(index, judged);
}

/** A person picked from search: the same rules, minus the badge's own. */
export function judgeRegistrationOffline(index: DoorIndex, registrationId: string): OfflineJudgement {
  return afterRules(index, judgeEntry(index.entries.get(registrationId), index.admits));
}
