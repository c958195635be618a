// The attendee's own registrations against a real database (and the fake Stripe for card
// refunds): the register page's selection, self-service rules (edit cut-off, transfer,
// cancel with refund by policy), access by other people, receipts as HTML data and PDF.
import { DateTime } from "luxon";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCheckout } from "~/modules/payments/checkout.server.ts";
import type { PaymentSettings } from "~/modules/payments/fulfilment.server.ts";
import { handleStripeEvent } from "~/modules/payments/webhooks.server.ts";
import { placeOrder } from "~/modules/registration/orders.server.ts";
import { receiptPdf } from "~/modules/registration/receipt-pdf.server.ts";
import { getBuyerOrder, getReceipt, receiptFor } from "~/modules/registration/receipts.server.ts";
import type { AttendeeForm } from "~/modules/registration/registration.schema.ts";
import {
  badgeForPerson,
  cancelRegistration,
  editAttendeeDetails,
  myRegistrations,
  registrationForPerson,
  transferRegistration,
} from "~/modules/registration/self-service.server.ts";
import { registerForEvent, registrationPage, registrationTeaser } from "~/modules/registration/ticket-selection.server.ts";
import { NotFoundError } from "~/shared/errors.ts";
import { hashToken, randomToken } from "~/shared/tokens.server.ts";
import {
  attendeeInput,
  eventFactory,
  networkMemberFactory,
  orderFactory,
  promoCodeFactory,
  registrationQuestionFactory,
  registrationSettingsFactory,
  ticketTypeFactory,
  userFactory,
  waitlistEntryFactory,
} from "../factories/index.ts";
import { type FakeStripe, startFakeStripe } from "../fake-stripe/server.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { pdfText } from "../support/pdf.ts";

const t = setupTestDatabase();
let fake: FakeStripe;
let env: PaymentSettings;

beforeAll(async () => {
  fake = await startFakeStripe();
  env = {
    appUrl: "http://summit.test",
    mailFrom: "Summit <no-reply@summit.test>",
    stripe: { secretKey: fake.secretKey, webhookSecret: fake.webhookSecret, apiUrl: fake.url },
  };
});
afterAll(() => fake.close());

/** An event 30 days out (New York), with a $495 ticket and a policy of full refunds until 14 days before. */
async function summit({ startsInDays = 30, settings = true } = {}) {
  const start = DateTime.now()
    .setZone("America/New_York")
    .plus({ hours: startsInDays * 24 });
  const wall = (d: DateTime) => d.toFormat("yyyy-LL-dd'T'HH:mm");
  const event = await eventFactory(t.db, {
    traits: ["published"],
    localStart: wall(start),
    localEnd: wall(start.plus({ days: 2 })),
    timeZone: "America/New_York",
  });
  if (settings) await registrationSettingsFactory(t.db, { eventId: event.id, refundFullUntilDays: 14, detailsEditCutoffDays: 2 });
  const ticket = await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", priceCents: 49_500, capacity: 10 });
  const buyer = await userFactory(t.db, { traits: ["verified"] });
  return { event, ticket, buyer, person: { id: buyer.id, email: buyer.email } };
}

/** Placed, checked out and paid on the fake Stripe, fulfilled by its webhook: a real card payment. */
async function paidByCard(setup: Awaited<ReturnType<typeof summit>>, attendees: AttendeeForm[], promoCode?: string) {
  const { buyer } = setup;
  const order = await placeOrder(t.db, env, {
    eventId: setup.event.id,
    buyer: { id: buyer.id, name: buyer.name, email: buyer.email },
    attendees,
    promoCode,
  });
  fake.holdWebhooks();
  const { url } = await startCheckout(t.db, env, order.id, buyer.id);
  await fake.pay(url.split("/checkout/")[1]);
  await fake.idle();
  for (const event of fake.takeHeldWebhooks()) await handleStripeEvent(t.db, env, event as unknown as Stripe.Event);
  const paid = await t.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { registrations: true } });
  expect(paid.status).toBe("PAID");
  return paid;
}

const daysBefore = (event: { startsAt: Date; timeZone: string }, days: number) =>
  DateTime.fromJSDate(event.startsAt, { zone: event.timeZone }).minus({ days }).toJSDate();
