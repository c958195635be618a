// The waiting-list pages through the real server: join, my waiting lists, the emailed offer
// link and the organiser's queue. Bad input and other people's ids change nothing.
import { describe, expect, it } from "vitest";
import { freeSeats } from "~/modules/registration/seats.server.ts";
import { joinWaitlist, notifyOffers } from "~/modules/registration/waitlist.server.ts";
import { eventFactory, orderFactory, ticketTypeFactory, userFactory } from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { pageText, setupTestServer } from "../support/http.ts";

const t = setupTestDatabase();
const { request, logInAs } = setupTestServer(t, { env: { APP_URL: "http://summit.test" } });
const MAIL = { appUrl: "http://summit.test", mailFrom: "Summit <no-reply@summit.test>" };

async function soldOut(capacity = 1) {
  const event = await eventFactory(t.db, { traits: ["published"], name: "Patient Voices Boot Camp" });
  const ticket = await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", capacity });
  const sold = await orderFactory(t.db, {
    eventId: event.id,
    traits: ["paid"],
    attendees: Array.from({ length: capacity }, () => ({ ticketTypeId: ticket.id })),
  });
  return { event, ticket, registrations: sold.registrations };
}

const snapshot = () =>
  Promise.all([
    t.db.waitlistEntry.findMany({ orderBy: { id: "asc" } }),
    t.db.ticketType.findMany({ select: { id: true, taken: true }, orderBy: { id: "asc" } }),
  ]);

describe("joining", () => {
  it("a visitor logs in first; an attendee joins and sees their place on My waiting lists", async () => {
    const { event, ticket } = await soldOut();
    const anonymous = await request(`/events/${event.slug}/waitlist?ticket=${ticket.id}`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe(
      `/login?redirectTo=${encodeURIComponent(`/events/${event.slug}/waitlist?ticket=${ticket.id}`)}`,
    );

    const user = await userFactory(t.db, { traits: ["verified"] });
    const cookie = await logInAs(user.email);
    const page = await pageText(await request(`/events/${event.slug}/waitlist?ticket=${ticket.id}`, { cookie }));
    expect(page).toContain("Join the waiting list");
    expect(page).toContain("Two seats together");

    const joined = await request(`/events/${event.slug}/waitlist`, { cookie, form: { ticketTypeId: ticket.id, seats: "2" } });
    expect(joined.status).toBe(302);
    expect(joined.headers.get("location")).toBe("/waitlist");
    expect(await t.db.waitlistEntry.findFirst({ where: { userId: user.id } })).toMatchObject({ seats: 2, status: "WAITING" });
    const mine = await pageText(await request("/waitlist", { cookie }));
    expect(mine).toContain("Patient Voices Boot Camp");
    expect(mine).toContain("You're next in line.");
  });

  it("refuses malformed, missing and out-of-range input, and other events' tickets, changing nothing", async () => {
    const { event, ticket } = await soldOut();
    const other = await soldOut();
    const user = await userFactory(t.db, { traits: ["verified"] });
    const cookie = await logInAs(user.email);
    const before = await snapshot();
    const attempts: [Record<string, string>, number, string][] = [
      [{ ticketTypeId: ticket.id }, 400, "Choose one seat or two seats together."],
      [{ ticketTypeId: ticket.id, seats: "5" }, 400, "Choose one seat or two seats together."],
      [{ ticketTypeId: ticket.id, seats: "one" }, 400, "Choose one seat or two seats together."],
      [{ seats: "1" }, 400, "Choose the ticket you want to wait for."],
      [{ ticketTypeId: "x".repeat(500), seats: "1" }, 400, "Choose the ticket you want to wait for."],
      [{ ticketTypeId: other.ticket.id, seats: "1" }, 422, "That ticket is not offered for this event."],
    ];
    for (const [form, status, message] of attempts) {
      const response = await request(`/events/${event.slug}/waitlist`, { cookie, form });
      expect(response.status).toBe(status);
      expect(await pageText(response)).toContain(message);
    }
    expect(await snapshot()).toEqual(before);
    expect((await request("/events/no-such-event/waitlist", { cookie })).status).toBe(404);
  });
});

describe("offers and leaving", () => {
  it("the emailed link works only for its owner; leaving someone else's entry is a 404", async () => {
    const { event, ticket, registrations } = await soldOut();
    const [owner, stranger] = [
      await userFactory(t.db, { traits: ["verified"] }),
      await userFactory(t.db, { traits: ["verified"] }),
    ];
    const { entry } = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: owner, seats: 1 });
    await t.db.$transaction((tx) => freeSeats(tx, event.id, ticket.id, registrations.length));
    await notifyOffers(t.db, MAIL);
    const mail = await t.db.emailOutbox.findFirstOrThrow({ where: { template: "waitlist-offer" } });
    const path = new URL(/http:\/\/summit\.test\/waitlist\/offers\/[A-Za-z0-9_-]+/.exec(mail.html)?.[0] ?? "").pathname;

    const anonymous = await request(path);
    expect(anonymous.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    const ownerCookie = await logInAs(owner.email);
    const offerPage = await pageText(await request(path, { cookie: ownerCookie }));
    expect(offerPage).toContain("Seats held for you");
    expect(offerPage).toContain(`/events/${event.slug}/register?offer=`);

    const strangerCookie = await logInAs(stranger.email);
    const refused = await request(path, { cookie: strangerCookie });
    expect(refused.status).toBe(404);
    expect(await pageText(refused)).toContain("isn't valid for the account you're logged in with");
    expect((await request("/waitlist/offers/not-a-token", { cookie: ownerCookie })).status).toBe(404);

    const before = await snapshot();
    const leave = await request("/waitlist", { cookie: strangerCookie, form: { intent: "leave", entryId: entry.id } });
    expect(leave.status).toBe(404);
    expect((await request("/waitlist", { cookie: strangerCookie, form: { intent: "explode", entryId: entry.id } })).status).toBe(
      400,
    );
    expect(await snapshot()).toEqual(before);

    // "Continue to registration" makes a fresh link straight to the registration page.
    const go = await request("/waitlist", { cookie: ownerCookie, form: { intent: "continue", entryId: entry.id } });
    expect(go.status).toBe(302);
    expect(go.headers.get("location")).toMatch(new RegExp(`^/events/${event.slug}/register\\?offer=[A-Za-z0-9_-]{43}$`));

    const left = await request("/waitlist", { cookie: ownerCookie, form: { intent: "leave", entryId: entry.id } });
    expect(left.status).toBe(302);
    expect((await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id } })).status).toBe("CANCELLED");
    expect((await t.db.ticketType.findUniqueOrThrow({ where: { id: ticket.id } })).taken).toBe(0);
  });
});

