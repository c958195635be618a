import { describe, expect, it } from "vitest";
import { confirmOrder } from "~/modules/registration/confirmation.server.ts";
import { expireLapsedHolds, HOLD_MINUTES, placeOrder } from "~/modules/registration/orders.server.ts";
import { freeSeats } from "~/modules/registration/seats.server.ts";
import { sweepRegistrations } from "~/modules/registration/sweeper.server.ts";
import {
  expireLapsedOffers,
  findOpenOffer,
  joinWaitlist,
  leaveWaitlist,
  myWaitlists,
  notifyOffers,
  offerForLink,
  offerWaitlistNow,
  removeWaitlistEntry,
  renewOfferLink,
} from "~/modules/registration/waitlist.server.ts";
import { parseEnv } from "~/shared/env.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import {
  attendeeInput,
  eventFactory,
  orderFactory,
  registrationSettingsFactory,
  ticketTypeFactory,
  userFactory,
  waitlistEntryFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
const MAIL = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>" };
const ENV = parseEnv({ NODE_ENV: "test", APP_URL: MAIL.appUrl, MAIL_FROM: MAIL.mailFrom, SESSION_SECRET: "x".repeat(40) });
const HOUR = 3_600_000;

/** A published event whose one ticket type is sold out by `capacity` paid registrations. */
async function soldOut({ capacity = 2, maxPerOrder = 10 } = {}) {
  const event = await eventFactory(t.db, { traits: ["published"] });
  const ticket = await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", capacity, maxPerOrder });
  const sold = await orderFactory(t.db, {
    eventId: event.id,
    traits: ["paid"],
    attendees: Array.from({ length: capacity }, () => ({ ticketTypeId: ticket.id })),
  });
  return { event, ticket, registrations: sold.registrations };
}

async function person() {
  const user = await userFactory(t.db, { traits: ["verified"] });
  return { id: user.id, name: user.name, email: user.email };
}

/** What a cancellation does to seats: its own transaction gives the seat up with freeSeats. */
function cancelRegistration(registration: { id: string; eventId: string; ticketTypeId: string }) {
  return t.db.$transaction(async (tx) => {
    await tx.registration.update({ where: { id: registration.id }, data: { status: "CANCELLED", cancelledAt: new Date() } });
    await freeSeats(tx, registration.eventId, registration.ticketTypeId, 1);
  });
}

const taken = async (ticketTypeId: string) => (await t.db.ticketType.findUniqueOrThrow({ where: { id: ticketTypeId } })).taken;
const entry = (id: string) => t.db.waitlistEntry.findUniqueOrThrow({ where: { id } });
const statuses = async (ids: string[]) => Promise.all(ids.map(async (id) => (await entry(id)).status));

/** The link in the offer email sent to `to`, and its token. */
async function offerLink(to: string) {
  const mail = await t.db.emailOutbox.findFirstOrThrow({ where: { toAddress: to, template: "waitlist-offer" } });
  const url = /http:\/\/summit\.test\/waitlist\/offers\/([A-Za-z0-9_-]+)/.exec(mail.html);
  if (!url) throw new Error("no offer link in the email");
  return { mail, token: url[1] };
}

