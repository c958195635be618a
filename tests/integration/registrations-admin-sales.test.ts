// The sales dashboard's figures against a known set of orders.
import { describe, expect, it } from "vitest";
import { SALES_DAYS, salesDashboard } from "~/modules/registration/sales.server.ts";
import { NotFoundError } from "~/shared/errors.ts";
import { CAMPUSES, campusFactory, eventFactory, orderFactory, promoCodeFactory, ticketTypeFactory } from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();

// Noon in Chicago, 10 September 2027: two and a half weeks before the summit.
const NOW = new Date("2027-09-10T17:00:00Z");

async function summitWithSales() {
  const campus = await campusFactory(t.db, CAMPUSES.rochester);
  const event = await eventFactory(t.db, {
    campusId: campus.id,
    localStart: "2027-09-27T08:00",
    localEnd: "2027-09-29T17:00",
  });
  const inPerson = await ticketTypeFactory(t.db, {
    eventId: event.id,
    name: "In person",
    priceCents: 29_500,
    capacity: 100,
    // 09:00 CDT on 20 August.
    salesStartAt: new Date("2027-08-20T14:00:00Z"),
  });
  const student = await ticketTypeFactory(t.db, { eventId: event.id, name: "Student", priceCents: 9_500, capacity: 20 });
  const promo = await promoCodeFactory(t.db, { eventId: event.id, code: "SAVE20", uses: 1, maxUses: 10 });
  await promoCodeFactory(t.db, { eventId: event.id, code: "UNUSED" });
  const paid = (ticketTypeId: string, paidAt: string, extra = {}, count = 1) =>
    orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      paidAt: new Date(paidAt),
      attendees: Array.from({ length: count }, () => ({ ticketTypeId })),
      ...extra,
    });
  // 03:00 UTC on 1 September is still 31 August (22:00) in Chicago.
  await paid(inPerson.id, "2027-09-01T03:00:00Z", {}, 2);
  await paid(student.id, "2027-09-01T15:00:00Z");
  await paid(inPerson.id, "2027-09-01T20:00:00Z", {
    promoCodeId: promo.id,
    subtotalCents: 29_500,
    discountCents: 5_900,
    totalCents: 23_600,
  });
  await paid(inPerson.id, "2027-09-05T15:00:00Z", { refundedCents: 10_000 });
  await orderFactory(t.db, {
    eventId: event.id,
    traits: ["refunded"],
    paidAt: new Date("2027-08-25T15:00:00Z"),
    attendees: [{ ticketTypeId: inPerson.id }],
  });
  await orderFactory(t.db, {
    eventId: event.id,
    traits: ["complimentary"],
    paidAt: new Date("2027-09-02T15:00:00Z"),
    attendees: [{ ticketTypeId: inPerson.id }],
  });
  await orderFactory(t.db, {
    eventId: event.id,
    traits: ["pending"],
    attendees: [{ ticketTypeId: student.id }, { ticketTypeId: student.id }],
  });
  await orderFactory(t.db, { eventId: event.id, traits: ["expired"], attendees: [{ ticketTypeId: inPerson.id }] });
  // Another event's sale must not leak in.
  const other = await eventFactory(t.db);
  await orderFactory(t.db, {
    eventId: other.id,
    traits: ["paid"],
    paidAt: new Date("2027-09-01T15:00:00Z"),
    attendees: [{ ticketTypeId: (await ticketTypeFactory(t.db, { eventId: other.id })).id }],
  });
  return { event, inPerson, student };
}

