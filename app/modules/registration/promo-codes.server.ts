// Promo codes: percent or amount off, limited to ticket types, max uses, validity window.
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { toLocalInput } from "~/shared/dates.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { isUniqueViolation, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import type { PromoCodeInput, PromoState } from "./promo-code.schema.ts";
import { eventTime, getRegistrationEvent } from "./ticket-types.server.ts";

export function normalisePromoCode(code: string): string {
  return code.trim().toUpperCase();
}

export type PromoForPricing = {
  id: string;
  code: string;
  kind: "PERCENT" | "AMOUNT";
  percentOff: number | null;
  amountOffCents: number | null;
  /** Empty: every ticket type. */
  ticketTypeIds: string[];
};

/** The code as entered, if it exists and is valid now; otherwise a RuleViolation on the promoCode field. */
export async function findUsablePromoCode(
  db: DbTx,
  eventId: string,
  entered: string,
  now = new Date(),
): Promise<PromoForPricing> {
  const code = normalisePromoCode(entered);
  const promo = await db.promoCode.findUnique({
    where: { eventId_code: { eventId, code } },
    include: { ticketTypes: { select: { id: true } } },
  });
  if (!promo) throw new RuleViolation(`There is no promo code "${code}" for this event.`, "promoCode");
  if (promo.validFrom && promo.validFrom > now) throw new RuleViolation(`Promo code ${code} is not valid yet.`, "promoCode");
  if (promo.validUntil && promo.validUntil <= now) throw new RuleViolation(`Promo code ${code} has expired.`, "promoCode");
  if (promo.maxUses !== null && promo.uses >= promo.maxUses)
    throw new RuleViolation(`Promo code ${code} has been used up.`, "promoCode");
  return {
    id: promo.id,
    code: promo.code,
    kind: promo.kind,
    percentOff: promo.percentOff,
    amountOffCents: promo.amountOffCents,
    ticketTypeIds: promo.ticketTypes.map((t) => t.id),
  };
}

/** Counts one use, guarded so concurrent orders never exceed maxUses. False when used up. */
export async function redeemPromoCode(tx: DbTx, promoCodeId: string): Promise<boolean> {
  const rows = await tx.$executeRaw`
    UPDATE "PromoCode" SET uses = uses + 1
    WHERE id = ${promoCodeId} AND ("maxUses" IS NULL OR uses < "maxUses")`;
  return rows === 1;
}

