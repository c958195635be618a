import type { ListEntry } from "../verdict.ts";

/**
 * The scanner's offline copy of a check-in list, exactly as
 * `GET /api/check-in/lists/:listId/snapshot` sends it (see /work/briefs/checkin-api.md), and
 * the in-memory index the door judges scans against. Pure, so the browser, the unit tests
 * and the benchmark share it.
 */
export type SnapshotList = {
  id: string;
  name: string;
  kind: "EVENT" | "DAY" | "SESSION";
  eventId: string;
  eventName: string;
  eventTag: string;
  /** Ticket type ids the list admits. */
  admits: string[];
  /** An archived list takes no more scans. */
  archived?: boolean;
};

export type SnapshotKey = { kid: string; publicKey: string };

/** Someone admitted on the list: by the server's record, or by this device while offline. */
export type LocalCheckIn = { registrationId: string; checkedInAt: string; deviceName: string | null };

export type DuplicateAdmission = { registrationId: string; name: string; deviceName: string | null; scannedAt: string };

export type CheckInSnapshot = {
  list: SnapshotList;
  keys: SnapshotKey[];
  /** Every registration of the event in any status: the revocation list too. */
  entries: ListEntry[];
  checkIns: LocalCheckIn[];
  duplicates: DuplicateAdmission[];
  generatedAt: string;
};

export type DoorIndex = {
  list: SnapshotList;
  entries: Map<string, ListEntry>;
  admits: (ticketTypeId: string) => boolean;
  /** Who is in already, by registration id; the scanner adds its own admissions as it goes. */
  checkIns: Map<string, LocalCheckIn>;
};

/** The index of a snapshot, with this device's admissions the server has not seen yet on top. */
export function indexSnapshot(snapshot: CheckInSnapshot, pending: LocalCheckIn[] = []): DoorIndex {
  const admitted = new Set(snapshot.list.admits);
  const checkIns = new Map(snapshot.checkIns.map((c) => [c.registrationId, c]));
  for (const c of pending) if (!checkIns.has(c.registrationId)) checkIns.set(c.registrationId, c);
  return {
    list: snapshot.list,
    entries: new Map(snapshot.entries.map((e) => [e.registrationId, e])),
    admits: (ticketTypeId) => admitted.has(ticketTypeId),
    checkIns,
  };
}

export type SearchResult = ListEntry & { checkedInAt: string | null; deviceName: string | null };

export const MAX_SEARCH_RESULTS = 20;

const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();

/**
 * Manual look-up in the local copy, for when the network is gone: name, email or order
 * reference containing the query (case and accents ignored), names starting with it first.
 */
export function searchIndex(index: DoorIndex, query: string, limit = MAX_SEARCH_RESULTS): SearchResult[] {
  const q = fold(query.trim());
  if (q.length < 2) return [];
  const hits: { entry: ListEntry; rank: number }[] = [];
  for (const entry of index.entries.values()) {
    const name = fold(entry.name);
    const rank = name.startsWith(q) ? 0 : name.includes(q) ? 1 : fold(entry.email).includes(q) ? 2 : null;
    const byReference = rank === null && entry.orderReference.toLowerCase().includes(q) ? 3 : rank;
    if (byReference !== null) hits.push({ entry, rank: byReference });
  }
  hits.sort((a, b) => a.rank - b.rank || a.entry.name.localeCompare(b.entry.name));
  return hits.slice(0, limit).map(({ entry }) => {
    const checkIn = index.checkIns.get(entry.registrationId);
    return { ...entry, checkedInAt: checkIn?.checkedInAt ?? null, deviceName: checkIn?.deviceName ?? null };
  });
}
