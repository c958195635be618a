import { z } from "zod";

// Shared by the browser (Conform validates as you type) and the server (validates again).

export const SESSION_KINDS = ["KEYNOTE", "PANEL", "TALK", "WORKSHOP", "BREAK"] as const;
export type SessionKindValue = (typeof SESSION_KINDS)[number];
export const SESSION_KIND_LABELS: Record<SessionKindValue, string> = {
  KEYNOTE: "Keynote",
  PANEL: "Panel",
  TALK: "Talk",
  WORKSHOP: "Workshop",
  BREAK: "Break",
};

export const SESSION_STATUSES = ["DRAFT", "PUBLISHED", "CANCELLED"] as const;
export type SessionStatusValue = (typeof SESSION_STATUSES)[number];
export const SESSION_STATUS_LABELS: Record<SessionStatusValue, string> = {
  DRAFT: "Draft",
  PUBLISHED: "Published",
  CANCELLED: "Cancelled",
};
export const SESSION_STATUS_TONES = { DRAFT: "amber", PUBLISHED: "green", CANCELLED: "red" } as const;

const id = (message: string) => z.string({ error: message }).trim().min(1, message).max(64, message);

/** Wall-clock time in the event's zone, as an `<input type="datetime-local">` sends it. */
const localDateTime = (label: string) =>
  z
    .string({ error: `Enter the ${label} date and time` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, `Enter the ${label} as a date and time`);

const position = z
  .number({ error: "Enter a whole number" })
  .int("Enter a whole number")
  .min(0, "Use 0 or more")
  .max(9999, "At most 9999")
  .optional();

// ---------------------------------------------------------------- Rooms and tracks

export const roomSchema = z.object({
  intent: z.literal("save-room"),
  roomId: z.string().max(64).optional(),
  name: z.string({ error: "Enter the room name" }).trim().min(1, "Enter the room name").max(80, "At most 80 characters"),
  capacity: z
    .number({ error: "Enter how many people the room holds" })
    .int("Enter a whole number of seats")
    .min(1, "A room holds at least 1 person")
    .max(100_000, "At most 100,000 seats"),
  stepFree: z.boolean().default(false),
  hearingLoop: z.boolean().default(false),
  liveCaptioning: z.boolean().default(false),
  position,
});

export const trackSchema = z.object({
  intent: z.literal("save-track"),
  trackId: z.string().max(64).optional(),
  name: z.string({ error: "Enter the track name" }).trim().min(1, "Enter the track name").max(80, "At most 80 characters"),
  color: z
    .string({ error: "Choose a colour" })
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, "Choose a colour as #rrggbb")
    .transform((c) => c.toLowerCase()),
  position,
});

export const deleteRoomSchema = z.object({ intent: z.literal("delete-room"), roomId: id("Choose a room") });
export const deleteTrackSchema = z.object({ intent: z.literal("delete-track"), trackId: id("Choose a track") });

// ---------------------------------------------------------------- Speakers

export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;

export const SOCIAL_NETWORKS = ["x", "linkedin", "mastodon", "bluesky"] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];
export const SOCIAL_LABELS: Record<SocialNetwork, string> = {
  x: "X (Twitter)",
  linkedin: "LinkedIn",
  mastodon: "Mastodon",
  bluesky: "Bluesky",
};

const handle = z
  .string()
  .trim()
  .max(100, "At most 100 characters")
  .regex(/^\S*$/, "Use the handle without spaces, like @name")
  .default("");

const speakerFields = {
  name: z
    .string({ error: "Enter the speaker's name" })
    .trim()
    .min(2, "Enter the speaker's name")
    .max(120, "At most 120 characters"),
  title: z.string().trim().max(120, "At most 120 characters").default(""),
  organisation: z.string().trim().max(160, "At most 160 characters").default(""),
  bio: z.string().trim().max(5000, "At most 5,000 characters").default(""),
  x: handle,
  linkedin: handle,
  mastodon: handle,
  bluesky: handle,
};

export const speakerSchema = z.object({
  ...speakerFields,
  // Size and declared type are checked here (in the browser before upload, too); the
  // server also checks the bytes themselves, since a declared type is only a claim.
  photo: z
    .file({ error: "Choose a photo file" })
    .max(MAX_PHOTO_BYTES, "The photo must be 2 MB or smaller")
    .mime([...PHOTO_TYPES], "The photo must be a JPEG, PNG or WebP image")
    .optional(),
});

// ---------------------------------------------------------------- Sessions

const capacity = z
  .number({ error: "Enter a number of seats" })
  .int("Enter a whole number of seats")
  .min(1, "Offer at least 1 seat")
  .max(100_000, "At most 100,000 seats");

const sessionTitle = z
  .string({ error: "Enter the title" })
  .trim()
  .min(3, "Use at least 3 characters")
  .max(200, "At most 200 characters");

