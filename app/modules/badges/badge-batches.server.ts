// Bulk badge PDFs, made in the background. A request is checked and queued; a worker in each
// app process claims the oldest queued batch with a guarded state change (QUEUED -> RUNNING,
// or a RUNNING one whose worker stopped beating for 10 minutes), so two instances never make
// the same batch and a crash mid-run loses nothing but time.
import type { BadgeBatch, Prisma } from "~/generated/prisma/client.ts";
import type { BadgeLayout } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Db } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { pageCount } from "~/shared/pagination.ts";
import { startPeriodicJob } from "~/shared/periodic-job.server.ts";
import { MAX_BATCH_BADGES } from "./badge.schema.ts";
import { renderBadgesPdf } from "./badge-pdf.server.ts";
import { badgeWhere, loadBadges } from "./badges.server.ts";

/** Progress is written (and the claim renewed) after every this many badges. */
export const PROGRESS_EVERY = 100;
/** A RUNNING batch whose worker has said nothing for this long is taken over. */
export const STALE_CLAIM_MS = 10 * 60_000;
const POLL_MS = 2_000;

export type BadgeBatchRequest = {
  eventId: string;
  requestedById: string;
  layout: BadgeLayout;
  largePrint: boolean;
  ticketTypeId?: string | null;
  registrationIds?: string[];
};

/** Checks a print run and queues it; nothing is created when it is refused. */
export async function requestBadgeBatch(db: Db, request: BadgeBatchRequest) {
  const event = await db.event.findUnique({ where: { id: request.eventId }, select: { id: true } });
  if (!event) throw new NotFoundError("That event doesn't exist.");
  const registrationIds = [...new Set(request.registrationIds ?? [])];
  if (registrationIds.length > MAX_BATCH_BADGES)
    throw new RuleViolation(`One print run makes at most ${MAX_BATCH_BADGES.toLocaleString("en-US")} badges.`, "registrationIds");
  if (request.ticketTypeId) {
    const ticketType = await db.ticketType.findFirst({
      where: { id: request.ticketTypeId, eventId: event.id },
      select: { id: true },
    });
    if (!ticketType) throw new RuleViolation("That ticket type is not one of this event's.", "ticketTypeId");
  }
  if (registrationIds.length) {
    const ours = await db.registration.count({ where: { id: { in: registrationIds }, eventId: event.id } });
    if (ours !== registrationIds.length)
      throw new RuleViolation(
        `${registrationIds.length - ours} of the chosen people ${registrationIds.length - ours === 1 ? "is" : "are"} not registered for this event.`,
        "registrationIds",
      );
  }
  const selection = { eventId: event.id, ticketTypeId: request.ticketTypeId, registrationIds };
  const total = await db.registration.count({ where: badgeWhere(selection) });
  if (total === 0) throw new RuleViolation("No confirmed registrations match, so there are no badges to print.");
  if (total > MAX_BATCH_BADGES)
    throw new RuleViolation(
      `That is ${total.toLocaleString("en-US")} badges; one print run makes at most ${MAX_BATCH_BADGES.toLocaleString("en-US")}. Print per ticket type.`,
    );
  return db.$transaction(async (tx) => {
    const batch = await tx.badgeBatch.create({
      data: {
        eventId: event.id,
        requestedById: request.requestedById,
        layout: request.layout,
        largePrint: request.largePrint,
        ticketTypeId: request.ticketTypeId || null,
        registrationIds,
        total,
      },
      select: { id: true, total: true },
    });
    await recordAudit(tx, {
      actorId: request.requestedById,
      action: "badges.batch_requested",
      subjectType: "BadgeBatch",
      subjectId: batch.id,
      detail: { eventId: event.id, layout: request.layout, largePrint: request.largePrint, total },
    });
    return batch;
  });
}

const claimable = (now: Date): Prisma.BadgeBatchWhereInput => ({
  OR: [{ status: "QUEUED" }, { status: "RUNNING", claimedAt: { lt: new Date(now.getTime() - STALE_CLAIM_MS) } }],
});

/** Takes the oldest batch nobody is making; null when there is none. */
export async function claimBadgeBatch(db: Db, now = new Date()): Promise<BadgeBatch | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const next = await db.badgeBatch.findFirst({ where: claimable(now), orderBy: { createdAt: "asc" }, select: { id: true } });
    if (!next) return null;
    // The guard repeats the condition: of two workers that saw the same batch, one wins.
    const won = await db.badgeBatch.updateMany({
      where: { AND: [{ id: next.id }, claimable(now)] },
      data: { status: "RUNNING", claimedAt: now, done: 0, error: null },
    });
    if (won.count === 1) return db.badgeBatch.findUniqueOrThrow({ where: { id: next.id } });
  }
  return null;
}

class LostClaim extends Error {}

/**
 * Makes one claimed batch: loads its badges, renders them with progress, stores the PDF.
 * Every write is guarded by the claim, so a worker that was taken over stops quietly.
 */
