// The awardee's reply. Accepting registers them on the cycle's hidden scholarship ticket
// through placeOrder (source SCHOLARSHIP: free, confirmed at once, a seat from capacity), in
// the same transaction as the acceptance. A pair's two seats are registered together, in one
// order, once both have replied; declining or lapsing gives the uncommitted money back.
import { Prisma } from "~/generated/prisma/client.ts";
import type { AwardStatus } from "~/generated/prisma/enums.ts";
import { formatDateRange, formatDateTime } from "~/shared/dates.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { formatMoney } from "~/shared/money.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { enqueueEmail } from "../email/outbox.server.ts";
import { renderEmail } from "../email/templates.server.ts";
import type { MailSettings } from "../registration/confirmation.server.ts";
import { type PlacedOrder, placeOrder } from "../registration/orders.server.ts";
import type { AttendeeDetails } from "./award.schema.ts";
import { appendFundEntry } from "./fund-ledger.server.ts";

/** The reminder goes out this long before the reply deadline. */
export const REMINDER_DAYS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

const replyInclude = {
  application: {
    select: {
      id: true,
      applicantId: true,
      role: true,
      pairId: true,
      pairSplit: true,
      cycleId: true,
      applicant: { select: { id: true, name: true, email: true, organisation: true } },
      accessibilityNeeds: true,
      accessibilityNotes: true,
      cycle: {
        select: {
          id: true,
          name: true,
          ticketTypeId: true,
          event: { select: { id: true, name: true, slug: true, startsAt: true, endsAt: true, timeZone: true } },
        },
      },
    },
  },
} satisfies Prisma.AwardInclude;
type ReplyAward = Prisma.AwardGetPayload<{ include: typeof replyInclude }>;

async function loadAward(db: DbTx, awardId: string): Promise<ReplyAward | null> {
  return db.award.findUnique({ where: { id: awardId }, include: replyInclude });
}

/** Only the awardee may see or answer their award; for anyone else it doesn't exist. */
async function loadOwnAward(db: DbTx, awardId: string, userId: string): Promise<ReplyAward> {
  const award = await loadAward(db, awardId);
  if (!award || award.application.applicantId !== userId) throw new NotFoundError("We couldn't find that award.");
  return award;
}

/** The award of the other half of a pair (none once the committee split it). */
async function partnerOf(db: DbTx, award: ReplyAward): Promise<ReplyAward | null> {
  const { pairId, pairSplit, cycleId, id } = award.application;
  if (!pairId || pairSplit) return null;
  return db.award.findFirst({
    where: { application: { pairId, cycleId, pairSplit: false, id: { not: id } } },
    include: replyInclude,
  });
}

/** What the awardee's page shows: the award, its pair partner's reply, and the registration questions. */
export async function awardForApplicant(db: Db, awardId: string, userId: string, now = new Date()) {
  const award = await loadOwnAward(db, awardId, userId);
  const partner = await partnerOf(db, award);
  const { event } = award.application.cycle;
  const questions = await db.registrationQuestion.findMany({
    where: { eventId: event.id },
    orderBy: { position: "asc" },
    select: { id: true, label: true, help: true, kind: true, options: true, required: true },
  });
  return {
    award: {
      id: award.id,
      status: award.status,
      waiverCents: award.waiverCents,
      travelCents: award.travelCents,
      lodgingCents: award.lodgingCents,
      committedCents: award.committedCents,
      paidCents: award.paidCents,
      replyBy: award.replyBy,
      replyByLabel: formatDateTime(award.replyBy, event.timeZone),
      open: award.status === "OFFERED" && award.replyBy > now,
      registrationId: award.registrationId,
    },
    applicant: award.application.applicant,
    prefill: {
      organisation: award.application.applicant.organisation,
      accessibilityNeeds: award.application.accessibilityNeeds,
      accessibilityNotes: award.application.accessibilityNotes,
    },
    event: { name: event.name, slug: event.slug, when: formatDateRange(event.startsAt, event.endsAt, event.timeZone) },
    partner: partner
      ? { name: partner.application.applicant.name, status: partner.status, registered: Boolean(partner.registrationId) }
      : null,
    questions,
  };
}

