// Organiser set-up of registration: ticket types, settings, questions, promo codes, network members.
import { describe, expect, it } from "vitest";
import { commitMembersImport, previewMembersImport } from "~/modules/registration/members-import.server.ts";
import { networkMemberSchema } from "~/modules/registration/network-member.schema.ts";
import {
  deleteNetworkMember,
  findMemberEmails,
  listNetworkMembers,
  MEMBERS_PAGE_SIZE,
  saveNetworkMember,
} from "~/modules/registration/network-members.server.ts";
import { promoCodeSchema } from "~/modules/registration/promo-code.schema.ts";
import {
  deletePromoCode,
  endPromoCode,
  listPromoCodes,
  redeemPromoCode,
  savePromoCode,
} from "~/modules/registration/promo-codes.server.ts";
import { questionSchema } from "~/modules/registration/question.schema.ts";
import {
  countAnswers,
  deleteQuestion,
  listQuestions,
  moveQuestion,
  saveQuestion,
} from "~/modules/registration/questions.server.ts";
import { takeSeats } from "~/modules/registration/seats.server.ts";
import { registrationSettingsSchema } from "~/modules/registration/settings.schema.ts";
import { getRegistrationSettings, saveRegistrationSettings } from "~/modules/registration/settings.server.ts";
import { ticketTypeSchema } from "~/modules/registration/ticket-type.schema.ts";
import {
  listTicketTypes,
  removeTicketType,
  restoreTicketType,
  saveTicketType,
} from "~/modules/registration/ticket-types.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import {
  CAMPUSES,
  campusFactory,
  eventFactory,
  networkMemberFactory,
  orderFactory,
  promoCodeFactory,
  registrationQuestionFactory,
  ticketTypeFactory,
  userFactory,
  waitlistEntryFactory,
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();

async function summit() {
  const campus = await campusFactory(t.db, CAMPUSES.jacksonville);
  const event = await eventFactory(t.db, {
    campusId: campus.id,
    name: "Social Media Summit",
    traits: ["published"],
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-29T17:00",
  });
  const organiser = await userFactory(t.db, { traits: ["organizer"] });
  return { event, organiser };
}

const TICKET_FORM = { name: "In-person", price: "495.00", capacity: 100, maxPerOrder: 10 };
const ticketInput = (overrides: Record<string, unknown> = {}) => ticketTypeSchema.parse({ ...TICKET_FORM, ...overrides });

/** Everything set-up could change, to prove a refusal changed nothing. */
async function setupState() {
  const [ticketTypes, settings, questions, promoCodes, members, audit] = await Promise.all([
    t.db.ticketType.findMany({ orderBy: { id: "asc" } }),
    t.db.registrationSettings.findMany({ orderBy: { eventId: "asc" } }),
    t.db.registrationQuestion.findMany({ orderBy: { id: "asc" } }),
    t.db.promoCode.findMany({ orderBy: { id: "asc" }, include: { ticketTypes: { select: { id: true } } } }),
    t.db.networkMember.findMany({ orderBy: { id: "asc" } }),
    t.db.auditLog.count(),
  ]);
  return { ticketTypes, settings, questions, promoCodes, members, audit };
}

/** Runs `work` after reading the state and checks it was refused with `error` and changed nothing. */
async function expectRefused(
  work: () => Promise<unknown>,
  message: RegExp,
  { field, type = RuleViolation }: { field?: string; type?: typeof RuleViolation | typeof NotFoundError } = {},
) {
  const before = await setupState();
  const error = await work().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toMatch(message);
  if (field) expect((error as RuleViolation).field).toBe(field);
  expect(await setupState()).toEqual(before);
}

const schemaErrors = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("ticket type form", () => {
  it("reads dollars into cents and refuses malformed prices, bad capacities and limits", () => {
    expect(ticketInput({ price: "$1,200.5", memberPrice: "395" })).toMatchObject({ price: 120_050, memberPrice: 39_500 });
    const refused = (overrides: Record<string, unknown>) =>
      schemaErrors(ticketTypeSchema.safeParse({ ...TICKET_FORM, ...overrides }));
    expect(refused({ price: "12.345" })).toEqual({ price: "Enter the price in dollars and cents, like 295 or 295.00" });
    expect(refused({ price: "-5" })).toEqual({ price: "Enter the price in dollars and cents, like 295 or 295.00" });
    expect(refused({ capacity: -1 })).toEqual({ capacity: "Offer at least 1 seat" });
    expect(refused({ capacity: 2.5 })).toEqual({ capacity: "Enter a whole number of seats" });
    expect(refused({ maxPerOrder: 51 })).toEqual({ maxPerOrder: "At most 50 per order" });
    expect(refused({ maxPerOrder: 0 })).toEqual({ maxPerOrder: "Allow at least 1 per order" });
    expect(refused({ price: "100", memberPrice: "150" })).toEqual({
      memberPrice: "The member price can't be more than the price",
    });
    expect(refused({ salesStartAt: "2027-06-01T09:00", salesEndAt: "2027-05-01T09:00" })).toEqual({
      salesEndAt: "Sales must end after they start",
    });
    expect(refused({ visibility: "SECRET" })).toEqual({ visibility: "Choose who can buy it" });
  });
});

