// Organiser set-up of an event's ticket types. Seat counters (taken) are never written here:
// they belong to seats.server.ts; capacity changes are guarded against them instead.
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { fromLocalInput, toLocalInput } from "~/shared/dates.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { isUniqueViolation, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { saleState } from "./catalogue.server.ts";
import type { SetupSaleState, TicketTypeInput } from "./ticket-type.schema.ts";
import { offerFreedSeats } from "./waitlist.server.ts";

/** The event a registration set-up page works on; a wrong id is a 404. */
export async function getRegistrationEvent(db: DbTx, eventId: string) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, name: true, slug: true, timeZone: true, startsAt: true, endsAt: true },
  });
  if (!event) throw new NotFoundError("That event doesn't exist.");
  return event;
}

/** The ticket types page: each type with sold (confirmed) and held (pending) seats and its sale state. */
export async function listTicketTypes(db: Db, eventId: string, now = new Date()) {
  const event = await getRegistrationEvent(db, eventId);
  const [ticketTypes, counts, settings] = await Promise.all([
    db.ticketType.findMany({ where: { eventId }, orderBy: [{ archived: "asc" }, { position: "asc" }, { name: "asc" }] }),
    db.registration.groupBy({ by: ["ticketTypeId", "status"], where: { eventId }, _count: { _all: true } }),
    db.registrationSettings.findUnique({ where: { eventId } }),
  ]);
  const eventLeft = settings?.capacity == null ? Number.POSITIVE_INFINITY : Math.max(0, settings.capacity - settings.seatsTaken);
  const count = (ticketTypeId: string, statuses?: string[]) =>
    counts
      .filter((c) => c.ticketTypeId === ticketTypeId && (!statuses || statuses.includes(c.status)))
      .reduce((sum, c) => sum + c._count._all, 0);
  return {
    event,
    ticketTypes: ticketTypes.map((t) => {
      const sold = count(t.id, ["CONFIRMED"]);
      const held = count(t.id, ["PENDING"]);
      return {
        ...t,
        sold,
        held,
        // Seats reserved by waiting-list offers are taken but not yet anyone's registration.
        offered: Math.max(t.taken - sold - held, 0),
        registrations: count(t.id),
        // The same state buyers see in the catalogue (event-wide capacity included).
        state: (t.archived
          ? "archived"
          : saleState(t, Math.min(t.capacity - t.taken, eventLeft), event.endsAt, now)) as SetupSaleState,
      };
    }),
  };
}

/** A ticket type of this event for its edit page, with its sales window as wall time in the event's zone. */
export async function getTicketTypeForEdit(db: Db, eventId: string, ticketTypeId: string) {
  const event = await getRegistrationEvent(db, eventId);
  const ticketType = await db.ticketType.findFirst({
    where: { id: ticketTypeId, eventId },
    include: { _count: { select: { registrations: true, waitlist: true } } },
  });
  if (!ticketType) throw new NotFoundError("That ticket type doesn't exist.");
  return {
    event,
    ticketType: {
      ...ticketType,
      salesStartLocal: ticketType.salesStartAt ? toLocalInput(ticketType.salesStartAt, event.timeZone) : "",
      salesEndLocal: ticketType.salesEndAt ? toLocalInput(ticketType.salesEndAt, event.timeZone) : "",
    },
  };
}

/** A datetime-local value read in the event's zone; a wall time skipped by a DST change is refused. */
export function eventTime(value: string | undefined, zone: string, field: string): Date | null {
  if (!value) return null;
  const at = fromLocalInput(value, zone);
  if (!at) throw new RuleViolation(`That time doesn't exist in ${zone} (the clocks change then).`, field);
  return at;
}

const NAME_TAKEN = "Another ticket type of this event already has this name.";

