// An event's registration settings: event-wide capacity, refund and edit cutoffs, waiting-list offers.
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { isUniqueViolation, RuleViolation } from "~/shared/errors.ts";
import { type RegistrationSettingsInput, SETTINGS_DEFAULTS } from "./settings.schema.ts";
import { getRegistrationEvent } from "./ticket-types.server.ts";
import { offerFreedSeats } from "./waitlist.server.ts";

/** The event's settings, or the defaults when the organiser has not saved any yet. */
export async function getRegistrationSettings(db: DbTx, eventId: string) {
  const row = await db.registrationSettings.findUnique({ where: { eventId } });
  return row ?? { ...SETTINGS_DEFAULTS, eventId };
}

function capacityTooLow(seatsTaken: number) {
  return new RuleViolation(
    `${seatsTaken} seat${seatsTaken === 1 ? " is" : "s are"} already held or sold across the event: the capacity can't go below ${seatsTaken}.`,
    "capacity",
  );
}

/** Saves (creates or updates) the settings; the event-wide capacity never drops below the seats already taken. */
export async function saveRegistrationSettings(db: Db, actorId: string, eventId: string, input: RegistrationSettingsInput) {
  await getRegistrationEvent(db, eventId);
  const data = {
    capacity: input.capacity ?? null,
    refundFullUntilDays: input.refundFullUntilDays,
    detailsEditCutoffDays: input.detailsEditCutoffDays,
    waitlistOfferHours: input.waitlistOfferHours,
  };
  try {
    return await db.$transaction(async (tx) => {
      const existing = await tx.registrationSettings.findUnique({ where: { eventId } });
      if (existing) {
        // Guarded like takeSeats, so a seat taken a moment ago still counts.
        const { count } = await tx.registrationSettings.updateMany({
          where: { eventId, ...(data.capacity === null ? {} : { seatsTaken: { lte: data.capacity } }) },
          data,
        });
        if (count === 0) {
          const fresh = await tx.registrationSettings.findUniqueOrThrow({ where: { eventId } });
          throw capacityTooLow(fresh.seatsTaken);
        }
      } else {
        // Without a settings row takeSeats counts seats per ticket type only: start the event-wide
        // counter from their sum, with the rows locked so no seat is taken between the sum and the insert.
        await tx.$queryRaw`SELECT id FROM "TicketType" WHERE "eventId" = ${eventId} FOR UPDATE`;
        const taken = await tx.ticketType.aggregate({ where: { eventId }, _sum: { taken: true } });
        const seatsTaken = taken._sum.taken ?? 0;
        if (data.capacity !== null && seatsTaken > data.capacity) throw capacityTooLow(seatsTaken);
        await tx.registrationSettings.create({ data: { ...data, eventId, seatsTaken } });
      }
      const raised = existing?.capacity != null && (data.capacity === null || data.capacity > existing.capacity);
      if (raised) {
        // Room freed event-wide goes to the waiting list first, whichever ticket type it waits for.
        const waitedFor = await tx.waitlistEntry.findMany({
          where: { eventId, status: "WAITING" },
          distinct: ["ticketTypeId"],
          select: { ticketTypeId: true },
        });
        for (const { ticketTypeId } of waitedFor) await offerFreedSeats(tx, { eventId, ticketTypeId });
      }
      await recordAudit(tx, {
        actorId,
        action: "registration-settings.saved",
        subjectType: "Event",
        subjectId: eventId,
        detail: { ...data, ...(existing ? { previousCapacity: existing.capacity } : {}) },
      });
      return tx.registrationSettings.findUniqueOrThrow({ where: { eventId } });
    });
  } catch (error) {
    // Two first saves at once: one wins; the other is asked to look again.
    if (isUniqueViolation(error))
      throw new RuleViolation("The settings were just saved by someone else. Check them and save again.");
    throw error;
  }
}
