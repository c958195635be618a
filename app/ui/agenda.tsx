// Pieces shared by the attendees' agenda pages: the event's page tabs, session cards,
// track chips and the star button. Times are always in the event's zone, zone named.
import { Link, NavLink, useFetcher } from "@remix-run/react";
import { type ReactNode, useMemo } from "react";
import { SESSION_KIND_LABELS } from "~/modules/agenda/agenda.schema.ts";
import type { Seats } from "~/modules/agenda/attendee.server.ts";
import type { SnapshotSession, SnapshotTrack } from "~/modules/agenda/snapshot.ts";
import { formatDate, formatTime, zoneAbbreviation } from "~/shared/dates.ts";
import { Badge } from "./components.tsx";

const ranges = new Map<string, string>();

/** "9:00 – 10:30 AM EDT", "11:45 AM – 12:45 PM EDT": AM/PM and zone once, at the end, when both ends share them. */
export function timeRange(startsAt: string, endsAt: string, zone: string): string {
  const key = `${zone} ${startsAt} ${endsAt}`;
  const known = ranges.get(key);
  if (known) return known;
  const start = formatTime(new Date(startsAt), zone).split(" ");
  const end = formatTime(new Date(endsAt), zone).split(" ");
  // [time, period, zone]: the zones differ only when the range crosses a DST change.
  const range =
    start[2] !== end[2]
      ? `${start.join(" ")} – ${end.join(" ")}`
      : `${start[1] === end[1] ? start[0] : `${start[0]} ${start[1]}`} – ${end.join(" ")}`;
  // An agenda has a few hundred distinct ranges; remembering them spares formatting on every request.
  if (ranges.size >= 20_000) ranges.clear();
  ranges.set(key, range);
  return range;
}

/**
 * "All times are in EDT (America/New_York)…", naming both abbreviations when the span
 * crosses a DST change; a span, so it also fits inside a page header's paragraph.
 */
export function ZoneNote({ from, to = from, zone }: { from: string; to?: string; zone: string }) {
  const first = zoneAbbreviation(new Date(from), zone);
  const last = zoneAbbreviation(new Date(to), zone);
  return (
    <span className="block text-sm text-slate-700">
      All times are in {first === last ? first : `${first}/${last}`} ({zone}), the event's local time.
    </span>
  );
}

function tabClass({ isActive }: { isActive: boolean }) {
  return `whitespace-nowrap rounded-md px-3 py-2 text-sm font-semibold ${isActive ? "bg-brand-100 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`;
}

/** Breadcrumb and the event's attendee tabs; hidden on paper. */
export function EventNav({ slug, name, here }: { slug: string; name: string; here: ReactNode }) {
  const base = `/events/${slug}`;
  return (
    <div className="mb-4 print:hidden">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to="/" className="text-brand-700 underline">
          Events
        </Link>{" "}
        /{" "}
        <Link to={base} className="text-brand-700 underline">
          {name}
        </Link>{" "}
        / {here}
      </nav>
      <nav aria-label="Programme" className="-mx-4 mt-3 flex gap-1 overflow-x-auto border-b border-slate-200 px-4 pb-2">
        <NavLink to={`${base}/agenda`} className={tabClass}>
          Agenda
        </NavLink>
        <NavLink to={`${base}/speakers`} className={tabClass}>
          Speakers
        </NavLink>
        <NavLink to={`${base}/my-agenda`} className={tabClass}>
          My agenda
        </NavLink>
      </nav>
    </div>
  );
}

/** A track's colour is decoration; its name always says which track it is. */
export function TrackChip({ track }: { track: Pick<SnapshotTrack, "name" | "color"> }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span
        aria-hidden="true"
        className="inline-block h-3 w-3 shrink-0 rounded-full border border-slate-400 print:border-slate-900"
        style={{ backgroundColor: track.color }}
      />
      {track.name}
    </span>
  );
}

type Named = { id: string; name: string };
export type AgendaLookups = { tracks: SnapshotTrack[]; rooms: Named[]; speakers: Named[] };
export type Lookup = {
  track(id: string | null): SnapshotTrack | undefined;
  room(id: string | null): Named | undefined;
  speaker(id: string): Named | undefined;
};

/** Id → record, for sessions that carry only ids. */
export function useLookup({ tracks, rooms, speakers }: AgendaLookups): Lookup {
  return useMemo(() => {
    const t = new Map(tracks.map((x) => [x.id, x]));
    const r = new Map(rooms.map((x) => [x.id, x]));
    const s = new Map(speakers.map((x) => [x.id, x]));
    return {
      track: (id) => (id ? t.get(id) : undefined),
      room: (id) => (id ? r.get(id) : undefined),
      speaker: (id) => s.get(id),
    };
  }, [tracks, rooms, speakers]);
}