describe("joining and leaving", () => {
  it("joins only a sold-out ticket type, once, and says how many are ahead", async () => {
    const { event, ticket } = await soldOut();
    const [first, second] = [await person(), await person()];
    const a = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: first, seats: 1 });
    const b = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: second, seats: 2 });
    expect([a.ahead, b.ahead]).toEqual([0, 1]);
    expect(b.entry).toMatchObject({ status: "WAITING", seats: 2, userId: second.id, email: second.email.toLowerCase() });

    const onSale = await ticketTypeFactory(t.db, { eventId: event.id, capacity: 5 });
    const hidden = await ticketTypeFactory(t.db, { eventId: event.id, capacity: 0, visibility: "HIDDEN" });
    const single = await ticketTypeFactory(t.db, { eventId: event.id, capacity: 0, maxPerOrder: 1 });
    const later = await ticketTypeFactory(t.db, {
      eventId: event.id,
      capacity: 0,
      salesStartAt: new Date(Date.now() + 24 * HOUR),
    });
    const other = await soldOut();
    const before = await t.db.waitlistEntry.count();
    const refusals: [() => Promise<unknown>, string][] = [
      [
        () => joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: first, seats: 1 }),
        "already on the waiting list",
      ],
      [() => joinWaitlist(t.db, { eventId: event.id, ticketTypeId: onSale.id, user: first, seats: 1 }), "still has seats"],
      [() => joinWaitlist(t.db, { eventId: event.id, ticketTypeId: hidden.id, user: first, seats: 1 }), "not offered"],
      [() => joinWaitlist(t.db, { eventId: event.id, ticketTypeId: single.id, user: first, seats: 2 }), "wait for one seat"],
      [() => joinWaitlist(t.db, { eventId: event.id, ticketTypeId: later.id, user: first, seats: 1 }), "not on sale yet"],
      [() => joinWaitlist(t.db, { eventId: event.id, ticketTypeId: other.ticket.id, user: first, seats: 1 }), "not offered"],
      [() => joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: first, seats: 3 }), "one seat or two"],
      [() => joinWaitlist(t.db, { eventId: event.id, ticketTypeId: "nonsense", user: first, seats: 1 }), "not offered"],
    ];
    for (const [attempt, message] of refusals) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RuleViolation);
      expect((error as Error).message).toContain(message);
    }
    expect(await t.db.waitlistEntry.count()).toBe(before);
  });

  it("a double submit queues the person once", async () => {
    const { event, ticket } = await soldOut();
    const user = await person();
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user, seats: 1 })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await t.db.waitlistEntry.count({ where: { userId: user.id } })).toBe(1);
  });

  it("leaving: only your own entry; an offered entry's seats go straight to the next person", async () => {
    const { event, ticket, registrations } = await soldOut({ capacity: 1 });
    const [first, second, stranger] = [await person(), await person(), await person()];
    const a = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: first, seats: 1 });
    const b = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: second, seats: 1 });
    await cancelRegistration(registrations[0]);
    expect(await statuses([a.entry.id, b.entry.id])).toEqual(["OFFERED", "WAITING"]);

    await expect(leaveWaitlist(t.db, { userId: stranger.id, entryId: a.entry.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(leaveWaitlist(t.db, { userId: first.id, entryId: "nope" })).rejects.toBeInstanceOf(NotFoundError);
    expect(await statuses([a.entry.id, b.entry.id])).toEqual(["OFFERED", "WAITING"]);

    await leaveWaitlist(t.db, { userId: first.id, entryId: a.entry.id });
    expect(await statuses([a.entry.id, b.entry.id])).toEqual(["CANCELLED", "OFFERED"]);
    expect(await taken(ticket.id)).toBe(1);
    await expect(leaveWaitlist(t.db, { userId: first.id, entryId: a.entry.id })).rejects.toThrow(/no longer on the waiting list/);

    // With nobody left waiting, the last one leaving makes the seat publicly free again.
    await leaveWaitlist(t.db, { userId: second.id, entryId: b.entry.id });
    expect(await taken(ticket.id)).toBe(0);
  });

  it("can't leave while an order on the offer is being paid for", async () => {
    const { event, ticket, registrations } = await soldOut({ capacity: 1 });
    const user = await person();
    const { entry: joined } = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user, seats: 1 });
    await cancelRegistration(registrations[0]);
    await placeOrder(t.db, MAIL, {
      eventId: event.id,
      buyer: user,
      attendees: [attendeeInput(ticket.id)],
      waitlistEntryId: joined.id,
    });
    await expect(leaveWaitlist(t.db, { userId: user.id, entryId: joined.id })).rejects.toThrow(/waiting for payment/);
    expect((await entry(joined.id)).status).toBe("OFFERED");
    expect(await taken(ticket.id)).toBe(1);
  });
});

