import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, type ShouldRevalidateFunction, useFetcher, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { type KeyboardEvent, type PointerEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { SESSION_KIND_LABELS, SESSION_STATUS_LABELS, SESSION_STATUS_TONES } from "~/modules/agenda/agenda.schema.ts";
import { blockingConflicts, type Conflict, type ConflictKind, detectConflicts } from "~/modules/agenda/conflicts.ts";
import { KEY_STEP_MINUTES, moveSessionSchema, SNAP_MINUTES, scheduleQuerySchema } from "~/modules/agenda/schedule.schema.ts";
import { type MovedSession, moveSession, scheduleForDay } from "~/modules/agenda/schedule.server.ts";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { domainErrorResponse, orNotFound } from "~/shared/http.server.ts";
import { TrackChip } from "~/ui/agenda.tsx";
import { Badge, EmptyState } from "~/ui/components.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Schedule · ${data?.event.name ?? "Event"} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const query = scheduleQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const schedule = await orNotFound(scheduleForDay(context.db, params.id ?? "", query.day));
  const { event, day } = schedule;
  const date = (d: string) => DateTime.fromISO(d, { zone: event.timeZone });
  return {
    event: {
      id: event.id,
      name: event.name,
      timeZone: event.timeZone,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
    },
    day,
    dayTitle: date(day).toFormat("cccc d LLLL yyyy"),
    zoneName: date(day).set({ hour: 12 }).toFormat("ZZZZ"),
    days: schedule.days.map((d) => ({ ...d, label: date(d.date).toFormat("ccc d LLL") })),
    rooms: schedule.rooms,
    tracks: schedule.tracks,
    sessions: schedule.sessions.map((s) => ({
      id: s.id,
      title: s.title,
      kind: s.kind,
      status: s.status,
      capacity: s.capacity,
      roomId: s.roomId,
      track: s.track,
      speakers: s.speakers,
      startMinute: s.startMinute,
      endMinute: s.endMinute,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    })),
    conflicts: schedule.conflicts,
  };
}

/** "Moved “Keynote” to Room B, 10:30–11:30." with the conflicts the move caused, if any. */
function describeMove({ session, previous, conflicts, timeZone: zone }: MovedSession): string {
  const hhmm = (at: Date) => DateTime.fromJSDate(at, { zone }).toFormat("HH:mm");
  const times = `${hhmm(session.startsAt)}–${hhmm(session.endsAt)}`;
  const where = session.room ? `${session.room.name}, ${times}` : times;
  const resized = previous.roomId === (session.room?.id ?? null) && previous.startsAt.getTime() === session.startsAt.getTime();
  const text = resized ? `Resized “${session.title}”: ${where}.` : `Moved “${session.title}” to ${where}.`;
  const own = conflicts.filter((c) => c.sessionIds.includes(session.id));
  if (own.length === 0) return text;
  return `${text} ${own.length === 1 ? "Conflict" : `${own.length} conflicts`}: ${own.map((c) => c.message).join(" ")}`;
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const submission = parseWithZod(await request.formData(), { schema: moveSessionSchema });
  if (submission.status !== "success") {
    const message = Object.values(submission.error ?? {}).flat()[0] ?? "That move can't be saved.";
    return data({ message }, { status: 400 });
  }
  const { intent: _, sessionId, ...placement } = submission.value;
  try {
    const moved = await moveSession(context.db, user.id, params.id ?? "", sessionId, placement);
    return { ok: true as const, message: describeMove(moved) };
  } catch (error) {
    const response = domainErrorResponse(error);
    if (!response) throw error;
    return response;
  }
}

// A refused move (4xx) must still refresh the grid: the refusal usually means it is out of date.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "move" ? true : defaultShouldRevalidate;

// ---------------------------------------------------------------- The grid, in the browser

type Schedule = ReturnType<typeof useLoaderData<typeof loader>>;
type GridSession = Schedule["sessions"][number];
type GridRoom = Schedule["rooms"][number];
/**
 * Where a session sits on the grid: a room column (NO_ROOM for a session without a room,
 * drawn as a band across every room, like a lunch break) and wall-clock minutes after
 * the day's midnight.
 */
type Placement = { roomIndex: number; start: number; end: number };
/** A session being moved: picked up with the keyboard, or dragged or resized with a pointer. */
type Interaction = { id: string; mode: "keyboard" | "move" | "resize"; origin: Placement; placement: Placement };
type PointerDrag = {
  id: string;
  mode: "move" | "resize";
  pointerId: number;
  x: number;
  y: number;
  /** Minutes between the grab point and the session's start (move) or end (resize). */
  grab: number;
  started: boolean;
  origin: Placement;
  placement: Placement;
};
type Notice = { text: string; tone: "info" | "error" };

const NO_ROOM = -1;
const DAY_MINUTES = 24 * 60;
const DEFAULT_FIRST_MINUTE = 8 * 60;
const DEFAULT_LAST_MINUTE = 18 * 60;
/** Height of one 5-minute row: an hour is 7.5rem, tall enough to read a 30-minute block. */
const ROW_HEIGHT = "0.625rem";
const DRAG_THRESHOLD_PX = 4;
const AUTO_SCROLL_EDGE_PX = 24;

