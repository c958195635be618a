// The committee's decisions: award (money committed from the fund in the same transaction),
// waitlist, decline, and splitting a pair so its two applications are decided apart.
import type { ApplicationStatus, Award, Prisma } from "~/generated/prisma/client.ts";
import { formatDate, formatDateRange, formatDateTime } from "~/shared/dates.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { formatMoney } from "~/shared/money.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { enqueueEmail } from "../email/outbox.server.ts";
import { type RenderedEmail, renderEmail } from "../email/templates.server.ts";
import type { MailSettings } from "../registration/confirmation.server.ts";
import { commitFromFund, InsufficientFundsError, MAX_ENTRY_CENTS } from "./fund-ledger.server.ts";

/** Awards wait for a row lock on the fund; in a busy committee session, queue rather than fail. */
export const AWARD_TRANSACTION = { maxWait: 15_000, timeout: 20_000 };

/** Still to be decided: a waitlisted application can be awarded later, when money comes in. */
const AWARDABLE: ApplicationStatus[] = ["SUBMITTED", "WAITLISTED"];

export type AwardAmounts = { waiver: boolean; travelCents: number; lodgingCents: number };

export type CommitAwardInput = AwardAmounts & {
  applicationId: string;
  decidedById: string;
  /** A pair's other application, awarded in the same transaction (both or neither). */
  partner?: AwardAmounts;
  /** The committee page's cycle: an application of another cycle is "not found". */
  cycleId?: string;
  now?: Date;
};

/** The fund can't cover the award: says how much it has and how much was asked. */
export class AwardNotCoveredError extends InsufficientFundsError {
  constructor(neededCents: number, availableCents: number) {
    super(neededCents, availableCents);
    this.message = `The fund has ${formatMoney(Math.max(0, availableCents))} available; this award needs ${formatMoney(neededCents)}. Nothing was committed.`;
  }
}

/**
 * What a registration waiver is worth: the full (non-member) price of one seat on the event's
 * regular ticket, i.e. its first-listed public ticket type that isn't archived — the rule
 * cycles.server.ts prices the hidden scholarship ticket by. Member and hidden prices are
 * special cases, not the fee being waived. Read when the award is made, so a later price
 * change never rewrites an award.
 */
export async function waiverValue(db: DbTx, eventId: string): Promise<number> {
  const regular = await db.ticketType.findFirst({
    where: { eventId, visibility: "PUBLIC", archived: false },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    select: { priceCents: true },
  });
  return regular?.priceCents ?? 0;
}

function checkStipend(cents: number, label: string, field: string) {
  if (!Number.isSafeInteger(cents) || cents < 0)
    throw new RuleViolation(`Enter the ${label} stipend in whole cents, zero or more.`, field);
  if (cents > MAX_ENTRY_CENTS) throw new RuleViolation(`That ${label} amount is far larger than any award can be.`, field);
}

function checkAmounts(amounts: AwardAmounts, partner: boolean) {
  checkStipend(amounts.travelCents, "travel", partner ? "partnerTravel" : "travel");
  checkStipend(amounts.lodgingCents, "lodging", partner ? "partnerLodging" : "lodging");
}

const decisionInclude = {
  applicant: { select: { id: true, name: true, email: true } },
  cycle: { include: { event: { select: { id: true, name: true, slug: true, startsAt: true, endsAt: true, timeZone: true } } } },
} satisfies Prisma.ScholarshipApplicationInclude;
type DecisionApplication = Prisma.ScholarshipApplicationGetPayload<{ include: typeof decisionInclude }>;

/** The application and, when it is paired (and not split), its partner: decided together. */
async function loadForDecision(tx: DbTx, applicationId: string, cycleId?: string) {
  const application = await tx.scholarshipApplication.findUnique({ where: { id: applicationId }, include: decisionInclude });
  if (!application || application.status === "DRAFT" || (cycleId && application.cycleId !== cycleId))
    throw new NotFoundError("That application doesn't exist.");
  const partner =
    application.pairId && !application.pairSplit
      ? await tx.scholarshipApplication.findFirst({
          where: { pairId: application.pairId, cycleId: application.cycleId, id: { not: application.id } },
          include: decisionInclude,
        })
      : null;
  return { application, partner };
}