const CLOSED: Record<Exclude<AwardStatus, "OFFERED">, string> = {
  ACCEPTED: "You have already accepted this award.",
  DECLINED: "You declined this award, so it can't be changed here. Please contact the organisers.",
  LAPSED: "This offer has closed: the reply deadline passed.",
};

function refuseUnlessOpen(award: ReplyAward, now: Date) {
  if (award.status !== "OFFERED") throw new RuleViolation(CLOSED[award.status]);
  if (award.replyBy <= now) throw new RuleViolation(CLOSED.LAPSED);
}

export type AcceptResult = { registered: boolean; waitingFor?: string; orderId?: string };

/**
 * Accepts an award. Alone (or when the pair partner has already replied) the acceptance and
 * the complimentary registration commit together — both or neither, and a full event says
 * so and changes nothing. When the partner has yet to reply, the acceptance and the details
 * are kept, and both seats are registered in one order when the partner accepts.
 */
export async function acceptAward(
  db: Db,
  mail: MailSettings,
  input: { awardId: string; userId: string; details: AttendeeDetails; now?: Date },
): Promise<AcceptResult> {
  const now = input.now ?? new Date();
  const award = await loadOwnAward(db, input.awardId, input.userId);
  refuseUnlessOpen(award, now);
  const partner = await partnerOf(db, award);
  if (partner?.status === "OFFERED") {
    await db.$transaction(async (tx) => {
      await markAccepted(tx, award, input.details, now);
      await recordAudit(tx, {
        actorId: input.userId,
        action: "scholarship.award.accepted",
        subjectType: "Award",
        subjectId: award.id,
        detail: { waitingForPartner: partner.id },
      });
    });
    // The partner may have accepted in the same instant, each seeing the other undecided.
    await settle(db, mail, award.id, now);
    const registered = Boolean((await db.award.findUnique({ where: { id: award.id } }))?.registrationId);
    return registered ? { registered } : { registered, waitingFor: partner.application.applicant.name };
  }
  const seats: Seat[] = [{ award, details: input.details, accepting: true }];
  if (partner?.status === "ACCEPTED" && !partner.registrationId) seats.push(waitingSeat(partner));
  try {
    const order = await registerSeats(db, mail, seats, { actorId: input.userId, now });
    return { registered: true, orderId: order.id };
  } catch (error) {
    if (error instanceof AlreadyRegistered) throw answeredMeanwhile();
    throw error;
  }
}

const answeredMeanwhile = () =>
  new RuleViolation("This award was answered a moment ago. Reload the page to see where it stands.");

/** An accepted award waiting for its seat, with the details given when accepting. */
function waitingSeat(award: ReplyAward): Seat {
  if (!award.attendeeDetails) throw new Error(`accepted award ${award.id} has no registration details`);
  return { award, details: award.attendeeDetails as unknown as AttendeeDetails, accepting: false };
}

async function markAccepted(tx: DbTx, award: ReplyAward, details: AttendeeDetails, now: Date) {
  const moved = await tx.award.updateMany({
    where: { id: award.id, status: "OFFERED", replyBy: { gt: now } },
    data: { status: "ACCEPTED", respondedAt: now, attendeeDetails: details },
  });
  if (moved.count !== 1) throw answeredMeanwhile();
}

type Seat = { award: ReplyAward; details: AttendeeDetails; accepting: boolean };

/** Another transaction registered the seat first (a pair accepting at the same moment). */
class AlreadyRegistered extends Error {}

/**
 * One SCHOLARSHIP order for the seats (one person, or a pair together), and in its
 * transaction: the acceptance, the award ↔ registration links, and the waiver moved from
 * committed to paid. A pair's order is in the patient's name; the other person is emailed too.
 */
