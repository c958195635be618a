import type { z } from "zod";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { readCsvTable } from "~/shared/csv.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { DomainError, RuleViolation } from "~/shared/errors.ts";
import {
  CSV_COLUMNS,
  type ImportKind,
  REQUIRED_CSV_COLUMNS,
  SESSION_KIND_LABELS,
  SESSION_STATUS_LABELS,
  SOCIAL_NETWORKS,
  sessionCsvRowSchema,
  speakerCsvRowSchema,
} from "./agenda.schema.ts";
import { eventInstant } from "./sessions.server.ts";
import { getAgendaEvent } from "./venue.server.ts";

/** More rows than any real programme; beyond this a file is a mistake, not an agenda. */
export const MAX_CSV_ROWS = 2000;

// Spellings people type in spreadsheet headers.
const COLUMN_ALIASES: Record<string, string> = { organization: "organisation", twitter: "x", speaker: "speakers" };

export type RowError = { line: number; messages: string[] };

export type SpeakerPreviewRow = {
  line: number;
  action: "new" | "update";
  name: string;
  title: string;
  organisation: string;
};

export type SessionPreviewRow = {
  line: number;
  title: string;
  kind: string;
  /** Wall-clock in the event's zone, as written. */
  start: string;
  end: string;
  room: string;
  track: string;
  speakers: string[];
  capacity: number | null;
  status: string;
};

export type ImportPreview =
  | { kind: "speakers"; rows: SpeakerPreviewRow[]; errors: RowError[]; fileErrors: string[] }
  | { kind: "sessions"; rows: SessionPreviewRow[]; errors: RowError[]; fileErrors: string[] };

/** Splits the text into records keyed by (normalised) header names, with each record's first line. */
function readCsv(kind: ImportKind, text: string) {
  const { rowErrors, ...table } = readCsvTable(text, {
    columns: CSV_COLUMNS[kind],
    required: REQUIRED_CSV_COLUMNS[kind],
    aliases: COLUMN_ALIASES,
    maxRows: MAX_CSV_ROWS,
    tooManyRows: (rows) => `The file has ${rows} rows; import at most ${MAX_CSV_ROWS} at a time.`,
  });
  return { ...table, rowErrors: rowErrors.map(({ line, message }) => ({ line, messages: [message] })) };
}

function issueMessages(error: z.ZodError): string[] {
  return error.issues.map((issue) => (issue.path.length ? `${String(issue.path[0])}: ${issue.message}` : issue.message));
}

const byLine = (a: { line: number }, b: { line: number }) => a.line - b.line;

type SpeakerPlan = {
  preview: Extract<ImportPreview, { kind: "speakers" }>;
  writes: {
    line: number;
    existingId: string | null;
    data: { name: string; handles: Record<string, string>; title?: string; organisation?: string; bio?: string };
  }[];
};

async function planSpeakers(db: DbTx, eventId: string, text: string): Promise<SpeakerPlan> {
  const { records, columns, fileErrors, rowErrors } = readCsv("speakers", text);
  const errors = [...rowErrors];
  const rows: SpeakerPreviewRow[] = [];
  const writes: SpeakerPlan["writes"] = [];
  const existing = await db.speaker.findMany({ where: { eventId }, select: { id: true, name: true, handles: true } });
  const byName = new Map(existing.map((s) => [s.name.toLowerCase(), s]));
  const seen = new Map<string, number>();
  for (const { line, values } of records) {
    const parsed = speakerCsvRowSchema.safeParse(values);
    if (!parsed.success) {
      errors.push({ line, messages: issueMessages(parsed.error) });
      continue;
    }
    const row = parsed.data;
    const key = row.name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ line, messages: [`name: “${row.name}” is already on line ${first} of this file.`] });
      continue;
    }
    seen.set(key, line);
    const match = byName.get(key);
    // Only the columns the file has are written: a missing column leaves an existing speaker's value alone.
    const has = (c: string) => columns.includes(c);
    const handles = { ...((match?.handles ?? {}) as Record<string, string>) };
    for (const n of SOCIAL_NETWORKS) {
      if (!has(n)) continue;
      if (row[n]) handles[n] = row[n];
      else delete handles[n];
    }
    const data: SpeakerPlan["writes"][number]["data"] = { name: row.name, handles };
    for (const c of ["title", "organisation", "bio"] as const) if (has(c) || !match) data[c] = row[c];
    writes.push({ line, existingId: match?.id ?? null, data });
    rows.push({ line, action: match ? "update" : "new", name: row.name, title: row.title, organisation: row.organisation });
  }
  return { preview: { kind: "speakers", rows, errors: errors.sort(byLine), fileErrors }, writes };
}

type SessionPlan = {
  preview: Extract<ImportPreview, { kind: "sessions" }>;
  writes: {
    line: number;
    data: {
      title: string;
      abstract: string;
      kind: z.output<typeof sessionCsvRowSchema>["kind"];
      status: z.output<typeof sessionCsvRowSchema>["status"];
      startsAt: Date;
      endsAt: Date;
      roomId: string | null;
      trackId: string | null;
      capacity: number | null;
    };
    speakerIds: string[];
  }[];
};