describe("offers", () => {
  it("a cancellation offers the freed seat to the next entry in the same transaction", async () => {
    const { event, ticket, registrations } = await soldOut({ capacity: 2 });
    await registrationSettingsFactory(t.db, { eventId: event.id, waitlistOfferHours: 24, seatsTaken: 2 });
    const [first, second] = [await person(), await person()];
    const a = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: first, seats: 1 });
    const b = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: second, seats: 1 });
    const before = Date.now();
    await cancelRegistration(registrations[0]);

    const offered = await entry(a.entry.id);
    expect(offered.status).toBe("OFFERED");
    expect(Number(offered.offerExpiresAt) - Number(offered.offeredAt)).toBe(24 * HOUR);
    expect(Number(offered.offeredAt)).toBeGreaterThanOrEqual(before - 1000);
    expect((await entry(b.entry.id)).status).toBe("WAITING");
    // The seat never became public: it is taken by the offer, and a buyer is told "sold out".
    expect(await taken(ticket.id)).toBe(2);
    expect((await t.db.registrationSettings.findUniqueOrThrow({ where: { eventId: event.id } })).seatsTaken).toBe(2);
    await expect(
      placeOrder(t.db, MAIL, { eventId: event.id, buyer: await person(), attendees: [attendeeInput(ticket.id)] }),
    ).rejects.toThrow(/sold out/);
  });

  it("a two-seat entry is offered only when two seats are free; a one-seat entry behind it may go first", async () => {
    const { event, ticket, registrations } = await soldOut({ capacity: 3 });
    const [pair, single, later] = [await person(), await person(), await person()];
    const p = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: pair, seats: 2 });
    const s = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: single, seats: 1 });

    await cancelRegistration(registrations[0]);
    expect(await statuses([p.entry.id, s.entry.id])).toEqual(["WAITING", "OFFERED"]);
    expect(await taken(ticket.id)).toBe(3);

    // One seat free and only the pair waiting: it stays public rather than half-held.
    await cancelRegistration(registrations[1]);
    expect((await entry(p.entry.id)).status).toBe("WAITING");
    expect(await taken(ticket.id)).toBe(2);

    const l = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: later, seats: 1 }).catch((e) => e);
    expect(l).toBeInstanceOf(RuleViolation); // a seat is free: buy it instead

    await cancelRegistration(registrations[2]);
    expect((await entry(p.entry.id)).status).toBe("OFFERED");
    expect(await taken(ticket.id)).toBe(3);
  });

  it("the sweep emails each offer exactly once, with a link only its owner can use", async () => {
    const { event, ticket, registrations } = await soldOut({ capacity: 1 });
    const [user, stranger] = [await person(), await person()];
    const { entry: joined } = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user, seats: 1 });
    await cancelRegistration(registrations[0]);

    const sweeps = await Promise.all([sweepRegistrations(t.db, ENV), notifyOffers(t.db, MAIL), sweepRegistrations(t.db, ENV)]);
    expect(sweeps[0].notifiedOffers + sweeps[1] + sweeps[2].notifiedOffers).toBe(1);
    expect(await t.db.emailOutbox.count({ where: { template: "waitlist-offer" } })).toBe(1);

    const { mail, token } = await offerLink(user.email.toLowerCase());
    const offered = await entry(joined.id);
    expect(mail.subject).toBe(`A seat is free for you at ${event.name}`);
    // Expiry in the event's zone (the factory's campus is in Chicago).
    expect(mail.text).toMatch(/\d{1,2}:\d{2} (AM|PM) C[SD]T/);
    expect(offered.offerTokenHash).not.toContain(token);

    expect(await findOpenOffer(t.db, token, user.id)).toEqual({
      entryId: joined.id,
      eventSlug: event.slug,
      ticketTypeId: ticket.id,
      seats: 1,
      offerExpiresAt: offered.offerExpiresAt,
    });
    expect(await findOpenOffer(t.db, token, stranger.id)).toBeNull();
    expect(await offerForLink(t.db, token, stranger.id)).toBeNull();
    expect(await findOpenOffer(t.db, `${token.slice(0, -1)}x`, user.id)).toBeNull();
    expect(await findOpenOffer(t.db, "not a token!", user.id)).toBeNull();
    expect(await findOpenOffer(t.db, token, user.id, new Date(Number(offered.offerExpiresAt) + 1))).toBeNull();
    expect((await offerForLink(t.db, token, user.id))?.state).toBe("open");
    expect(await notifyOffers(t.db, MAIL)).toBe(0);
  });

  it("an offer that lapses moves on to the next person, and the freed seat is re-offered", async () => {
    const { event, ticket, registrations } = await soldOut({ capacity: 1 });
    const [first, second] = [await person(), await person()];
    const a = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: first, seats: 1 });
    const b = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: second, seats: 1 });
    await cancelRegistration(registrations[0]);
    await notifyOffers(t.db, MAIL);
    const { token } = await offerLink(first.email.toLowerCase());

    expect(await expireLapsedOffers(t.db, new Date(Date.now() + 47 * HOUR))).toBe(0);
    const later = new Date(Date.now() + 49 * HOUR);
    expect(await expireLapsedOffers(t.db, later)).toBe(1);
    expect(await statuses([a.entry.id, b.entry.id])).toEqual(["EXPIRED", "OFFERED"]);
    expect((await entry(b.entry.id)).offerExpiresAt?.getTime()).toBe(later.getTime() + 48 * HOUR);
    expect(await taken(ticket.id)).toBe(1);
    expect((await offerForLink(t.db, token, first.id))?.state).toBe("expired");
    expect(await expireLapsedOffers(t.db, later)).toBe(0);

    expect(await notifyOffers(t.db, MAIL, later)).toBe(1);
    await offerLink(second.email.toLowerCase());

    // The last offer lapsing with nobody waiting makes the seat public again.
    expect(await expireLapsedOffers(t.db, new Date(later.getTime() + 49 * HOUR))).toBe(1);
    expect(await taken(ticket.id)).toBe(0);
  });

  it("an accepted offer: the order uses the offer's seats, payment makes the entry ACCEPTED", async () => {
    const { event, ticket, registrations } = await soldOut({ capacity: 2 });
    const [pair, stranger] = [await person(), await person()];
    const { entry: joined } = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: pair, seats: 2 });
    await cancelRegistration(registrations[0]);
    await cancelRegistration(registrations[1]);
    expect((await entry(joined.id)).status).toBe("OFFERED");

    const before = await t.db.order.count();
    await expect(
      placeOrder(t.db, MAIL, {
        eventId: event.id,
        buyer: stranger,
        attendees: [attendeeInput(ticket.id), attendeeInput(ticket.id)],
        waitlistEntryId: joined.id,
      }),
    ).rejects.toThrow(/not yours/);
    await expect(
      placeOrder(t.db, MAIL, {
        eventId: event.id,
        buyer: pair,
        attendees: [attendeeInput(ticket.id)],
        waitlistEntryId: joined.id,
      }),
    ).rejects.toThrow(/2 seats/);
    expect(await t.db.order.count()).toBe(before);

    const order = await placeOrder(t.db, MAIL, {
      eventId: event.id,
      buyer: pair,
      attendees: [attendeeInput(ticket.id, { name: "Pat Patient" }), attendeeInput(ticket.id, { name: "Cary Caregiver" })],
      waitlistEntryId: joined.id,
    });
    expect(order.status).toBe("PENDING");
    expect(await taken(ticket.id)).toBe(2);
    await t.db.$transaction((tx) => confirmOrder(tx, MAIL, order.id));
    expect((await entry(joined.id)).status).toBe("ACCEPTED");
    expect(await taken(ticket.id)).toBe(2);
    // Long after the offer's time, nothing is given back: the seats are sold.
    expect(await expireLapsedOffers(t.db, new Date(Date.now() + 100 * HOUR))).toBe(0);
    expect(await taken(ticket.id)).toBe(2);
  });

  it("a lapsed order hold keeps the seats for the offer while it runs", async () => {
    const { event, ticket, registrations } = await soldOut({ capacity: 1 });
    const [first, second] = [await person(), await person()];
    const a = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: first, seats: 1 });
    const b = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: second, seats: 1 });
    await cancelRegistration(registrations[0]);
    const first_order = await placeOrder(t.db, MAIL, {
      eventId: event.id,
      buyer: first,
      attendees: [attendeeInput(ticket.id)],
      waitlistEntryId: a.entry.id,
    });

    const lapsed = await expireLapsedHolds(t.db, { now: new Date(Date.now() + (HOLD_MINUTES + 1) * 60_000) });
    expect(lapsed.map((o) => o.orderId)).toEqual([first_order.id]);
    expect(await statuses([a.entry.id, b.entry.id])).toEqual(["OFFERED", "WAITING"]);
    expect(await taken(ticket.id)).toBe(1);

    // The offer still runs: its owner can try again.
    const second_order = await placeOrder(t.db, MAIL, {
      eventId: event.id,
      buyer: first,
      attendees: [attendeeInput(ticket.id)],
      waitlistEntryId: a.entry.id,
    });
    expect(second_order.status).toBe("PENDING");
    expect(await taken(ticket.id)).toBe(1);
  });

  it("an offer that lapses during a running hold waits for the hold, then gives its seats back once", async () => {
    const { event, ticket, registrations } = await soldOut({ capacity: 1 });
    const [first, second, third] = [await person(), await person(), await person()];
    const a = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: first, seats: 1 });
    const b = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: second, seats: 1 });
    const c = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: third, seats: 1 });
    await cancelRegistration(registrations[0]);
    // The owner orders ten minutes before the offer ends; the 30-minute hold outlives it.
    const now = Date.now();
    await t.db.waitlistEntry.update({ where: { id: a.entry.id }, data: { offerExpiresAt: new Date(now + 10 * 60_000) } });
    await placeOrder(t.db, MAIL, {
      eventId: event.id,
      buyer: first,
      attendees: [attendeeInput(ticket.id)],
      waitlistEntryId: a.entry.id,
    });

    expect(await expireLapsedOffers(t.db, new Date(now + 20 * 60_000))).toBe(0);
    expect((await entry(a.entry.id)).status).toBe("OFFERED");

    const afterHold = new Date(now + (HOLD_MINUTES + 1) * 60_000);
    await sweepRegistrations(t.db, ENV, afterHold);
    expect(await statuses([a.entry.id, b.entry.id, c.entry.id])).toEqual(["EXPIRED", "OFFERED", "WAITING"]);
    expect(await taken(ticket.id)).toBe(1);
  });

  it("whichever is swept first, a lapsed offer and its lapsed order free the seats once", async () => {
    const { event, ticket, registrations } = await soldOut({ capacity: 1 });
    const [first, second, third] = [await person(), await person(), await person()];
    const a = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: first, seats: 1 });
    const b = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: second, seats: 1 });
    const c = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: third, seats: 1 });
    await cancelRegistration(registrations[0]);
    await placeOrder(t.db, MAIL, {
      eventId: event.id,
      buyer: first,
      attendees: [attendeeInput(ticket.id)],
      waitlistEntryId: a.entry.id,
    });

    const muchLater = new Date(Date.now() + 49 * HOUR);
    expect(await expireLapsedOffers(t.db, muchLater)).toBe(1);
    expect(await expireLapsedHolds(t.db, { now: muchLater })).toHaveLength(1);
    expect(await statuses([a.entry.id, b.entry.id, c.entry.id])).toEqual(["EXPIRED", "OFFERED", "WAITING"]);
    expect(await taken(ticket.id)).toBe(1);
  });

  it("the organiser can offer free seats now, or remove an entry; both are audited", async () => {
    const { event, ticket } = await soldOut({ capacity: 1 });
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const [first, second] = [await person(), await person()];
    const a = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: first, seats: 1 });
    const b = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: second, seats: 1 });
    expect((await offerWaitlistNow(t.db, organiser.id, { eventId: event.id, ticketTypeId: ticket.id })).offered).toBe(0);
    await t.db.ticketType.update({ where: { id: ticket.id }, data: { capacity: 2 } });
    expect((await offerWaitlistNow(t.db, organiser.id, { eventId: event.id, ticketTypeId: ticket.id })).offered).toBe(1);
    expect(await statuses([a.entry.id, b.entry.id])).toEqual(["OFFERED", "WAITING"]);

    const other = await soldOut();
    const stray = await waitlistEntryFactory(t.db, { eventId: other.event.id, ticketTypeId: other.ticket.id });
    await expect(removeWaitlistEntry(t.db, organiser.id, { eventId: event.id, entryId: stray.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      offerWaitlistNow(t.db, organiser.id, { eventId: event.id, ticketTypeId: other.ticket.id }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await entry(stray.id)).status).toBe("WAITING");

    await removeWaitlistEntry(t.db, organiser.id, { eventId: event.id, entryId: a.entry.id });
    expect(await statuses([a.entry.id, b.entry.id])).toEqual(["CANCELLED", "OFFERED"]);
    const audit = await t.db.auditLog.findMany({ where: { actorId: organiser.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["waitlist.offered", "waitlist.removed"]);
  });

  it("My waiting lists: place in the queue, and a fresh link to a running offer replaces the emailed one", async () => {
    const { event, ticket, registrations } = await soldOut({ capacity: 1 });
    const [first, second] = [await person(), await person()];
    const a = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: first, seats: 1 });
    await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: second, seats: 1 });
    expect((await myWaitlists(t.db, second.id)).active.map((e) => [e.status, e.ahead])).toEqual([["WAITING", 1]]);

    await cancelRegistration(registrations[0]);
    await expect(renewOfferLink(t.db, { userId: first.id, entryId: a.entry.id })).rejects.toThrow(/emailing you/);
    await notifyOffers(t.db, MAIL);
    const { token: emailed } = await offerLink(first.email.toLowerCase());
    await expect(renewOfferLink(t.db, { userId: second.id, entryId: a.entry.id })).rejects.toBeInstanceOf(NotFoundError);

    const renewed = await renewOfferLink(t.db, { userId: first.id, entryId: a.entry.id });
    expect(renewed.eventSlug).toBe(event.slug);
    expect(await findOpenOffer(t.db, renewed.token, first.id)).not.toBeNull();
    expect(await findOpenOffer(t.db, emailed, first.id)).toBeNull();
    expect((await myWaitlists(t.db, second.id)).active.map((e) => [e.status, e.ahead])).toEqual([["WAITING", 0]]);
  });
});

