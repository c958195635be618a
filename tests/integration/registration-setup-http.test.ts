// The organisers' registration set-up pages through the real server (built app on node:http).
import { describe, expect, it } from "vitest";
import { redeemPromoCode } from "~/modules/registration/promo-codes.server.ts";
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
} from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { pageText, setupTestServer } from "../support/http.ts";

const t = setupTestDatabase();
const { request, logInAs } = setupTestServer(t);

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
  const cookie = await logInAs(organiser.email);
  return { event, organiser, cookie, base: `/admin/events/${event.id}` };
}

/** Everything these pages could change. */
async function setupState() {
  const [ticketTypes, settings, questions, promoCodes, members, audit] = await Promise.all([
    t.db.ticketType.findMany({ orderBy: { id: "asc" } }),
    t.db.registrationSettings.findMany(),
    t.db.registrationQuestion.findMany({ orderBy: { id: "asc" } }),
    t.db.promoCode.findMany({ orderBy: { id: "asc" }, include: { ticketTypes: { select: { id: true } } } }),
    t.db.networkMember.findMany({ orderBy: { id: "asc" } }),
    t.db.auditLog.count(),
  ]);
  return { ticketTypes, settings, questions, promoCodes, members, audit };
}

const TICKET = { intent: "save", name: "In-person", price: "495", capacity: "100", maxPerOrder: "10", visibility: "PUBLIC" };

function csvUpload(csv: string, intent = "preview", name = "members.csv") {
  const form = new FormData();
  form.append("intent", intent);
  if (intent === "commit") form.append("text", csv);
  else form.append("file", new File([csv], name, { type: "text/csv" }));
  return form;
}

