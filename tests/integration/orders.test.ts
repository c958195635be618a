import { describe, expect, it } from "vitest";
import { expireLapsedHolds, HOLD_MINUTES, placeOrder } from "~/modules/registration/orders.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import {
  attendeeInput,
  eventFactory,
  networkMemberFactory,
  promoCodeFactory,
  registrationQuestionFactory,
  registrationSettingsFactory,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();
const MAIL = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>" };

async function onSale({ capacity = 10, priceCents = 49_500, memberPriceCents = null as number | null } = {}) {
  const event = await eventFactory(t.db, { traits: ["published"] });
  const ticket = await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", capacity, priceCents, memberPriceCents });
  const buyer = await userFactory(t.db, { traits: ["verified"] });
  return { event, ticket, buyer: { id: buyer.id, name: buyer.name, email: buyer.email } };
}

const counters = async (ticketTypeId: string) => (await t.db.ticketType.findUniqueOrThrow({ where: { id: ticketTypeId } })).taken;

describe("placeOrder", () => {
  it("holds the seats for 30 minutes and prices each attendee", async () => {
    const { event, ticket, buyer } = await onSale();
    const now = new Date("2027-01-10T12:00:00Z");
    const order = await placeOrder(t.db, MAIL, {
      eventId: event.id,
      buyer,
      attendees: [attendeeInput(ticket.id), attendeeInput(ticket.id)],
      now,
    });
    expect(order.status).toBe("PENDING");
    expect(order.totalCents).toBe(99_000);
    expect(order.holdExpiresAt?.getTime()).toBe(now.getTime() + HOLD_MINUTES * 60_000);
    expect(order.registrations.map((r) => r.status)).toEqual(["PENDING", "PENDING"]);
    expect(await counters(ticket.id)).toBe(2);
  });

  it("gives network members their price by email or organisation domain, then applies a promo code", async () => {
    const { event, ticket, buyer } = await onSale({ memberPriceCents: 39_500 });
    await networkMemberFactory(t.db, { kind: "INDIVIDUAL", email: "pat@clinic.example" });
    await networkMemberFactory(t.db, { kind: "ORGANISATION", domain: "mayo.example", email: null });
    await promoCodeFactory(t.db, { eventId: event.id, code: "TEN", kind: "AMOUNT", amountOffCents: 1_000, percentOff: null });
    const order = await placeOrder(t.db, MAIL, {
      eventId: event.id,
      buyer,
      promoCode: " ten ",
      attendees: [
        attendeeInput(ticket.id, { email: "PAT@clinic.example" }),
        attendeeInput(ticket.id, { email: "sam@mayo.example" }),
        attendeeInput(ticket.id, { email: "someone@else.example" }),
      ],
    });
    expect(order.registrations.map((r) => [r.member, r.priceCents])).toEqual([
      [true, 38_500],
      [true, 38_500],
      [false, 48_500],
    ]);
    expect(order).toMatchObject({ subtotalCents: 39_500 * 2 + 49_500, discountCents: 3_000, totalCents: 38_500 * 2 + 48_500 });
    expect((await t.db.promoCode.findFirstOrThrow({ where: { eventId: event.id } })).uses).toBe(1);
  });

  it("confirms a free order at once and queues the confirmation email", async () => {
    const { event, ticket, buyer } = await onSale();
    await promoCodeFactory(t.db, { eventId: event.id, code: "GUEST", percentOff: 100 });
    const order = await placeOrder(t.db, MAIL, {
      eventId: event.id,
      buyer,
      promoCode: "guest",
      attendees: [attendeeInput(ticket.id)],
    });
    expect(order.status).toBe("PAID");
    expect(order.registrations[0].status).toBe("CONFIRMED");
    const mail = await t.db.emailOutbox.findFirstOrThrow({ where: { toAddress: buyer.email } });
    expect(mail.subject).toContain(order.reference);
    expect(mail.html).toContain(`/registrations/${order.registrations[0].id}/badge`);
  });

  it("refuses what the rules forbid and changes nothing", async () => {
    const { event, ticket, buyer } = await onSale({ capacity: 2 });
    const hidden = await ticketTypeFactory(t.db, { eventId: event.id, visibility: "HIDDEN", priceCents: 0 });
    const members = await ticketTypeFactory(t.db, { eventId: event.id, visibility: "MEMBERS" });
    const question = await registrationQuestionFactory(t.db, {
      eventId: event.id,
      label: "Which workshop?",
      kind: "SINGLE_CHOICE",
      options: ["A", "B"],
      required: true,
    });
    const other = await onSale();
    const before = await Promise.all([t.db.order.count(), counters(ticket.id)]);
    const attempts: [string, () => Promise<unknown>, string][] = [
      [
        "sold out",
        () =>
          placeOrder(t.db, MAIL, {
            eventId: event.id,
            buyer,
            attendees: [1, 2, 3].map(() => attendeeInput(ticket.id, { answers: { [question.id]: "A" } })),
          }),
        "sold out",
      ],
      [
        "hidden without code",
        () =>
          placeOrder(t.db, MAIL, {
            eventId: event.id,
            buyer,
            attendees: [attendeeInput(hidden.id, { answers: { [question.id]: "A" } })],
          }),
        "needs a promo code",
      ],
      [
        "members only",
        () =>
          placeOrder(t.db, MAIL, {
            eventId: event.id,
            buyer,
            attendees: [attendeeInput(members.id, { answers: { [question.id]: "A" } })],
          }),
        "network members",
      ],
      [
        "missing answer",
        () => placeOrder(t.db, MAIL, { eventId: event.id, buyer, attendees: [attendeeInput(ticket.id)] }),
        "Please answer",
      ],
      [
        "answer not an option",
        () =>
          placeOrder(t.db, MAIL, {
            eventId: event.id,
            buyer,
            attendees: [attendeeInput(ticket.id, { answers: { [question.id]: "C" } })],
          }),
        "listed answers",
      ],
      [
        "other event's ticket",
        () =>
          placeOrder(t.db, MAIL, {
            eventId: event.id,
            buyer,
            attendees: [attendeeInput(other.ticket.id, { answers: { [question.id]: "A" } })],
          }),
        "not offered",
      ],
      [
        "unknown promo",
        () =>
          placeOrder(t.db, MAIL, {
            eventId: event.id,
            buyer,
            promoCode: "NOPE",
            attendees: [attendeeInput(ticket.id, { answers: { [question.id]: "A" } })],
          }),
        "no promo code",
      ],
    ];
    for (const [, attempt, message] of attempts) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RuleViolation);
      expect((error as Error).message).toContain(message);
    }
    expect(await Promise.all([t.db.order.count(), counters(ticket.id)])).toEqual(before);
  });

  it("refuses an unpublished event online", async () => {
    const { ticket, buyer } = await onSale();
    const draft = await eventFactory(t.db);
    const draftTicket = await ticketTypeFactory(t.db, { eventId: draft.id });
    await expect(
      placeOrder(t.db, MAIL, { eventId: draft.id, buyer, attendees: [attendeeInput(draftTicket.id)] }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await counters(ticket.id)).toBe(0);
  });

  it("respects the event-wide capacity across ticket types", async () => {
    const { event, ticket, buyer } = await onSale({ capacity: 5 });
    const student = await ticketTypeFactory(t.db, { eventId: event.id, capacity: 5 });
    await registrationSettingsFactory(t.db, { eventId: event.id, capacity: 3 });
    await placeOrder(t.db, MAIL, { eventId: event.id, buyer, attendees: [attendeeInput(ticket.id), attendeeInput(ticket.id)] });
    await expect(
      placeOrder(t.db, MAIL, { eventId: event.id, buyer, attendees: [attendeeInput(student.id), attendeeInput(student.id)] }),
    ).rejects.toThrow(/sold out/);
    expect(await counters(student.id)).toBe(0);
    await placeOrder(t.db, MAIL, { eventId: event.id, buyer, attendees: [attendeeInput(student.id)] });
    expect((await t.db.registrationSettings.findUniqueOrThrow({ where: { eventId: event.id } })).seatsTaken).toBe(3);
  });

  it("lapsed holds free their seats and promo uses, once, and a sold-out buyer gets them", async () => {
    const { event, ticket, buyer } = await onSale({ capacity: 1 });
    await promoCodeFactory(t.db, { eventId: event.id, code: "ONCE", maxUses: 1 });
    const start = new Date();
    const first = await placeOrder(t.db, MAIL, {
      eventId: event.id,
      buyer,
      promoCode: "ONCE",
      attendees: [attendeeInput(ticket.id)],
      now: start,
    });
    const later = new Date(start.getTime() + (HOLD_MINUTES + 1) * 60_000);
    // Nobody swept yet: the sold-out path sweeps this ticket type and retries.
    const second = await placeOrder(t.db, MAIL, { eventId: event.id, buyer, attendees: [attendeeInput(ticket.id)], now: later });
    expect(second.status).toBe("PENDING");
    expect(
      (await t.db.order.findUniqueOrThrow({ where: { id: first.id }, include: { registrations: true } })).registrations[0].status,
    ).toBe("EXPIRED");
    expect(await counters(ticket.id)).toBe(1);
    expect((await t.db.promoCode.findFirstOrThrow({ where: { eventId: event.id } })).uses).toBe(0);
    expect(await expireLapsedHolds(t.db, { now: later })).toEqual([]);
  });
});

