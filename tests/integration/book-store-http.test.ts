// The book store through the real built server and the fake Stripe: the public page and its
// order form (bad input refused, nothing saved), paying on Stripe's test page, the buyer's order
// pages (others' ids are 404), the organisers' book editor (cover type sniffed) and refunds.
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { bookFactory, bookOrderFactory, userFactory } from "../factories/index.ts";
import { fakeStripeFee } from "../fake-stripe/server.ts";
import { setupTestDatabase } from "../setup/test-database.ts";
import { pageText, setupTestServer } from "../support/http.ts";

const t = setupTestDatabase();
const { request, logInAs, fakeStripe } = setupTestServer(t, { stripe: true });

const ORDER = {
  quantity: "12",
  name: "Ana Alvarez",
  email: "ana@example.org",
  line1: "12 Harbor Road",
  line2: "",
  city: "Jacksonville",
  region: "FL",
  postalCode: "32224",
  country: "US",
};

async function buyer() {
  const book = await bookFactory(t.db, { title: "Social Media in Health Care: A Field Guide", authors: "Dana Whitfield" });
  const user = await userFactory(t.db, { traits: ["verified"] });
  return { book, user, cookie: await logInAs(user.email) };
}

/** Orders through the form; returns the order and the Checkout Session the app sent the buyer to. */
async function orderBook(bookId: string, cookie: string, form: Record<string, string> = {}) {
  const response = await request("/book", { cookie, form: { ...ORDER, bookId, ...form } });
  expect(response.status).toBe(303);
  const url = response.headers.get("location") as string;
  expect(url.startsWith(`${fakeStripe().url}/checkout/cs_test_`)).toBe(true);
  const order = await t.db.bookOrder.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
  return { order, url, sessionId: url.split("/checkout/")[1] };
}

function tinyPng(): Buffer {
  const png = new PNG({ width: 2, height: 3 });
  png.data.fill(200);
  return PNG.sync.write(png);
}

describe("the public book page", () => {
  it("shows the cover, description and price tiers to anyone, and asks visitors to log in to order", async () => {
    await bookFactory(t.db, {
      title: "Social Media in Health Care: A Field Guide",
      description: "Ten years of workshops.\n\nWith checklists.",
    });
    const response = await request("/book");
    expect(response.status).toBe(200);
    const text = await pageText(response);
    expect(text).toContain("Social Media in Health Care: A Field Guide");
    expect(text).toContain("Ten years of workshops.");
    expect(text).toMatch(/1–9.*\$24\.95.*List price/s);
    expect(text).toMatch(/10–49.*\$21\.21.*15% off/s);
    expect(text).toMatch(/50 or more.*\$18\.71.*25% off/s);
    expect(text).toContain("Log in");
    // Costs are the organisers' business.
    expect(text).not.toContain("$6.40");

    const anonymous = await request("/book", { form: { ...ORDER, bookId: "x" } });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe("/login?redirectTo=%2Fbook");
  });

  it("is a 404 while no book is on sale", async () => {
    await bookFactory(t.db, { active: false });
    expect((await request("/book")).status).toBe(404);
  });

  it("refuses bad order input with clear messages and saves nothing", async () => {
    const { book, cookie } = await buyer();
    const cases: [Record<string, string>, string][] = [
      [{ quantity: "0" }, "Order at least 1 copy"],
      [{ quantity: "-3" }, "Order at least 1 copy"],
      [{ quantity: "1000000" }, "At most 1000 copies in one order"],
      [{ quantity: "2.5" }, "Enter a whole number of copies"],
      [{ line1: "" }, "Enter the street address"],
      [{ email: "not-an-email" }, "Enter a valid email address"],
      [{ country: "ZZ" }, "Choose the country"],
    ];
    for (const [change, message] of cases) {
      const response = await request("/book", { cookie, form: { ...ORDER, bookId: book.id, ...change } });
      expect(response.status, JSON.stringify(change)).toBe(400);
      expect(await pageText(response)).toContain(message);
    }
    // More than this book allows in one order: the rule's message, at the field.
    await t.db.book.update({ where: { id: book.id }, data: { maxPerOrder: 20 } });
    const tooMany = await request("/book", { cookie, form: { ...ORDER, bookId: book.id, quantity: "21" } });
    expect(tooMany.status).toBe(422);
    expect(await pageText(tooMany)).toContain("One order can have at most 20 copies");
    expect(await t.db.bookOrder.count()).toBe(0);
    expect(
      fakeStripe()
        .sessions()
        .filter((s) => s.metadata.kind === "book"),
    ).toHaveLength(0);
  });
});