/** "Workshop · 12 of 20 seats left" or "Workshop · Full". */
export function seatsText(kind: SnapshotSession["kind"], seats: Seats): string {
  return `${SESSION_KIND_LABELS[kind]} · ${seats.left === 0 ? "Full" : `${seats.left} of ${seats.capacity} seats left`}`;
}

/**
 * Star and un-star in place (a fetcher, so the list keeps its scroll); without JavaScript
 * the same form posts to the page. Logged-out visitors are sent to log in and back.
 */
export function StarButton({ sessionId, title, starred }: { sessionId: string; title: string; starred: boolean }) {
  const fetcher = useFetcher<{ ok?: boolean; message?: string }>();
  const pending = fetcher.formData?.get("intent");
  const on = pending ? pending === "star" : starred;
  const failure = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null;
  return (
    <fetcher.Form method="post" preventScrollReset className="print:hidden">
      <input type="hidden" name="sessionId" value={sessionId} />
      <button
        type="submit"
        name="intent"
        value={on ? "unstar" : "star"}
        className={`inline-flex min-h-11 items-center gap-1.5 rounded-md border px-3 py-2 text-sm font-semibold ${
          on
            ? "border-amber-500 bg-amber-50 text-amber-900 hover:bg-amber-100"
            : "border-slate-400 bg-white text-slate-900 hover:bg-slate-100"
        }`}
      >
        <span aria-hidden="true" className="text-base leading-none">
          {on ? "★" : "☆"}
        </span>
        {on ? "Starred" : "Star"}
        <span className="sr-only">{on ? ` – remove “${title}” from my agenda` : ` “${title}”`}</span>
      </button>
      {failure ? (
        <p role="alert" className="mt-1 text-sm font-medium text-red-700">
          {failure}
        </p>
      ) : null}
    </fetcher.Form>
  );
}

export function SpeakerLinks({ slug, ids, lookup }: { slug: string; ids: string[]; lookup: Lookup }) {
  const speakers = ids.map((id) => lookup.speaker(id)).filter((s): s is Named => Boolean(s));
  if (speakers.length === 0) return null;
  return (
    <span>
      {speakers.map((s, i) => (
        <span key={s.id}>
          {i > 0 ? ", " : ""}
          <Link to={`/events/${slug}/speakers/${s.id}`} className="text-brand-700 underline">
            {s.name}
          </Link>
        </span>
      ))}
    </span>
  );
}

/** What a session card shows: the release's session without its abstract and bookkeeping. */
export type SessionSummary = Pick<
  SnapshotSession,
  "id" | "title" | "kind" | "status" | "trackId" | "roomId" | "startsAt" | "endsAt" | "speakerIds"
>;

export const summarise = ({ id, title, kind, status, trackId, roomId, startsAt, endsAt, speakerIds }: SessionSummary) => ({
  id,
  title,
  kind,
  status,
  trackId,
  roomId,
  startsAt,
  endsAt,
  speakerIds,
});

type SessionCardProps = {
  session: SessionSummary;
  slug: string;
  zone: string;
  lookup: Lookup;
  starred: boolean;
  seats?: Seats;
  hasSeat?: boolean;
  /** The card title's heading level, so each page keeps its outline. */
  level?: 2 | 3 | 4;
  /** Name the day too, where the list isn't already under a day's heading. */
  withDate?: boolean;
  children?: ReactNode;
};