async function registerSeats(db: Db, mail: MailSettings, seats: Seat[], { actorId, now }: { actorId: string | null; now: Date }) {
  const { cycle } = seats[0].award.application;
  if (!cycle.ticketTypeId)
    throw new RuleViolation(
      "Registration for scholarship holders isn't set up for this event yet, so we couldn't register you. Please contact the organisers; your award is safe.",
    );
  const { event } = cycle;
  const buyer = (seats.find((s) => s.award.application.role === "PATIENT") ?? seats[0]).award.application.applicant;
  const attendees = seats.map(({ award, details }) => ({
    ticketTypeId: cycle.ticketTypeId as string,
    name: award.application.applicant.name,
    email: award.application.applicant.email,
    organisation: details.organisation || award.application.applicant.organisation,
    pronouns: details.pronouns,
    accessibilityNeeds: details.accessibilityNeeds,
    accessibilityNotes: details.accessibilityNotes,
    photoConsent: details.photoConsent,
    answers: details.answers,
  }));
  try {
    return await placeOrder(db, mail, {
      eventId: event.id,
      buyer: { id: buyer.id, name: buyer.name, email: buyer.email },
      attendees,
      source: "SCHOLARSHIP",
      actorId: actorId ?? undefined,
      now,
      alongside: async (tx: DbTx, order: PlacedOrder) => {
        for (const seat of seats) {
          const { award } = seat;
          // The row lock serialises two transactions registering the same award.
          const [row] = await tx.$queryRaw<{ status: AwardStatus; registrationId: string | null }[]>`
            SELECT status, "registrationId" FROM "Award" WHERE id = ${award.id} FOR UPDATE`;
          if (row.registrationId) throw new AlreadyRegistered();
          if (seat.accepting) await markAccepted(tx, award, seat.details, now);
          else if (row.status !== "ACCEPTED") throw new AlreadyRegistered();
          const email = award.application.applicant.email.toLowerCase();
          const registration = order.registrations.find((r) => r.attendeeEmail === email);
          if (!registration) throw new Error(`no seat for award ${award.id} in order ${order.id}`);
          await tx.award.update({
            where: { id: award.id },
            data: {
              registrationId: registration.id,
              attendeeDetails: Prisma.DbNull,
              paidCents: { increment: award.waiverCents },
            },
          });
          if (award.waiverCents > 0)
            await appendFundEntry(tx, {
              kind: "STIPEND_PAID",
              amountCents: award.waiverCents,
              awardId: award.id,
              memo: "Registration fee waived",
              createdById: actorId,
            });
          await recordAudit(tx, {
            actorId,
            action: seat.accepting ? "scholarship.award.accepted" : "scholarship.award.registered",
            subjectType: "Award",
            subjectId: award.id,
            detail: { registrationId: registration.id, orderId: order.id, waiverPaidCents: award.waiverCents },
          });
          if (award.application.applicant.id !== buyer.id) {
            const rendered = await renderEmail("award-registered", {
              name: award.application.applicant.name,
              eventName: event.name,
              eventWhen: formatDateRange(event.startsAt, event.endsAt, event.timeZone),
              badgeUrl: `${mail.appUrl}/registrations/${registration.id}/badge`,
              registrationsUrl: `${mail.appUrl}/registrations`,
            });
            await enqueueEmail(tx, { ...rendered, to: award.application.applicant.email, from: mail.mailFrom });
          }
        }
      },
    });
  } catch (error) {
    throw explainRefusal(error, seats);
  }
}

/** placeOrder speaks to buyers; an awardee needs to hear what it means for their award. */
function explainRefusal(error: unknown, seats: Seat[]): unknown {
  if (!(error instanceof RuleViolation)) return error;
  const { event } = seats[0].award.application.cycle;
  if (error.field === "tickets") {
    const wanted = seats.length === 1 ? "a seat" : `${seats.length} seats together`;
    return new RuleViolation(
      `${event.name} has no room for ${wanted} right now, so we couldn't register you and nothing has changed. Please contact the organisers: your award stays open until ${formatDateTime(seats[0].award.replyBy, event.timeZone)}.`,
    );
  }
  const field = error.field?.match(/^attendees\[(\d+)\]\.(.+)$/);
  if (!field) return error;
  const seat = seats[Number(field[1])];
  if (seat?.accepting) return new RuleViolation(error.message, field[2]);
  return new RuleViolation(
    `We couldn't register ${seat?.award.application.applicant.name ?? "your partner"} with you: ${error.message} Please contact the organisers.`,
  );
}

/**
 * Registers what a pair's replies have settled: an accepted award still without its seat
 * whose partner is no longer undecided (accepted → two seats together; declined or lapsed →
 * one). Called after every reply and by the jobs worker, so a crash or a full event is retried.
 */