describe("buying the book", () => {
  it("form → Stripe's test page → webhook credits the fund → the buyer's order page and email", async () => {
    const { book, cookie } = await buyer();
    const { order, url, sessionId } = await orderBook(book.id, cookie);
    expect(order).toMatchObject({ status: "PENDING", quantity: 12, totalCents: 25_452, bookId: book.id });

    const page = await fetch(url);
    expect(await page.text()).toContain("Social Media in Health Care: A Field Guide");
    const paid = await fetch(url, {
      method: "POST",
      body: new URLSearchParams({ email: "ana@example.org", card: "4242 4242 4242 4242", expiry: "12/34", cvc: "123" }),
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    const back = new URL(paid.headers.get("location") as string);
    expect(`${back.pathname}${back.search}`).toBe(`/book/orders/${order.id}/return?session_id=${sessionId}`);
    const fee = fakeStripeFee(25_452);
    const net = 25_452 - 12 * 640 - (450 + 12 * 35) - fee;
    expect(await t.db.bookOrder.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "PAID",
      feeCents: fee,
      feeEstimated: false,
      netProceedsCents: net,
    });

    const returned = await request(`${back.pathname}${back.search}`, { cookie });
    expect(returned.status).toBe(302);
    expect(returned.headers.get("location")).toBe(`/book/orders/${order.id}`);
    const orderPage = await request(`/book/orders/${order.id}`, { cookie });
    const text = await pageText(orderPage);
    expect(text).toContain("Thank you for your order");
    expect(text).toContain(order.reference);
    expect(text).toContain("$254.52");
    expect(text).toContain("12 Harbor Road");
    // The webhook and the return page both saw it: one sale in the fund, one email.
    expect(await t.db.fundEntry.findMany({ where: { bookOrderId: order.id } })).toEqual([
      expect.objectContaining({ kind: "BOOK_SALE", amountCents: net }),
    ]);
    expect(await t.db.emailOutbox.count({ where: { template: "book-order-confirmation" } })).toBe(1);
  });

  it("another buyer's order, or an unknown id, is a 404 on every order address", async () => {
    const { book, cookie } = await buyer();
    const { order, sessionId } = await orderBook(book.id, cookie);
    const stranger = await userFactory(t.db, { traits: ["verified"] });
    const theirs = await logInAs(stranger.email);
    for (const id of [order.id, "unknown-id", "%00"]) {
      expect((await request(`/book/orders/${id}`, { cookie: theirs })).status).toBe(404);
      expect((await request(`/book/orders/${id}/pay`, { cookie: theirs, form: {} })).status).toBe(404);
      expect((await request(`/book/orders/${id}/return?session_id=${sessionId}`, { cookie: theirs })).status).toBe(404);
    }
    // A session id that isn't this order's is refused too.
    expect((await request(`/book/orders/${order.id}/return?session_id=cs_test_nope`, { cookie })).status).toBe(404);
    expect((await t.db.bookOrder.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("PENDING");
  });
});

describe("the organisers' book pages", () => {
  it("edits the book: a fake PNG cover, broken tiers and negative prices are refused; a real PNG is served back", async () => {
    const book = await bookFactory(t.db, { title: "Field Guide" });
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const cookie = await logInAs(organiser.email);
    const base = {
      title: "Field Guide",
      subtitle: "",
      authors: "Dana Whitfield",
      description: "",
      listPrice: "24.95",
      unitCost: "6.40",
      shippingBase: "4.50",
      shippingPerCopy: "0.35",
      maxPerOrder: "500",
      active: "on",
      "tiers[0].minQuantity": "10",
      "tiers[0].percentOff": "15",
    };
    const post = (fields: Record<string, string>, cover?: { bytes: Uint8Array<ArrayBuffer>; name: string; type: string }) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      if (cover) form.append("cover", new Blob([cover.bytes], { type: cover.type }), cover.name);
      return request(`/admin/books/${book.id}`, { cookie, multipart: form });
    };

    const fake = await post(base, {
      bytes: new TextEncoder().encode("<script>alert(1)</script>"),
      name: "cover.png",
      type: "image/png",
    });
    expect(fake.status).toBe(422);
    expect(await pageText(fake)).toContain("“cover.png” isn't a PNG or JPEG image");
    const negative = await post({ ...base, listPrice: "-5" });
    expect(negative.status).toBe(400);
    expect(await pageText(negative)).toContain("Enter the list price in dollars");
    const huge = await post({ ...base, unitCost: "99999999" });
    expect(await pageText(huge)).toContain("The unit cost can be at most $10,000");
    const tiers = await post({ ...base, "tiers[1].minQuantity": "50", "tiers[1].percentOff": "10" });
    expect(tiers.status).toBe(400);
    expect(await pageText(tiers)).toContain("The tier from 50 copies must take off more than the one from 10 copies.");
    expect(await t.db.book.findUniqueOrThrow({ where: { id: book.id } })).toMatchObject({
      coverType: null,
      listPriceCents: 2_495,
    });

    const saved = await post(
      { ...base, listPrice: "19.99", "tiers[1].minQuantity": "50", "tiers[1].percentOff": "30" },
      {
        bytes: new Uint8Array(tinyPng()),
        name: "cover.png",
        type: "image/png",
      },
    );
    expect(saved.status).toBe(302);
    const after = await t.db.book.findUniqueOrThrow({
      where: { id: book.id },
      include: { tiers: { orderBy: { minQuantity: "asc" } } },
    });
    expect(after).toMatchObject({ listPriceCents: 1_999, coverType: "image/png" });
    expect(after.tiers.map((tier) => [tier.minQuantity, tier.percentOff])).toEqual([
      [10, 15],
      [50, 30],
    ]);
    const cover = await request(`/book/cover/${book.id}`);
    expect(cover.status).toBe(200);
    expect(cover.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await cover.arrayBuffer())).toEqual(tinyPng());
    expect((await request("/book/cover/unknown")).status).toBe(404);

    // Not for attendees.
    const attendee = await logInAs((await userFactory(t.db)).email);
    expect((await request(`/admin/books/${book.id}`, { cookie: attendee })).status).toBe(403);
    expect((await request(`/admin/books/${book.id}`, { cookie: attendee, form: base })).status).toBe(403);
  });

  it("shows the order's net proceeds and refunds it through Stripe; bad amounts are refused", async () => {
    const { book, cookie } = await buyer();
    const { order, sessionId } = await orderBook(book.id, cookie, { quantity: "1" });
    await fakeStripe().pay(sessionId);
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const admin = await logInAs(organiser.email);
    const net = 2_495 - 640 - 485 - fakeStripeFee(2_495);

    const page = await pageText(await request(`/admin/books/orders/${order.id}`, { cookie: admin }));
    expect(page).toContain("Card fee (Stripe)");
    expect(page).toContain(`$${(net / 100).toFixed(2)}`);
    expect((await request("/admin/books/orders/unknown", { cookie: admin })).status).toBe(404);

    for (const [amount, message] of [
      ["-5", "Enter the amount to refund in dollars"],
      ["30.00", "At most $24.95 can still be refunded"],
      ["99999999999", "The amount to refund can be at most"],
    ]) {
      const refused = await request(`/admin/books/orders/${order.id}`, {
        cookie: admin,
        form: { intent: "refund", amount, reason: "Damaged" },
      });
      expect([400, 422]).toContain(refused.status);
      expect(await pageText(refused)).toContain(message);
    }
    expect(await t.db.fundEntry.count({ where: { kind: "BOOK_REFUND" } })).toBe(0);

    // Stripe's charge.refunded webhook reaches the server while the refund is being recorded.
    const refunded = await request(`/admin/books/orders/${order.id}`, {
      cookie: admin,
      form: { intent: "refund", amount: "24.95", reason: "Arrived damaged" },
    });
    expect(refunded.status).toBe(302);
    await fakeStripe().idle();
    expect(await t.db.bookOrder.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "REFUNDED",
      refundedCents: 2_495,
    });
    expect((await t.db.fundEntry.findMany({ where: { bookOrderId: order.id } })).map((e) => [e.kind, e.amountCents])).toEqual([
      ["BOOK_SALE", net],
      ["BOOK_REFUND", net],
    ]);
    expect(
      fakeStripe()
        .deliveries()
        .filter((d) => d.type === "charge.refunded")
        .at(-1),
    ).toMatchObject({ status: 200 });
    // A buyer can't refund.
    expect(
      (await request(`/admin/books/orders/${order.id}`, { cookie, form: { intent: "refund", amount: "1", reason: "x" } })).status,
    ).toBe(403);
  });

  it("lists orders with their status filter", async () => {
    const book = await bookFactory(t.db);
    await bookOrderFactory(t.db, { bookId: book.id, traits: ["paid"], quantity: 3, buyerName: "Paid Reader" });
    await bookOrderFactory(t.db, { bookId: book.id, quantity: 1, buyerName: "Pending Reader" });
    const organiser = await userFactory(t.db, { traits: ["organizer"] });
    const cookie = await logInAs(organiser.email);
    const all = await pageText(await request("/admin/books", { cookie }));
    expect(all).toContain("Paid Reader");
    expect(all).toContain("Pending Reader");
    const paid = await pageText(await request("/admin/books?status=PAID", { cookie }));
    expect(paid).toContain("Paid Reader");
    expect(paid).not.toContain("Pending Reader");
    expect((await request("/admin/books?status=BOGUS&page=-1", { cookie })).status).toBe(200);
  });
});