describe("the sales dashboard", () => {
  it("adds up gross, refunds, net, paid orders and running holds", async () => {
    const { event } = await summitWithSales();
    const { totals } = await salesDashboard(t.db, event.id, NOW);
    expect(totals).toEqual({
      grossCents: 59_000 + 9_500 + 23_600 + 29_500 + 29_500 + 0,
      refundedCents: 10_000 + 29_500,
      netCents: 151_100 - 39_500,
      paidOrders: 5,
      pendingHolds: 1,
      heldSeats: 2,
    });
  });

  it("counts registrations and revenue per day in the event's zone, from the day sales opened to today", async () => {
    const { event } = await summitWithSales();
    const { days } = await salesDashboard(t.db, event.id, NOW);
    expect(days[0].day).toBe("2027-08-20");
    expect(days.at(-1)?.day).toBe("2027-09-10");
    expect(days).toHaveLength(22);
    expect(days.filter((d) => d.registrations || d.revenueCents)).toEqual([
      { day: "2027-08-25", registrations: 1, revenueCents: 29_500 },
      { day: "2027-08-31", registrations: 2, revenueCents: 59_000 },
      { day: "2027-09-01", registrations: 2, revenueCents: 9_500 + 23_600 },
      { day: "2027-09-02", registrations: 1, revenueCents: 0 },
      { day: "2027-09-05", registrations: 1, revenueCents: 29_500 },
    ]);
  });

  it("shows at most the last 60 days, and stops at the event's last day once it is over", async () => {
    const { event, inPerson } = await summitWithSales();
    await t.db.ticketType.update({ where: { id: inPerson.id }, data: { salesStartAt: new Date("2027-01-05T15:00:00Z") } });
    const long = await salesDashboard(t.db, event.id, NOW);
    expect(long.days).toHaveLength(SALES_DAYS);
    expect(long.days.at(-1)?.day).toBe("2027-09-10");
    const after = await salesDashboard(t.db, event.id, new Date("2027-12-01T12:00:00Z"));
    expect(after.days.at(-1)?.day).toBe("2027-09-29");
    expect(after.days).toHaveLength(SALES_DAYS);
  });

  it("splits each ticket type's capacity into sold, held and free", async () => {
    const { event } = await summitWithSales();
    const { capacity } = await salesDashboard(t.db, event.id, NOW);
    expect(capacity.map(({ id: _id, ...rest }) => rest)).toEqual([
      { name: "In person", capacity: 100, sold: 5, held: 0, offered: 0, free: 95 },
      { name: "Student", capacity: 20, sold: 1, held: 2, offered: 0, free: 17 },
    ]);
  });

  it("reports each promo code's uses and the discount paid orders got", async () => {
    const { event } = await summitWithSales();
    const { promoCodes } = await salesDashboard(t.db, event.id, NOW);
    expect(promoCodes).toEqual([
      { code: "SAVE20", uses: 1, maxUses: 10, paidOrders: 1, discountCents: 5_900 },
      { code: "UNUSED", uses: 0, maxUses: null, paidOrders: 0, discountCents: 0 },
    ]);
  });

  it("breaks registrations and orders down by status", async () => {
    const { event } = await summitWithSales();
    const { registrationStatuses, orderStatuses } = await salesDashboard(t.db, event.id, NOW);
    const asObject = (rows: { status: string; count: number }[]) => Object.fromEntries(rows.map((r) => [r.status, r.count]));
    expect(asObject(registrationStatuses)).toEqual({ CONFIRMED: 6, PENDING: 2, CANCELLED: 1, EXPIRED: 1 });
    expect(asObject(orderStatuses)).toEqual({ PAID: 5, PENDING: 1, REFUNDED: 1, EXPIRED: 1 });
  });

  it("shows an event with nothing sold as empty figures, and an unknown event as not found", async () => {
    const event = await eventFactory(t.db);
    const empty = await salesDashboard(t.db, event.id, NOW);
    expect(empty.totals).toEqual({ grossCents: 0, refundedCents: 0, netCents: 0, paidOrders: 0, pendingHolds: 0, heldSeats: 0 });
    expect(empty.capacity).toEqual([]);
    expect(empty.promoCodes).toEqual([]);
    expect(empty.days).toHaveLength(1);
    await expect(salesDashboard(t.db, "nope", NOW)).rejects.toBeInstanceOf(NotFoundError);
  });
});