const STATUS_WORDS: Record<ApplicationStatus, string> = {
  DRAFT: "still a draft",
  SUBMITTED: "submitted",
  WITHDRAWN: "withdrawn",
  AWARDED: "already awarded",
  WAITLISTED: "on the waiting list",
  DECLINED: "already declined",
};

function refuseUnless(application: DecisionApplication, allowed: ApplicationStatus[], what: string) {
  if (!allowed.includes(application.status))
    throw new RuleViolation(
      `${application.applicant.name}'s application is ${STATUS_WORDS[application.status]}, so it can't be ${what}.`,
    );
}

/** A pair is decided together; a partner who can't be (withdrawn, unsubmitted) needs an explicit split first. */
function refusePartnerUnless(application: DecisionApplication, partner: DecisionApplication, allowed: ApplicationStatus[]) {
  if (!allowed.includes(partner.status))
    throw new RuleViolation(
      `${application.applicant.name} is paired with ${partner.applicant.name}, whose application is ${STATUS_WORDS[partner.status]}. Split the pair to decide ${application.applicant.name} alone.`,
    );
}

/** Changes the applications' status only if none moved meanwhile (a second organiser's click loses cleanly). */
async function moveApplications(tx: DbTx, ids: string[], from: ApplicationStatus[], to: ApplicationStatus, now: Date) {
  const moved = await tx.scholarshipApplication.updateMany({
    where: { id: { in: ids }, status: { in: from } },
    data: { status: to, decidedAt: now },
  });
  if (moved.count !== ids.length)
    throw new RuleViolation("Someone decided this application a moment ago. Reload the page to see the decision.");
}

const applicationsUrl = (mail: MailSettings) => `${mail.appUrl}/scholarships`;
const eventUrl = (mail: MailSettings, slug: string) => `${mail.appUrl}/events/${slug}`;

type Decided = { id: string; applicationId: string; applicantName: string; committedCents: number };

/**
 * Awards an application (and its pair partner) within the fund, in one transaction: the
 * applications must still be undecided, the event ahead, each total within the cycle's
 * maximum, and the fund's available balance must cover them all, checked under the fund's
 * row lock, so concurrent awards can never take it below zero. Emails each awardee.
 */