describe("organiser", () => {
  it("only organisers see the queue; removing another event's entry is a 404; offer now offers free seats", async () => {
    const { event, ticket } = await soldOut();
    const other = await soldOut();
    const waiting = await userFactory(t.db, { traits: ["verified"], name: "Robin Waiting" });
    const { entry } = await joinWaitlist(t.db, { eventId: event.id, ticketTypeId: ticket.id, user: waiting, seats: 1 });
    const stray = await joinWaitlist(t.db, { eventId: other.event.id, ticketTypeId: other.ticket.id, user: waiting, seats: 1 });
    const attendee = await userFactory(t.db, { traits: ["verified"] });
    const organiser = await userFactory(t.db, { traits: ["verified", "organizer"] });
    const url = `/admin/events/${event.id}/waitlist`;

    expect((await request(url, { cookie: await logInAs(attendee.email) })).status).toBe(403);
    const cookie = await logInAs(organiser.email);
    const page = await pageText(await request(url, { cookie }));
    expect(page).toContain("Robin Waiting");
    expect((await request("/admin/events/nope/waitlist", { cookie })).status).toBe(404);

    const before = await snapshot();
    expect((await request(url, { cookie, form: { intent: "remove", entryId: stray.entry.id } })).status).toBe(404);
    expect((await request(url, { cookie, form: { intent: "offer-now", ticketTypeId: other.ticket.id } })).status).toBe(404);
    expect((await request(url, { cookie, form: { intent: "remove" } })).status).toBe(400);
    expect(await snapshot()).toEqual(before);

    await t.db.ticketType.update({ where: { id: ticket.id }, data: { capacity: 2 } });
    const offered = await request(url, { cookie, form: { intent: "offer-now", ticketTypeId: ticket.id } });
    expect(offered.status).toBe(302);
    expect((await t.db.waitlistEntry.findUniqueOrThrow({ where: { id: entry.id } })).status).toBe("OFFERED");
  });
});
