// A patient invites their caregiver by email; the caregiver accepts (logged in) and gets a
// caregiver application paired with the patient's: both carry the same pairId (the patient
// application's id) and are decided together. One caregiver per patient: one invitation per
// application, replaced while pending; the link's token is stored only as a hash.
import { DateTime } from "luxon";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { enqueueEmail } from "~/modules/email/outbox.server.ts";
import { renderEmail } from "~/modules/email/templates.server.ts";
import type { MailSettings } from "~/modules/registration/confirmation.server.ts";
import { formatDateRange, formatDateTime } from "~/shared/dates.ts";
import type { Db } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { hashToken, randomToken } from "~/shared/tokens.server.ts";
import { OPEN_STATUSES } from "./applications.server.ts";
import { cycleIsOpen } from "./cycles.server.ts";

export const INVITATION_DAYS = 14;

/** Sends (or re-sends, with a fresh link) the patient's invitation to their caregiver. */
export async function inviteCaregiver(
  db: Db,
  mail: MailSettings,
  { patientId, applicationId, email, now = new Date() }: { patientId: string; applicationId: string; email: string; now?: Date },
) {
  const application = await db.scholarshipApplication.findFirst({
    where: { id: applicationId, applicantId: patientId },
    include: {
      applicant: { select: { name: true, email: true } },
      cycle: { include: { event: { select: { name: true, timeZone: true, startsAt: true, endsAt: true } } } },
      invitation: true,
    },
  });
  if (!application) throw new NotFoundError("That application doesn't exist.");
  if (application.role !== "PATIENT") throw new RuleViolation("Only a patient's application can invite a caregiver.");
  if (!OPEN_STATUSES.includes(application.status))
    throw new RuleViolation("This application is no longer open, so it can't invite a caregiver.");
  if (!cycleIsOpen(application.cycle, now)) throw new RuleViolation("Applications for this cycle are closed.");
  if (application.pairId || application.invitation?.acceptedAt)
    throw new RuleViolation("Your caregiver has already joined your application: a patient applies with one caregiver.");
  if (email === application.applicant.email.toLowerCase())
    throw new RuleViolation("That's your own email: enter your caregiver's.", "email");

  const token = randomToken();
  const { event } = application.cycle;
  const expiresAt = DateTime.fromJSDate(now).plus({ days: INVITATION_DAYS }).toJSDate();
  const rendered = await renderEmail("caregiver-invitation", {
    patientName: application.applicant.name,
    eventName: event.name,
    eventWhen: formatDateRange(event.startsAt, event.endsAt, event.timeZone),
    expiresLabel: formatDateTime(expiresAt, event.timeZone),
    acceptUrl: `${mail.appUrl}/scholarships/invitations/${token}`,
  });
  await db.$transaction(async (tx) => {
    const data = { email, tokenHash: hashToken(token), expiresAt, createdAt: now };
    // Guarded: an acceptance landing meanwhile keeps its invitation.
    const replaced = await tx.caregiverInvitation.updateMany({ where: { applicationId, acceptedAt: null }, data });
    if (replaced.count === 0) {
      if (await tx.caregiverInvitation.findUnique({ where: { applicationId } }))
        throw new RuleViolation("Your caregiver has already joined your application: a patient applies with one caregiver.");
      await tx.caregiverInvitation.create({ data: { applicationId, ...data } });
    }
    await enqueueEmail(tx, { ...rendered, to: email, from: mail.mailFrom });
    await recordAudit(tx, {
      actorId: patientId,
      action: "caregiver-invitation.sent",
      subjectType: "ScholarshipApplication",
      subjectId: applicationId,
      detail: { email, replaced: replaced.count > 0 },
    });
  });
  return { email, expiresAt };
}

export type InvitationState = "open" | "accepted" | "expired" | "closed" | "own";