describe("ticket types", () => {
  it("creates with the sales window read in the event's zone, edits, and audits each change", async () => {
    const { event, organiser } = await summit();
    const created = await saveTicketType(
      t.db,
      organiser.id,
      event.id,
      ticketInput({
        memberPrice: "395",
        salesStartAt: "2027-03-01T09:00",
        salesEndAt: "2027-09-20T23:59",
        visibility: "MEMBERS",
        description: "All three days",
      }),
    );
    expect(created).toMatchObject({
      name: "In-person",
      priceCents: 49_500,
      memberPriceCents: 39_500,
      capacity: 100,
      visibility: "MEMBERS",
      maxPerOrder: 10,
      position: 0,
      taken: 0,
    });
    // Jacksonville: EST (UTC−5) in March, EDT (UTC−4) in September.
    expect(created.salesStartAt?.toISOString()).toBe("2027-03-01T14:00:00.000Z");
    expect(created.salesEndAt?.toISOString()).toBe("2027-09-21T03:59:00.000Z");
    const second = await saveTicketType(t.db, organiser.id, event.id, ticketInput({ name: "Student", price: "95" }));
    expect(second.position).toBe(1);

    const edited = await saveTicketType(t.db, organiser.id, event.id, ticketInput({ price: "450", capacity: 120 }), created.id);
    expect(edited).toMatchObject({ priceCents: 45_000, capacity: 120, memberPriceCents: null, salesStartAt: null, position: 0 });
    const audit = await t.db.auditLog.findMany({ orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["ticket-type.created", "ticket-type.created", "ticket-type.updated"]);
    expect(audit[2]).toMatchObject({
      actorId: organiser.id,
      subjectId: created.id,
      detail: expect.objectContaining({ previousCapacity: 100, previousPriceCents: 49_500, capacity: 120 }),
    });
  });

  it("refuses a duplicate name (any case), a capacity below seats taken, and another event's ticket type", async () => {
    const { event, organiser } = await summit();
    const inPerson = await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", capacity: 10 });
    const virtual = await ticketTypeFactory(t.db, { eventId: event.id, name: "Virtual", capacity: 10 });
    await expectRefused(
      () => saveTicketType(t.db, organiser.id, event.id, ticketInput({ name: "in-PERSON" })),
      /already has this name/,
      { field: "name" },
    );
    await expectRefused(
      () => saveTicketType(t.db, organiser.id, event.id, ticketInput({ name: "IN-PERSON" }), virtual.id),
      /already has this name/,
      { field: "name" },
    );

    await orderFactory(t.db, { eventId: event.id, traits: ["paid"], attendees: [{ ticketTypeId: inPerson.id }] });
    await orderFactory(t.db, {
      eventId: event.id,
      attendees: [{ ticketTypeId: inPerson.id }, { ticketTypeId: inPerson.id }],
    });
    await expectRefused(
      () => saveTicketType(t.db, organiser.id, event.id, ticketInput({ capacity: 2 }), inPerson.id),
      /3 seats are already held or sold: the capacity can't go below 3/,
      { field: "capacity" },
    );
    const atTaken = await saveTicketType(t.db, organiser.id, event.id, ticketInput({ capacity: 3 }), inPerson.id);
    expect(atTaken.capacity).toBe(3);

    const other = await eventFactory(t.db);
    const foreign = await ticketTypeFactory(t.db, { eventId: other.id, name: "Elsewhere" });
    await expectRefused(() => saveTicketType(t.db, organiser.id, event.id, ticketInput(), foreign.id), /doesn't exist/, {
      type: NotFoundError,
    });
    await expectRefused(() => saveTicketType(t.db, organiser.id, event.id, ticketInput(), "no-such-id"), /doesn't exist/, {
      type: NotFoundError,
    });
    await expectRefused(() => removeTicketType(t.db, organiser.id, event.id, foreign.id), /doesn't exist/, {
      type: NotFoundError,
    });
  });

  it("offers raised capacity to the waiting list before anyone else", async () => {
    const { event, organiser } = await summit();
    const workshop = await ticketTypeFactory(t.db, { eventId: event.id, name: "Workshop", capacity: 1 });
    await orderFactory(t.db, { eventId: event.id, traits: ["paid"], attendees: [{ ticketTypeId: workshop.id }] });
    const waiting = await waitlistEntryFactory(t.db, { eventId: event.id, ticketTypeId: workshop.id });
    await saveTicketType(t.db, organiser.id, event.id, ticketInput({ name: "Workshop", capacity: 2 }), workshop.id);
    expect(await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({ status: "OFFERED" });
    expect((await t.db.ticketType.findUniqueOrThrow({ where: { id: workshop.id } })).taken).toBe(2);
  });

  it("offers a raised event-wide capacity to the waiting list too", async () => {
    const { event, organiser } = await summit();
    const ticket = await ticketTypeFactory(t.db, { eventId: event.id, capacity: 10 });
    await orderFactory(t.db, { eventId: event.id, traits: ["paid"], attendees: [{ ticketTypeId: ticket.id }] });
    const settings = {
      intent: "save-settings",
      refundFullUntilDays: 14,
      detailsEditCutoffDays: 2,
      waitlistOfferHours: 48,
    } as const;
    await saveRegistrationSettings(t.db, organiser.id, event.id, { ...settings, capacity: 1 });
    const waiting = await waitlistEntryFactory(t.db, { eventId: event.id, ticketTypeId: ticket.id, seats: 2 });
    await saveRegistrationSettings(t.db, organiser.id, event.id, { ...settings, capacity: 2 });
    expect((await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("WAITING");
    await saveRegistrationSettings(t.db, organiser.id, event.id, { ...settings, capacity: 3 });
    expect((await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("OFFERED");
    expect(await t.db.registrationSettings.findUniqueOrThrow({ where: { eventId: event.id } })).toMatchObject({ seatsTaken: 3 });
  });

  it("refuses a sales time the clocks skip", async () => {
    const { event, organiser } = await summit();
    await expectRefused(
      () => saveTicketType(t.db, organiser.id, event.id, ticketInput({ salesStartAt: "2027-03-14T02:30" })),
      /doesn't exist in America\/New_York/,
      { field: "salesStartAt" },
    );
  });

  it("lists sold, held and offered seats with each type's sale state", async () => {
    const { event } = await summit();
    const now = new Date("2027-06-01T12:00:00Z");
    const onSale = await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", capacity: 5 });
    const soldOut = await ticketTypeFactory(t.db, { eventId: event.id, name: "Workshop", capacity: 1 });
    await ticketTypeFactory(t.db, { eventId: event.id, name: "Early", salesEndAt: new Date("2027-05-01T00:00:00Z") });
    await ticketTypeFactory(t.db, { eventId: event.id, name: "Late", salesStartAt: new Date("2027-08-01T00:00:00Z") });
    await ticketTypeFactory(t.db, { eventId: event.id, name: "Old", archived: true });
    await orderFactory(t.db, { eventId: event.id, traits: ["paid"], attendees: [{ ticketTypeId: onSale.id }] });
    await orderFactory(t.db, { eventId: event.id, attendees: [{ ticketTypeId: onSale.id }] });
    await orderFactory(t.db, { eventId: event.id, traits: ["expired"], attendees: [{ ticketTypeId: onSale.id }] });
    await orderFactory(t.db, { eventId: event.id, traits: ["paid"], attendees: [{ ticketTypeId: soldOut.id }] });
    // A waiting-list offer holds a seat without a registration.
    expect(await takeSeats(t.db, event.id, onSale.id, 1)).toBe(true);

    const { ticketTypes } = await listTicketTypes(t.db, event.id, now);
    expect(ticketTypes.map((tt) => [tt.name, tt.state, tt.sold, tt.held, tt.offered, tt.taken, tt.registrations])).toEqual([
      ["In-person", "on-sale", 1, 1, 1, 3, 3],
      ["Workshop", "sold-out", 1, 0, 0, 1, 1],
      ["Early", "ended", 0, 0, 0, 0, 0],
      ["Late", "not-yet", 0, 0, 0, 0, 0],
      ["Old", "archived", 0, 0, 0, 0, 0],
    ]);
  });

  it("deletes an unused type but archives one with registrations, and restores it", async () => {
    const { event, organiser } = await summit();
    const unused = await ticketTypeFactory(t.db, { eventId: event.id, name: "Unused" });
    const used = await ticketTypeFactory(t.db, { eventId: event.id, name: "Used" });
    await orderFactory(t.db, { eventId: event.id, traits: ["cancelled"], attendees: [{ ticketTypeId: used.id }] });
    expect(await removeTicketType(t.db, organiser.id, event.id, unused.id)).toEqual({ name: "Unused", outcome: "deleted" });
    expect(await removeTicketType(t.db, organiser.id, event.id, used.id)).toEqual({ name: "Used", outcome: "archived" });
    expect(await t.db.ticketType.findMany({ select: { name: true, archived: true } })).toEqual([
      { name: "Used", archived: true },
    ]);
    await restoreTicketType(t.db, organiser.id, event.id, used.id);
    expect((await t.db.ticketType.findUniqueOrThrow({ where: { id: used.id } })).archived).toBe(false);
    const audit = await t.db.auditLog.findMany({ orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(["ticket-type.deleted", "ticket-type.archived", "ticket-type.restored"]);
  });
});

describe("registration settings", () => {
  const settingsInput = (overrides: Record<string, unknown> = {}) =>
    registrationSettingsSchema.parse({
      intent: "save-settings",
      refundFullUntilDays: 14,
      detailsEditCutoffDays: 2,
      waitlistOfferHours: 48,
      ...overrides,
    });

  it("starts from the defaults and counts seats already taken when first saved", async () => {
    const { event, organiser } = await summit();
    expect(await getRegistrationSettings(t.db, event.id)).toMatchObject({
      capacity: null,
      refundFullUntilDays: 14,
      detailsEditCutoffDays: 2,
      waitlistOfferHours: 48,
    });
    const a = await ticketTypeFactory(t.db, { eventId: event.id });
    const b = await ticketTypeFactory(t.db, { eventId: event.id });
    await orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: a.id }, { ticketTypeId: b.id }],
    });
    await orderFactory(t.db, { eventId: event.id, attendees: [{ ticketTypeId: b.id }] });

    await expectRefused(
      () => saveRegistrationSettings(t.db, organiser.id, event.id, settingsInput({ capacity: 2 })),
      /3 seats are already held or sold across the event: the capacity can't go below 3/,
      { field: "capacity" },
    );
    const saved = await saveRegistrationSettings(
      t.db,
      organiser.id,
      event.id,
      settingsInput({ capacity: 3, refundFullUntilDays: 30, waitlistOfferHours: 24 }),
    );
    expect(saved).toMatchObject({ capacity: 3, seatsTaken: 3, refundFullUntilDays: 30, waitlistOfferHours: 24 });
    // The counter now guards the event: a fourth seat is refused.
    expect(await takeSeats(t.db, event.id, a.id, 1)).toBe(false);

    await expectRefused(
      () => saveRegistrationSettings(t.db, organiser.id, event.id, settingsInput({ capacity: 1 })),
      /capacity can't go below 3/,
      { field: "capacity" },
    );
    const unlimited = await saveRegistrationSettings(t.db, organiser.id, event.id, settingsInput());
    expect(unlimited).toMatchObject({ capacity: null, seatsTaken: 3, refundFullUntilDays: 14 });
    expect(await takeSeats(t.db, event.id, a.id, 1)).toBe(true);
    expect(await t.db.auditLog.count({ where: { action: "registration-settings.saved" } })).toBe(2);
  });

  it("refuses out-of-range values in the form", () => {
    const refused = (overrides: Record<string, unknown>) =>
      schemaErrors(registrationSettingsSchema.safeParse({ ...settingsInput(), ...overrides }));
    expect(refused({ capacity: -5 })).toEqual({ capacity: "Allow at least 1 seat, or leave it blank for no event-wide limit" });
    expect(refused({ refundFullUntilDays: 400 })).toEqual({ refundFullUntilDays: "At most 365 days" });
    expect(refused({ waitlistOfferHours: 0 })).toEqual({ waitlistOfferHours: "Hold an offer for at least 1 hour" });
  });

  it("answers another event's id with NotFound", async () => {
    const { organiser } = await summit();
    await expectRefused(() => saveRegistrationSettings(t.db, organiser.id, "no-such-event", settingsInput()), /doesn't exist/, {
      type: NotFoundError,
    });
  });
});