export async function registerWaitingPair(db: Db, mail: MailSettings, awardId: string, now = new Date()): Promise<boolean> {
  const award = await loadAward(db, awardId);
  if (award?.status !== "ACCEPTED" || award.registrationId) return false;
  const partner = await partnerOf(db, award);
  if (partner?.status === "OFFERED" && partner.replyBy > now) return false;
  const seats = [waitingSeat(award)];
  if (partner?.status === "ACCEPTED" && !partner.registrationId) seats.push(waitingSeat(partner));
  try {
    await registerSeats(db, mail, seats, { actorId: null, now });
    return true;
  } catch (error) {
    if (error instanceof AlreadyRegistered) return false;
    throw error;
  }
}

/** Gives back what an award committed and hasn't paid: the fund's available balance grows by it. */
async function releaseAward(tx: DbTx, award: { id: string; committedCents: number; paidCents: number }, memo: string) {
  const unpaid = award.committedCents - award.paidCents;
  if (unpaid > 0) await appendFundEntry(tx, { kind: "AWARD_RELEASED", amountCents: unpaid, awardId: award.id, memo });
  return unpaid;
}

/**
 * Scholarship seats cancelled (by their holder or an organiser; in the cancellation's
 * transaction): the registration fee their awards paid as the waiver goes back to the fund's
 * available balance, and the award no longer counts it. Travel and lodging stay the award's.
 * Each seat is cancelled once (a guarded status change), so a waiver is returned once.
 */
export async function returnWaivers(tx: DbTx, registrationIds: string[], actorId: string | null): Promise<void> {
  const awards = await tx.award.findMany({
    where: { registrationId: { in: registrationIds }, waiverCents: { gt: 0 } },
    select: { id: true, waiverCents: true, registrationId: true },
  });
  for (const award of awards) {
    const amountCents = award.waiverCents;
    await tx.award.update({
      where: { id: award.id },
      data: { waiverCents: 0, committedCents: { decrement: amountCents }, paidCents: { decrement: amountCents } },
    });
    await appendFundEntry(tx, {
      kind: "WAIVER_RETURNED",
      amountCents,
      awardId: award.id,
      memo: "Scholarship seat cancelled: registration fee back to the fund",
      createdById: actorId,
    });
    await recordAudit(tx, {
      actorId,
      action: "scholarship.award.waiver-returned",
      subjectType: "Award",
      subjectId: award.id,
      detail: { registrationId: award.registrationId, amountCents },
    });
  }
}

/** Declines an offered award: the money goes back to available; a waiting pair partner is registered alone. */
export async function declineAward(db: Db, mail: MailSettings, input: { awardId: string; userId: string; now?: Date }) {
  const now = input.now ?? new Date();
  const award = await loadOwnAward(db, input.awardId, input.userId);
  refuseUnlessOpen(award, now);
  const released = await db.$transaction(async (tx) => {
    const moved = await tx.award.updateMany({
      where: { id: award.id, status: "OFFERED", replyBy: { gt: now } },
      data: { status: "DECLINED", respondedAt: now },
    });
    if (moved.count !== 1) throw answeredMeanwhile();
    const unpaid = await releaseAward(tx, award, "Award declined by the awardee");
    await recordAudit(tx, {
      actorId: input.userId,
      action: "scholarship.award.declined",
      subjectType: "Award",
      subjectId: award.id,
      detail: { releasedCents: unpaid },
    });
    return unpaid;
  });
  await settlePartner(db, mail, award, now);
  return { releasedCents: released };
}

/** After one half of a pair declined or lapsed: the other, if accepted, now gets their seat. */
async function settlePartner(db: Db, mail: MailSettings, award: ReplyAward, now: Date) {
  const partner = await partnerOf(db, award);
  if (partner?.status === "ACCEPTED" && !partner.registrationId) await settle(db, mail, partner.id, now);
}

/** Registers a settled pair; the reply that settled it stands either way, and the jobs worker retries. */
async function settle(db: Db, mail: MailSettings, awardId: string, now: Date) {
  try {
    await registerWaitingPair(db, mail, awardId, now);
  } catch (error) {
    console.error(`[scholarships] registering award ${awardId} failed:`, error instanceof Error ? error.message : error);
  }
}