const registration = (id: string) => t.db.registration.findUniqueOrThrow({ where: { id } });
const seatsTaken = async (ticketTypeId: string) =>
  (await t.db.ticketType.findUniqueOrThrow({ where: { id: ticketTypeId } })).taken;

describe("the register page's selection", () => {
  it("reveals hidden tickets with a code, and reports tampered or impossible selections without offering step 2", async () => {
    const { event, ticket, buyer } = await summit();
    const hidden = await ticketTypeFactory(t.db, { eventId: event.id, name: "Speaker", visibility: "HIDDEN", priceCents: 0 });
    await promoCodeFactory(t.db, { eventId: event.id, code: "SPEAK", ticketTypeIds: [hidden.id], percentOff: 100 });
    const base = { slug: event.slug, userId: buyer.id };

    const plain = await registrationPage(t.db, { ...base, selection: { quantities: {}, malformed: false, proceed: false } });
    expect(plain.catalogue.map((c) => c.name)).toEqual(["In-person"]);

    const unlocked = await registrationPage(t.db, {
      ...base,
      selection: { quantities: { [hidden.id]: 1, [ticket.id]: 2 }, malformed: false, code: "speak", proceed: true },
    });
    expect(unlocked.catalogue.map((c) => c.name)).toEqual(["In-person", "Speaker"]);
    expect(unlocked.seats.map((s) => s.ticketName)).toEqual(["In-person", "In-person", "Speaker"]);
    expect(unlocked.account.email).toBe(buyer.email);

    const badCode = await registrationPage(t.db, {
      ...base,
      selection: { quantities: { [ticket.id]: 1 }, malformed: false, code: "NOPE", proceed: true },
    });
    expect(badCode.problems.code).toBe('There is no promo code "NOPE" for this event.');
    expect(badCode.seats).toEqual([]);

    const tampered = await registrationPage(t.db, {
      ...base,
      selection: { quantities: { [hidden.id]: 1, "not-a-ticket": 2, [ticket.id]: 11 }, malformed: true, proceed: true },
    });
    expect(tampered.problems.tickets).toEqual([
      "Quantities must be whole numbers from 0 to 50; we ignored the others.",
      "One of the chosen tickets is not offered for this event (a promo code may be needed).",
      "One of the chosen tickets is not offered for this event (a promo code may be needed).",
      "Only 10 seats of In-person left.",
    ]);
    expect(tampered.seats).toEqual([]);

    const nothing = await registrationPage(t.db, { ...base, selection: { quantities: {}, malformed: false, proceed: true } });
    expect(nothing.problems.tickets).toEqual(["Choose at least one ticket."]);
  });

  it("answers 404 for a draft event and tells the event page when a ticket is sold out", async () => {
    const draft = await eventFactory(t.db, {});
    const user = await userFactory(t.db, {});
    await expect(
      registrationPage(t.db, {
        slug: draft.slug,
        userId: user.id,
        selection: { quantities: {}, malformed: false, proceed: false },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);

    const { event, ticket } = await summit();
    expect(await registrationTeaser(t.db, event)).toEqual({
      state: "on-sale",
      fromCents: 49_500,
      currency: "usd",
      memberFromCents: null,
    });
    await t.db.ticketType.update({ where: { id: ticket.id }, data: { taken: 10 } });
    expect(await registrationTeaser(t.db, event)).toEqual({ state: "sold-out" });
  });
});

describe("taking up a waiting-list offer", () => {
  it("fixes the tickets to the offer, even when sold out to everyone else, and only for its owner", async () => {
    const setup = await summit();
    const { event, ticket, buyer } = setup;
    await t.db.ticketType.update({ where: { id: ticket.id }, data: { capacity: 2, taken: 2 } });
    const token = randomToken();
    const entry = await waitlistEntryFactory(t.db, {
      eventId: event.id,
      ticketTypeId: ticket.id,
      userId: buyer.id,
      seats: 2,
      status: "OFFERED",
      offeredAt: new Date(),
      offerExpiresAt: new Date(Date.now() + 60 * 60_000),
      offerTokenHash: hashToken(token),
    });
    const selection = { quantities: { [ticket.id]: 1 }, malformed: false, offerToken: token, proceed: false };

    const page = await registrationPage(t.db, { slug: event.slug, userId: buyer.id, selection });
    expect(page.offer?.entryId).toBe(entry.id);
    expect(page.seats.map((s) => s.ticketTypeId)).toEqual([ticket.id, ticket.id]);
    expect(page.problems).toEqual({});

    const other = await userFactory(t.db, {});
    const notTheirs = await registrationPage(t.db, { slug: event.slug, userId: other.id, selection });
    expect(notTheirs.offer).toBeNull();
    expect(notTheirs.seats).toEqual([]);
    expect(notTheirs.problems.tickets?.[0]).toMatch(/waiting-list offer has expired/);

    const order = await registerForEvent(t.db, env, {
      slug: event.slug,
      buyer: { id: buyer.id, name: buyer.name, email: buyer.email },
      form: { attendees: [attendeeInput(ticket.id), attendeeInput(ticket.id)] },
      offerToken: token,
    });
    expect(order).toMatchObject({ status: "PENDING", waitlistEntryId: entry.id, totalCents: 2 * 49_500 });
    // The offer's seats were already counted: no more were taken.
    expect(await seatsTaken(ticket.id)).toBe(2);
  });
});

describe("my registrations and access", () => {
  it("lists seats I bought and seats in my name; other people get 404 and change nothing", async () => {
    const setup = await summit();
    const { event, ticket, buyer, person } = setup;
    const colleague = await userFactory(t.db, { traits: ["verified"] });
    const order = await orderFactory(t.db, {
      eventId: event.id,
      buyerId: buyer.id,
      traits: ["paid"],
      attendees: [
        { ticketTypeId: ticket.id, attendeeEmail: buyer.email },
        { ticketTypeId: ticket.id, attendeeEmail: colleague.email },
      ],
    });
    const [mine, theirs] = order.registrations;

    const listed = await myRegistrations(t.db, person);
    expect(listed.upcoming.map((i) => i.id).sort()).toEqual([mine.id, theirs.id].sort());
    const colleagueList = await myRegistrations(t.db, { id: colleague.id, email: colleague.email });
    expect(colleagueList.upcoming.map((i) => [i.id, i.boughtByMe])).toEqual([[theirs.id, false]]);

    // The attendee sees their seat but may not transfer or cancel the buyer's purchase.
    const asAttendee = await registrationForPerson(t.db, theirs.id, { id: colleague.id, email: colleague.email });
    expect(asAttendee.can).toEqual({ edit: true, transfer: false, cancel: false });

    const stranger = await userFactory(t.db, { traits: ["verified"] });
    const who = { id: stranger.id, email: stranger.email };
    const before = await registration(mine.id);
    await expect(registrationForPerson(t.db, mine.id, who)).rejects.toBeInstanceOf(NotFoundError);
    await expect(badgeForPerson(t.db, mine.id, who)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getBuyerOrder(t.db, order.id, stranger.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getBuyerOrder(t.db, order.id, colleague.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      editAttendeeDetails(t.db, who, mine.id, {
        name: "Hijacked",
        organisation: "",
        accessibilityNeeds: [],
        accessibilityNotes: "",
        photoConsent: "yes",
        answers: {},
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      transferRegistration(t.db, env, who, mine.id, { name: "Thief", email: "thief@example.org" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(cancelRegistration(t.db, env, who, mine.id, { expectedRefundCents: 49_500 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(registrationForPerson(t.db, "x".repeat(5000), person)).rejects.toBeInstanceOf(NotFoundError);
    expect(await registration(mine.id)).toEqual(before);
  });
});

describe("editing attendee details", () => {
  const details = {
    name: "Pat Doe",
    organisation: "Clinic",
    accessibilityNeeds: ["STEP_FREE" as const],
    accessibilityNotes: "",
    photoConsent: "no" as const,
    answers: {} as Record<string, string>,
  };

  it("saves until the cut-off, checks answers, bumps the badge version only when the badge changes, and audits", async () => {
    const setup = await summit();
    const question = await registrationQuestionFactory(t.db, {
      eventId: setup.event.id,
      label: "Diet",
      kind: "SINGLE_CHOICE",
      options: ["Vegan", "Any"],
      required: true,
    });
    const order = await orderFactory(t.db, {
      eventId: setup.event.id,
      buyerId: setup.buyer.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: setup.ticket.id, attendeeEmail: setup.buyer.email }],
    });
    const id = order.registrations[0].id;

    await expect(
      editAttendeeDetails(t.db, setup.person, id, { ...details, answers: { [question.id]: "Steak" } }),
    ).rejects.toMatchObject({ message: "Choose one of the listed answers for “Diet”.", field: `answers.${question.id}` });
    expect((await registration(id)).badgeVersion).toBe(1);

    expect(await editAttendeeDetails(t.db, setup.person, id, { ...details, answers: { [question.id]: "Vegan" } })).toEqual({
      badgeChanged: true,
    });
    expect(await registration(id)).toMatchObject({
      attendeeName: "Pat Doe",
      organisation: "Clinic",
      accessibilityNeeds: ["STEP_FREE"],
      photoConsent: false,
      answers: { [question.id]: "Vegan" },
      badgeVersion: 2,
    });
    // Answers alone don't change the printed badge.
    expect(await editAttendeeDetails(t.db, setup.person, id, { ...details, answers: { [question.id]: "Any" } })).toEqual({
      badgeChanged: false,
    });
    expect((await registration(id)).badgeVersion).toBe(2);
    expect(await t.db.auditLog.count({ where: { subjectId: id, action: "registration.details_edited" } })).toBe(2);
  });

  it("refuses after the cut-off (default 2 days before when the event has no settings) and changes nothing", async () => {
    const setup = await summit({ startsInDays: 1.5, settings: false });
    const order = await orderFactory(t.db, {
      eventId: setup.event.id,
      buyerId: setup.buyer.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: setup.ticket.id, attendeeEmail: setup.buyer.email }],
    });
    const id = order.registrations[0].id;
    const before = await registration(id);
    const view = await registrationForPerson(t.db, id, setup.person);
    expect(view.can.edit).toBe(false);
    expect(view.editCutoff).toEqual(daysBefore(setup.event, 2));
    await expect(editAttendeeDetails(t.db, setup.person, id, details)).rejects.toThrow(/can no longer be changed online/);
    expect(await registration(id)).toEqual(before);
  });
});

describe("transferring a ticket", () => {
  it("moves the seat to a new registration with a fresh badge, emails the new attendee and audits it", async () => {
    const setup = await summit();
    const order = await orderFactory(t.db, {
      eventId: setup.event.id,
      buyerId: setup.buyer.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: setup.ticket.id, attendeeEmail: setup.buyer.email, photoConsent: true }],
    });
    const old = order.registrations[0];
    await t.db.registration.update({ where: { id: old.id }, data: { badgeVersion: 3 } });
    const sam = await userFactory(t.db, { email: "sam@example.org" });
    const taken = await seatsTaken(setup.ticket.id);

    const created = await transferRegistration(t.db, env, setup.person, old.id, { name: "Sam Lee", email: "SAM@example.org" });
    expect(await registration(old.id)).toMatchObject({ status: "TRANSFERRED" });
    expect(await registration(created.id)).toMatchObject({
      status: "CONFIRMED",
      orderId: order.id,
      attendeeName: "Sam Lee",
      attendeeEmail: "sam@example.org",
      userId: sam.id,
      transferredFromId: old.id,
      badgeVersion: 1,
      priceCents: old.priceCents,
      photoConsent: false,
    });
    expect(await seatsTaken(setup.ticket.id)).toBe(taken);
    const mail = await t.db.emailOutbox.findMany({ where: { template: "ticket-transferred" } });
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ toAddress: "sam@example.org" });
    expect(mail[0].text).toContain(`http://summit.test/registrations/${created.id}`);
    expect(await t.db.auditLog.count({ where: { subjectId: old.id, action: "registration.transferred" } })).toBe(1);

    // Sam now sees it; the buyer still sees both; the old one can't be transferred twice.
    expect((await myRegistrations(t.db, { id: sam.id, email: sam.email })).upcoming.map((i) => i.id)).toEqual([created.id]);
    await expect(
      transferRegistration(t.db, env, setup.person, old.id, { name: "Again", email: "again@example.org" }),
    ).rejects.toThrow("Only a confirmed registration can be transferred.");
    await expect(badgeForPerson(t.db, old.id, setup.person)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses the same person, a member-priced seat to a non-member, and after the event starts — changing nothing", async () => {
    const setup = await summit();
    await networkMemberFactory(t.db, { kind: "INDIVIDUAL", email: "member@clinic.example" });
    const order = await orderFactory(t.db, {
      eventId: setup.event.id,
      buyerId: setup.buyer.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: setup.ticket.id, attendeeEmail: "pat@example.org", member: true }],
    });
    const id = order.registrations[0].id;
    const before = await registration(id);
    await expect(
      transferRegistration(t.db, env, setup.person, id, { name: "Pat", email: "pat@example.org" }),
    ).rejects.toMatchObject({ field: "email", message: "That is already this ticket's attendee." });
    await expect(
      transferRegistration(t.db, env, setup.person, id, { name: "Non Member", email: "someone@else.example" }),
    ).rejects.toMatchObject({ field: "email", message: expect.stringContaining("network member price") });
    await expect(
      transferRegistration(
        t.db,
        env,
        setup.person,
        id,
        { name: "Started", email: "member@clinic.example" },
        new Date(setup.event.startsAt.getTime() + 1),
      ),
    ).rejects.toThrow("The event has started: tickets can no longer be transferred.");
    expect(await registration(id)).toEqual(before);
    expect(await t.db.registration.count({ where: { orderId: order.id } })).toBe(1);
    expect(await t.db.emailOutbox.count({ where: { template: "ticket-transferred" } })).toBe(0);

    // A member may take it.
    await transferRegistration(t.db, env, setup.person, id, { name: "Member", email: "member@clinic.example" });
    expect((await registration(id)).status).toBe("TRANSFERRED");
  });
});

describe("cancelling with a refund by the event's policy", () => {
  it("refunds the seat's full price on the card before the deadline and frees the seat", async () => {
    const setup = await summit();
    const order = await paidByCard(setup, [attendeeInput(setup.ticket.id), attendeeInput(setup.ticket.id)]);
    const [first, second] = order.registrations;
    const view = await registrationForPerson(t.db, first.id, setup.person);
    expect(view.refund).toMatchObject({ amountCents: 49_500, beforeDeadline: true });
    expect(view.refund.deadline).toEqual(daysBefore(setup.event, 14));
    const taken = await seatsTaken(setup.ticket.id);

    // The page showed another amount (a deadline passed meanwhile): ask again, change nothing.
    await expect(cancelRegistration(t.db, env, setup.person, first.id, { expectedRefundCents: 0 })).rejects.toThrow(
      /refund for this cancellation has changed/,
    );
    expect((await registration(first.id)).status).toBe("CONFIRMED");

    const result = await cancelRegistration(t.db, env, setup.person, first.id, { expectedRefundCents: 49_500 });
    expect(result).toMatchObject({ amountCents: 49_500, status: "SUCCEEDED", cancelledRegistrationIds: [first.id] });
    expect(await registration(first.id)).toMatchObject({ status: "CANCELLED", refundedCents: 49_500 });
    expect(await registration(second.id)).toMatchObject({ status: "CONFIRMED", refundedCents: 0 });
    const after = await t.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { refunds: true } });
    expect(after).toMatchObject({ status: "PAID", refundedCents: 49_500 });
    expect(after.refunds).toEqual([
      expect.objectContaining({ amountCents: 49_500, status: "SUCCEEDED", registrationId: first.id }),
    ]);
    expect(await seatsTaken(setup.ticket.id)).toBe(taken - 1);

    // The receipt shows the refund; cancelling again is refused.
    const receipt = await getReceipt(t.db, order.id, setup.buyer.id);
    expect(receipt.refunds).toEqual([expect.objectContaining({ amount: "-$495.00", state: "refunded" })]);
    expect(receipt.net).toBe("$495.00");
    await expect(cancelRegistration(t.db, env, setup.person, first.id, { expectedRefundCents: 0 })).rejects.toThrow(
      "Only a confirmed registration can be cancelled.",
    );
  });

  it("refunds what the seat cost after a promo code, and nothing after the deadline", async () => {
    const setup = await summit();
    await promoCodeFactory(t.db, { eventId: setup.event.id, code: "TEN", kind: "PERCENT", percentOff: 10 });
    const order = await paidByCard(setup, [attendeeInput(setup.ticket.id)], "TEN");
    const seat = order.registrations[0];
    expect(seat.priceCents).toBe(44_550);
    expect((await registrationForPerson(t.db, seat.id, setup.person)).refund.amountCents).toBe(44_550);

    const lateNow = daysBefore(setup.event, 13);
    const late = await registrationForPerson(t.db, seat.id, setup.person, lateNow);
    expect(late.refund).toMatchObject({ amountCents: 0, beforeDeadline: false });
    const result = await cancelRegistration(t.db, env, setup.person, seat.id, { expectedRefundCents: 0 }, lateNow);
    expect(result).toMatchObject({ amountCents: 0, status: "NONE" });
    const after = await t.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { refunds: true } });
    expect(after).toMatchObject({ status: "CANCELLED", refundedCents: 0 });
    expect(after.refunds).toEqual([]);
  });

  it("just cancels a free seat, and refuses once the event has started", async () => {
    const setup = await summit();
    const order = await orderFactory(t.db, {
      eventId: setup.event.id,
      buyerId: setup.buyer.id,
      traits: ["complimentary"],
      attendees: [{ ticketTypeId: setup.ticket.id }, { ticketTypeId: setup.ticket.id }],
    });
    const [first, second] = order.registrations;
    const started = new Date(setup.event.startsAt.getTime() + 60_000);
    await expect(cancelRegistration(t.db, env, setup.person, second.id, { expectedRefundCents: 0 }, started)).rejects.toThrow(
      "The event has started: registrations can no longer be cancelled online.",
    );
    const taken = await seatsTaken(setup.ticket.id);
    expect(await cancelRegistration(t.db, env, setup.person, first.id, { expectedRefundCents: 0 })).toMatchObject({
      amountCents: 0,
      status: "NONE",
    });
    expect((await registration(first.id)).status).toBe("CANCELLED");
    expect((await registration(second.id)).status).toBe("CONFIRMED");
    expect(await seatsTaken(setup.ticket.id)).toBe(taken - 1);
  });
});