describe("who may use the set-up pages", () => {
  it("gives attendees and staff 403 on every page and form, and changes nothing", async () => {
    const { event, base } = await summit();
    const ticket = await ticketTypeFactory(t.db, { eventId: event.id });
    const question = await registrationQuestionFactory(t.db, { eventId: event.id });
    const promo = await promoCodeFactory(t.db, { eventId: event.id });
    const member = await networkMemberFactory(t.db);
    const before = await setupState();
    for (const traits of [[], ["staff"]] as const) {
      const cookie = await logInAs((await userFactory(t.db, { traits: [...traits] })).email);
      const pages = [
        `${base}/tickets`,
        `${base}/tickets/new`,
        `${base}/tickets/${ticket.id}`,
        `${base}/questions`,
        `${base}/questions/new`,
        `${base}/questions/${question.id}`,
        `${base}/promo-codes`,
        `${base}/promo-codes/new`,
        `${base}/promo-codes/${promo.id}`,
        "/admin/members",
        "/admin/members/new",
        `/admin/members/${member.id}`,
        "/admin/members/import",
      ];
      for (const page of pages) expect((await request(page, { cookie })).status, `${traits} ${page}`).toBe(403);
      const posts = [
        request(`${base}/tickets/new`, { cookie, form: TICKET }),
        request(`${base}/tickets/${ticket.id}`, { cookie, form: { intent: "remove" } }),
        request(`${base}/tickets`, {
          cookie,
          form: {
            intent: "save-settings",
            capacity: "5",
            refundFullUntilDays: "1",
            detailsEditCutoffDays: "1",
            waitlistOfferHours: "1",
          },
        }),
        request(`${base}/questions/new`, { cookie, form: { intent: "save", label: "Sneaky?", kind: "TEXT" } }),
        request(`${base}/questions/${question.id}`, { cookie, form: { intent: "delete" } }),
        request(`${base}/questions`, { cookie, form: { intent: "move-up", questionId: question.id } }),
        request(`${base}/promo-codes/new`, {
          cookie,
          form: { intent: "save", code: "FREE", kind: "PERCENT", percentOff: "100" },
        }),
        request(`${base}/promo-codes/${promo.id}`, { cookie, form: { intent: "delete" } }),
        request("/admin/members/new", { cookie, form: { kind: "INDIVIDUAL", email: "me@example.org", name: "Me" } }),
        request(`/admin/members/${member.id}`, { cookie, form: { intent: "delete" } }),
        request("/admin/members/import", {
          cookie,
          multipart: csvUpload("kind,name,email\nindividual,Me,me@example.org", "commit"),
        }),
      ];
      for (const response of await Promise.all(posts)) expect(response.status).toBe(403);
    }
    expect(await setupState()).toEqual({ ...before, audit: before.audit });
  });

  it("answers unknown, malformed and other events' ids with 404 and changes nothing", async () => {
    const { base, cookie } = await summit();
    const other = await eventFactory(t.db);
    const foreignTicket = await ticketTypeFactory(t.db, { eventId: other.id, name: "Elsewhere" });
    const foreignQuestion = await registrationQuestionFactory(t.db, { eventId: other.id });
    const foreignPromo = await promoCodeFactory(t.db, { eventId: other.id, code: "OTHER" });
    const before = await setupState();
    for (const page of [
      `${base}/tickets/${foreignTicket.id}`,
      `${base}/tickets/no-such-ticket`,
      `${base}/questions/${foreignQuestion.id}`,
      `${base}/promo-codes/${foreignPromo.id}`,
      `${base}/promo-codes/%27%3B--`,
      "/admin/events/no-such-event/tickets",
      "/admin/events/no-such-event/questions",
      "/admin/events/no-such-event/promo-codes/new",
      "/admin/members/no-such-member",
    ]) {
      expect((await request(page, { cookie })).status, page).toBe(404);
    }
    for (const [path, form] of [
      [`${base}/tickets/${foreignTicket.id}`, { ...TICKET, name: "Hijacked" }],
      [`${base}/tickets/${foreignTicket.id}`, { intent: "remove" }],
      [`${base}/questions/${foreignQuestion.id}`, { intent: "save", label: "Hijacked?", kind: "TEXT" }],
      [`${base}/questions/${foreignQuestion.id}`, { intent: "delete" }],
      [`${base}/questions`, { intent: "move-down", questionId: foreignQuestion.id }],
      [`${base}/promo-codes/${foreignPromo.id}`, { intent: "save", code: "HIJACK", kind: "PERCENT", percentOff: "100" }],
      [`${base}/promo-codes/${foreignPromo.id}`, { intent: "end" }],
      ["/admin/events/no-such-event/tickets/new", TICKET],
      ["/admin/members/no-such-member", { intent: "delete" }],
    ] as [string, Record<string, string>][]) {
      expect((await request(path, { cookie, form })).status, `${path} ${form.intent}`).toBe(404);
    }
    expect(await setupState()).toEqual(before);
  });
});

