// The attendee's registration page: which tickets are on offer, what the buyer picked
// (step 1, from the URL), and placing the order from the attendee form (step 2).
import type { Db } from "~/shared/db.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { type CatalogueTicket, ticketCatalogue } from "./catalogue.server.ts";
import type { MailSettings } from "./confirmation.server.ts";
import { holdOrder } from "./orders.server.ts";
import { findUsablePromoCode, type PromoForPricing } from "./promo-codes.server.ts";
import { MAX_ATTENDEES_PER_ORDER, type RegistrationForm } from "./registration.schema.ts";
import { findOpenOffer, type OpenOffer } from "./waitlist.server.ts";

export type Selection = {
  quantities: Record<string, number>;
  /** Some `qty.*` parameter was not a whole number from 0 to 50. */
  malformed: boolean;
  code?: string;
  /** A waiting-list offer's token: the offer fixes the ticket and the number of seats. */
  offerToken?: string;
  /** The buyer pressed "Continue": check the selection and offer step 2. */
  proceed: boolean;
};

export type SelectionProblems = { code?: string; tickets?: string[] };

/** One seat of the order being filled in: step 2 shows one fieldset per seat. */
export type SeatToFill = { ticketTypeId: string; ticketName: string };

async function registrableEvent(db: Db, slug: string) {
  const event = await db.event.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      name: true,
      startsAt: true,
      endsAt: true,
      timeZone: true,
      published: true,
      campus: { select: { name: true, address: true } },
    },
  });
  if (!event?.published) throw new NotFoundError("We couldn't find that event.");
  return event;
}

function describePromo(promo: PromoForPricing, tickets: CatalogueTicket[]): string {
  const off = promo.kind === "PERCENT" ? `${promo.percentOff}% off` : "an amount off";
  if (promo.ticketTypeIds.length === 0) return `${promo.code}: ${off} every ticket.`;
  const names = tickets.filter((t) => promo.ticketTypeIds.includes(t.id)).map((t) => t.name);
  return `${promo.code}: ${off} ${names.length ? names.join(", ") : "selected tickets"}.`;
}

/**
 * Everything the register page shows. The selection comes from the URL, so anything in it
 * may be tampered with: unknown tickets, too many seats or a bad code become messages,
 * and step 2 (`seats`) is offered only for a selection that could be bought right now.
 */
export async function registrationPage(
  db: Db,
  { slug, userId, selection, now = new Date() }: { slug: string; userId: string; selection: Selection; now?: Date },
) {
  const event = await registrableEvent(db, slug);
  const problems: SelectionProblems = {};
  const tickets: string[] = [];

  let promo: PromoForPricing | null = null;
  if (selection.code && selection.code.length > 32) problems.code = "Promo codes are at most 32 characters.";
  else if (selection.code) {
    try {
      promo = await findUsablePromoCode(db, event.id, selection.code, now);
    } catch (error) {
      if (!(error instanceof RuleViolation)) throw error;
      problems.code = error.message;
    }
  }

  let quantities = selection.quantities;
  let offer: OpenOffer | null = null;
  if (selection.offerToken) {
    const found = await findOpenOffer(db, selection.offerToken, userId, now);
    // An offer is for one event: its link on another event's page is no offer here.
    offer = found?.eventSlug === event.slug ? found : null;
    if (offer) quantities = { [offer.ticketTypeId]: offer.seats };
    else tickets.push("This waiting-list offer has expired, was taken up already, or is not yours.");
  }

  const [catalogue, account, questions] = await Promise.all([
    ticketCatalogue(db, event, { promo, now }),
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, email: true, organisation: true } }),
    db.registrationQuestion.findMany({
      where: { eventId: event.id },
      orderBy: { position: "asc" },
      select: { id: true, label: true, help: true, kind: true, options: true, required: true },
    }),
  ]);
  if (selection.malformed) tickets.push("Quantities must be whole numbers from 0 to 50; we ignored the others.");

  const byId = new Map(catalogue.map((t) => [t.id, t]));
  const seats: SeatToFill[] = [];
  for (const [ticketTypeId, count] of Object.entries(quantities)) {
    const ticket = byId.get(ticketTypeId);
    if (!ticket) {
      tickets.push("One of the chosen tickets is not offered for this event (a promo code may be needed).");
      continue;
    }
    // An offer's seats are already reserved for this buyer, so the public count doesn't apply.
    if (!offer) {
      if (ticket.state === "not-yet") tickets.push(`${ticket.name} is not on sale yet.`);
      else if (ticket.state === "ended") tickets.push(`Sales of ${ticket.name} have ended.`);
      else if (ticket.state === "sold-out") tickets.push(`${ticket.name} is sold out. You can join the waiting list.`);
      else if (count > ticket.remaining)
        tickets.push(`Only ${ticket.remaining} ${ticket.remaining === 1 ? "seat" : "seats"} of ${ticket.name} left.`);
      else if (count > ticket.maxPerOrder) tickets.push(`One order can hold at most ${ticket.maxPerOrder} × ${ticket.name}.`);
    }
    for (let i = 0; i < count; i++) seats.push({ ticketTypeId, ticketName: ticket.name });
  }
  if (selection.proceed && seats.length === 0 && tickets.length === 0) tickets.push("Choose at least one ticket.");
  if (seats.length > MAX_ATTENDEES_PER_ORDER)
    tickets.push(`One order can hold at most ${MAX_ATTENDEES_PER_ORDER} attendees; for a larger group, contact the organisers.`);
  if (tickets.length) problems.tickets = tickets;

  return {
    event,
    closed: event.endsAt <= now,
    catalogue,
    promo: promo ? { code: promo.code, summary: describePromo(promo, catalogue) } : null,
    offer,
    quantities,
    problems,
    /** Step 2's seats, in catalogue order; empty while the selection can't be bought. */
    seats: !(selection.proceed || offer) || problems.tickets || problems.code ? [] : orderSeats(seats, catalogue),
    account,
    questions,
  };
}

