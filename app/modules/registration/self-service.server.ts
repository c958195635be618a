// What attendees and buyers do with their own registrations: list them, edit details until
// the cut-off, transfer a seat to someone else, cancel with a refund by the event's policy.
import type { Prisma } from "~/generated/prisma/client.ts";
import { issueRefund } from "~/modules/payments/refunds.server.ts";
import { formatDateRange } from "~/shared/dates.ts";
import type { Db } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { enqueueEmail } from "../email/outbox.server.ts";
import { renderEmail } from "../email/templates.server.ts";
import type { MailSettings } from "./confirmation.server.ts";
import { findMemberEmails } from "./network-members.server.ts";
import { validateAnswers } from "./questions.ts";
import {
  cancellationRefund,
  canEditDetails,
  DEFAULT_POLICY,
  detailsEditCutoff,
  eventHasStarted,
  type PolicySettings,
} from "./refund-policy.ts";
import type { AttendeeDetailsInput, TransferInput } from "./self-service.schema.ts";

export type Person = { id: string; email: string };

/** Registrations a person may open: seats they bought, and seats in their name. */
function visibleTo(person: Person): Prisma.RegistrationWhereInput {
  return {
    OR: [{ order: { buyerId: person.id } }, { userId: person.id }, { attendeeEmail: person.email.toLowerCase() }],
  };
}

const listInclude = {
  event: { select: { slug: true, name: true, startsAt: true, endsAt: true, timeZone: true, campus: { select: { name: true } } } },
  ticketType: { select: { name: true } },
  order: { select: { id: true, reference: true, status: true, buyerId: true } },
} satisfies Prisma.RegistrationInclude;

/** The most a person is shown; nobody comes near it (a group buyer has at most 50 a order). */
const MY_REGISTRATIONS_LIMIT = 500;

/**
 * "My registrations": upcoming and past, each seat once. Lapsed holds are left out (they
 * never became registrations); seats awaiting payment are shown with a link to pay.
 */
export async function myRegistrations(db: Db, person: Person, now = new Date()) {
  const rows = await db.registration.findMany({
    where: { AND: [visibleTo(person), { status: { not: "EXPIRED" } }] },
    include: listInclude,
    orderBy: [{ event: { startsAt: "asc" } }, { createdAt: "asc" }],
    take: MY_REGISTRATIONS_LIMIT,
  });
  const items = rows.map((r) => ({
    id: r.id,
    attendeeName: r.attendeeName,
    attendeeEmail: r.attendeeEmail,
    status: r.status,
    ticketName: r.ticketType.name,
    boughtByMe: r.order.buyerId === person.id,
    order: { id: r.order.id, reference: r.order.reference, status: r.order.status },
    event: {
      slug: r.event.slug,
      name: r.event.name,
      when: formatDateRange(r.event.startsAt, r.event.endsAt, r.event.timeZone),
      campus: r.event.campus.name,
    },
    past: r.event.endsAt <= now,
  }));
  return { upcoming: items.filter((i) => !i.past), past: items.filter((i) => i.past).reverse() };
}

async function policyFor(db: Db, eventId: string): Promise<PolicySettings> {
  const settings = await db.registrationSettings.findUnique({
    where: { eventId },
    select: { refundFullUntilDays: true, detailsEditCutoffDays: true },
  });
  return settings ?? DEFAULT_POLICY;
}

const detailInclude = {
  event: {
    select: {
      id: true,
      slug: true,
      name: true,
      startsAt: true,
      endsAt: true,
      timeZone: true,
      campus: { select: { name: true, address: true } },
    },
  },
  ticketType: { select: { name: true, visibility: true } },
  order: { select: { id: true, reference: true, status: true, source: true, buyerId: true, buyerName: true, currency: true } },
  transferredTo: { select: { id: true, attendeeName: true, attendeeEmail: true } },
  transferredFrom: { select: { attendeeName: true } },
} satisfies Prisma.RegistrationInclude;

async function findVisible(db: Db, registrationId: string, person: Person) {
  const registration = await db.registration.findFirst({
    where: { AND: [{ id: registrationId.slice(0, 64) }, visibleTo(person), { status: { not: "EXPIRED" } }] },
    include: detailInclude,
  });
  if (!registration) throw new NotFoundError("We couldn't find that registration.");
  return registration;
}