const CONFLICT_LABELS: Record<ConflictKind, string> = {
  "room-double-booked": "Room double-booked",
  "speaker-double-booked": "Speaker double-booked",
  "outside-event": "Outside the event",
  "over-room-capacity": "Over room capacity",
};

const pad = (n: number) => String(n).padStart(2, "0");
/** 630 → "10:30". */
function clock(minute: number): string {
  const m = ((minute % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}
const timeRange = (p: Pick<Placement, "start" | "end">) => `${clock(p.start)}–${clock(p.end)}`;
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const snap = (minute: number) => Math.round(minute / SNAP_MINUTES) * SNAP_MINUTES;
const samePlacement = (a: Placement, b: Placement) => a.roomIndex === b.roomIndex && a.start === b.start && a.end === b.end;

/** Minutes after `day`'s midnight as the wall-clock value the server reads: "2027-09-27T10:30". */
function wallDateTime(day: string, minute: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + Math.floor(minute / DAY_MINUTES)));
  return `${date.toISOString().slice(0, 10)}T${clock(minute)}`;
}

/** The inverse of wallDateTime. */
function minutesInto(day: string, wall: string): number {
  const days = Math.round((Date.parse(`${wall.slice(0, 10)}T00:00Z`) - Date.parse(`${day}T00:00Z`)) / 86_400_000);
  return days * DAY_MINUTES + Number(wall.slice(11, 13)) * 60 + Number(wall.slice(14, 16));
}

/** A track colour laid over white: light enough for dark text whatever colour the organisers chose. */
function tint(hex: string | undefined, amount: number, fallback: string): string {
  const match = /^#([0-9a-f]{6})$/i.exec(hex ?? "");
  if (!match) return fallback;
  const n = Number.parseInt(match[1], 16);
  const channel = (v: number) =>
    Math.round(255 - (255 - v) * amount)
      .toString(16)
      .padStart(2, "0");
  return `#${channel(n >> 16)}${channel((n >> 8) & 255)}${channel(n & 255)}`;
}

/** Side-by-side lanes for sessions that overlap in one room, so a double booking stays visible. */
function layoutLanes(items: { id: string; placement: Placement }[]) {
  const lanes = new Map<string, { lane: number; of: number }>();
  const byRoom = new Map<number, { id: string; placement: Placement }[]>();
  for (const item of items) byRoom.set(item.placement.roomIndex, [...(byRoom.get(item.placement.roomIndex) ?? []), item]);
  for (const group of byRoom.values()) {
    group.sort((a, b) => a.placement.start - b.placement.start || a.placement.end - b.placement.end);
    let cluster: { id: string; lane: number }[] = [];
    let laneEnds: number[] = [];
    let clusterEnd = Number.NEGATIVE_INFINITY;
    const flush = () => {
      for (const c of cluster) lanes.set(c.id, { lane: c.lane, of: laneEnds.length });
      cluster = [];
      laneEnds = [];
    };
    for (const { id, placement } of group) {
      if (placement.start >= clusterEnd) flush();
      let lane = laneEnds.findIndex((end) => end <= placement.start);
      if (lane === -1) lane = laneEnds.push(placement.end) - 1;
      else laneEnds[lane] = placement.end;
      cluster.push({ id, lane });
      clusterEnd = Math.max(clusterEnd, placement.end);
    }
    flush();
  }
  return lanes;
}

export default function ScheduleGrid() {
  const schedule = useLoaderData<typeof loader>();
  const base = `/admin/events/${schedule.event.id}/agenda`;
  return (
    <div className="space-y-4">
      <nav aria-label="Days" className="-mx-4 flex gap-2 overflow-x-auto px-4 pb-1">
        {schedule.days.map((d) => {
          const current = d.date === schedule.day;
          return (
            <Link
              key={d.date}
              to={`${base}?day=${d.date}`}
              preventScrollReset
              aria-current={current ? "page" : undefined}
              className={`shrink-0 rounded-md border px-3 py-1.5 text-sm ${
                current
                  ? "border-brand-700 bg-brand-700 text-white"
                  : "border-slate-300 bg-white text-slate-900 hover:bg-slate-100"
              }`}
            >
              <span className="block font-semibold">{d.label}</span>
              <span className="block text-xs">
                {d.sessionCount} session{d.sessionCount === 1 ? "" : "s"}
                {d.inEvent ? "" : " · outside the event"}
              </span>
            </Link>
          );
        })}
      </nav>
      {schedule.rooms.length === 0 ? (
        <EmptyState title="No rooms yet">
          <p>
            The schedule has a column per room.{" "}
            <Link to={`${base}/venue`} className="font-semibold text-brand-700 underline">
              Add rooms in Rooms &amp; tracks
            </Link>{" "}
            to lay out the day.
          </p>
        </EmptyState>
      ) : (
        <DayGrid key={schedule.day} schedule={schedule} base={base} />
      )}
    </div>
  );
}