/** One session in a list: when, what, which track and room, who, seats, and the star. */
export function SessionCard({
  session,
  slug,
  zone,
  lookup,
  starred,
  seats,
  hasSeat,
  level = 3,
  withDate,
  children,
}: SessionCardProps) {
  const Heading = `h${level}` as const;
  const track = lookup.track(session.trackId);
  const room = lookup.room(session.roomId);
  const cancelled = session.status === "CANCELLED";
  const isBreak = session.kind === "BREAK";
  const canStar = starred || (!cancelled && !isBreak);
  return (
    // The star sits top right but comes last in the DOM, so keyboard and screen-reader users meet the title first.
    <article
      className={`grid grid-cols-[1fr_auto] gap-x-3 rounded-lg border p-4 ${isBreak ? "border-dashed border-slate-300 bg-slate-50" : "border-slate-200 bg-white shadow-sm"} print:break-inside-avoid print:shadow-none`}
    >
      <p className="col-start-1 row-start-1 flex flex-wrap items-center gap-2 self-center text-sm text-slate-700">
        <time dateTime={session.startsAt} className="font-semibold text-slate-900">
          {withDate ? `${formatDate(new Date(session.startsAt), zone)}, ` : ""}
          {timeRange(session.startsAt, session.endsAt, zone)}
        </time>
        <Badge>{SESSION_KIND_LABELS[session.kind]}</Badge>
        {cancelled ? <Badge tone="red">Cancelled</Badge> : null}
      </p>
      <div className="col-span-2 min-w-0">
        <Heading className={`mt-1 text-lg font-bold leading-snug ${cancelled ? "line-through decoration-2" : ""}`}>
          {isBreak ? (
            session.title
          ) : (
            <Link to={`/events/${slug}/sessions/${session.id}`} className="text-brand-800 hover:underline">
              {session.title}
            </Link>
          )}
        </Heading>
        {track || room ? (
          <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm text-slate-700">
            {track ? <TrackChip track={track} /> : null}
            {room ? <span>{room.name}</span> : null}
          </p>
        ) : null}
        {session.speakerIds.length ? (
          <p className="mt-1 text-sm text-slate-800">
            <SpeakerLinks slug={slug} ids={session.speakerIds} lookup={lookup} />
          </p>
        ) : null}
        {seats && !cancelled ? (
          <p className={`mt-1 text-sm font-semibold ${seats.left === 0 && !hasSeat ? "text-red-800" : "text-slate-800"}`}>
            {seatsText(session.kind, seats)}
            {hasSeat ? " · You have a seat" : ""}
          </p>
        ) : null}
        {children}
      </div>
      {canStar ? (
        <div className="col-start-2 row-start-1">
          <StarButton sessionId={session.id} title={session.title} starred={starred} />
        </div>
      ) : null}
    </article>
  );
}

/** A message from the page's own action (the no-JavaScript path of its buttons). */
export function ActionNotice({ result }: { result?: { ok?: boolean; message?: string } | null }) {
  return (
    <div role="status" aria-live="polite">
      {result?.message ? (
        <p
          className={`mb-4 rounded-md border p-3 font-medium ${result.ok ? "border-green-300 bg-green-50 text-green-900" : "border-red-300 bg-red-50 text-red-900"}`}
        >
          {result.message}
        </p>
      ) : null}
    </div>
  );
}

/** A profile address for a social handle as organisers type it ("@name", "in/name", "@name@host"); null when unreadable. */
export function handleUrl(network: string, handle: string): string | null {
  if (/^https:\/\/[^\s/]+\.[^\s/]+/.test(handle)) return handle;
  const bare = handle.replace(/^@/, "");
  if (!bare) return null;
  switch (network) {
    case "x":
      return `https://x.com/${encodeURIComponent(bare)}`;
    case "bluesky":
      return `https://bsky.app/profile/${encodeURIComponent(bare)}`;
    case "linkedin":
      return /^(in|company)\/[^/\s]+\/?$/.test(bare)
        ? `https://www.linkedin.com/${bare}`
        : `https://www.linkedin.com/in/${encodeURIComponent(bare)}`;
    case "mastodon": {
      const [user, host] = bare.split("@");
      return user && host && /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(host) ? `https://${host}/@${encodeURIComponent(user)}` : null;
    }
    default:
      return null;
  }
}

/** "Dr. Amara Okafor" → "Amara Okafor": for initials, and so a list isn't sorted by title. */
export function withoutHonorific(name: string): string {
  return name.replace(/^(Dr|Prof|Rev)\.?\s+/i, "");
}

/** The speaker's photo when there is one, else their initials (decorative: the name is always next to it). */
export function SpeakerAvatar({
  speaker,
  size = "md",
}: {
  speaker: { id: string; name: string; hasPhoto: boolean };
  size?: "md" | "lg";
}) {
  const box = size === "lg" ? "h-28 w-28 text-3xl" : "h-14 w-14 text-lg";
  if (speaker.hasPhoto) {
    return <img src={`/speakers/${speaker.id}/photo`} alt="" className={`${box} shrink-0 rounded-full object-cover`} />;
  }
  const initials = withoutHonorific(speaker.name)
    .split(/\s+/)
    .map((w) => w[0])
    .filter(Boolean)
    .slice(0, 2)
    .join("");
  return (
    <span
      aria-hidden="true"
      className={`${box} inline-flex shrink-0 items-center justify-center rounded-full bg-brand-100 font-bold text-brand-800`}
    >
      {initials}
    </span>
  );
}