async function planSessions(db: DbTx, eventId: string, text: string): Promise<SessionPlan> {
  const event = await getAgendaEvent(db, eventId);
  const { records, fileErrors, rowErrors } = readCsv("sessions", text);
  const [rooms, tracks, speakers, sessions] = await Promise.all([
    db.room.findMany({ where: { eventId }, select: { id: true, name: true } }),
    db.track.findMany({ where: { eventId }, select: { id: true, name: true } }),
    db.speaker.findMany({ where: { eventId }, select: { id: true, name: true } }),
    db.agendaSession.findMany({ where: { eventId }, select: { title: true, startsAt: true } }),
  ]);
  const lookup = <T extends { name: string }>(items: T[]) => new Map(items.map((i) => [i.name.toLowerCase(), i]));
  const roomByName = lookup(rooms);
  const trackByName = lookup(tracks);
  const speakerByName = lookup(speakers);
  // Importing the same file twice must not double the agenda.
  const sessionKey = (title: string, startsAt: Date) => `${title.toLowerCase()}\u0000${startsAt.toISOString()}`;
  const taken = new Map<string, number | null>(sessions.map((s) => [sessionKey(s.title, s.startsAt), null]));

  const errors = [...rowErrors];
  const rows: SessionPreviewRow[] = [];
  const writes: SessionPlan["writes"] = [];
  for (const { line, values } of records) {
    const parsed = sessionCsvRowSchema.safeParse(values);
    if (!parsed.success) {
      errors.push({ line, messages: issueMessages(parsed.error) });
      continue;
    }
    const row = parsed.data;
    const messages: string[] = [];
    const room = row.room ? roomByName.get(row.room.toLowerCase()) : undefined;
    if (row.room && !room) messages.push(`room: No room named “${row.room}” in this event. Add it under Rooms & tracks first.`);
    const track = row.track ? trackByName.get(row.track.toLowerCase()) : undefined;
    if (row.track && !track)
      messages.push(`track: No track named “${row.track}” in this event. Add it under Rooms & tracks first.`);
    const speakerIds: string[] = [];
    for (const name of row.speakers) {
      const speaker = speakerByName.get(name.toLowerCase());
      if (!speaker) messages.push(`speakers: No speaker named “${name}” in this event. Import or add speakers first.`);
      else if (!speakerIds.includes(speaker.id)) speakerIds.push(speaker.id);
    }
    let startsAt: Date | null = null;
    let endsAt: Date | null = null;
    try {
      startsAt = eventInstant(row.start, event.timeZone, "start", "start");
      endsAt = eventInstant(row.end, event.timeZone, "end", "end");
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      messages.push(`${startsAt ? "end" : "start"}: ${error.message}`);
    }
    if (startsAt) {
      const key = sessionKey(row.title, startsAt);
      if (taken.has(key)) {
        const first = taken.get(key);
        messages.push(
          first
            ? `title: “${row.title}” at this time is already on line ${first} of this file.`
            : `title: “${row.title}” already starts at this time in the agenda (imported before?).`,
        );
      } else taken.set(key, line);
    }
    if (messages.length || !startsAt || !endsAt) {
      errors.push({ line, messages });
      continue;
    }
    writes.push({
      line,
      speakerIds,
      data: {
        title: row.title,
        abstract: row.abstract,
        kind: row.kind,
        status: row.status,
        startsAt,
        endsAt,
        roomId: room?.id ?? null,
        trackId: track?.id ?? null,
        capacity: row.capacity ?? null,
      },
    });
    rows.push({
      line,
      title: row.title,
      kind: SESSION_KIND_LABELS[row.kind],
      start: row.start.replace("T", " "),
      end: row.end.replace("T", " "),
      room: room?.name ?? "",
      track: track?.name ?? "",
      speakers: speakerIds.map((id) => speakers.find((s) => s.id === id)?.name ?? ""),
      capacity: row.capacity ?? null,
      status: SESSION_STATUS_LABELS[row.status],
    });
  }
  return { preview: { kind: "sessions", rows, errors: errors.sort(byLine), fileErrors }, writes };
}

function plan(db: DbTx, eventId: string, kind: ImportKind, text: string) {
  return kind === "speakers" ? planSpeakers(db, eventId, text) : planSessions(db, eventId, text);
}

/** Parses and checks every row without writing anything: what an import would do, and each row's problems. */
export async function previewImport(db: Db, eventId: string, kind: ImportKind, text: string): Promise<ImportPreview> {
  await getAgendaEvent(db, eventId);
  return (await plan(db, eventId, kind, text)).preview;
}

/**
 * Imports every row or none: the file is checked again inside the transaction (the
 * agenda may have changed since the preview), and one bad row writes nothing.
 */
export async function commitImport(db: Db, actorId: string, eventId: string, kind: ImportKind, text: string) {
  await getAgendaEvent(db, eventId);
  return db.$transaction(
    async (tx) => {
      const result = await plan(tx, eventId, kind, text);
      const { errors, fileErrors, rows } = result.preview;
      if (fileErrors.length || errors.length) {
        const problems = fileErrors.length || errors.length;
        throw new RuleViolation(
          `Nothing was imported: ${fileErrors.length ? fileErrors[0] : `${problems} row${problems === 1 ? " has" : "s have"} errors (first on line ${errors[0].line}).`} Fix the file and upload it again.`,
        );
      }
      let created = 0;
      let updated = 0;
      if (kind === "speakers") {
        for (const write of (result as SpeakerPlan).writes) {
          if (write.existingId) {
            await tx.speaker.update({ where: { id: write.existingId }, data: write.data });
            updated++;
          } else {
            await tx.speaker.create({ data: { ...write.data, eventId } });
            created++;
          }
        }
      } else {
        for (const write of (result as SessionPlan).writes) {
          await tx.agendaSession.create({
            data: {
              ...write.data,
              eventId,
              speakers: { create: write.speakerIds.map((speakerId, position) => ({ speakerId, position })) },
            },
          });
          created++;
        }
      }
      await recordAudit(tx, {
        actorId,
        action: `agenda.imported-${kind}`,
        subjectType: "Event",
        subjectId: eventId,
        detail: { rows: rows.length, created, updated },
      });
      return { kind, created, updated };
    },
    { timeout: 60_000 },
  );
}