function DayGrid({ schedule, base }: { schedule: Schedule; base: string }) {
  const { event, day, rooms, sessions } = schedule;
  const fetcher = useFetcher<typeof action>();
  const [interaction, setInteraction] = useState<Interaction | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const drag = useRef<PointerDrag | null>(null);
  const columns = useRef<(HTMLDivElement | null)[]>([]);
  const scroller = useRef<HTMLElement>(null);
  const blockRefs = useRef(new Map<string, HTMLDivElement>());
  const keyHandledAt = useRef(0);
  // Dragging and keyboard moves work only once React has taken over the server's HTML.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const busy = fetcher.state !== "idle";

  const roomIndex = useMemo(() => new Map(rooms.map((r, i) => [r.id, i])), [rooms]);
  const eventSpan = useMemo(
    () => ({ startsAt: new Date(event.startsAt), endsAt: new Date(event.endsAt), timeZone: event.timeZone }),
    [event],
  );

  // The drop on its way to the server, shown as if saved (optimistic UI) until the answer arrives.
  const pending = useMemo(() => {
    const form = fetcher.formData;
    if (form?.get("intent") !== "move") return null;
    const roomId = form.get("roomId");
    const index = roomId ? roomIndex.get(String(roomId)) : NO_ROOM;
    if (index === undefined) return null;
    return {
      id: String(form.get("sessionId")),
      placement: {
        roomIndex: index,
        start: minutesInto(day, String(form.get("startsAt"))),
        end: minutesInto(day, String(form.get("endsAt"))),
      },
    };
  }, [fetcher.formData, roomIndex, day]);

  const placed = useMemo(
    () =>
      sessions.map((session) => {
        const index = session.roomId ? (roomIndex.get(session.roomId) ?? NO_ROOM) : NO_ROOM;
        let placement: Placement = { roomIndex: index, start: session.startMinute, end: session.endMinute };
        if (pending?.id === session.id) placement = pending.placement;
        if (interaction?.id === session.id) placement = interaction.placement;
        return { session, placement };
      }),
    [sessions, roomIndex, pending, interaction],
  );

  /** The day's conflicts with the given placements, computed here so the grid needn't wait for the server. */
  const conflictsWith = useCallback(
    (items: { session: GridSession; placement: Placement }[]) =>
      detectConflicts(
        eventSpan,
        items.map(({ session, placement }) => ({
          ...session,
          room: rooms[placement.roomIndex] ?? null,
          startsAt: DateTime.fromISO(wallDateTime(day, placement.start), { zone: event.timeZone }).toJSDate(),
          endsAt: DateTime.fromISO(wallDateTime(day, placement.end), { zone: event.timeZone }).toJSDate(),
        })),
      ),
    [eventSpan, rooms, day, event.timeZone],
  );
  // Blocks preview conflicts while a session travels; the summary waits for a drop, so it
  // doesn't grow and shrink (and shift the grid) under the pointer.
  const liveConflicts: Conflict[] = useMemo(
    () => (pending || interaction ? conflictsWith(placed) : schedule.conflicts),
    [pending, interaction, conflictsWith, placed, schedule.conflicts],
  );
  const droppedConflicts: Conflict[] = useMemo(
    () =>
      pending
        ? conflictsWith(placed.map((p) => (p.session.id === interaction?.id ? { ...p, placement: interaction.origin } : p)))
        : schedule.conflicts,
    [pending, interaction, conflictsWith, placed, schedule.conflicts],
  );
  const conflictsOf = useMemo(() => {
    const map = new Map<string, Conflict[]>();
    for (const c of liveConflicts) for (const id of c.sessionIds) map.set(id, [...(map.get(id) ?? []), c]);
    return map;
  }, [liveConflicts]);
  const blocking = useMemo(() => new Set(blockingConflicts(droppedConflicts, sessions)), [droppedConflicts, sessions]);

  // Business hours, stretched to whole hours around anything earlier or later.
  const spans = placed.map((p) => p.placement).concat(interaction ? [interaction.origin] : []);
  const first = Math.max(0, Math.min(DEFAULT_FIRST_MINUTE, ...spans.map((p) => Math.floor(p.start / 60) * 60)));
  const last = Math.max(DEFAULT_LAST_MINUTE, ...spans.map((p) => Math.ceil(p.end / 60) * 60));
  const rows = (last - first) / SNAP_MINUTES;
  const gridColumn = (p: Placement) => (p.roomIndex === NO_ROOM ? "2 / -1" : String(p.roomIndex + 2));
  const gridRow = (p: Placement) =>
    `${(p.start - first) / SNAP_MINUTES + 2} / span ${Math.max(1, (p.end - p.start) / SNAP_MINUTES)}`;

  const lanes = layoutLanes(
    placed
      .filter((p) => p.session.id !== interaction?.id && p.placement.roomIndex !== NO_ROOM)
      .map((p) => ({ id: p.session.id, ...p })),
  );

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    setNotice({ text: fetcher.data.message, tone: "ok" in fetcher.data ? "info" : "error" });
  }, [fetcher.state, fetcher.data]);

  // Keep a session moved by keyboard in view as it travels.
  const travelling = interaction?.mode === "keyboard" ? interaction : null;
  useEffect(() => {
    if (travelling) blockRefs.current.get(travelling.id)?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [travelling]);

  const where = (p: Placement) =>
    p.roomIndex === NO_ROOM ? `${timeRange(p)}, no room` : `${rooms[p.roomIndex].name}, ${timeRange(p)}`;

  function say(text: string, tone: Notice["tone"] = "info") {
    setNotice({ text, tone });
  }

  function commit(session: GridSession, placement: Placement) {
    const values = {
      intent: "move",
      sessionId: session.id,
      ...(placement.roomIndex === NO_ROOM ? {} : { roomId: rooms[placement.roomIndex].id }),
      startsAt: wallDateTime(day, placement.start),
      endsAt: wallDateTime(day, placement.end),
      updatedAt: session.updatedAt,
    };
    const checked = moveSessionSchema.safeParse(values);
    if (!checked.success) {
      say(checked.error.issues[0]?.message ?? "That move can't be saved.", "error");
      return;
    }
    fetcher.submit(values, { method: "post" });
    say(`Saving “${session.title}”: ${where(placement)}…`);
  }

  // ---- Keyboard: pick up, move with arrows, drop.

  function pickUp(session: GridSession, placement: Placement) {
    if (busy) {
      say("Still saving the last move; try again in a moment.");
      return;
    }
    setInteraction({ id: session.id, mode: "keyboard", origin: placement, placement });
    say(
      `Picked up “${session.title}” (${where(placement)}): use arrow keys to move, Shift+arrows to change length, Enter to drop, Escape to cancel.`,
    );
  }

  function drop(session: GridSession, current: Interaction) {
    setInteraction(null);
    if (samePlacement(current.origin, current.placement)) say(`Dropped “${session.title}” where it was.`);
    else commit(session, current.placement);
  }

  function cancel(session: GridSession, current: Interaction) {
    setInteraction(null);
    say(`Move cancelled; “${session.title}” stays in ${where(current.origin)}.`);
  }

  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>, session: GridSession, placement: Placement) {
    const mine = interaction?.id === session.id ? interaction : null;
    if (mine && mine.mode !== "keyboard") {
      if (e.key === "Escape") cancelDrag();
      return;
    }
    const activate = e.key === "Enter" || e.key === " ";
    if (!mine) {
      if (!activate) return;
      e.preventDefault();
      keyHandledAt.current = Date.now();
      pickUp(session, placement);
      return;
    }
    if (activate) {
      e.preventDefault();
      keyHandledAt.current = Date.now();
      drop(session, mine);
      return;
    }
    if (e.key === "Escape") {
      e.preventDefault();
      cancel(session, mine);
      return;
    }
    const p = mine.placement;
    const length = p.end - p.start;
    let next: Placement;
    if (e.key === "ArrowUp" || e.key === "ArrowDown") {
      const step = e.key === "ArrowDown" ? KEY_STEP_MINUTES : -KEY_STEP_MINUTES;
      if (e.shiftKey) {
        next = { ...p, end: clamp(p.end + step, p.start + SNAP_MINUTES, DAY_MINUTES) };
      } else {
        const start = clamp(p.start + step, 0, DAY_MINUTES - length);
        next = { ...p, start, end: start + length };
      }
    } else if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      e.preventDefault();
      if (p.roomIndex === NO_ROOM) {
        say(`“${session.title}” has no room, so it spans them all; give it a room in its form to put it in a column.`);
        return;
      }
      next = { ...p, roomIndex: clamp(p.roomIndex + (e.key === "ArrowRight" ? 1 : -1), 0, rooms.length - 1) };
    } else {
      return;
    }
    e.preventDefault();
    setInteraction({ ...mine, placement: next });
    const own = conflictsWith(placed.map((x) => (x.session.id === session.id ? { session, placement: next } : x))).filter((c) =>
      c.sessionIds.includes(session.id),
    );
    say(`${where(next)}.${own.length ? ` Conflict: ${own.map((c) => c.message).join(" ")}` : ""}`);
  }

  // Screen readers in browse mode activate with a synthetic click instead of key presses.
  function onClick(e: { detail: number }, session: GridSession, placement: Placement) {
    if (e.detail !== 0 || Date.now() - keyHandledAt.current < 500) return;
    const mine = interaction?.id === session.id && interaction.mode === "keyboard" ? interaction : null;
    if (mine) drop(session, mine);
    else pickUp(session, placement);
  }

  function onBlur(session: GridSession) {
    if (interaction?.id === session.id && interaction.mode === "keyboard") cancel(session, interaction);
  }

  // ---- Pointer: drag the block to move it, drag its bottom edge to resize it.

  function minuteAt(clientY: number): number {
    const rect = columns.current[0]?.getBoundingClientRect();
    if (!rect || rect.height === 0) return first;
    return first + ((clientY - rect.top) / rect.height) * (last - first);
  }

  function roomAt(clientX: number): number {
    let index = 0;
    columns.current.forEach((column, i) => {
      if (column && clientX >= column.getBoundingClientRect().left) index = i;
    });
    return index;
  }

  function autoScroll(clientY: number) {
    const box = scroller.current;
    if (!box) return;
    const { top, bottom } = box.getBoundingClientRect();
    if (clientY > bottom - AUTO_SCROLL_EDGE_PX) box.scrollTop += 10;
    else if (clientY < top + AUTO_SCROLL_EDGE_PX) box.scrollTop -= 10;
  }

  function onPointerDown(e: PointerEvent<HTMLElement>, session: GridSession, placement: Placement, mode: PointerDrag["mode"]) {
    if (e.button !== 0 || busy || interaction) return;
    // A finger on a block scrolls the grid; touch users move sessions with the form.
    if (mode === "move" && e.pointerType === "touch") return;
    if (mode === "resize") e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const at = minuteAt(e.clientY);
    drag.current = {
      id: session.id,
      mode,
      pointerId: e.pointerId,
      x: e.clientX,
      y: e.clientY,
      grab: mode === "move" ? at - placement.start : placement.end - at,
      started: false,
      origin: placement,
      placement,
    };
  }

  function onPointerMove(e: PointerEvent<HTMLElement>) {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    if (!d.started && Math.hypot(e.clientX - d.x, e.clientY - d.y) < DRAG_THRESHOLD_PX) return;
    d.started = true;
    autoScroll(e.clientY);
    const at = minuteAt(e.clientY);
    const { origin } = d;
    const length = origin.end - origin.start;
    let next: Placement;
    if (d.mode === "move") {
      const start = clamp(snap(at - d.grab), 0, DAY_MINUTES - length);
      next = { roomIndex: origin.roomIndex === NO_ROOM ? NO_ROOM : roomAt(e.clientX), start, end: start + length };
    } else {
      next = { ...origin, end: clamp(snap(at + d.grab), origin.start + SNAP_MINUTES, DAY_MINUTES) };
    }
    if (d.placement === origin || !samePlacement(d.placement, next)) {
      d.placement = next;
      setInteraction({ id: d.id, mode: d.mode, origin, placement: next });
    }
  }

  function onPointerUp(e: PointerEvent<HTMLElement>) {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    drag.current = null;
    setInteraction(null);
    const session = sessions.find((s) => s.id === d.id);
    if (d.started && session && !samePlacement(d.origin, d.placement)) commit(session, d.placement);
  }

  function cancelDrag() {
    drag.current = null;
    setInteraction(null);
    say("Move cancelled.");
  }

  function focusSession(id: string) {
    const block = blockRefs.current.get(id);
    block?.scrollIntoView({ block: "nearest", inline: "nearest" });
    block?.querySelector("button")?.focus();
  }

  const titles = new Map(sessions.map((s) => [s.id, s.title]));
  const ordered = [...placed].sort(
    (a, b) => a.placement.start - b.placement.start || a.placement.roomIndex - b.placement.roomIndex,
  );

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-x-6 gap-y-1">
        <h2 className="text-xl font-bold text-slate-900">{schedule.dayTitle}</h2>
        <p className="text-sm text-slate-700">
          {sessions.length} session{sessions.length === 1 ? "" : "s"} · {rooms.length} room{rooms.length === 1 ? "" : "s"} · times
          in {schedule.zoneName} ({event.timeZone})
        </p>
      </div>
      {schedule.tracks.length ? (
        <ul aria-label="Tracks" className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-800">
          {schedule.tracks.map((t) => (
            <li key={t.id}>
              <TrackChip track={t} />
            </li>
          ))}
        </ul>
      ) : null}
      <p id="schedule-help" className="text-sm text-slate-700">
        Drag a session to another room or time, or drag its bottom edge to change its length. With a keyboard: Tab to a session,
        press Enter to pick it up, arrow keys to move it, Shift+↑/↓ to change its length, Enter to drop, Escape to cancel.
      </p>

      <ConflictPanel conflicts={droppedConflicts} blocking={blocking} titles={titles} onShow={focusSession} />

      {/* Always there and at least two lines tall, so a message never shifts the grid under the pointer. */}
      <div
        className={`min-h-14 rounded-md border px-3 py-2 text-sm font-medium ${
          notice?.tone === "error" ? "border-red-300 bg-red-50 text-red-900" : "border-slate-200 bg-white text-slate-800"
        }`}
      >
        <p id="schedule-status" role="status" aria-live="polite">
          {notice?.tone === "info" ? notice.text : null}
        </p>
        <p role="alert">{notice?.tone === "error" ? notice.text : null}</p>
        {notice ? null : <p className="font-normal text-slate-600">Changes are saved as soon as you drop a session.</p>}
      </div>

      {sessions.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-4 text-slate-700">
          No sessions on {schedule.dayTitle} yet.{" "}
          <Link to={`${base}/sessions`} className="font-semibold text-brand-700 underline">
            Add sessions
          </Link>{" "}
          and they appear here.
        </p>
      ) : null}

      <section
        ref={scroller}
        aria-label={`Schedule for ${schedule.dayTitle}`}
        data-hydrated={hydrated || undefined}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard, even with no sessions in it
        tabIndex={0}
        className="relative max-h-[70vh] min-h-72 overflow-auto overscroll-contain rounded-lg border border-slate-300 bg-white shadow-sm"
      >
        <div
          className="grid min-w-full"
          data-first-minute={first}
          data-last-minute={last}
          style={{
            gridTemplateColumns: `3.75rem repeat(${rooms.length}, minmax(11rem, 1fr))`,
            gridTemplateRows: `auto repeat(${rows}, ${ROW_HEIGHT})`,
          }}
        >
          <div
            className="sticky top-0 left-0 z-40 flex items-end justify-end border-r border-b border-slate-300 bg-white px-2 pb-2 text-xs font-semibold text-slate-700"
            style={{ gridColumn: 1, gridRow: 1 }}
          >
            {schedule.zoneName}
          </div>
          {rooms.map((room, i) => (
            <RoomHeader key={room.id} room={room} column={i + 2} />
          ))}
          {Array.from({ length: (last - first) / 60 }, (_, h) => {
            const minute = first + h * 60;
            return (
              <div
                key={minute}
                aria-hidden="true"
                className="sticky left-0 z-20 border-r border-slate-300 bg-slate-50 pt-1 pr-2 text-right text-xs font-medium leading-none text-slate-700"
                style={{ gridColumn: 1, gridRow: `${(minute - first) / SNAP_MINUTES + 2} / span 12` }}
              >
                {clock(minute)}
              </div>
            );
          })}
          {rooms.map((room, i) => (
            <div
              key={room.id}
              ref={(el) => {
                columns.current[i] = el;
              }}
              data-room-column={room.name}
              className="border-l border-slate-200"
              style={{
                gridColumn: i + 2,
                gridRow: `2 / span ${rows}`,
                backgroundImage:
                  "linear-gradient(to bottom, #cbd5e1 1px, transparent 1px), linear-gradient(to bottom, #eef2f6 1px, transparent 1px)",
                backgroundSize: `100% calc(${ROW_HEIGHT} * 12), 100% calc(${ROW_HEIGHT} * 3)`,
              }}
            />
          ))}
          {interaction && !samePlacement(interaction.origin, interaction.placement) ? (
            <div
              aria-hidden="true"
              className="m-px rounded-md border-2 border-dashed border-slate-500 bg-slate-100/60"
              style={{ gridColumn: gridColumn(interaction.origin), gridRow: gridRow(interaction.origin) }}
            />
          ) : null}
          {ordered.map(({ session, placement }) => {
            const active = interaction?.id === session.id ? interaction : null;
            const lane = active ? { lane: 0, of: 1 } : (lanes.get(session.id) ?? { lane: 0, of: 1 });
            return (
              <SessionBlock
                key={session.id}
                session={session}
                placement={placement}
                room={rooms[placement.roomIndex] ?? null}
                lane={lane}
                gridColumn={gridColumn(placement)}
                gridRow={gridRow(placement)}
                conflicts={conflictsOf.get(session.id) ?? []}
                picked={active?.mode === "keyboard"}
                dragging={Boolean(active && active.mode !== "keyboard")}
                saving={pending?.id === session.id}
                editHref={`${base}/sessions/${session.id}`}
                blockRef={(el) => {
                  if (el) blockRefs.current.set(session.id, el);
                  else blockRefs.current.delete(session.id);
                }}
                buttonProps={{
                  onKeyDown: (e) => onKeyDown(e, session, placement),
                  onClick: (e) => onClick(e, session, placement),
                  onBlur: () => onBlur(session),
                  onPointerDown: (e) => onPointerDown(e, session, placement, "move"),
                  onPointerMove,
                  onPointerUp,
                  onPointerCancel: onPointerUp,
                }}
                handleProps={{
                  onPointerDown: (e) => onPointerDown(e, session, placement, "resize"),
                  onPointerMove,
                  onPointerUp,
                  onPointerCancel: onPointerUp,
                }}
              />
            );
          })}
        </div>
      </section>
    </div>
  );
}

