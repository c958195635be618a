// Calendar feeds: the whole event, one session, and a person's starred sessions behind a
// secret token. Each feed answers a conditional request from a cheap stamp and reads the
// release's snapshot only when it has to send the body.

import { latestReleaseStamp } from "~/modules/agenda/releases.server.ts";
import type { AgendaSnapshot } from "~/modules/agenda/snapshot.ts";
import type { Validators } from "~/shared/conditional.server.ts";
import type { Db } from "~/shared/db.server.ts";
import { NotFoundError } from "~/shared/errors.ts";
import { hashToken, randomToken } from "~/shared/tokens.server.ts";
import { agendaToIcs, ICS_FORMAT_VERSION, type IcsAgenda } from "./ics.ts";

// ---------------------------------------------------------------- personal feed tokens

/** A new secret feed URL token for this person and event; earlier ones stop working. Only its hash is stored. */
export async function issueFeedToken(db: Db, userId: string, eventId: string): Promise<string> {
  const token = randomToken();
  await db.$transaction(async (tx) => {
    // Serialises concurrent issues for one person, so exactly one token stays active.
    const user = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE id = ${userId} FOR UPDATE`;
    if (user.length === 0) throw new NotFoundError("That account doesn't exist.");
    if (!(await tx.event.findUnique({ where: { id: eventId }, select: { id: true } })))
      throw new NotFoundError("That event doesn't exist.");
    await tx.calendarFeedToken.updateMany({ where: { userId, eventId, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.calendarFeedToken.create({ data: { userId, eventId, tokenHash: hashToken(token) } });
  });
  return token;
}

/** Stops every feed URL this person has for the event. Returns how many were active. */
export async function revokeFeedTokens(db: Db, userId: string, eventId: string): Promise<number> {
  const { count } = await db.calendarFeedToken.updateMany({
    where: { userId, eventId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}

// randomToken(): 32 bytes, base64url. Anything else can't be ours; no need to ask the database.
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

async function activeToken(db: Db, token: string) {
  if (!TOKEN_SHAPE.test(token)) return null;
  const row = await db.calendarFeedToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { userId: true, eventId: true, revokedAt: true, event: { select: { published: true } } },
  });
  return row && !row.revokedAt ? row : null;
}

/** Whose feed a token opens; null when it is unknown or revoked. */
export async function findFeedOwner(db: Db, token: string): Promise<{ userId: string; eventId: string } | null> {
  const row = await activeToken(db, token);
  return row ? { userId: row.userId, eventId: row.eventId } : null;
}

export type PersonalFeedUrls = {
  /** For apps that take a plain address. */
  https: string;
  /** Opens the subscribe dialog of the system calendar (Apple Calendar, Outlook). */
  webcal: string;
  /** Google Calendar's "add by URL" page, prefilled. */
  google: string;
};

/**
 * The addresses of a personal feed. The token alone names the feed and its event; the
 * slug is in the signature the agenda pages were built against and changes nothing.
 */
export function personalFeedUrls(appUrl: string, _slug: string | undefined, token: string): PersonalFeedUrls {
  const https = `${appUrl.replace(/\/$/, "")}/calendar/${encodeURIComponent(token)}.ics`;
  const webcal = https.replace(/^https?:/, "webcal:");
  return { https, webcal, google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}` };
}

// ---------------------------------------------------------------- feeds

export type CalendarFeed = Validators & {
  /** Content-Disposition file name, for feeds meant to be downloaded rather than subscribed to. */
  filename?: string;
  /** The iCalendar text; reads the snapshot, so only called when the client's copy is stale. */
  render(): Promise<string>;
};

type Stamp = { id: string; publishedAt: Date };

const etag = (kind: string, ...parts: (string | number)[]) => `W/"${kind}-${parts.join("-")}-v${ICS_FORMAT_VERSION}"`;

/**
 * The latest release of a published event, in one query: this is all a 304 costs. Only
 * when it finds nothing does a second query tell "no such event" from "nothing published yet".
 */
async function latestStamp(db: Db, slug: string): Promise<Stamp> {
  const stamp = await db.agendaRelease.findFirst({
    where: { event: { slug, published: true } },
    orderBy: { number: "desc" },
    select: { id: true, publishedAt: true },
  });
  if (stamp) return stamp;
  const event = await db.event.findUnique({ where: { slug }, select: { published: true } });
  // Drafts are as invisible here as on the event page.
  if (!event?.published) throw new NotFoundError("We couldn't find that event.");
  throw new NotFoundError("This event's agenda hasn't been published yet.");
}

// A release never changes, so neither does its whole-event feed: render it once per
// release (and APP_URL) and keep the few most recent. Rendering 300 sessions costs ~15 ms.
const MAX_RENDERED_FEEDS = 16;
const renderedFeeds = new Map<string, Promise<string>>();

function renderedOnce(key: string, render: () => Promise<string>): Promise<string> {
  let text = renderedFeeds.get(key);
  if (text) {
    // Most recently used last, so eviction takes the oldest.
    renderedFeeds.delete(key);
  } else {
    text = render();
    // A failed render must not stay cached.
    text.catch(() => renderedFeeds.delete(key));
  }
  renderedFeeds.set(key, text);
  for (const oldest of renderedFeeds.keys()) {
    if (renderedFeeds.size <= MAX_RENDERED_FEEDS) break;
    renderedFeeds.delete(oldest);
  }
  return text;
}

/** The release the stamp named, not whatever is latest now: body and ETag must describe the same release. */
async function releaseAgenda(db: Db, stamp: Stamp): Promise<IcsAgenda> {
  const release = await db.agendaRelease.findUniqueOrThrow({ where: { id: stamp.id }, select: { snapshot: true } });
  return { snapshot: release.snapshot as unknown as AgendaSnapshot, publishedAt: stamp.publishedAt };
}

/** Every session of the event's latest release (`/events/<slug>/agenda.ics`). */
export async function eventFeed(db: Db, slug: string, appUrl: string): Promise<CalendarFeed> {
  const stamp = await latestStamp(db, slug);
  return {
    etag: etag("event", stamp.id),
    lastModified: stamp.publishedAt,
    render: () => renderedOnce(`${stamp.id} ${appUrl}`, async () => agendaToIcs(await releaseAgenda(db, stamp), { appUrl })),
  };
}

/**
 * One session (`/events/<slug>/sessions/<id>.ics`). The 304 path does not look inside the
 * snapshot: a session, once published, stays in every later release (cancelled if withdrawn).
 */
export async function sessionFeed(db: Db, slug: string, sessionId: string, appUrl: string): Promise<CalendarFeed> {
  const stamp = await latestStamp(db, slug);
  return {
    etag: etag("session", stamp.id),
    lastModified: stamp.publishedAt,
    filename: `${slug}-session.ics`,
    render: async () => {
      const agenda = await releaseAgenda(db, stamp);
      const session = agenda.snapshot.sessions.find((s) => s.id === sessionId);
      if (!session) throw new NotFoundError("That session isn't in the published agenda.");
      return agendaToIcs(agenda, {
        appUrl,
        sessionIds: new Set([sessionId]),
        calendarName: `${session.title} · ${agenda.snapshot.event.name}`,
      });
    },
  };
}

/**
 * A person's starred sessions that are in the latest release (cancelled ones included, so
 * their calendar drops them), at `/calendar/<token>.ics`. Unknown or revoked token: not found.
 */
export async function personalFeed(db: Db, token: string, appUrl: string): Promise<CalendarFeed> {
  const owner = await activeToken(db, token);
  if (!owner?.event.published)
    throw new NotFoundError("This calendar link doesn't work any more. Get a new one from your agenda page.");
  const { userId, eventId } = owner;
  const starredInEvent = { userId, session: { eventId } };
  const [stamp, starred] = await Promise.all([
    latestReleaseStamp(db, eventId),
    db.favourite.aggregate({ where: starredInEvent, _count: { _all: true }, _max: { createdAt: true } }),
  ]);
  if (!stamp) throw new NotFoundError("This event's agenda hasn't been published yet.");
  // Starring adds a newer row and un-starring changes the count: together they change on every edit.
  const newestStar = starred._max.createdAt;
  return {
    etag: etag("personal", stamp.id, starred._count._all, newestStar?.getTime() ?? 0),
    lastModified: newestStar && newestStar > stamp.publishedAt ? newestStar : stamp.publishedAt,
    // An un-starred session leaves no timestamp behind, so Last-Modified can't vouch for it.
    lastModifiedIsExact: false,
    render: async () => {
      const [agenda, favourites] = await Promise.all([
        releaseAgenda(db, stamp),
        db.favourite.findMany({ where: starredInEvent, select: { sessionId: true } }),
      ]);
      return agendaToIcs(agenda, {
        appUrl,
        sessionIds: new Set(favourites.map((f) => f.sessionId)),
        calendarName: `${agenda.snapshot.event.name}: my agenda`,
      });
    },
  };
}