/** Gives a use back when the order it was spent on lapses or expires unpaid. */
export async function returnPromoCode(tx: DbTx, promoCodeId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "PromoCode" SET uses = GREATEST(uses - 1, 0) WHERE id = ${promoCodeId}`;
}

// ---------------------------------------------------------------- Organiser set-up (CRUD)

export function promoState(
  p: { validFrom: Date | null; validUntil: Date | null; maxUses: number | null; uses: number },
  now: Date,
): PromoState {
  if (p.validUntil && p.validUntil <= now) return "ended";
  if (p.maxUses !== null && p.uses >= p.maxUses) return "used-up";
  if (p.validFrom && p.validFrom > now) return "scheduled";
  return "active";
}

/** The promo codes page: every code of the event with its ticket types, uses and state. */
export async function listPromoCodes(db: Db, eventId: string, now = new Date()) {
  const event = await getRegistrationEvent(db, eventId);
  const codes = await db.promoCode.findMany({
    where: { eventId },
    orderBy: { code: "asc" },
    include: { ticketTypes: { select: { id: true, name: true }, orderBy: { position: "asc" } } },
  });
  return { event, codes: codes.map((c) => ({ ...c, state: promoState(c, now) })) };
}

/** The ticket types a code may be limited to (archived ones too: a code may still name them). */
export function promoTicketTypeChoices(db: DbTx, eventId: string) {
  return db.ticketType.findMany({
    where: { eventId },
    orderBy: [{ archived: "asc" }, { position: "asc" }],
    select: { id: true, name: true, archived: true, visibility: true },
  });
}

export async function getPromoCodeForEdit(db: Db, eventId: string, promoCodeId: string) {
  const event = await getRegistrationEvent(db, eventId);
  const promo = await db.promoCode.findFirst({
    where: { id: promoCodeId, eventId },
    include: { ticketTypes: { select: { id: true } } },
  });
  if (!promo) throw new NotFoundError("That promo code doesn't exist.");
  return {
    event,
    promo: {
      ...promo,
      validFromLocal: promo.validFrom ? toLocalInput(promo.validFrom, event.timeZone) : "",
      validUntilLocal: promo.validUntil ? toLocalInput(promo.validUntil, event.timeZone) : "",
    },
    ticketTypes: await promoTicketTypeChoices(db, eventId),
  };
}

const CODE_TAKEN = "This event already has a promo code with these letters.";

/** Creates (no `promoCodeId`) or updates a code. Max uses never drops below the uses already counted. */
export async function savePromoCode(db: Db, actorId: string, eventId: string, input: PromoCodeInput, promoCodeId?: string) {
  const event = await getRegistrationEvent(db, eventId);
  const existing = promoCodeId ? await db.promoCode.findFirst({ where: { id: promoCodeId, eventId } }) : null;
  if (promoCodeId && !existing) throw new NotFoundError("That promo code doesn't exist.");
  const ticketTypeIds = [...new Set(input.ticketTypeIds)];
  const known = await db.ticketType.count({ where: { eventId, id: { in: ticketTypeIds } } });
  if (known !== ticketTypeIds.length) throw new RuleViolation("Choose among this event's ticket types.", "ticketTypeIds");
  const clash = await db.promoCode.findFirst({
    where: { eventId, code: input.code, ...(existing ? { id: { not: existing.id } } : {}) },
    select: { id: true },
  });
  if (clash) throw new RuleViolation(CODE_TAKEN, "code");
  const data = {
    code: input.code,
    kind: input.kind,
    percentOff: input.kind === "PERCENT" ? (input.percentOff ?? null) : null,
    amountOffCents: input.kind === "AMOUNT" ? (input.amountOff ?? null) : null,
    maxUses: input.maxUses ?? null,
    validFrom: eventTime(input.validFrom, event.timeZone, "validFrom"),
    validUntil: eventTime(input.validUntil, event.timeZone, "validUntil"),
  };
  const links = { set: ticketTypeIds.map((id) => ({ id })) };
  try {
    return await db.$transaction(async (tx) => {
      let saved: { id: string; code: string; uses: number };
      if (existing) {
        // Guarded like redeemPromoCode: a use counted a moment ago still counts.
        const { count } = await tx.promoCode.updateMany({
          where: { id: existing.id, ...(data.maxUses === null ? {} : { uses: { lte: data.maxUses } }) },
          data,
        });
        if (count === 0) {
          const { uses } = await tx.promoCode.findUniqueOrThrow({ where: { id: existing.id } });
          throw new RuleViolation(
            `The code has been used ${uses} time${uses === 1 ? "" : "s"}: max uses can't go below ${uses}.`,
            "maxUses",
          );
        }
        saved = await tx.promoCode.update({ where: { id: existing.id }, data: { ticketTypes: links } });
      } else {
        saved = await tx.promoCode.create({ data: { ...data, eventId, ticketTypes: { connect: links.set } } });
      }
      await recordAudit(tx, {
        actorId,
        action: existing ? "promo-code.updated" : "promo-code.created",
        subjectType: "PromoCode",
        subjectId: saved.id,
        detail: {
          eventId,
          ...data,
          validFrom: data.validFrom?.toISOString() ?? null,
          validUntil: data.validUntil?.toISOString() ?? null,
          ticketTypeIds,
        },
      });
      return saved;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RuleViolation(CODE_TAKEN, "code");
    throw error;
  }
}

/** Deletes a code nobody has used; a used one stays (orders and reports name it): end it instead. */
export async function deletePromoCode(db: Db, actorId: string, eventId: string, promoCodeId: string) {
  const promo = await db.promoCode.findFirst({ where: { id: promoCodeId, eventId } });
  if (!promo) throw new NotFoundError("That promo code doesn't exist.");
  return db.$transaction(async (tx) => {
    // Guarded: a use counted since we looked makes this a refusal, not a lost record.
    const { count } = await tx.promoCode.deleteMany({ where: { id: promo.id, uses: 0, orders: { none: {} } } });
    if (count === 0) throw new RuleViolation(`${promo.code} has already been used, so it can't be deleted. End it now instead.`);
    await recordAudit(tx, {
      actorId,
      action: "promo-code.deleted",
      subjectType: "PromoCode",
      subjectId: promo.id,
      detail: { eventId, code: promo.code },
    });
    return promo;
  });
}

/** Stops a code from being accepted from now on; uses already counted stay. */
export async function endPromoCode(db: Db, actorId: string, eventId: string, promoCodeId: string, now = new Date()) {
  const promo = await db.promoCode.findFirst({ where: { id: promoCodeId, eventId } });
  if (!promo) throw new NotFoundError("That promo code doesn't exist.");
  if (promo.validUntil && promo.validUntil <= now) throw new RuleViolation(`${promo.code} has already ended.`);
  return db.$transaction(async (tx) => {
    const ended = await tx.promoCode.update({ where: { id: promo.id }, data: { validUntil: now } });
    await recordAudit(tx, {
      actorId,
      action: "promo-code.ended",
      subjectType: "PromoCode",
      subjectId: promo.id,
      detail: {
        eventId,
        code: promo.code,
        validUntil: now.toISOString(),
        previousValidUntil: promo.validUntil?.toISOString() ?? null,
      },
    });
    return ended;
  });
}