/** What the invitation link shows to the logged-in user; null for a link that never existed. */
export async function invitationForLink(db: Db, token: string, userId: string, now = new Date()) {
  if (!token || token.length > 100) return null;
  const invitation = await db.caregiverInvitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: {
      application: {
        include: {
          applicant: { select: { name: true } },
          cycle: { include: { event: { select: { name: true, timeZone: true, startsAt: true, endsAt: true } } } },
        },
      },
    },
  });
  if (!invitation) return null;
  const { application } = invitation;
  const mine = invitation.acceptedAt
    ? await db.scholarshipApplication.findFirst({
        where: { pairId: application.id, applicantId: userId, role: "CAREGIVER" },
        select: { id: true },
      })
    : null;
  const state: InvitationState = invitation.acceptedAt
    ? "accepted"
    : application.applicantId === userId
      ? "own"
      : invitation.expiresAt <= now
        ? "expired"
        : !OPEN_STATUSES.includes(application.status) || !cycleIsOpen(application.cycle, now)
          ? "closed"
          : "open";
  return {
    state,
    patientName: application.applicant.name,
    cycle: application.cycle,
    expiresAt: invitation.expiresAt,
    /** The caregiver application this user got by accepting, when it is theirs. */
    acceptedApplicationId: mine?.id ?? null,
  };
}

/**
 * Accepts the invitation as `userId`: creates their caregiver draft paired with the patient's
 * application (or pairs the unpaired caregiver application they already have in the cycle).
 */
export async function acceptInvitation(
  db: Db,
  { token, userId, now = new Date() }: { token: string; userId: string; now?: Date },
) {
  if (!token || token.length > 100) throw new NotFoundError("That invitation link isn't valid.");
  return db.$transaction(async (tx) => {
    const invitation = await tx.caregiverInvitation.findUnique({
      where: { tokenHash: hashToken(token) },
      include: { application: { include: { cycle: true, applicant: { select: { name: true } } } } },
    });
    if (!invitation) throw new NotFoundError("That invitation link isn't valid.");
    const patient = invitation.application;
    if (patient.applicantId === userId)
      throw new RuleViolation("This is your own invitation: send the link to your caregiver to accept.");
    if (invitation.acceptedAt) throw new RuleViolation("This invitation has already been accepted.");
    if (invitation.expiresAt <= now)
      throw new RuleViolation(`This invitation has expired. Ask ${patient.applicant.name} to send a new one.`);
    if (!OPEN_STATUSES.includes(patient.status) || !cycleIsOpen(patient.cycle, now))
      throw new RuleViolation("This application is no longer open, so the invitation can't be accepted.");

    const own = await tx.scholarshipApplication.findUnique({
      where: { cycleId_applicantId: { cycleId: patient.cycleId, applicantId: userId } },
    });
    if (own && (own.role !== "CAREGIVER" || own.pairId || !OPEN_STATUSES.includes(own.status)))
      throw new RuleViolation(
        own.role !== "CAREGIVER"
          ? "You already have an application in this cycle as a patient, so you can't join as a caregiver too."
          : "You already have a caregiver application in this cycle that can't be paired.",
      );
    // Guarded: of two acceptances at once, one wins.
    const { count } = await tx.caregiverInvitation.updateMany({
      where: { id: invitation.id, acceptedAt: null },
      data: { acceptedAt: now },
    });
    if (count === 0) throw new RuleViolation("This invitation has already been accepted.");
    // One caregiver per patient: the pair id is claimed only if the patient has none yet.
    const paired = await tx.scholarshipApplication.updateMany({
      where: { id: patient.id, pairId: null },
      data: { pairId: patient.id },
    });
    if (paired.count === 0) throw new RuleViolation("This patient already applies with a caregiver.");
    const caregiver = own
      ? await tx.scholarshipApplication.update({ where: { id: own.id }, data: { pairId: patient.id } })
      : await tx.scholarshipApplication.create({
          data: { cycleId: patient.cycleId, applicantId: userId, role: "CAREGIVER", pairId: patient.id },
        });
    await recordAudit(tx, {
      actorId: userId,
      action: "caregiver-invitation.accepted",
      subjectType: "ScholarshipApplication",
      subjectId: caregiver.id,
      detail: { pairId: patient.id, patientApplicationId: patient.id },
    });
    return caregiver;
  });
}