/** Creates (no `ticketTypeId`) or updates a ticket type. Capacity never drops below the seats already taken. */
export async function saveTicketType(db: Db, actorId: string, eventId: string, input: TicketTypeInput, ticketTypeId?: string) {
  const event = await getRegistrationEvent(db, eventId);
  const existing = ticketTypeId ? await db.ticketType.findFirst({ where: { id: ticketTypeId, eventId } }) : null;
  if (ticketTypeId && !existing) throw new NotFoundError("That ticket type doesn't exist.");
  const clash = await db.ticketType.findFirst({
    where: { eventId, name: { equals: input.name, mode: "insensitive" }, ...(existing ? { id: { not: existing.id } } : {}) },
    select: { id: true },
  });
  if (clash) throw new RuleViolation(NAME_TAKEN, "name");
  const data = {
    name: input.name,
    description: input.description,
    priceCents: input.price,
    memberPriceCents: input.memberPrice ?? null,
    capacity: input.capacity,
    salesStartAt: eventTime(input.salesStartAt, event.timeZone, "salesStartAt"),
    salesEndAt: eventTime(input.salesEndAt, event.timeZone, "salesEndAt"),
    visibility: input.visibility,
    maxPerOrder: input.maxPerOrder,
  };
  try {
    return await db.$transaction(async (tx) => {
      let saved: Awaited<ReturnType<typeof tx.ticketType.create>>;
      if (existing) {
        // Guarded like takeSeats: a seat taken a moment ago still counts, so capacity never drops below taken.
        const { count } = await tx.ticketType.updateMany({
          where: { id: existing.id, taken: { lte: input.capacity } },
          data: { ...data, position: input.position ?? existing.position },
        });
        saved = await tx.ticketType.findUniqueOrThrow({ where: { id: existing.id } });
        if (count === 0)
          throw new RuleViolation(
            `${saved.taken} seat${saved.taken === 1 ? " is" : "s are"} already held or sold: the capacity can't go below ${saved.taken}.`,
            "capacity",
          );
        // Raised capacity goes to the waiting list before the public sees it.
        if (input.capacity > existing.capacity) await offerFreedSeats(tx, { eventId, ticketTypeId: existing.id });
      } else {
        const last = await tx.ticketType.aggregate({ where: { eventId }, _max: { position: true } });
        saved = await tx.ticketType.create({
          data: { ...data, eventId, position: input.position ?? (last._max.position ?? -1) + 1 },
        });
      }
      await recordAudit(tx, {
        actorId,
        action: existing ? "ticket-type.updated" : "ticket-type.created",
        subjectType: "TicketType",
        subjectId: saved.id,
        detail: {
          eventId,
          name: saved.name,
          priceCents: saved.priceCents,
          memberPriceCents: saved.memberPriceCents,
          capacity: saved.capacity,
          visibility: saved.visibility,
          ...(existing && existing.capacity !== saved.capacity ? { previousCapacity: existing.capacity } : {}),
          ...(existing && existing.priceCents !== saved.priceCents ? { previousPriceCents: existing.priceCents } : {}),
        },
      });
      return saved;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RuleViolation(NAME_TAKEN, "name");
    throw error;
  }
}

/**
 * Deletes a ticket type nobody ever registered for or waited on; otherwise archives it
 * (off sale, kept for the registrations, receipts and reports that name it).
 */
export async function removeTicketType(db: Db, actorId: string, eventId: string, ticketTypeId: string) {
  const ticketType = await db.ticketType.findFirst({
    where: { id: ticketTypeId, eventId },
    include: { _count: { select: { registrations: true, waitlist: true } } },
  });
  if (!ticketType) throw new NotFoundError("That ticket type doesn't exist.");
  const used = ticketType._count.registrations > 0 || ticketType._count.waitlist > 0 || ticketType.taken > 0;
  if (!used) {
    try {
      await db.$transaction(async (tx) => {
        await tx.ticketType.delete({ where: { id: ticketType.id } });
        await recordAudit(tx, {
          actorId,
          action: "ticket-type.deleted",
          subjectType: "TicketType",
          subjectId: ticketType.id,
          detail: { eventId, name: ticketType.name },
        });
      });
      return { name: ticketType.name, outcome: "deleted" as const };
    } catch (error) {
      // P2003: a registration arrived since we looked; keep the type and archive it instead.
      if ((error as { code?: string } | null)?.code !== "P2003") throw error;
    }
  }
  await setArchived(db, actorId, ticketType, true);
  return { name: ticketType.name, outcome: "archived" as const };
}

/** Puts an archived ticket type back on the list (its sales window decides whether it sells). */
export async function restoreTicketType(db: Db, actorId: string, eventId: string, ticketTypeId: string) {
  const ticketType = await db.ticketType.findFirst({ where: { id: ticketTypeId, eventId } });
  if (!ticketType) throw new NotFoundError("That ticket type doesn't exist.");
  await setArchived(db, actorId, ticketType, false);
  return { name: ticketType.name };
}

async function setArchived(
  db: Db,
  actorId: string,
  ticketType: { id: string; eventId: string; name: string },
  archived: boolean,
) {
  await db.$transaction(async (tx) => {
    await tx.ticketType.update({ where: { id: ticketType.id }, data: { archived } });
    await recordAudit(tx, {
      actorId,
      action: archived ? "ticket-type.archived" : "ticket-type.restored",
      subjectType: "TicketType",
      subjectId: ticketType.id,
      detail: { eventId: ticketType.eventId, name: ticketType.name },
    });
  });
}