export const sessionSchema = z
  .object({
    title: sessionTitle,
    abstract: z.string().trim().max(5000, "At most 5,000 characters").default(""),
    kind: z.enum(SESSION_KINDS, { error: "Choose the kind of session" }),
    trackId: z.string().trim().max(64).optional(),
    roomId: z.string().trim().max(64).optional(),
    startsAt: localDateTime("start"),
    endsAt: localDateTime("end"),
    speakerIds: z.array(z.string().trim().max(64)).max(30, "At most 30 speakers").default([]),
    capacity: capacity.optional(),
    status: z.enum(SESSION_STATUSES, { error: "Choose a status" }).default("DRAFT"),
  })
  .refine((v) => v.endsAt > v.startsAt, { path: ["endsAt"], message: "The end must be after the start" })
  .refine((v) => v.capacity === undefined || v.kind === "WORKSHOP", {
    path: ["capacity"],
    message: "Only workshops take RSVPs: leave the seats blank for other kinds",
  });

export const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `?day=&trackId=&roomId=&status=&kind=` on the sessions list; a malformed value means "any". */
export const sessionFilterSchema = z.object({
  day: z.string().regex(DAY).optional().catch(undefined),
  trackId: z.string().min(1).max(64).optional().catch(undefined),
  roomId: z.string().min(1).max(64).optional().catch(undefined),
  status: z.enum(SESSION_STATUSES).optional().catch(undefined),
  kind: z.enum(SESSION_KINDS).optional().catch(undefined),
});
export type SessionFilter = z.output<typeof sessionFilterSchema>;

// ---------------------------------------------------------------- CSV import

export const IMPORT_KINDS = ["sessions", "speakers"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const MAX_CSV_BYTES = 1024 * 1024;

/** The upload (or paste) form; `intent` is "preview" first, then "commit" with the same text. */
export const importSchema = z
  .object({
    intent: z.enum(["preview", "commit"]).default("preview"),
    kind: z.enum(IMPORT_KINDS, { error: "Choose what the file holds" }),
    file: z
      .file()
      .max(MAX_CSV_BYTES, "The file must be 1 MB or smaller")
      .refine((f) => /\.(csv|txt)$/i.test(f.name) || /^text\/|csv/.test(f.type), "Choose a .csv file")
      .optional(),
    text: z.string().max(MAX_CSV_BYTES, "Paste at most 1 MB of text").optional(),
  })
  .refine((v) => v.file || v.text?.trim(), { path: ["file"], message: "Choose a CSV file or paste its contents" });

/** Columns each CSV may have, in the order the templates list them. */
export const CSV_COLUMNS = {
  speakers: ["name", "title", "organisation", "bio", "x", "linkedin", "mastodon", "bluesky"],
  sessions: ["title", "kind", "start", "end", "room", "track", "speakers", "capacity", "status", "abstract"],
} as const satisfies Record<ImportKind, readonly string[]>;
export const REQUIRED_CSV_COLUMNS: Record<ImportKind, readonly string[]> = {
  speakers: ["name"],
  sessions: ["title", "kind", "start", "end"],
};

export const speakerCsvRowSchema = z.object(speakerFields);

const caseInsensitive = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .string({ error: message })
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(values, { error: message }));

const csvDateTime = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    // Spreadsheets write "2027-09-27 09:00"; the form's format has a T.
    .transform((v) => v.replace(" ", "T"))
    .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, `Write the ${label} as YYYY-MM-DD HH:MM (24-hour)`));

const optionalName = z
  .string()
  .trim()
  .max(80, "At most 80 characters")
  .optional()
  .transform((v) => v || undefined);

export const sessionCsvRowSchema = z
  .object({
    title: sessionTitle,
    kind: caseInsensitive(SESSION_KINDS, "Use one of keynote, panel, talk, workshop, break for kind"),
    start: csvDateTime("start"),
    end: csvDateTime("end"),
    room: optionalName,
    track: optionalName,
    speakers: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(";")
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().max(120)).max(30, "At most 30 speakers")),
    capacity: z
      .string()
      .trim()
      .default("")
      .transform((v) => (v === "" ? undefined : Number(v)))
      .pipe(capacity.optional()),
    status: z
      .string()
      .trim()
      .default("")
      .transform((v) => v.toUpperCase() || "DRAFT")
      .pipe(z.enum(SESSION_STATUSES, { error: "Use draft, published or cancelled for status" })),
    abstract: z.string().trim().max(5000, "At most 5,000 characters").default(""),
  })
  .refine((v) => v.end > v.start, { path: ["end"], message: "The end must be after the start" })
  .refine((v) => v.capacity === undefined || v.kind === "WORKSHOP", {
    path: ["capacity"],
    message: "Only workshops take a capacity",
  });