/**
 * One registration for its buyer or attendee (anyone else: not found), with what they may
 * do now. Only the buyer transfers or cancels: the seat and the refund are theirs.
 */
export async function registrationForPerson(db: Db, registrationId: string, person: Person, now = new Date()) {
  const registration = await findVisible(db, registrationId, person);
  const { event } = registration;
  const [policy, questions] = await Promise.all([
    policyFor(db, event.id),
    db.registrationQuestion.findMany({
      where: { eventId: event.id },
      orderBy: { position: "asc" },
      select: { id: true, label: true, help: true, kind: true, options: true, required: true },
    }),
  ]);
  const confirmed = registration.status === "CONFIRMED";
  const isBuyer = registration.order.buyerId === person.id;
  const started = eventHasStarted(event, now);
  const refund = cancellationRefund(registration, event, policy, now);
  return {
    registration,
    questions,
    policy,
    isBuyer,
    editCutoff: detailsEditCutoff(event, policy),
    refund,
    can: {
      edit: confirmed && canEditDetails(event, policy, now),
      // A scholarship seat is the awardee's own: it can be cancelled (its waiver goes back), not given away.
      transfer: confirmed && isBuyer && !started && registration.order.source !== "SCHOLARSHIP",
      cancel: confirmed && isBuyer && !started && registration.order.status === "PAID",
    },
  };
}

/** The badge of a confirmed registration, for its buyer or attendee. */
export async function badgeForPerson(db: Db, registrationId: string, person: Person) {
  const registration = await findVisible(db, registrationId, person);
  if (registration.status !== "CONFIRMED")
    throw new NotFoundError("This registration has no badge: it is not confirmed (cancelled, transferred or unpaid).");
  return registration;
}

const BADGE_FIELDS = ["attendeeName", "organisation", "pronouns", "photoConsent"] as const;

/**
 * Name, organisation, answers, accessibility and photo consent, until the cut-off. A change
 * to what the badge prints bumps badgeVersion so the old badge can be told from the new.
 */
export async function editAttendeeDetails(
  db: Db,
  person: Person,
  registrationId: string,
  input: AttendeeDetailsInput,
  now = new Date(),
) {
  const { registration, questions, can, editCutoff } = await registrationForPerson(db, registrationId, person, now);
  if (registration.status !== "CONFIRMED") throw new RuleViolation("Only a confirmed registration's details can be changed.");
  if (!can.edit)
    throw new RuleViolation(
      `Details can no longer be changed online: badges are being printed. Please tell the registration desk on the day.`,
    );
  const answers = validateAnswers(questions, input.answers);
  if (!answers.ok) throw new RuleViolation(answers.message, `answers.${answers.questionId}`);

  const next = {
    attendeeName: input.name,
    organisation: input.organisation,
    pronouns: input.pronouns ?? "",
    accessibilityNeeds: input.accessibilityNeeds,
    accessibilityNotes: input.accessibilityNotes,
    photoConsent: input.photoConsent === "yes",
    answers: input.answers,
  };
  const badgeChanged = BADGE_FIELDS.some((field) => registration[field] !== next[field]);
  return db.$transaction(async (tx) => {
    const moved = await tx.registration.updateMany({
      where: { id: registration.id, status: "CONFIRMED", updatedAt: registration.updatedAt },
      data: { ...next, ...(badgeChanged ? { badgeVersion: { increment: 1 } } : {}) },
    });
    if (moved.count !== 1) throw new RuleViolation("This registration changed while you were editing; reload and try again.");
    await recordAudit(tx, {
      actorId: person.id,
      action: "registration.details_edited",
      subjectType: "Registration",
      subjectId: registration.id,
      detail: { badgeChanged, editCutoff: editCutoff.toISOString() },
    });
    return { badgeChanged };
  });
}

/**
 * Gives a confirmed seat to someone else before the event starts: the old registration
 * becomes TRANSFERRED (its badge is void), a new one carries the seat with a fresh badge,
 * and the new attendee is emailed. A member-only or member-priced seat goes only to a member.
 */