export async function makeBadgeBatch(
  db: Db,
  env: Pick<Env, "badgeSigningKey" | "badgeRetiredKeys">,
  batch: Pick<BadgeBatch, "id" | "eventId" | "layout" | "largePrint" | "ticketTypeId" | "registrationIds" | "claimedAt">,
): Promise<"DONE" | "FAILED" | "LOST"> {
  let claim = batch.claimedAt as Date;
  const ours = () => ({ id: batch.id, status: "RUNNING" as const, claimedAt: claim });
  try {
    const badges = await loadBadges(db, env, {
      eventId: batch.eventId,
      ticketTypeId: batch.ticketTypeId,
      registrationIds: batch.registrationIds,
    });
    if (badges.length === 0) throw new RuleViolation("No confirmed registrations are left in this selection.");
    const started = await db.badgeBatch.updateMany({ where: ours(), data: { total: badges.length } });
    if (started.count !== 1) throw new LostClaim();
    const pdf = await renderBadgesPdf(badges, {
      layout: batch.layout,
      largePrint: batch.largePrint,
      progressEvery: PROGRESS_EVERY,
      onProgress: async (done) => {
        const renewed = new Date();
        const moved = await db.badgeBatch.updateMany({ where: ours(), data: { done, claimedAt: renewed } });
        if (moved.count !== 1) throw new LostClaim();
        claim = renewed;
      },
    });
    const finished = await db.badgeBatch.updateMany({
      where: ours(),
      data: { status: "DONE", pdf: new Uint8Array(pdf), done: badges.length, finishedAt: new Date() },
    });
    return finished.count === 1 ? "DONE" : "LOST";
  } catch (error) {
    if (error instanceof LostClaim) return "LOST";
    if (!(error instanceof RuleViolation)) console.error(`[badges] batch ${batch.id} failed:`, error);
    const message = error instanceof RuleViolation ? error.message : "The PDF could not be made; try again.";
    const failed = await db.badgeBatch.updateMany({
      where: ours(),
      data: { status: "FAILED", error: message, finishedAt: new Date() },
    });
    return failed.count === 1 ? "FAILED" : "LOST";
  }
}

/** Makes every batch waiting now, one after another; returns how many it finished. */
export async function runBadgeBatches(db: Db, env: Pick<Env, "badgeSigningKey" | "badgeRetiredKeys">, now = () => new Date()) {
  let made = 0;
  for (let batch = await claimBadgeBatch(db, now()); batch; batch = await claimBadgeBatch(db, now())) {
    await makeBadgeBatch(db, env, batch);
    made++;
  }
  return made;
}

/** Polls for batches in the app process. Returns a function that stops it after the current batch. */
export function startBadgeBatchWorker({ db, env }: { db: Db; env: Env }): () => Promise<void> {
  return startPeriodicJob("[badges] batch round", () => runBadgeBatches(db, env), {
    firstDelayMs: 500,
    everyMs: POLL_MS,
  });
}

// ---------------------------------------------------------------- the organisers' page

export const PEOPLE_PAGE_SIZE = 25;

/** The badges page: ticket types, a page of confirmed people to pick from, and the recent batches. */
export async function badgesOverview(db: Db, eventId: string, { q = "", page = 1 }: { q?: string; page?: number }) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, name: true, timeZone: true } });
  if (!event) throw new NotFoundError("That event doesn't exist.");
  const search = q.trim().slice(0, 100);
  const people: Prisma.RegistrationWhereInput = {
    eventId,
    status: "CONFIRMED",
    ...(search
      ? {
          OR: [
            { attendeeName: { contains: search, mode: "insensitive" } },
            { attendeeEmail: { contains: search, mode: "insensitive" } },
            { organisation: { contains: search, mode: "insensitive" } },
          ],
        }
      : {}),
  };
  const [ticketTypes, confirmed, matching, candidates, batches] = await Promise.all([
    db.ticketType.findMany({
      where: { eventId },
      orderBy: { position: "asc" },
      select: { id: true, name: true, _count: { select: { registrations: { where: { status: "CONFIRMED" } } } } },
    }),
    db.registration.count({ where: { eventId, status: "CONFIRMED" } }),
    db.registration.count({ where: people }),
    db.registration.findMany({
      where: people,
      orderBy: [{ attendeeName: "asc" }, { id: "asc" }],
      skip: (page - 1) * PEOPLE_PAGE_SIZE,
      take: PEOPLE_PAGE_SIZE,
      select: { id: true, attendeeName: true, attendeeEmail: true, organisation: true, badgeRole: true },
    }),
    db.badgeBatch.findMany({
      where: { eventId },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: {
        id: true,
        layout: true,
        largePrint: true,
        ticketTypeId: true,
        registrationIds: true,
        status: true,
        total: true,
        done: true,
        error: true,
        createdAt: true,
        finishedAt: true,
        requestedBy: { select: { name: true } },
      },
    }),
  ]);
  return {
    event,
    confirmed,
    ticketTypes: ticketTypes.map((t) => ({ id: t.id, name: t.name, confirmed: t._count.registrations })),
    people: { q: search, page, pageCount: pageCount(matching, PEOPLE_PAGE_SIZE), total: matching, rows: candidates },
    batches: batches.map(({ registrationIds, ...b }) => ({ ...b, people: registrationIds.length })),
  };
}

/** A finished batch's PDF; anything else (another event's, not done yet) is not found. */
export async function badgeBatchPdf(db: Db, eventId: string, batchId: string) {
  const batch = await db.badgeBatch.findFirst({
    where: { id: batchId.slice(0, 64), eventId, status: "DONE" },
    select: { id: true, pdf: true, total: true, createdAt: true },
  });
  if (!batch?.pdf) throw new NotFoundError("That batch of badges doesn't exist or isn't ready yet.");
  return { ...batch, pdf: batch.pdf };
}