describe("ticket types over HTTP", () => {
  it("refuses bad input with a clear message, then saves a valid type in the event's zone", async () => {
    const { event, base, cookie } = await summit();
    const before = await setupState();
    for (const [change, status, message] of [
      [{ price: "12.345" }, 400, "Enter the price in dollars and cents, like 295 or 295.00"],
      [{ capacity: "-3" }, 400, "Offer at least 1 seat"],
      [{ capacity: "many" }, 400, "Enter how many seats this ticket type offers"],
      [{ maxPerOrder: "500" }, 400, "At most 50 per order"],
      [{ memberPrice: "600" }, 400, "The member price can't be more than the price"],
      [{ name: "x".repeat(81) }, 400, "At most 80 characters"],
    ] as [Record<string, string>, number, string][]) {
      const response = await request(`${base}/tickets/new`, { cookie, form: { ...TICKET, ...change } });
      expect(response.status, JSON.stringify(change)).toBe(status);
      expect(await pageText(response)).toContain(message);
    }
    expect(await setupState()).toEqual(before);

    const created = await request(`${base}/tickets/new`, {
      cookie,
      form: { ...TICKET, memberPrice: "395.50", salesStartAt: "2027-03-01T09:00" },
    });
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe(`${base}/tickets`);
    const ticket = await t.db.ticketType.findFirstOrThrow({ where: { eventId: event.id } });
    expect(ticket).toMatchObject({ priceCents: 49_500, memberPriceCents: 39_550 });
    expect(ticket.salesStartAt?.toISOString()).toBe("2027-03-01T14:00:00.000Z");

    const edit = await pageText(await request(`${base}/tickets/${ticket.id}`, { cookie }));
    expect(edit).toContain('value="2027-03-01T09:00"');
    expect(edit).toContain('value="395.50"');
    const list = await pageText(await request(`${base}/tickets`, { cookie }));
    expect(list).toContain("In-person");
    expect(list).toContain("$495.00");
    expect(list).toContain("members $395.50");
    expect(list).toContain("0 sold");
  });

  it("refuses a duplicate name and a capacity below the seats taken", async () => {
    const { event, base, cookie } = await summit();
    const ticket = await ticketTypeFactory(t.db, { eventId: event.id, name: "In-person", capacity: 10 });
    await ticketTypeFactory(t.db, { eventId: event.id, name: "Student" });
    await orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: ticket.id }, { ticketTypeId: ticket.id }],
    });
    const before = await setupState();
    const duplicate = await request(`${base}/tickets/new`, { cookie, form: { ...TICKET, name: "STUDENT" } });
    expect(duplicate.status).toBe(422);
    expect(await pageText(duplicate)).toContain("Another ticket type of this event already has this name.");
    const tooSmall = await request(`${base}/tickets/${ticket.id}`, { cookie, form: { ...TICKET, capacity: "1" } });
    expect(tooSmall.status).toBe(422);
    expect(await pageText(tooSmall)).toContain("2 seats are already held or sold: the capacity can't go below 2.");
    expect(await setupState()).toEqual(before);

    const archived = await request(`${base}/tickets/${ticket.id}`, { cookie, form: { intent: "remove" } });
    expect(archived.status).toBe(302);
    expect((await t.db.ticketType.findUniqueOrThrow({ where: { id: ticket.id } })).archived).toBe(true);
  });

  it("saves the registration settings and refuses an event capacity below the seats taken", async () => {
    const { event, base, cookie } = await summit();
    const ticket = await ticketTypeFactory(t.db, { eventId: event.id });
    await orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: ticket.id }, { ticketTypeId: ticket.id }],
    });
    const settings = { intent: "save-settings", refundFullUntilDays: "30", detailsEditCutoffDays: "3", waitlistOfferHours: "24" };
    const before = await setupState();
    const refused = await request(`${base}/tickets`, { cookie, form: { ...settings, capacity: "1" } });
    expect(refused.status).toBe(422);
    expect(await pageText(refused)).toContain("2 seats are already held or sold across the event");
    const malformed = await request(`${base}/tickets`, { cookie, form: { ...settings, waitlistOfferHours: "-1" } });
    expect(malformed.status).toBe(400);
    expect(await setupState()).toEqual(before);
    const saved = await request(`${base}/tickets`, { cookie, form: { ...settings, capacity: "250" } });
    expect(saved.status).toBe(302);
    expect(await t.db.registrationSettings.findUniqueOrThrow({ where: { eventId: event.id } })).toMatchObject({
      capacity: 250,
      seatsTaken: 2,
      refundFullUntilDays: 30,
      detailsEditCutoffDays: 3,
      waitlistOfferHours: 24,
    });
  });
});