export async function transferRegistration(
  db: Db,
  mail: MailSettings,
  person: Person,
  registrationId: string,
  input: TransferInput,
  now = new Date(),
) {
  const { registration, can } = await registrationForPerson(db, registrationId, person, now);
  if (registration.status !== "CONFIRMED") throw new RuleViolation("Only a confirmed registration can be transferred.");
  if (!registration.order.buyerId || registration.order.buyerId !== person.id)
    throw new RuleViolation(`Only ${registration.order.buyerName}, who bought this ticket, can transfer it.`);
  if (registration.order.source === "SCHOLARSHIP")
    throw new RuleViolation(
      "This seat comes with your award, so it can't be given to someone else. If you can't come, cancel it and the seat goes back to the programme.",
    );
  if (!can.transfer) throw new RuleViolation("The event has started: tickets can no longer be transferred.");
  const email = input.email.toLowerCase();
  if (email === registration.attendeeEmail) throw new RuleViolation("That is already this ticket's attendee.", "email");
  if (registration.member || registration.ticketType.visibility === "MEMBERS") {
    const members = await findMemberEmails(db, [email]);
    if (!members.has(email))
      throw new RuleViolation(
        `This ticket was ${registration.member ? "bought at the network member price" : "for network members only"}, and ${email} is not on the member list. Use the email their membership is under.`,
        "email",
      );
  }
  const account = await db.user.findUnique({ where: { email }, select: { id: true } });
  const { event } = registration;

  return db.$transaction(async (tx) => {
    const moved = await tx.registration.updateMany({
      where: { id: registration.id, status: "CONFIRMED" },
      data: { status: "TRANSFERRED" },
    });
    if (moved.count !== 1) throw new RuleViolation("This registration has just changed; reload to see it.");
    const created = await tx.registration.create({
      data: {
        orderId: registration.orderId,
        eventId: registration.eventId,
        ticketTypeId: registration.ticketTypeId,
        userId: account?.id ?? null,
        attendeeName: input.name,
        attendeeEmail: email,
        status: "CONFIRMED",
        priceCents: registration.priceCents,
        refundedCents: registration.refundedCents,
        member: registration.member,
        // The new attendee answers for themselves; until then, no photos.
        photoConsent: false,
        confirmedAt: now,
        transferredFromId: registration.id,
      },
    });
    await recordAudit(tx, {
      actorId: person.id,
      action: "registration.transferred",
      subjectType: "Registration",
      subjectId: registration.id,
      detail: { to: created.id, fromEmail: registration.attendeeEmail, toEmail: email },
    });
    const rendered = await renderEmail("ticket-transferred", {
      attendeeName: input.name,
      fromName: registration.attendeeName,
      eventName: event.name,
      eventWhen: formatDateRange(event.startsAt, event.endsAt, event.timeZone),
      eventWhere: `${event.campus.name} campus, ${event.campus.address}`,
      ticketName: registration.ticketType.name,
      registrationUrl: `${mail.appUrl}/registrations/${created.id}`,
      signupUrl: `${mail.appUrl}/signup`,
    });
    await enqueueEmail(tx, { ...rendered, to: email, from: mail.mailFrom });
    return created;
  });
}

/**
 * Cancels a confirmed seat before the event starts, refunding what the policy gives now.
 * `expectedRefundCents` is what the page showed: if a deadline passed meanwhile, the buyer
 * is asked again instead of getting a different amount than they agreed to.
 */
export async function cancelRegistration(
  db: Db,
  env: MailSettings & Pick<Env, "stripe">,
  person: Person,
  registrationId: string,
  { expectedRefundCents }: { expectedRefundCents: number },
  now = new Date(),
) {
  const { registration, can, refund } = await registrationForPerson(db, registrationId, person, now);
  if (registration.status !== "CONFIRMED") throw new RuleViolation("Only a confirmed registration can be cancelled.");
  if (registration.order.buyerId !== person.id)
    throw new RuleViolation(`Only ${registration.order.buyerName}, who bought this ticket, can cancel it.`);
  if (!can.cancel) throw new RuleViolation("The event has started: registrations can no longer be cancelled online.");
  if (refund.amountCents !== expectedRefundCents)
    throw new RuleViolation(
      "The refund for this cancellation has changed since the page was shown. Please check it and confirm again.",
    );
  const result = await issueRefund(db, env, {
    orderId: registration.orderId,
    registrationIds: [registration.id],
    amountCents: refund.amountCents,
    reason: refund.beforeDeadline
      ? "Cancelled by the buyer (full refund by policy)"
      : "Cancelled by the buyer (after the refund deadline)",
    requestedById: person.id,
    cancelSeats: true,
    now,
  });
  return { ...result, attendeeName: registration.attendeeName };
}