export async function commitAward(db: Db, mail: MailSettings, input: CommitAwardInput): Promise<Decided[]> {
  const now = input.now ?? new Date();
  checkAmounts(input, false);
  if (input.partner) checkAmounts(input.partner, true);
  return db.$transaction(async (tx) => {
    const { application, partner } = await loadForDecision(tx, input.applicationId, input.cycleId);
    refuseUnless(application, AWARDABLE, "awarded");
    if (partner) refusePartnerUnless(application, partner, AWARDABLE);
    if (partner && !input.partner)
      throw new RuleViolation(
        `${application.applicant.name} is paired with ${partner.applicant.name}: award both together, or split the pair first.`,
      );
    const { cycle } = application;
    const { event } = cycle;
    if (event.startsAt <= now) throw new RuleViolation(`${event.name} has already begun, so no more awards can be made for it.`);
    if (cycle.replyBy <= now)
      throw new RuleViolation(
        `The reply deadline (${formatDate(cycle.replyBy, event.timeZone)}) has passed; move it in the cycle's settings before awarding.`,
      );

    const waiverCents = await waiverValue(tx, event.id);
    const members = [
      { application, amounts: input as AwardAmounts, field: "travel" },
      ...(partner && input.partner ? [{ application: partner, amounts: input.partner, field: "partnerTravel" }] : []),
    ].map(({ application: a, amounts, field }) => {
      const waiver = amounts.waiver ? waiverCents : 0;
      const total = waiver + amounts.travelCents + amounts.lodgingCents;
      if (total === 0)
        throw new RuleViolation(`Give ${a.applicant.name} some support: the registration waiver, travel or lodging.`, field);
      if (total > cycle.maxAwardCents)
        throw new RuleViolation(
          `An award is at most ${formatMoney(cycle.maxAwardCents)}; ${a.applicant.name}'s comes to ${formatMoney(total)}.`,
          field,
        );
      return { application: a, waiverCents: waiver, travelCents: amounts.travelCents, lodgingCents: amounts.lodgingCents, total };
    });

    // Lock order everywhere: applications, then the award rows, then the fund.
    await moveApplications(
      tx,
      members.map((m) => m.application.id),
      AWARDABLE,
      "AWARDED",
      now,
    );
    const awards: Award[] = [];
    for (const m of members) {
      awards.push(
        await tx.award.create({
          data: {
            applicationId: m.application.id,
            waiverCents: m.waiverCents,
            travelCents: m.travelCents,
            lodgingCents: m.lodgingCents,
            committedCents: m.total,
            replyBy: cycle.replyBy,
            decidedById: input.decidedById,
          },
        }),
      );
    }
    // Rendered before the fund's lock is taken, so concurrent awards wait on each other as briefly as possible.
    const emails = await Promise.all(
      members.map((m, i) => {
        const other = members[1 - i];
        return renderEmail("award-offered", {
          name: m.application.applicant.name,
          eventName: event.name,
          eventWhen: formatDateRange(event.startsAt, event.endsAt, event.timeZone),
          lines: [
            ...(m.waiverCents ? [{ label: "Registration fee waived", amount: formatMoney(m.waiverCents) }] : []),
            ...(m.travelCents ? [{ label: "Travel", amount: formatMoney(m.travelCents) }] : []),
            ...(m.lodgingCents ? [{ label: "Lodging", amount: formatMoney(m.lodgingCents) }] : []),
          ],
          totalLabel: formatMoney(m.total),
          replyByLabel: formatDateTime(cycle.replyBy, event.timeZone),
          replyUrl: `${mail.appUrl}/scholarships/awards/${awards[i].id}`,
          partnerName: other?.application.applicant.name,
        });
      }),
    );

    const needed = members.reduce((sum, m) => sum + m.total, 0);
    let committedSoFar = 0;
    for (const [i, award] of awards.entries()) {
      try {
        await commitFromFund(tx, {
          amountCents: award.committedCents,
          awardId: award.id,
          createdById: input.decidedById,
          memo: `Award to ${members[i].application.applicant.name}, ${cycle.name}`,
        });
      } catch (error) {
        // A pair's second commit failing means the two together don't fit: say so for both.
        if (error instanceof InsufficientFundsError)
          throw new AwardNotCoveredError(needed, error.availableCents + committedSoFar);
        throw error;
      }
      committedSoFar += award.committedCents;
    }

    for (const [i, award] of awards.entries()) {
      const m = members[i];
      await enqueueEmail(tx, { ...emails[i], to: m.application.applicant.email, from: mail.mailFrom });
      await recordAudit(tx, {
        actorId: input.decidedById,
        action: "scholarship.award.committed",
        subjectType: "Award",
        subjectId: award.id,
        detail: {
          applicationId: m.application.id,
          waiverCents: m.waiverCents,
          travelCents: m.travelCents,
          lodgingCents: m.lodgingCents,
          committedCents: m.total,
          ...(members.length > 1 ? { pairedWith: members[1 - i].application.id } : {}),
        },
      });
    }
    return awards.map((a, i) => ({
      id: a.id,
      applicationId: a.applicationId,
      applicantName: members[i].application.applicant.name,
      committedCents: a.committedCents,
    }));
  }, AWARD_TRANSACTION);
}

type NoAwardDecision = { applicationId: string; decidedById: string; cycleId?: string; now?: Date };

/**
 * Waitlist (from submitted) or decline (from submitted or waitlisted) an application and its
 * pair partner, with a kind email to each. Returns the applicants' names.
 */