describe("questions over HTTP", () => {
  it("adds, refuses bad options, reorders and deletes", async () => {
    const { event, base, cookie } = await summit();
    const noOptions = await request(`${base}/questions/new`, {
      cookie,
      form: { intent: "save", label: "T-shirt size", kind: "SINGLE_CHOICE", options: "M" },
    });
    expect(noOptions.status).toBe(400);
    expect(await pageText(noOptions)).toContain("Give at least 2 options, one a line");
    expect(await t.db.registrationQuestion.count()).toBe(0);

    for (const label of ["T-shirt size", "First summit?"]) {
      const created = await request(`${base}/questions/new`, {
        cookie,
        form: {
          intent: "save",
          label,
          kind: label.endsWith("?") ? "YES_NO" : "SINGLE_CHOICE",
          options: "S\nM\nL",
          required: "on",
        },
      });
      expect(created.status).toBe(302);
    }
    const [shirt, first] = await t.db.registrationQuestion.findMany({ orderBy: { position: "asc" } });
    expect(shirt).toMatchObject({ label: "T-shirt size", options: ["S", "M", "L"], required: true });
    expect(first).toMatchObject({ kind: "YES_NO", options: [] });

    const moved = await request(`${base}/questions`, { cookie, form: { intent: "move-up", questionId: first.id } });
    expect(moved.status).toBe(200);
    const page = await pageText(moved);
    expect(page.indexOf("First summit?")).toBeLessThan(page.indexOf("T-shirt size"));
    expect(page).toContain("Accessibility needs");
    expect(page).toContain("Photo and recording consent");
    const bad = await request(`${base}/questions`, { cookie, form: { intent: "move-sideways", questionId: first.id } });
    expect(bad.status).toBe(400);

    const ticket = await ticketTypeFactory(t.db, { eventId: event.id });
    await orderFactory(t.db, {
      eventId: event.id,
      traits: ["paid"],
      attendees: [{ ticketTypeId: ticket.id, answers: { [shirt.id]: "L" } }],
    });
    expect(await pageText(await request(`${base}/questions/${shirt.id}`, { cookie }))).toContain(
      "1 registration has answered it. Their answers are kept in the registrations",
    );
    expect((await request(`${base}/questions/${shirt.id}`, { cookie, form: { intent: "delete" } })).status).toBe(302);
    expect(await t.db.registrationQuestion.count()).toBe(1);
  });
});

describe("promo codes over HTTP", () => {
  it("creates a code for chosen ticket types and refuses max uses below uses and deleting a used code", async () => {
    const { event, base, cookie } = await summit();
    const student = await ticketTypeFactory(t.db, { eventId: event.id, name: "Student" });
    const other = await eventFactory(t.db);
    const foreignTicket = await ticketTypeFactory(t.db, { eventId: other.id });
    const form = {
      intent: "save",
      code: "students-2027",
      kind: "AMOUNT",
      amountOff: "50",
      ticketTypeIds: [student.id],
      maxUses: "5",
    };
    const foreign = await request(`${base}/promo-codes/new`, { cookie, form: { ...form, ticketTypeIds: [foreignTicket.id] } });
    expect(foreign.status).toBe(422);
    expect(await pageText(foreign)).toContain("Choose among this event's ticket types.");
    expect(await t.db.promoCode.count()).toBe(0);

    expect((await request(`${base}/promo-codes/new`, { cookie, form })).status).toBe(302);
    const promo = await t.db.promoCode.findFirstOrThrow({ include: { ticketTypes: true } });
    expect(promo).toMatchObject({ code: "STUDENTS-2027", kind: "AMOUNT", amountOffCents: 5000, maxUses: 5, percentOff: null });
    expect(promo.ticketTypes.map((tt) => tt.id)).toEqual([student.id]);
    const duplicate = await request(`${base}/promo-codes/new`, { cookie, form: { ...form, code: "Students-2027" } });
    expect(duplicate.status).toBe(422);

    for (let i = 0; i < 3; i++) await redeemPromoCode(t.db, promo.id);
    expect(await pageText(await request(`${base}/promo-codes`, { cookie }))).toContain("3 / 5");
    const before = await setupState();
    const below = await request(`${base}/promo-codes/${promo.id}`, { cookie, form: { ...form, maxUses: "2" } });
    expect(below.status).toBe(422);
    expect(await pageText(below)).toContain("The code has been used 3 times: max uses can't go below 3.");
    const remove = await request(`${base}/promo-codes/${promo.id}`, { cookie, form: { intent: "delete" } });
    expect(remove.status).toBe(422);
    expect(await pageText(remove)).toContain("STUDENTS-2027 has already been used, so it can't be deleted. End it now instead.");
    expect(await setupState()).toEqual(before);

    expect((await request(`${base}/promo-codes/${promo.id}`, { cookie, form: { intent: "end" } })).status).toBe(302);
    const ended = await t.db.promoCode.findUniqueOrThrow({ where: { id: promo.id } });
    expect(ended.validUntil?.getTime()).toBeLessThanOrEqual(Date.now());
  });
});

