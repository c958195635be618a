// The organiser's order actions: complimentary registrations, resending confirmations, refunds.
import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { refundSchema } from "~/modules/registration/order-admin.schema.ts";
import {
  getOrderForAdmin,
  refundOrder,
  registerComplimentary,
  resendConfirmation,
} from "~/modules/registration/order-admin.server.ts";
import type { AttendeeForm } from "~/modules/registration/registration.schema.ts";
import type { Env } from "~/shared/env.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import {
  eventFactory,
  orderFactory,
  registrationQuestionFactory,
  registrationSettingsFactory,
  ticketTypeFactory,
  userFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();

// No Stripe: every refund tested here is refused before Stripe would be asked, or moves no money.
const env = { appUrl: "https://summit.example.org", mailFrom: "Summit <tickets@summit.example.org>", stripe: undefined } as Pick<
  Env,
  "appUrl" | "mailFrom" | "stripe"
>;

async function summit() {
  const event = await eventFactory(t.db, { name: "Social Media Summit", traits: ["published"] });
  await registrationSettingsFactory(t.db, { eventId: event.id });
  const inPerson = await ticketTypeFactory(t.db, { eventId: event.id, name: "In person", priceCents: 29_500, capacity: 2 });
  const speaker = await ticketTypeFactory(t.db, {
    eventId: event.id,
    name: "Speaker",
    priceCents: 0,
    capacity: 40,
    visibility: "HIDDEN",
  });
  const organiser = await userFactory(t.db, { traits: ["organizer"] });
  return { event, inPerson, speaker, organiser };
}

const attendee = (ticketTypeId: string, extra: Partial<AttendeeForm> = {}): AttendeeForm => ({
  ticketTypeId,
  name: "Rosa Diaz",
  email: "rosa@hospital.example",
  organisation: "County Hospital",
  accessibilityNeeds: ["SERVICE_ANIMAL"],
  accessibilityNotes: "",
  photoConsent: "no",
  answers: {},
  ...extra,
});

/** Everything an order action could change, to prove a refused one changed nothing. */
async function state() {
  const [orders, registrations, emails, refunds, tickets, audit] = await Promise.all([
    t.db.order.findMany({ orderBy: { id: "asc" } }),
    t.db.registration.findMany({ orderBy: { id: "asc" } }),
    t.db.emailOutbox.count(),
    t.db.refund.count(),
    t.db.ticketType.findMany({ orderBy: { id: "asc" }, select: { id: true, taken: true } }),
    t.db.auditLog.count(),
  ]);
  return { orders, registrations, emails, refunds, tickets, audit };
}