describe("receipts", () => {
  it("itemise seats at what they cost, name the promo code and the paid time in the event's zone — in HTML data and the PDF", async () => {
    const setup = await summit();
    await t.db.event.update({ where: { id: setup.event.id }, data: { name: "Social Media Summit 2027" } });
    await promoCodeFactory(t.db, { eventId: setup.event.id, code: "TEN", kind: "PERCENT", percentOff: 10 });
    const order = await paidByCard(
      setup,
      [attendeeInput(setup.ticket.id, { name: "Zoë Ångström" }), attendeeInput(setup.ticket.id, { name: "李雷" })],
      "TEN",
    );
    const paidAt = new Date("2027-03-10T15:30:00Z");
    await t.db.order.update({ where: { id: order.id }, data: { paidAt } });

    const receipt = await getReceipt(t.db, order.id, setup.buyer.id);
    expect(receipt).toMatchObject({
      organiser: "Center for Social Media in Health Care",
      eventName: "Social Media Summit 2027",
      reference: order.reference,
      buyer: { name: setup.buyer.name, email: setup.buyer.email },
      paidAt: "10 Mar 2027, 10:30 AM EST",
      subtotal: "$990.00",
      discount: { label: "Promo code TEN", amount: "-$99.00" },
      total: "$891.00",
      refunds: [],
    });
    expect(receipt.lines.map((l) => [l.attendee, l.ticket, l.amount])).toEqual([
      ["Zoë Ångström", "In-person", "$445.50"],
      ["李雷", "In-person", "$445.50"],
    ]);

    const text = await pdfText(await receiptPdf(receipt));
    for (const expected of [
      "Center for Social Media in Health Care",
      "Receipt",
      `Reference ${order.reference}`,
      "Paid 10 Mar 2027, 10:30 AM EST",
      "Social Media Summit 2027",
      setup.buyer.email,
      "Zoë Ångström",
      "??",
      "Promo code TEN",
      "-$99.00",
      "Total paid",
      "$891.00",
    ])
      expect(text).toContain(expected);
  });

  it("exist only for orders that were paid", async () => {
    const setup = await summit();
    const pending = await orderFactory(t.db, {
      eventId: setup.event.id,
      buyerId: setup.buyer.id,
      attendees: [{ ticketTypeId: setup.ticket.id }],
    });
    await expect(getReceipt(t.db, pending.id, setup.buyer.id)).rejects.toThrow("This order has no receipt: it was never paid.");
    const full = await getBuyerOrder(t.db, pending.id, setup.buyer.id);
    expect(receiptFor(full).status).toBe("Awaiting payment");
  });
});