describe("network members over HTTP", () => {
  it("adds members, refuses duplicates, and lists them with search", async () => {
    const { cookie } = await summit();
    const added = await request("/admin/members/new", {
      cookie,
      form: { intent: "save", kind: "ORGANISATION", domain: "@Clinic.Example", name: "Clinic Network", validUntil: "2027-12-31" },
    });
    expect(added.status).toBe(302);
    expect(await t.db.networkMember.findFirstOrThrow()).toMatchObject({ domain: "clinic.example", email: null });
    const before = await setupState();
    const duplicate = await request("/admin/members/new", {
      cookie,
      form: { intent: "save", kind: "ORGANISATION", domain: "clinic.example", name: "Again" },
    });
    expect(duplicate.status).toBe(422);
    expect(await pageText(duplicate)).toContain("clinic.example is already a member organisation.");
    const malformed = await request("/admin/members/new", {
      cookie,
      form: { intent: "save", kind: "INDIVIDUAL", email: "nope", name: "X Y" },
    });
    expect(malformed.status).toBe(400);
    expect(await pageText(malformed)).toContain("Enter an email address like name@example.org");
    expect(await setupState()).toEqual(before);

    await networkMemberFactory(t.db, { name: "Someone Else", email: "else@example.org" });
    const anyKind = await pageText(await request("/admin/members?q=clinic&kind=", { cookie }));
    expect(anyKind).toContain("2 members, 1 shown");
    const list = await pageText(await request("/admin/members?q=clinic&kind=ORGANISATION", { cookie }));
    expect(list).toContain("Clinic Network");
    expect(list).toContain("@clinic.example");
    expect(list).toContain("2027-12-31");
  });

  it("imports a CSV after a preview, reports row errors, writes nothing on error and refuses oversized files", async () => {
    const { organiser, cookie } = await summit();
    await networkMemberFactory(t.db, { email: "ana@example.org", name: "Ana" });
    const bad =
      "kind,name,email,domain,organisation,valid_until\nindividual,Bo,bo@example.org,,,\nindividual,Cy,not-an-email,,,\n";
    const preview = await request("/admin/members/import", { cookie, multipart: csvUpload(bad) });
    expect(preview.status).toBe(200);
    const text = await pageText(preview);
    expect(text).toContain("1 to add, 0 to update, 1 problem");
    expect(text).toMatch(
      /<th scope="row"[^>]*>3<\/th><td[^>]*>email<\/td><td[^>]*>Enter an email address like name@example.org<\/td>/,
    );
    const before = await setupState();
    const refused = await request("/admin/members/import", { cookie, multipart: csvUpload(bad, "commit") });
    expect(refused.status).toBe(422);
    expect(await pageText(refused)).toContain("Nothing was imported: 1 problem (first on line 3).");
    expect(await setupState()).toEqual(before);

    const good =
      "Kind,Name,Email,Domain\nindividual,Ana Alvarez,ANA@example.org,\nindividual,Bo,bo@example.org,\norganisation,Care,,care.example\n";
    const checked = await pageText(await request("/admin/members/import", { cookie, multipart: csvUpload(good) }));
    expect(checked).toContain("2 to add, 1 to update, 0 problems");
    expect(checked).toContain("Import 3 members");
    const committed = await request("/admin/members/import", { cookie, multipart: csvUpload(good, "commit") });
    expect(committed.status).toBe(302);
    expect(committed.headers.get("location")).toBe("/admin/members");
    const flash = await pageText(
      await request("/admin/members", { cookie: `${cookie}; ${committed.headers.getSetCookie()[0].split(";")[0]}` }),
    );
    expect(flash).toContain("Members imported: 2 added, 1 updated.");
    expect(await t.db.networkMember.count()).toBe(3);
    expect(await t.db.auditLog.count({ where: { action: "network-members.imported", actorId: organiser.id } })).toBe(1);

    const huge = await request("/admin/members/import", {
      cookie,
      multipart: csvUpload(`kind,name,email\n${"individual,Someone,someone@example.org\n".repeat(60_000)}`),
    });
    expect(huge.status).toBe(413);
    expect(await pageText(huge)).toContain("The file must be 2 MB or smaller");
    expect(await t.db.networkMember.count()).toBe(3);
  });
});