describe("complimentary registrations", () => {
  it("confirms the seat at no charge, on a hidden ticket type, and emails the attendee", async () => {
    const s = await summit();
    const order = await registerComplimentary(t.db, env, s.organiser.id, s.event.id, attendee(s.speaker.id));
    expect(order).toMatchObject({ status: "PAID", source: "COMPLIMENTARY", totalCents: 0, buyerEmail: "rosa@hospital.example" });
    expect(order.registrations).toEqual([
      expect.objectContaining({
        status: "CONFIRMED",
        priceCents: 0,
        attendeeName: "Rosa Diaz",
        accessibilityNeeds: ["SERVICE_ANIMAL"],
        photoConsent: false,
      }),
    ]);
    expect((await t.db.ticketType.findUniqueOrThrow({ where: { id: s.speaker.id } })).taken).toBe(1);
    const emails = await t.db.emailOutbox.findMany();
    expect(emails).toEqual([expect.objectContaining({ template: "order-confirmation", toAddress: "rosa@hospital.example" })]);
    expect(await t.db.auditLog.count({ where: { action: "registration.complimentary", actorId: s.organiser.id } })).toBe(1);
  });

  it("links the order to the attendee's account when they have one", async () => {
    const s = await summit();
    const rosa = await userFactory(t.db, { email: "rosa@hospital.example" });
    const order = await registerComplimentary(t.db, env, s.organiser.id, s.event.id, attendee(s.speaker.id));
    expect(order.buyerId).toBe(rosa.id);
    expect(order.registrations[0].userId).toBe(rosa.id);
  });

  it("refuses a sold-out ticket, another event's ticket and a missing required answer, changing nothing", async () => {
    const s = await summit();
    await orderFactory(t.db, {
      eventId: s.event.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: s.inPerson.id }, { ticketTypeId: s.inPerson.id }],
    });
    const other = await eventFactory(t.db);
    const foreign = await ticketTypeFactory(t.db, { eventId: other.id });
    const question = await registrationQuestionFactory(t.db, { eventId: s.event.id, label: "Your role", required: true });
    const before = await state();
    const refusal = (input: AttendeeForm) =>
      registerComplimentary(t.db, env, s.organiser.id, s.event.id, input).then(
        () => expect.unreachable(),
        (error: unknown) => error,
      );
    expect(await refusal(attendee(s.inPerson.id, { answers: { [question.id]: "Nurse" } }))).toMatchObject({
      field: "ticketTypeId",
      message: expect.stringContaining("sold out"),
    });
    expect(await refusal(attendee(foreign.id, { answers: { [question.id]: "Nurse" } }))).toMatchObject({ field: "ticketTypeId" });
    expect(await refusal(attendee(s.speaker.id))).toMatchObject({
      field: `answers.${question.id}`,
      message: "Please answer “Your role”.",
    });
    expect(await state()).toEqual(before);
    await expect(
      registerComplimentary(t.db, env, s.organiser.id, "no-such-event", attendee(s.speaker.id)),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("resending a confirmation", () => {
  it("queues one more confirmation email to the buyer and records who asked", async () => {
    const s = await summit();
    const order = await orderFactory(t.db, {
      eventId: s.event.id,
      traits: ["paid"],
      buyerEmail: "buyer@clinic.example",
      attendees: [{ ticketTypeId: s.inPerson.id }],
    });
    await resendConfirmation(t.db, env, s.organiser.id, s.event.id, order.id);
    await resendConfirmation(t.db, env, s.organiser.id, s.event.id, order.id);
    const emails = await t.db.emailOutbox.findMany({ where: { template: "order-confirmation" } });
    expect(emails.map((e) => e.toAddress)).toEqual(["buyer@clinic.example", "buyer@clinic.example"]);
    expect(emails[0].text).toContain(order.reference);
    expect(
      await t.db.auditLog.count({ where: { action: "order.confirmation_resent", subjectId: order.id, actorId: s.organiser.id } }),
    ).toBe(2);
    const { history, emails: listed } = await getOrderForAdmin(t.db, s.event.id, order.id);
    expect(history.map((h) => h.action)).toContain("order.confirmation_resent");
    expect(listed).toHaveLength(2);
  });

  it("refuses an unpaid order, and another event's order is not found; nothing is sent", async () => {
    const s = await summit();
    const pending = await orderFactory(t.db, {
      eventId: s.event.id,
      traits: ["pending"],
      attendees: [{ ticketTypeId: s.inPerson.id }],
    });
    const other = await eventFactory(t.db);
    const foreign = await orderFactory(t.db, {
      eventId: other.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: (await ticketTypeFactory(t.db, { eventId: other.id })).id }],
    });
    const before = await state();
    await expect(resendConfirmation(t.db, env, s.organiser.id, s.event.id, pending.id)).rejects.toThrow(
      /Only a paid order has a confirmation to resend/,
    );
    await expect(resendConfirmation(t.db, env, s.organiser.id, s.event.id, foreign.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getOrderForAdmin(t.db, s.event.id, foreign.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getOrderForAdmin(t.db, s.event.id, '\'; DROP TABLE "Order"; --')).rejects.toBeInstanceOf(NotFoundError);
    expect(await state()).toEqual(before);
  });
});

/** The refund form as the browser posts it, parsed as the route parses it. */
const refundInput = (fields: Record<string, string | string[]>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries({ intent: "refund", reason: "Asked by phone", ...fields }))
    for (const one of [value].flat()) form.append(name, one);
  const submission = parseWithZod(form, { schema: refundSchema });
  if (submission.status !== "success")
    throw new Error(
      Object.values(submission.error ?? {})
        .flat()
        .join("; "),
    );
  return submission.value;
};

describe("refunds", () => {
  it("reads the amount in dollars and refuses negative, malformed and missing amounts in the form", () => {
    expect(refundInput({ amount: "120.50" }).amount).toBe(12_050);
    expect(refundInput({ amount: "$1,200" }).amount).toBe(120_000);
    for (const amount of ["-5", "12.345", "ten", "", "1e3"]) {
      expect(() => refundInput({ amount }), amount).toThrow(/Enter the amount/);
    }
    expect(() => refundInput({ amount: "5", reason: "" })).toThrow(/Say why/);
  });

  it("refuses more than is left to refund, a zero refund, an unpaid order and another event's order, changing nothing", async () => {
    const s = await summit();
    const paid = await orderFactory(t.db, {
      eventId: s.event.id,
      traits: ["paid"],
      stripePaymentIntentId: "pi_test_known",
      refundedCents: 20_000,
      attendees: [{ ticketTypeId: s.inPerson.id }],
    });
    const pending = await orderFactory(t.db, {
      eventId: s.event.id,
      traits: ["pending"],
      attendees: [{ ticketTypeId: s.inPerson.id }],
    });
    const other = await eventFactory(t.db);
    const foreign = await orderFactory(t.db, {
      eventId: other.id,
      traits: ["paid"],
      stripePaymentIntentId: "pi_test_foreign",
      attendees: [{ ticketTypeId: (await ticketTypeFactory(t.db, { eventId: other.id })).id }],
    });
    const before = await state();
    const refund = (orderId: string, fields: Record<string, string | string[]>) =>
      refundOrder(t.db, env, s.organiser.id, s.event.id, orderId, refundInput(fields));

    const over = await refund(paid.id, { amount: "95.01" }).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(RuleViolation);
    expect(over).toMatchObject({ field: "amount", message: expect.stringContaining("At most $95.00") });
    expect(await refund(paid.id, { amount: "0" }).catch((e: unknown) => e)).toMatchObject({ field: "amount" });
    expect(await refund(paid.id, { amount: "5", registrationIds: ["not-a-seat"] }).catch((e: unknown) => e)).toMatchObject({
      field: "registrationIds",
    });
    await expect(refund(pending.id, { amount: "5" })).rejects.toThrow(/Only a paid order can be refunded/);
    await expect(refund(foreign.id, { amount: "5" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(refund("no-such-order", { amount: "5" })).rejects.toBeInstanceOf(NotFoundError);
    expect(await state()).toEqual(before);
  });

  it("cancels a complimentary seat without moving money, freeing it", async () => {
    const s = await summit();
    const order = await registerComplimentary(t.db, env, s.organiser.id, s.event.id, attendee(s.speaker.id));
    const result = await refundOrder(
      t.db,
      env,
      s.organiser.id,
      s.event.id,
      order.id,
      refundInput({ amount: "0", cancelSeats: "on" }),
    );
    expect(result).toMatchObject({ status: "NONE", amountCents: 0, cancelledRegistrationIds: [order.registrations[0].id] });
    expect(await t.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "CANCELLED" });
    expect(await t.db.registration.findUniqueOrThrow({ where: { id: order.registrations[0].id } })).toMatchObject({
      status: "CANCELLED",
    });
    expect((await t.db.ticketType.findUniqueOrThrow({ where: { id: s.speaker.id } })).taken).toBe(0);
  });
});