function FeatureIcon({ children }: { children: ReactNode }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      className="h-3.5 w-3.5 shrink-0"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
    >
      {children}
    </svg>
  );
}

function RoomHeader({ room, column }: { room: GridRoom; column: number }) {
  const features = [
    room.stepFree && {
      label: "Step-free",
      icon: (
        <>
          <circle cx="8" cy="2.5" r="1.3" fill="currentColor" stroke="none" />
          <path d="M7.5 5v4h4l1.5 4M7.5 7h3M5.5 7.2a3.6 3.6 0 1 0 5 4.6" />
        </>
      ),
    },
    room.hearingLoop && {
      label: "Hearing loop",
      icon: <path d="M4 6.5a4 4 0 1 1 8 0c0 2.4-2.5 3-2.5 5.2a2 2 0 0 1-3.6 1.1M6.5 6.5a1.5 1.5 0 0 1 3 0" />,
    },
    room.liveCaptioning && {
      label: "Live captioning",
      icon: (
        <>
          <rect x="1.5" y="3" width="13" height="10" rx="1.5" />
          <path d="M7 6.6a1.8 1.8 0 1 0 0 2.8M12 6.6a1.8 1.8 0 1 0 0 2.8" />
        </>
      ),
    },
  ].filter((f): f is { label: string; icon: JSX.Element } => Boolean(f));
  return (
    <div
      className="sticky top-0 z-30 border-b border-l border-slate-300 bg-white px-2 py-2"
      style={{ gridColumn: column, gridRow: 1 }}
    >
      <h3 className="truncate text-sm font-bold text-slate-900" title={room.name}>
        {room.name}
      </h3>
      <p className="text-xs text-slate-700">{room.capacity} seats</p>
      {features.length ? (
        <ul aria-label={`${room.name} accessibility`} className="mt-1 flex flex-wrap gap-1">
          {features.map((f) => (
            <li
              key={f.label}
              className="inline-flex items-center gap-1 rounded bg-slate-100 px-1.5 py-0.5 text-[0.7rem] font-medium text-slate-800"
            >
              <FeatureIcon>{f.icon}</FeatureIcon>
              {f.label}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-[0.7rem] text-slate-600">No access features listed</p>
      )}
    </div>
  );
}

type ButtonHandlers = {
  onKeyDown: (e: KeyboardEvent<HTMLButtonElement>) => void;
  onClick: (e: { detail: number }) => void;
  onBlur: () => void;
  onPointerDown: (e: PointerEvent<HTMLElement>) => void;
  onPointerMove: (e: PointerEvent<HTMLElement>) => void;
  onPointerUp: (e: PointerEvent<HTMLElement>) => void;
  onPointerCancel: (e: PointerEvent<HTMLElement>) => void;
};

const STATUS_PILL = {
  amber: "bg-amber-100 text-amber-900 ring-amber-300",
  green: "bg-green-100 text-green-900 ring-green-300",
  red: "bg-red-100 text-red-900 ring-red-300",
} as const;

function SessionBlock({
  session,
  placement,
  room,
  lane,
  gridColumn,
  gridRow,
  conflicts,
  picked,
  dragging,
  saving,
  editHref,
  blockRef,
  buttonProps,
  handleProps,
}: {
  session: GridSession;
  placement: Placement;
  room: GridRoom | null;
  lane: { lane: number; of: number };
  gridColumn: string;
  gridRow: string;
  conflicts: Conflict[];
  picked: boolean;
  dragging: boolean;
  saving: boolean;
  editHref: string;
  blockRef: (el: HTMLDivElement | null) => void;
  buttonProps: ButtonHandlers;
  handleProps: Omit<ButtonHandlers, "onKeyDown" | "onClick" | "onBlur">;
}) {
  const colour = session.track?.color;
  const cancelled = session.status === "CANCELLED";
  const band = room === null;
  const compact = placement.end - placement.start < 30;
  const range = timeRange(placement);
  const descriptionId = `session-${session.id}-description`;
  const speakers = session.speakers.map((s) => s.name).join(", ");
  const conflictText = conflicts.map((c) => c.message).join(" ");
  const status = (
    <span
      className={`inline-flex shrink-0 items-center rounded px-1 text-[0.65rem] font-semibold uppercase tracking-wide ring-1 ${
        STATUS_PILL[SESSION_STATUS_TONES[session.status]]
      }`}
    >
      {SESSION_STATUS_LABELS[session.status]}
    </span>
  );
  const marker = conflicts.length ? (
    <span
      data-conflict-marker
      title={conflictText}
      className="block w-full shrink-0 rounded-sm bg-red-700 px-1 py-0.5 text-[0.7rem] leading-tight text-white"
    >
      <span className="flex items-center gap-1 font-bold">
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3 w-3 shrink-0" fill="currentColor">
          <path d="M8 1 15.5 14.5H.5L8 1Zm-.8 5v4.2h1.6V6H7.2Zm0 5.4V13h1.6v-1.6H7.2Z" />
        </svg>
        <span className="truncate">{conflicts.length === 1 ? "Conflict" : `${conflicts.length} conflicts`}</span>
      </span>
      {compact ? null : <span className="line-clamp-3">{conflictText}</span>}
    </span>
  ) : null;

  return (
    <div
      ref={blockRef}
      data-session-block={session.id}
      data-room={room?.name ?? ""}
      data-start={clock(placement.start)}
      data-end={clock(placement.end)}
      className={`group relative my-px scroll-mt-24 scroll-ml-16 overflow-hidden rounded-md border border-l-4 ${
        picked || dragging
          ? "z-[25] shadow-xl ring-4 ring-brand-600"
          : `${band ? "z-[5]" : "z-10 shadow-sm hover:shadow-md"} has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-slate-900`
      } ${conflicts.length ? "outline-2 outline-red-700" : ""} ${cancelled ? "border-dashed" : ""} ${saving ? "animate-pulse" : ""}`}
      style={{
        gridColumn,
        gridRow,
        justifySelf: "start",
        width: `calc(${100 / lane.of}% - 6px)`,
        marginLeft: `calc(${(100 * lane.lane) / lane.of}% + 3px)`,
        backgroundColor: cancelled ? "#f1f5f9" : tint(colour, 0.16, band ? "#f8fafc" : "#f1f5f9"),
        // A break for everyone is hatched, so sessions over it still read as separate blocks.
        backgroundImage: band
          ? "repeating-linear-gradient(135deg, transparent 0 8px, rgb(226 232 240 / 0.7) 8px 16px)"
          : undefined,
        borderColor: tint(colour, 0.5, "#94a3b8"),
        borderLeftColor: colour ?? "#64748b",
      }}
    >
      <button
        type="button"
        aria-pressed={picked}
        aria-label={`${session.title}, ${room?.name ?? "no room"}, ${range}`}
        aria-describedby={descriptionId}
        className={`flex h-full w-full flex-col outline-none items-start gap-0.5 overflow-hidden px-2 py-1 text-left select-none ${
          dragging ? "cursor-grabbing" : "cursor-grab"
        }`}
        {...buttonProps}
      >
        {compact ? (
          <span className="flex w-full shrink-0 items-baseline gap-1.5 pr-4 text-xs leading-tight">
            <span className="shrink-0 font-medium text-slate-800 tabular-nums">{range}</span>
            <span className={`truncate font-semibold text-slate-900 ${cancelled ? "line-through" : ""}`}>{session.title}</span>
          </span>
        ) : (
          <>
            <span
              className={`line-clamp-2 shrink-0 pr-4 text-sm leading-tight font-semibold text-slate-900 ${cancelled ? "line-through" : ""}`}
            >
              {session.title}
            </span>
            <span className="flex w-full shrink-0 flex-wrap items-center gap-x-1.5 gap-y-0.5 text-xs text-slate-800">
              <span className="font-medium whitespace-nowrap tabular-nums">{range}</span>
              {status}
            </span>
          </>
        )}
        {marker}
        {!compact && speakers ? <span className="w-full truncate text-xs text-slate-700">{speakers}</span> : null}
      </button>
      <span id={descriptionId} className="sr-only">
        {SESSION_KIND_LABELS[session.kind]}, {SESSION_STATUS_LABELS[session.status].toLowerCase()}.
        {session.track ? ` Track: ${session.track.name}.` : ""}
        {speakers ? ` Speakers: ${speakers}.` : ""}
        {conflicts.length ? ` Conflict: ${conflictText}` : ""} Press Enter to move it with the arrow keys.
      </span>
      <Link
        to={editHref}
        aria-label={`Edit “${session.title}”`}
        title="Edit in the form"
        className="absolute top-0.5 right-0.5 rounded bg-white/90 p-0.5 text-brand-800 ring-1 ring-slate-300 hover:bg-white hover:text-brand-700"
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.6">
          <path d="M10.5 2.5l3 3L6 13H3v-3l7.5-7.5ZM9 4l3 3" />
        </svg>
      </Link>
      <div
        aria-hidden="true"
        data-resize-handle
        className="absolute inset-x-0 bottom-0 flex h-2 cursor-ns-resize touch-none items-end justify-center"
        {...handleProps}
      >
        <span className="mb-0.5 h-1 w-8 rounded-full bg-slate-500/60 opacity-0 transition-opacity group-hover:opacity-100" />
      </div>
    </div>
  );
}

function ConflictPanel({
  conflicts,
  blocking,
  titles,
  onShow,
}: {
  conflicts: Conflict[];
  blocking: Set<Conflict>;
  titles: Map<string, string>;
  onShow: (id: string) => void;
}) {
  if (conflicts.length === 0) {
    return (
      <section
        aria-labelledby="conflicts-heading"
        className="flex flex-wrap items-baseline gap-x-2 rounded-lg border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900"
      >
        <h3 id="conflicts-heading" className="font-semibold">
          No conflicts on this day:
        </h3>
        <p>no double bookings, no speaker in two places, nothing outside the event.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="conflicts-heading" className="rounded-lg border border-red-300 bg-red-50 text-sm">
      <h3 id="conflicts-heading" className="px-3 pt-2 font-semibold text-red-900">
        {conflicts.length} conflict{conflicts.length === 1 ? "" : "s"} on this day
      </h3>
      {/* Capped, so a bad day doesn't push the grid off the screen. */}
      <ul className="max-h-40 divide-y divide-red-200 overflow-y-auto px-3 pb-1">
        {conflicts.map((c) => (
          <li
            key={`${c.kind}:${c.sessionIds.join(",")}:${c.message}`}
            className="flex flex-wrap items-center gap-x-2 gap-y-1 py-1.5 text-red-950"
          >
            <Badge tone="red">{CONFLICT_LABELS[c.kind]}</Badge>
            {blocking.has(c) ? <Badge tone="amber">Blocks publishing</Badge> : null}
            <span className="min-w-0 flex-1 basis-64">{c.message}</span>
            {titles.has(c.sessionIds[0]) ? (
              <button
                type="button"
                onClick={() => onShow(c.sessionIds[0])}
                className="rounded border border-red-300 bg-white px-2 py-0.5 text-xs font-semibold text-red-900 hover:bg-red-100"
              >
                Show<span className="sr-only"> “{titles.get(c.sessionIds[0])}” in the grid</span>
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