describe("registration questions", () => {
  const questionInput = (overrides: Record<string, unknown> = {}) =>
    questionSchema.parse({
      label: "Dietary preference",
      kind: "SINGLE_CHOICE",
      options: "Vegetarian\nVegan\n\nNone ",
      ...overrides,
    });

  it("checks options: required for choices, 2–20, unique; dropped for other kinds", () => {
    expect(questionInput().options).toEqual(["Vegetarian", "Vegan", "None"]);
    expect(questionInput({ kind: "TEXT" }).options).toEqual([]);
    const refused = (overrides: Record<string, unknown>) =>
      schemaErrors(questionSchema.safeParse({ label: "Dietary preference", kind: "SINGLE_CHOICE", ...overrides }));
    expect(refused({ options: "" })).toEqual({ options: "Give at least 2 options, one a line" });
    expect(refused({ kind: "MULTI_CHOICE", options: "Only one" })).toEqual({ options: "Give at least 2 options, one a line" });
    expect(refused({ options: "Vegan\nvegan" })).toEqual({ options: "“vegan” is listed twice" });
    expect(refused({ options: Array.from({ length: 21 }, (_, i) => `Option ${i}`).join("\n") })).toEqual({
      options: "At most 20 options",
    });
    expect(refused({ kind: "ESSAY", options: "" })).toEqual({ kind: "Choose the kind of answer" });
  });

  it("adds at the end, edits, reorders and deletes, keeping answers in registrations", async () => {
    const { event, organiser } = await summit();
    const diet = await saveQuestion(t.db, organiser.id, event.id, questionInput({ required: true }));
    const shirt = await saveQuestion(
      t.db,
      organiser.id,
      event.id,
      questionInput({ label: "T-shirt size", kind: "SINGLE_CHOICE", options: "S\nM\nL" }),
    );
    const first = await saveQuestion(t.db, organiser.id, event.id, questionInput({ label: "First summit?", kind: "YES_NO" }));
    expect([diet.position, shirt.position, first.position]).toEqual([0, 1, 2]);
    await saveQuestion(t.db, organiser.id, event.id, questionInput({ label: "Dietary needs", kind: "TEXT" }), diet.id);
    expect(await t.db.registrationQuestion.findUniqueOrThrow({ where: { id: diet.id } })).toMatchObject({
      label: "Dietary needs",
      kind: "TEXT",
      options: [],
      required: false,
    });

    expect(await moveQuestion(t.db, organiser.id, event.id, first.id, "up")).toEqual({ label: "First summit?", moved: true });
    expect(await moveQuestion(t.db, organiser.id, event.id, diet.id, "up")).toEqual({ label: "Dietary needs", moved: false });
    expect((await listQuestions(t.db, event.id)).questions.map((q) => q.label)).toEqual([
      "Dietary needs",
      "First summit?",
      "T-shirt size",
    ]);
    await moveQuestion(t.db, organiser.id, event.id, diet.id, "down");
    expect((await listQuestions(t.db, event.id)).questions.map((q) => q.label)).toEqual([
      "First summit?",
      "Dietary needs",
      "T-shirt size",
    ]);

    const ticket = await ticketTypeFactory(t.db, { eventId: event.id });
    const order = await orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: ticket.id, answers: { [shirt.id]: "M" } }],
    });
    expect(await countAnswers(t.db, event.id, shirt.id)).toBe(1);
    await deleteQuestion(t.db, organiser.id, event.id, shirt.id);
    expect(await t.db.registrationQuestion.count()).toBe(2);
    expect((await t.db.registration.findFirstOrThrow({ where: { orderId: order.id } })).answers).toEqual({ [shirt.id]: "M" });
    const actions = (await t.db.auditLog.findMany({ orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions.filter((a) => a === "question.moved")).toHaveLength(2);
    expect(actions.at(-1)).toBe("question.deleted");
  });

  it("refuses a repeated question and another event's question", async () => {
    const { event, organiser } = await summit();
    await registrationQuestionFactory(t.db, { eventId: event.id, label: "Dietary preference" });
    await expectRefused(
      () => saveQuestion(t.db, organiser.id, event.id, questionInput({ label: "DIETARY preference" })),
      /already asks this question/,
      { field: "label" },
    );
    const other = await eventFactory(t.db);
    const foreign = await registrationQuestionFactory(t.db, { eventId: other.id });
    await expectRefused(() => saveQuestion(t.db, organiser.id, event.id, questionInput(), foreign.id), /doesn't exist/, {
      type: NotFoundError,
    });
    await expectRefused(() => moveQuestion(t.db, organiser.id, event.id, foreign.id, "up"), /doesn't exist/, {
      type: NotFoundError,
    });
    await expectRefused(() => deleteQuestion(t.db, organiser.id, event.id, foreign.id), /doesn't exist/, { type: NotFoundError });
  });
});