/** Offers nobody answered by the deadline lapse (guarded, so two workers never lapse one twice) and release their money. */
export async function lapseOverdueAwards(db: Db, mail: MailSettings, now = new Date(), limit = 100): Promise<string[]> {
  const due = await db.award.findMany({
    where: { status: "OFFERED", replyBy: { lte: now } },
    orderBy: { replyBy: "asc" },
    take: limit,
    include: replyInclude,
  });
  const lapsed: string[] = [];
  for (const award of due) {
    const { event } = award.application.cycle;
    const email = await renderEmail("award-lapsed", {
      name: award.application.applicant.name,
      eventName: event.name,
      eventUrl: `${mail.appUrl}/events/${event.slug}`,
    });
    const done = await db.$transaction(async (tx) => {
      const moved = await tx.award.updateMany({
        where: { id: award.id, status: "OFFERED", replyBy: { lte: now } },
        data: { status: "LAPSED" },
      });
      if (moved.count !== 1) return false;
      const unpaid = await releaseAward(tx, award, "Award lapsed: no reply by the deadline");
      await enqueueEmail(tx, { ...email, to: award.application.applicant.email, from: mail.mailFrom });
      await recordAudit(tx, {
        actorId: null,
        action: "scholarship.award.lapsed",
        subjectType: "Award",
        subjectId: award.id,
        detail: { releasedCents: unpaid, replyBy: award.replyBy.toISOString() },
      });
      return true;
    });
    if (!done) continue;
    lapsed.push(award.id);
    await settlePartner(db, mail, award, now);
  }
  return lapsed;
}

/**
 * One reminder per award, three days before its deadline: the guarded `remindedAt` update and
 * the email commit together, so however many workers run, nobody is reminded twice.
 */
export async function sendReplyReminders(db: Db, mail: MailSettings, now = new Date(), limit = 100): Promise<string[]> {
  const due = await db.award.findMany({
    where: { status: "OFFERED", remindedAt: null, replyBy: { gt: now, lte: new Date(now.getTime() + REMINDER_DAYS * DAY_MS) } },
    orderBy: { replyBy: "asc" },
    take: limit,
    include: replyInclude,
  });
  const reminded: string[] = [];
  for (const award of due) {
    const { event } = award.application.cycle;
    const email = await renderEmail("award-reminder", {
      name: award.application.applicant.name,
      eventName: event.name,
      replyByLabel: formatDateTime(award.replyBy, event.timeZone),
      replyUrl: `${mail.appUrl}/scholarships/awards/${award.id}`,
    });
    const sent = await db.$transaction(async (tx) => {
      const claimed = await tx.award.updateMany({
        where: { id: award.id, status: "OFFERED", remindedAt: null },
        data: { remindedAt: now },
      });
      if (claimed.count !== 1) return false;
      await enqueueEmail(tx, { ...email, to: award.application.applicant.email, from: mail.mailFrom });
      return true;
    });
    if (sent) reminded.push(award.id);
  }
  return reminded;
}

/**
 * Accepted awards still without a seat whose pair has settled (retries after a full event or a
 * crash). Few ever wait — only the first of a couple to accept — so all of them are looked at.
 */
export async function registerSettledAwards(db: Db, mail: MailSettings, now = new Date()): Promise<string[]> {
  const waiting = await db.award.findMany({
    where: { status: "ACCEPTED", registrationId: null },
    orderBy: { respondedAt: "asc" },
    select: { id: true },
  });
  const registered: string[] = [];
  for (const { id } of waiting) {
    try {
      if (await registerWaitingPair(db, mail, id, now)) registered.push(id);
    } catch (error) {
      console.error(`[scholarships] registering award ${id} failed:`, error instanceof Error ? error.message : error);
    }
  }
  return registered;
}

/** "$1,345.00 (waiver $495.00, travel $400.00, lodging $450.00)" for pages. */
export function awardSummary(award: { waiverCents: number; travelCents: number; lodgingCents: number; committedCents: number }) {
  const parts = [
    award.waiverCents ? `registration waived (${formatMoney(award.waiverCents)})` : "",
    award.travelCents ? `travel ${formatMoney(award.travelCents)}` : "",
    award.lodgingCents ? `lodging ${formatMoney(award.lodgingCents)}` : "",
  ].filter(Boolean);
  return `${formatMoney(award.committedCents)}: ${parts.join(", ")}`;
}