describe("under concurrency (serialised by PGlite, truly parallel on PostgreSQL)", () => {
  it("a buyer racing a cancellation never gets the seat meant for the waiting list", async () => {
    const { event, ticket, registrations } = await soldOut({ capacity: 1 });
    const waiting = await person();
    const { entry: joined } = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: waiting, seats: 1 });
    const buyers = await Promise.all(Array.from({ length: 10 }, () => person()));
    const results = await Promise.allSettled([
      cancelRegistration(registrations[0]),
      ...buyers.map((buyer) => placeOrder(t.db, MAIL, { eventId: event.id, buyer, attendees: [attendeeInput(ticket.id)] })),
    ]);
    expect(results[0].status).toBe("fulfilled");
    expect(results.slice(1).every((r) => r.status === "rejected" && /sold out/.test(String(r.reason)))).toBe(true);
    expect((await entry(joined.id)).status).toBe("OFFERED");
    expect(await taken(ticket.id)).toBe(1);
  });

  it("concurrent cancellations offer each waiting entry at most once", async () => {
    const { event, ticket, registrations } = await soldOut({ capacity: 6 });
    const people = await Promise.all(Array.from({ length: 4 }, () => person()));
    for (const user of people) await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user, seats: 1 });
    await Promise.all(registrations.map((r) => cancelRegistration(r)));
    expect(await t.db.waitlistEntry.count({ where: { status: "OFFERED" } })).toBe(4);
    // 4 seats offered, 2 public: the counter counts exactly the offers.
    expect(await taken(ticket.id)).toBe(4);
    await Promise.all([notifyOffers(t.db, MAIL), notifyOffers(t.db, MAIL), notifyOffers(t.db, MAIL)]);
    expect(await t.db.emailOutbox.count({ where: { template: "waitlist-offer" } })).toBe(4);
  });
});