describe("promo codes", () => {
  const promoInput = (overrides: Record<string, unknown> = {}) =>
    promoCodeSchema.parse({ code: "early-bird", kind: "PERCENT", percentOff: 20, ...overrides });

  it("checks the code's letters, the discount and the window in the form", () => {
    expect(promoInput().code).toBe("EARLY-BIRD");
    expect(promoInput({ kind: "AMOUNT", amountOff: "50", percentOff: undefined }).amountOff).toBe(5000);
    const refused = (overrides: Record<string, unknown>) =>
      schemaErrors(promoCodeSchema.safeParse({ code: "EARLY", kind: "PERCENT", percentOff: 20, ...overrides }));
    expect(refused({ code: "no spaces" })).toEqual({ code: "Use only letters, digits and dashes" });
    expect(refused({ code: "AB" })).toEqual({ code: "Use 3 to 32 letters, digits or dashes" });
    expect(refused({ percentOff: 101 })).toEqual({ percentOff: "At most 100%" });
    expect(refused({ percentOff: undefined })).toEqual({ percentOff: "Enter the percent off" });
    expect(refused({ kind: "AMOUNT", amountOff: "12.345" })).toEqual({
      amountOff: "Enter the amount off in dollars and cents, like 295 or 295.00",
    });
    expect(refused({ maxUses: 0 })).toEqual({ maxUses: "Allow at least 1 use, or leave it blank for no limit" });
    expect(refused({ validFrom: "2027-06-01T09:00", validUntil: "2027-06-01T09:00" })).toEqual({
      validUntil: "The code must stop being valid after it starts",
    });
  });

  it("creates a code limited to ticket types in the event's zone, and lists uses", async () => {
    const { event, organiser } = await summit();
    const student = await ticketTypeFactory(t.db, { eventId: event.id, name: "Student" });
    const comp = await ticketTypeFactory(t.db, { eventId: event.id, name: "Comp", visibility: "HIDDEN" });
    const promo = await savePromoCode(
      t.db,
      organiser.id,
      event.id,
      promoInput({ ticketTypeIds: [student.id, comp.id], maxUses: 10, validUntil: "2027-09-01T00:00" }),
    );
    const stored = await t.db.promoCode.findUniqueOrThrow({ where: { id: promo.id }, include: { ticketTypes: true } });
    expect(stored).toMatchObject({ code: "EARLY-BIRD", kind: "PERCENT", percentOff: 20, amountOffCents: null, maxUses: 10 });
    expect(stored.validUntil?.toISOString()).toBe("2027-09-01T04:00:00.000Z");
    expect(stored.ticketTypes.map((tt) => tt.name).sort()).toEqual(["Comp", "Student"]);

    // Switching to an amount clears the percent; an empty choice means every ticket type.
    await savePromoCode(t.db, organiser.id, event.id, promoInput({ kind: "AMOUNT", amountOff: "25", maxUses: 10 }), promo.id);
    const { codes } = await listPromoCodes(t.db, event.id, new Date("2027-06-01T00:00:00Z"));
    expect(codes.map((c) => [c.code, c.kind, c.percentOff, c.amountOffCents, c.ticketTypes.length, c.uses, c.state])).toEqual([
      ["EARLY-BIRD", "AMOUNT", null, 2500, 0, 0, "active"],
    ]);
    expect((await t.db.auditLog.findMany({ orderBy: { createdAt: "asc" } })).map((a) => a.action)).toEqual([
      "promo-code.created",
      "promo-code.updated",
    ]);
  });

  it("refuses a duplicate code, another event's ticket type and max uses below uses", async () => {
    const { event, organiser } = await summit();
    const other = await eventFactory(t.db);
    const foreignTicket = await ticketTypeFactory(t.db, { eventId: other.id });
    const promo = await promoCodeFactory(t.db, { eventId: event.id, code: "EARLY-BIRD" });
    // The same letters in another event are fine.
    await promoCodeFactory(t.db, { eventId: other.id, code: "FRIENDS" });
    await expectRefused(() => savePromoCode(t.db, organiser.id, event.id, promoInput()), /already has a promo code/, {
      field: "code",
    });
    await expectRefused(
      () => savePromoCode(t.db, organiser.id, event.id, promoInput({ code: "FRIENDS", ticketTypeIds: [foreignTicket.id] })),
      /Choose among this event's ticket types/,
      { field: "ticketTypeIds" },
    );
    for (let i = 0; i < 3; i++) expect(await redeemPromoCode(t.db, promo.id)).toBe(true);
    await expectRefused(
      () => savePromoCode(t.db, organiser.id, event.id, promoInput({ maxUses: 2 }), promo.id),
      /used 3 times: max uses can't go below 3/,
      { field: "maxUses" },
    );
    const foreignPromo = await t.db.promoCode.findFirstOrThrow({ where: { eventId: other.id } });
    await expectRefused(() => savePromoCode(t.db, organiser.id, event.id, promoInput(), foreignPromo.id), /doesn't exist/, {
      type: NotFoundError,
    });
    await expectRefused(() => deletePromoCode(t.db, organiser.id, event.id, foreignPromo.id), /doesn't exist/, {
      type: NotFoundError,
    });
    const capped = await savePromoCode(t.db, organiser.id, event.id, promoInput({ maxUses: 3 }), promo.id);
    expect(capped.uses).toBe(3);
  });

  it("deletes an unused code; a used one can only be ended", async () => {
    const { event, organiser } = await summit();
    const unused = await promoCodeFactory(t.db, { eventId: event.id, code: "UNUSED" });
    const used = await promoCodeFactory(t.db, { eventId: event.id, code: "USED" });
    await redeemPromoCode(t.db, used.id);
    await deletePromoCode(t.db, organiser.id, event.id, unused.id);
    await expectRefused(() => deletePromoCode(t.db, organiser.id, event.id, used.id), /already been used.*End it now instead/);
    const now = new Date("2027-06-01T12:00:00Z");
    const ended = await endPromoCode(t.db, organiser.id, event.id, used.id, now);
    expect(ended.validUntil).toEqual(now);
    await expectRefused(() => endPromoCode(t.db, organiser.id, event.id, used.id, now), /already ended/);
    expect((await listPromoCodes(t.db, event.id, now)).codes.map((c) => [c.code, c.state, c.uses])).toEqual([
      ["USED", "ended", 1],
    ]);
  });
});

