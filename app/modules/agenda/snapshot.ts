// What a release publishes: the agenda as attendees, pages and calendar feeds see it.
// Stored as JSON in AgendaRelease.snapshot, so reading the public agenda is one row.

export type SnapshotTrack = { id: string; name: string; color: string };

export type SnapshotRoom = {
  id: string;
  name: string;
  capacity: number;
  stepFree: boolean;
  hearingLoop: boolean;
  liveCaptioning: boolean;
};

export type SnapshotSpeaker = {
  id: string;
  name: string;
  title: string;
  organisation: string;
  bio: string;
  handles: Record<string, string>;
  hasPhoto: boolean;
};

export type SnapshotSession = {
  id: string;
  title: string;
  abstract: string;
  kind: "KEYNOTE" | "PANEL" | "TALK" | "WORKSHOP" | "BREAK";
  status: "PUBLISHED" | "CANCELLED";
  trackId: string | null;
  roomId: string | null;
  /** ISO 8601 UTC instants. */
  startsAt: string;
  endsAt: string;
  capacity: number | null;
  speakerIds: string[];
  /** RFC 5545 SEQUENCE: raised by every release that changes this session. */
  sequence: number;
};

export type AgendaSnapshot = {
  event: {
    id: string;
    slug: string;
    name: string;
    timeZone: string;
    startsAt: string;
    endsAt: string;
    campus: { name: string; address: string };
  };
  tracks: SnapshotTrack[];
  rooms: SnapshotRoom[];
  speakers: SnapshotSpeaker[];
  /** Sorted by start, then title (pages order parallel sessions by room themselves). */
  sessions: SnapshotSession[];
};

export type ChangeKind = "new" | "moved" | "new room" | "cancelled" | "reinstated" | "updated" | "removed";

export type ReleaseChange = { sessionId: string; title: string; kinds: ChangeKind[] };
