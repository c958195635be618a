// What a badge shows, loaded for one registration or a whole print run. Only what a person
// chose to wear goes on it: never the ticket type (a scholarship or "patient" ticket would
// say more than the attendee agreed to), only the ribbon organisers set.
import type { Prisma } from "~/generated/prisma/client.ts";
import type { BadgeRole } from "~/generated/prisma/enums.ts";
import { formatDateRange } from "~/shared/dates.ts";
import type { Db } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { RIBBON_LABELS } from "./badge.schema.ts";
import { badgeKeyring, issueBadgeToken } from "./badge-keys.server.ts";

/** Everything printed on one badge, in the event's words and zone. */
export type BadgeView = {
  registrationId: string;
  name: string;
  pronouns: string;
  organisation: string;
  /** "@handle", from the attendee's account; empty when they have none. */
  socialHandle: string;
  role: BadgeRole;
  ribbon: string;
  /** The attendee declined photos and recordings: the badge carries a no-photo marker. */
  noPhotos: boolean;
  eventName: string;
  eventDates: string;
  campus: string;
  /** The signed QR text. */
  token: string;
  badgeVersion: number;
};

const badgeSelect = {
  id: true,
  eventId: true,
  attendeeName: true,
  pronouns: true,
  organisation: true,
  badgeRole: true,
  photoConsent: true,
  badgeVersion: true,
  user: { select: { socialHandle: true } },
} satisfies Prisma.RegistrationSelect;

/** Who gets a badge in a print run: a ticket type, chosen people, or (neither) everyone confirmed. */
export type BadgeSelection = { eventId: string; ticketTypeId?: string | null; registrationIds?: string[] };

/** Only confirmed seats have badges: a held, cancelled or transferred one would not pass the door. */
export function badgeWhere(selection: BadgeSelection): Prisma.RegistrationWhereInput {
  return {
    eventId: selection.eventId,
    status: "CONFIRMED",
    ...(selection.ticketTypeId ? { ticketTypeId: selection.ticketTypeId } : {}),
    ...(selection.registrationIds?.length ? { id: { in: selection.registrationIds } } : {}),
  };
}

const handle = (value: string | undefined) => (value ? (value.startsWith("@") ? value : `@${value}`) : "");

/** The badges of a selection, sorted by name as the registration desk hands them out. */
export async function loadBadges(
  db: Db,
  env: Pick<Env, "badgeSigningKey" | "badgeRetiredKeys">,
  selection: BadgeSelection,
): Promise<BadgeView[]> {
  const event = await db.event.findUnique({
    where: { id: selection.eventId },
    select: { name: true, startsAt: true, endsAt: true, timeZone: true, campus: { select: { name: true } } },
  });
  if (!event) throw new NotFoundError("That event doesn't exist.");
  const rows = await db.registration.findMany({
    where: badgeWhere(selection),
    select: badgeSelect,
    orderBy: [{ attendeeName: "asc" }, { id: "asc" }],
  });
  const ring = badgeKeyring(env);
  const eventDates = formatDateRange(event.startsAt, event.endsAt, event.timeZone);
  return rows.map((r) => ({
    registrationId: r.id,
    name: r.attendeeName,
    pronouns: r.pronouns,
    organisation: r.organisation,
    socialHandle: handle(r.user?.socialHandle),
    role: r.badgeRole,
    ribbon: RIBBON_LABELS[r.badgeRole],
    noPhotos: !r.photoConsent,
    eventName: event.name,
    eventDates,
    campus: event.campus.name,
    token: issueBadgeToken(ring, r, event),
    badgeVersion: r.badgeVersion,
  }));
}

/** The badge of one confirmed registration (callers decide who may see it). */
export async function loadBadge(
  db: Db,
  env: Pick<Env, "badgeSigningKey" | "badgeRetiredKeys">,
  registration: { id: string; eventId: string },
): Promise<BadgeView> {
  const [badge] = await loadBadges(db, env, { eventId: registration.eventId, registrationIds: [registration.id] });
  if (!badge) throw new NotFoundError("This registration has no badge: it is not confirmed.");
  return badge;
}

async function registrationOfEvent(db: Db, eventId: string, registrationId: string) {
  const registration = await db.registration.findFirst({
    where: { id: registrationId.slice(0, 64), eventId },
    select: { id: true, status: true, badgeVersion: true, badgeRole: true, attendeeName: true },
  });
  if (!registration) throw new NotFoundError("That registration doesn't exist for this event.");
  return registration;
}

/**
 * A new badge for a confirmed registration (lost, stolen, or printed wrong): the version goes
 * up, so the old badge answers REVOKED at the door from now on.
 */
export async function reissueBadge(db: Db, actorId: string, eventId: string, registrationId: string) {
  const registration = await registrationOfEvent(db, eventId, registrationId);
  if (registration.status !== "CONFIRMED")
    throw new RuleViolation(
      `Only a confirmed registration has a badge; ${registration.attendeeName}'s is ${registration.status.toLowerCase()}.`,
    );
  return db.$transaction(async (tx) => {
    const moved = await tx.registration.updateMany({
      where: { id: registration.id, status: "CONFIRMED", badgeVersion: registration.badgeVersion },
      data: { badgeVersion: { increment: 1 } },
    });
    if (moved.count !== 1) throw new RuleViolation("This registration changed a moment ago; reload and try again.");
    const badgeVersion = registration.badgeVersion + 1;
    await recordAudit(tx, {
      actorId,
      action: "badge.reissued",
      subjectType: "Registration",
      subjectId: registration.id,
      detail: { from: registration.badgeVersion, to: badgeVersion },
    });
    return { ...registration, badgeVersion };
  });
}

/** The ribbon printed on a registration's badge. The badge stays valid: only the print changes. */
export async function setBadgeRole(db: Db, actorId: string, eventId: string, registrationId: string, role: BadgeRole) {
  const registration = await registrationOfEvent(db, eventId, registrationId);
  if (registration.badgeRole === role) return registration;
  return db.$transaction(async (tx) => {
    await tx.registration.update({ where: { id: registration.id }, data: { badgeRole: role } });
    await recordAudit(tx, {
      actorId,
      action: "badge.role_changed",
      subjectType: "Registration",
      subjectId: registration.id,
      detail: { from: registration.badgeRole, to: role },
    });
    return { ...registration, badgeRole: role };
  });
}