describe("network members", () => {
  const memberInput = (overrides: Record<string, unknown>) => networkMemberSchema.parse({ name: "Someone", ...overrides });

  it("lower-cases emails and domains, strips a leading @, and requires the right key per kind", () => {
    expect(memberInput({ kind: "INDIVIDUAL", email: " Ana@Example.ORG " })).toMatchObject({
      email: "ana@example.org",
      domain: null,
    });
    expect(memberInput({ kind: "ORGANISATION", domain: "@Clinic.Example.edu", email: "ignored@x.org" })).toMatchObject({
      domain: "clinic.example.edu",
      email: null,
    });
    const refused = (input: Record<string, unknown>) =>
      schemaErrors(networkMemberSchema.safeParse({ name: "Someone", ...input }));
    expect(refused({ kind: "INDIVIDUAL" })).toEqual({ email: "Enter the member's email" });
    expect(refused({ kind: "INDIVIDUAL", email: "not-an-email" })).toEqual({
      email: "Enter an email address like name@example.org",
    });
    expect(refused({ kind: "ORGANISATION", domain: "not a domain" })).toEqual({
      domain: "Enter an email domain like example.org (the part after the @)",
    });
    expect(refused({ kind: "ORGANISATION", domain: "x.org", validUntil: "2027-02-30" })).toEqual({
      validUntil: "That date doesn't exist",
    });
  });

  it("adds, edits and removes members; member prices follow the list", async () => {
    const { organiser } = await summit();
    const ana = await saveNetworkMember(
      t.db,
      organiser.id,
      memberInput({ kind: "INDIVIDUAL", email: "Ana@Example.org", name: "Ana" }),
    );
    const clinic = await saveNetworkMember(
      t.db,
      organiser.id,
      memberInput({ kind: "ORGANISATION", domain: "@clinic.example", name: "Clinic", validUntil: "2027-12-31" }),
    );
    expect(clinic.validUntil?.toISOString()).toBe("2028-01-01T00:00:00.000Z");
    expect(await findMemberEmails(t.db, ["ANA@example.org", "bo@clinic.example", "cy@elsewhere.example"])).toEqual(
      new Set(["ana@example.org", "bo@clinic.example"]),
    );
    await expectRefused(
      () => saveNetworkMember(t.db, organiser.id, memberInput({ kind: "INDIVIDUAL", email: "ana@EXAMPLE.org" })),
      /ana@example.org is already a member/,
      { field: "email" },
    );
    await expectRefused(
      () => saveNetworkMember(t.db, organiser.id, memberInput({ kind: "ORGANISATION", domain: "Clinic.example" })),
      /clinic.example is already a member organisation/,
      { field: "domain" },
    );
    await saveNetworkMember(
      t.db,
      organiser.id,
      memberInput({ kind: "INDIVIDUAL", email: "ana@new.example", name: "Ana B" }),
      ana.id,
    );
    await deleteNetworkMember(t.db, organiser.id, clinic.id);
    expect(await findMemberEmails(t.db, ["ana@example.org", "bo@clinic.example", "ana@new.example"])).toEqual(
      new Set(["ana@new.example"]),
    );
    await expectRefused(() => deleteNetworkMember(t.db, organiser.id, clinic.id), /doesn't exist/, { type: NotFoundError });
    expect((await t.db.auditLog.findMany({ orderBy: { createdAt: "asc" } })).map((a) => a.action)).toEqual([
      "network-member.created",
      "network-member.created",
      "network-member.updated",
      "network-member.deleted",
    ]);
  });

  it("searches, filters by kind and pages", async () => {
    for (let i = 0; i < MEMBERS_PAGE_SIZE + 2; i++)
      await networkMemberFactory(t.db, { name: `Person ${String(i).padStart(2, "0")}`, email: `p${i}@example.org` });
    await networkMemberFactory(t.db, { kind: "ORGANISATION", name: "Heart Clinic", domain: "heart.example", email: null });
    const first = await listNetworkMembers(t.db, { page: 1 });
    expect(first).toMatchObject({ total: MEMBERS_PAGE_SIZE + 3, all: MEMBERS_PAGE_SIZE + 3, pageCount: 2 });
    expect(first.members).toHaveLength(MEMBERS_PAGE_SIZE);
    expect((await listNetworkMembers(t.db, { page: 2 })).members).toHaveLength(3);
    const orgs = await listNetworkMembers(t.db, { page: 1, kind: "ORGANISATION" });
    expect(orgs.members.map((m) => m.name)).toEqual(["Heart Clinic"]);
    expect((await listNetworkMembers(t.db, { page: 1, q: "@HEART.example" })).members.map((m) => m.name)).toEqual([
      "Heart Clinic",
    ]);
    expect((await listNetworkMembers(t.db, { page: 1, q: "P1@EXAMPLE" })).members.map((m) => m.email)).toEqual([
      "p1@example.org",
    ]);
  });
});

describe("network members CSV import", () => {
  const HEADER = "kind,name,email,domain,organisation,valid_until";

  it("previews adds and updates, then imports every row in one go", async () => {
    const { organiser } = await summit();
    await networkMemberFactory(t.db, { name: "Old Name", email: "ana@example.org" });
    const csv = [
      HEADER,
      "individual,Ana Alvarez,ANA@example.org,,Heart Clinic,2027-12-31",
      'Individual,"Bo, Jr.",bo@example.org,,,',
      "organization,Clinic Network,,@Clinic.Example,,",
      "",
      "organisation,Care Alliance,,care.example,Care Alliance,2028-06-30",
    ].join("\r\n");
    const before = await setupState();
    const preview = await previewMembersImport(t.db, csv);
    expect(await setupState()).toEqual(before);
    expect(preview).toMatchObject({ added: 3, updated: 1, rowCount: 4, errors: [], errorCount: 0, fileErrors: [] });
    expect(preview.rows.map((r) => [r.line, r.action, r.kind, r.key])).toEqual([
      [2, "update", "INDIVIDUAL", "ana@example.org"],
      [3, "add", "INDIVIDUAL", "bo@example.org"],
      [4, "add", "ORGANISATION", "clinic.example"],
      [6, "add", "ORGANISATION", "care.example"],
    ]);

    expect(await commitMembersImport(t.db, organiser.id, csv)).toEqual({ added: 3, updated: 1 });
    const members = await t.db.networkMember.findMany({ orderBy: { name: "asc" } });
    expect(members.map((m) => [m.kind, m.name, m.email, m.domain, m.organisation, m.validUntil?.toISOString() ?? null])).toEqual([
      ["INDIVIDUAL", "Ana Alvarez", "ana@example.org", null, "Heart Clinic", "2028-01-01T00:00:00.000Z"],
      ["INDIVIDUAL", "Bo, Jr.", "bo@example.org", null, "", null],
      ["ORGANISATION", "Care Alliance", null, "care.example", "Care Alliance", "2028-07-01T00:00:00.000Z"],
      ["ORGANISATION", "Clinic Network", null, "clinic.example", "", null],
    ]);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "network-members.imported" } });
    expect(audit).toMatchObject({ actorId: organiser.id, detail: { rows: 4, added: 3, updated: 1 } });

    // Importing the same file again only updates.
    expect(await commitMembersImport(t.db, organiser.id, csv)).toEqual({ added: 0, updated: 4 });
    expect(await t.db.networkMember.count()).toBe(4);
  });

  it("reports each bad row's line, column and problem, and imports nothing", async () => {
    const { organiser } = await summit();
    await networkMemberFactory(t.db, { name: "Existing", email: "keep@example.org" });
    const csv = [
      HEADER,
      "individual,Good Person,good@example.org,,,",
      "member,Who,who@example.org,,,",
      "individual,No Email,,,,",
      "individual,Wrong Key,wk@example.org,wk.example,,",
      "organisation,Bad Domain,,not a domain,,",
      "individual,Bad Date,bd@example.org,,,2027-13-01",
      "individual,Twice,GOOD@example.org,,,",
      "individual,Short,",
    ].join("\n");
    const preview = await previewMembersImport(t.db, csv);
    expect(preview.errors).toEqual([
      { line: 3, column: "kind", message: "Write individual or organisation" },
      { line: 4, column: "email", message: "Enter the member's email" },
      { line: 5, column: "domain", message: "Leave the domain empty for individuals (they are matched by email)." },
      { line: 6, column: "domain", message: "Enter an email domain like example.org (the part after the @)" },
      { line: 7, column: "valid_until", message: "That date doesn't exist" },
      { line: 8, column: "email", message: "good@example.org is already on line 2 of this file." },
      {
        line: 9,
        column: null,
        message: 'This row has 3 values but the header names 6 columns (put values containing commas in "double quotes").',
      },
    ]);
    expect(preview).toMatchObject({ added: 1, updated: 0, errorCount: 7 });
    await expectRefused(
      () => commitMembersImport(t.db, organiser.id, csv),
      /Nothing was imported: 7 problems \(first on line 3\)/,
    );
  });

  it("refuses files it can't read as a members list, with a clear message", async () => {
    const { organiser } = await summit();
    const fileErrors = async (csv: string) => (await previewMembersImport(t.db, csv)).fileErrors;
    expect(await fileErrors("")).toEqual(["The file is empty."]);
    expect(await fileErrors(HEADER)).toEqual(["The file has a header line but no rows."]);
    expect(await fileErrors("kind,name,phone\nindividual,Ana,555")).toEqual([
      "Unknown column “phone”. Use: kind, name, email, domain, organisation, valid_until.",
      "The first line must name an email column (individuals), a domain column (organisations) or both.",
    ]);
    const huge = [HEADER, ...Array.from({ length: 10_001 }, (_, i) => `individual,P ${i},p${i}@example.org,,,`)].join("\n");
    expect(await fileErrors(huge)).toEqual([
      "The file has 10,001 rows; import at most 10,000 at a time (split it into several files).",
    ]);
    await expectRefused(() => commitMembersImport(t.db, organiser.id, huge), /Nothing was imported: The file has 10,001 rows/);
    expect(await fileErrors('kind,name,email\nindividual,"Ana,ana@example.org')).toHaveLength(1);
  });

  it("imports 10,000 rows in one transaction", async () => {
    const { organiser } = await summit();
    const rows = Array.from({ length: 10_000 }, (_, i) => `individual,Person ${i},person${i}@example.org,,,2027-12-31`);
    const csv = [HEADER, ...rows].join("\n");
    await commitMembersImport(t.db, organiser.id, csv);
    expect(await t.db.networkMember.count()).toBe(10_000);
    const again = await commitMembersImport(t.db, organiser.id, csv.replaceAll("2027-12-31", "2028-12-31"));
    expect(again).toEqual({ added: 0, updated: 10_000 });
    expect(await t.db.networkMember.count({ where: { validUntil: new Date("2029-01-01T00:00:00Z") } })).toBe(10_000);
  }, 120_000);
});
