import { z } from "zod";

/** Times on the grid snap to this many minutes; the server refuses anything else. */
export const SNAP_MINUTES = 5;
/** One arrow key press moves or stretches a session by this much. */
export const KEY_STEP_MINUTES = 15;

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

// Wall-clock in the event's zone, like the session form's datetime-local fields: the
// grid thinks in the event's hours, and the server resolves them in the event's zone.
const wallTime = (label: string) =>
  z
    .string({ error: `Give the ${label} time` })
    .regex(LOCAL_DATE_TIME, `Give the ${label} as a date and time, like 2027-09-27T10:30`)
    .refine((v) => Number(v.slice(14, 16)) % SNAP_MINUTES === 0, `The ${label} must be on a ${SNAP_MINUTES}-minute mark`);

/** A move or resize dropped on the schedule grid (by pointer or keyboard). */
export const moveSessionSchema = z
  .object({
    intent: z.literal("move"),
    sessionId: z.string({ error: "Say which session to move" }).min(1).max(64),
    // Absent for a session with no room (a break for everyone): it stays out of the room columns.
    roomId: z.string().min(1).max(64).optional(),
    startsAt: wallTime("start"),
    endsAt: wallTime("end"),
    // The version the organiser saw; a newer one means someone else changed the session meanwhile.
    updatedAt: z.iso.datetime({ error: "Reload the grid and try again" }),
  })
  .refine((v) => v.endsAt > v.startsAt, { path: ["endsAt"], message: "The end must be after the start" });

export type MoveSessionInput = Omit<z.output<typeof moveSessionSchema>, "intent" | "sessionId">;

/** `?day=yyyy-mm-dd`; anything else falls back to the event's first day. */
export const scheduleQuerySchema = z.object({ day: z.iso.date().optional().catch(undefined) });