function orderSeats(seats: SeatToFill[], catalogue: CatalogueTicket[]): SeatToFill[] {
  const position = new Map(catalogue.map((t, i) => [t.id, i]));
  return [...seats].sort((a, b) => (position.get(a.ticketTypeId) ?? 0) - (position.get(b.ticketTypeId) ?? 0));
}

/**
 * Step 2's submission: the signed-in buyer orders for the attendees named in the form.
 * Prices, visibility, seats and the offer are all checked again by holdOrder.
 */
export async function registerForEvent(
  db: Db,
  mail: MailSettings,
  {
    slug,
    buyer,
    form,
    offerToken,
  }: { slug: string; buyer: { id: string; name: string; email: string }; form: RegistrationForm; offerToken?: string },
) {
  let waitlistEntryId: string | undefined;
  if (offerToken) {
    const offer = await findOpenOffer(db, offerToken, buyer.id);
    if (!offer || offer.eventSlug !== slug)
      throw new RuleViolation("This waiting-list offer has expired, was taken up already, or is not yours.", "tickets");
    waitlistEntryId = offer.entryId;
  }
  // The registration rush's hot path: holdOrder finds the event by slug in its one read.
  return holdOrder(db, mail, {
    eventSlug: slug,
    buyer,
    attendees: form.attendees,
    promoCode: form.promoCode || undefined,
    waitlistEntryId,
  });
}

export type RegistrationTeaser =
  | { state: "none" }
  | { state: "closed" | "sold-out" | "not-yet" }
  | { state: "on-sale"; fromCents: number; currency: string; memberFromCents: number | null };

/** The event page's call to action: the lowest public price on sale, or why there is none. */
export async function registrationTeaser(
  db: Db,
  event: { id: string; endsAt: Date },
  now = new Date(),
): Promise<RegistrationTeaser> {
  const tickets = (await ticketCatalogue(db, event, { now })).filter((t) => t.visibility === "PUBLIC");
  if (tickets.length === 0) return { state: "none" };
  if (event.endsAt <= now) return { state: "closed" };
  const onSale = tickets.filter((t) => t.state === "on-sale");
  if (onSale.length === 0) {
    if (tickets.some((t) => t.state === "sold-out")) return { state: "sold-out" };
    return { state: tickets.some((t) => t.state === "not-yet") ? "not-yet" : "closed" };
  }
  const cheapest = onSale.reduce((low, t) => (t.priceCents < low.priceCents ? t : low));
  const memberPrices = onSale.map((t) => t.memberPriceCents).filter((p): p is number => p !== null);
  return {
    state: "on-sale",
    fromCents: cheapest.priceCents,
    currency: cheapest.currency,
    memberFromCents: memberPrices.length ? Math.min(...memberPrices) : null,
  };
}