describe("under concurrency (serialised by PGlite, truly parallel on PostgreSQL)", () => {
  it("200 concurrent hold attempts for 50 seats hold exactly 50", async () => {
    const { event, ticket, buyer } = await onSale({ capacity: 50 });
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () =>
        placeOrder(t.db, MAIL, { eventId: event.id, buyer, attendees: [attendeeInput(ticket.id)] }),
      ),
    );
    const held = results.filter((r) => r.status === "fulfilled").length;
    const refusals = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(held).toBe(50);
    expect(refusals.every((e) => e instanceof RuleViolation && /sold out/.test(e.message))).toBe(true);
    expect(await counters(ticket.id)).toBe(50);
    expect(await t.db.registration.count({ where: { ticketTypeId: ticket.id } })).toBe(50);
  });

  it("a promo code with 10 uses under 100 concurrent orders is used exactly 10 times", async () => {
    const { event, ticket, buyer } = await onSale({ capacity: 500 });
    await promoCodeFactory(t.db, { eventId: event.id, code: "TEN", maxUses: 10 });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () =>
        placeOrder(t.db, MAIL, { eventId: event.id, buyer, promoCode: "TEN", attendees: [attendeeInput(ticket.id)] }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled").length).toBe(10);
    expect((await t.db.promoCode.findFirstOrThrow({ where: { eventId: event.id } })).uses).toBe(10);
    expect(await t.db.order.count({ where: { promoCode: { code: "TEN" } } })).toBe(10);
    // Refused orders gave their seats back.
    expect(await counters(ticket.id)).toBe(10);
  });
});