async function decideWithoutAward(db: Db, mail: MailSettings, input: NoAwardDecision, to: "WAITLISTED" | "DECLINED") {
  const now = input.now ?? new Date();
  const from: ApplicationStatus[] = to === "WAITLISTED" ? ["SUBMITTED"] : ["SUBMITTED", "WAITLISTED"];
  const what = to === "WAITLISTED" ? "waitlisted" : "declined";
  return db.$transaction(async (tx) => {
    const { application, partner } = await loadForDecision(tx, input.applicationId, input.cycleId);
    refuseUnless(application, from, what);
    if (partner) refusePartnerUnless(application, partner, from);
    const members = partner ? [application, partner] : [application];
    await moveApplications(
      tx,
      members.map((m) => m.id),
      from,
      to,
      now,
    );
    const { event } = application.cycle;
    for (const m of members) {
      const email: RenderedEmail =
        to === "WAITLISTED"
          ? await renderEmail("application-waitlisted", {
              name: m.applicant.name,
              eventName: event.name,
              applicationsUrl: applicationsUrl(mail),
            })
          : await renderEmail("application-declined", {
              name: m.applicant.name,
              eventName: event.name,
              eventUrl: eventUrl(mail, event.slug),
            });
      await enqueueEmail(tx, { ...email, to: m.applicant.email, from: mail.mailFrom });
      await recordAudit(tx, {
        actorId: input.decidedById,
        action: to === "WAITLISTED" ? "scholarship.application.waitlisted" : "scholarship.application.declined",
        subjectType: "ScholarshipApplication",
        subjectId: m.id,
        detail: { from: m.status, ...(partner ? { pairId: m.pairId } : {}) },
      });
    }
    return members.map((m) => m.applicant.name);
  }, AWARD_TRANSACTION);
}

export function waitlistApplication(db: Db, mail: MailSettings, input: NoAwardDecision) {
  return decideWithoutAward(db, mail, input, "WAITLISTED");
}

export function declineApplication(db: Db, mail: MailSettings, input: NoAwardDecision) {
  return decideWithoutAward(db, mail, input, "DECLINED");
}

/**
 * Lets the committee decide a pair's two applications apart (say, one of them withdrew, or
 * the fund covers only one). Deliberate and on the record: the reason goes to the audit log.
 */
export async function splitPair(
  db: Db,
  input: { applicationId: string; actorId: string; reason: string; cycleId?: string },
): Promise<string[]> {
  if (!input.reason.trim()) throw new RuleViolation("Say why the pair is decided apart, for the record.", "reason");
  return db.$transaction(async (tx) => {
    const application = await tx.scholarshipApplication.findUnique({
      where: { id: input.applicationId },
      select: { id: true, cycleId: true, pairId: true, pairSplit: true, status: true },
    });
    if (!application || application.status === "DRAFT" || (input.cycleId && application.cycleId !== input.cycleId))
      throw new NotFoundError("That application doesn't exist.");
    if (!application.pairId) throw new RuleViolation("This application isn't paired with another.");
    if (application.pairSplit) throw new RuleViolation("This pair is already decided apart.");
    const members = await tx.scholarshipApplication.findMany({
      where: { pairId: application.pairId, cycleId: application.cycleId },
      select: { id: true, applicant: { select: { name: true } } },
    });
    await tx.scholarshipApplication.updateMany({
      where: { pairId: application.pairId, cycleId: application.cycleId },
      data: { pairSplit: true },
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "scholarship.pair.split",
      subjectType: "ScholarshipApplication",
      subjectId: application.id,
      detail: { pairId: application.pairId, applicationIds: members.map((m) => m.id), reason: input.reason.trim() },
    });
    return members.map((m) => m.applicant.name);
  });
}

/** One award for the organisers' award page: amounts, reply, registration, payouts and receipts. */
export async function awardForAdmin(db: Db, awardId: string) {
  const award = await db.award.findUnique({
    where: { id: awardId },
    include: {
      application: {
        select: {
          id: true,
          role: true,
          pairId: true,
          pairSplit: true,
          applicant: { select: { name: true, email: true } },
          cycle: {
            select: {
              id: true,
              name: true,
              event: { select: { id: true, name: true, timeZone: true, startsAt: true, endsAt: true } },
            },
          },
        },
      },
      decidedBy: { select: { name: true } },
      registration: { select: { id: true, status: true, order: { select: { id: true, reference: true } } } },
      payouts: {
        orderBy: [{ paidOn: "asc" }, { createdAt: "asc" }],
        include: {
          recordedBy: { select: { name: true } },
          receipts: { select: { id: true, fileName: true, contentType: true, size: true }, orderBy: { createdAt: "asc" } },
        },
      },
    },
  });
  if (!award) throw new NotFoundError("That award doesn't exist.");
  const stipendPaidCents = award.payouts.reduce((sum, p) => sum + p.amountCents, 0);
  return {
    award,
    stipendCents: award.travelCents + award.lodgingCents,
    stipendPaidCents,
    stipendLeftCents: award.travelCents + award.lodgingCents - stipendPaidCents,
  };
}
