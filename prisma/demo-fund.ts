// The book and the scholarship fund in the demo: the organisers' (fictional) book on sale,
// single and bulk orders over the last six months (one refunded), one imported retailer
// statement with its remembered column map, and donations. Amounts follow the store's own
// pricing and net-proceeds rules (the factories use them); every figure is the same on each
// seed, dated back from the day it runs so the fund's chart has a history.
import type { DbTx } from "~/shared/db.server.ts";
import { bookFactory, bookOrderFactory, fundEntryFactory, royaltyStatementFactory } from "../tests/factories/index.ts";

export const DEMO_BOOK_TITLE = "Social Media in Health Care: A Field Guide";
export const DEMO_BOOK_ISBN = "9798987654323";
export const DEMO_RETAILER = "Meridian Book Distributors";

const DAY = 24 * 3600_000;

// [days ago, copies, buyer]: singles, a few small orders and the bulk orders of clinics and courses.
const ORDERS: [number, number, string][] = [
  [172, 1, "Grace Okonkwo"],
  [165, 60, "Northfield College of Nursing"],
  [151, 2, "Marcus Lee"],
  [138, 1, "Hana Ito"],
  [122, 12, "Riverbend Family Clinic"],
  [109, 1, "Samir Haddad"],
  [96, 3, "Lucia Reyes"],
  [81, 25, "Pinecrest Health communications team"],
  [67, 1, "Emily Larsen"],
  [52, 1, "Omar Castillo"],
  [40, 10, "Bayside Cancer Institute"],
  [26, 2, "Naomi Park"],
  [12, 1, "Daniel Fischer"],
  [5, 1, "Rosa Quintero"],
];

function at(now: Date, daysAgo: number) {
  const d = new Date(now.getTime() - daysAgo * DAY);
  d.setUTCHours(15, 0, 0, 0);
  return d;
}

/** The last full calendar quarter before `now`: the period of the imported statement. */
function lastQuarter(now: Date) {
  const firstMonthOfThis = Math.floor(now.getUTCMonth() / 3) * 3;
  const start = new Date(Date.UTC(now.getUTCFullYear(), firstMonthOfThis - 3, 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), firstMonthOfThis, 0));
  return { start, end };
}

export async function seedDemoFund(db: DbTx, now = new Date()) {
  const account = (email: string) => db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const attendeeId = (await account("attendee@summit.test")).id;
  const organizerId = (await account("organizer@summit.test")).id;
  const book = await bookFactory(db, {
    slug: "social-media-in-health-care",
    title: DEMO_BOOK_TITLE,
    subtitle: "Practical advice for clinicians, communicators, patients and caregivers",
    authors: "Dana Whitfield, Marcus Okafor and Priya Raman",
    description:
      "Written by the faculty of the Center for Social Media in Health Care, this field guide collects ten years of workshops in one place: how hospitals answer patients online, how clinicians share evidence without sharing records, and how patients and caregivers tell their own stories safely.\n\nEach chapter ends with checklists and worked examples from our summits and boot camps.",
    listPriceCents: 2_495,
    unitCostCents: 640,
    shippingBaseCents: 450,
    shippingPerCopyCents: 35,
    maxPerOrder: 500,
  });

  for (const [i, [daysAgo, quantity, buyerName]] of ORDERS.entries()) {
    await bookOrderFactory(db, {
      bookId: book.id,
      quantity,
      traits: ["paid"],
      buyerName,
      shipName: buyerName,
      buyerEmail: `reader${i + 1}@example.org`,
      paidAt: at(now, daysAgo),
      createdAt: at(now, daysAgo),
    });
  }
  // The demo attendee's own order, and one a reader returned.
  await bookOrderFactory(db, {
    bookId: book.id,
    quantity: 2,
    traits: ["paid"],
    buyerId: attendeeId,
    buyerName: "Alex Attendee",
    shipName: "Alex Attendee",
    buyerEmail: "attendee@summit.test",
    paidAt: at(now, 33),
    createdAt: at(now, 33),
  });
  await bookOrderFactory(db, {
    bookId: book.id,
    quantity: 1,
    traits: ["refunded"],
    buyerName: "Keith Novak",
    shipName: "Keith Novak",
    buyerEmail: "reader99@example.org",
    paidAt: at(now, 60),
    createdAt: at(now, 60),
    refundedAt: at(now, 57),
  });

  const { start, end } = lastQuarter(now);
  const within = (fraction: number) =>
    new Date(start.getTime() + Math.floor(((end.getTime() - start.getTime()) * fraction) / DAY) * DAY);
  const statement = await royaltyStatementFactory(db, {
    retailer: DEMO_RETAILER,
    statementRef: `MBD-${start.getUTCFullYear()}-Q${Math.floor(start.getUTCMonth() / 3) + 1}`,
    periodStart: start,
    periodEnd: end,
    importedById: organizerId,
    createdAt: new Date(end.getTime() + 12 * DAY),
    lines: [
      { soldOn: within(0.1), title: DEMO_BOOK_TITLE, isbn: DEMO_BOOK_ISBN, format: "Paperback", copies: 48, netCents: 28_752 },
      { soldOn: within(0.3), title: DEMO_BOOK_TITLE, isbn: DEMO_BOOK_ISBN, format: "Ebook", copies: 95, netCents: 56_905 },
      { soldOn: within(0.5), title: DEMO_BOOK_TITLE, isbn: DEMO_BOOK_ISBN, format: "Paperback", copies: 36, netCents: 21_564 },
      { soldOn: within(0.7), title: DEMO_BOOK_TITLE, isbn: DEMO_BOOK_ISBN, format: "Ebook", copies: 71, netCents: 42_529 },
      { soldOn: within(0.8), title: DEMO_BOOK_TITLE, isbn: DEMO_BOOK_ISBN, format: "Audiobook", copies: 22, netCents: 17_578 },
      { soldOn: within(0.9), title: DEMO_BOOK_TITLE, isbn: DEMO_BOOK_ISBN, format: "Paperback", copies: -2, netCents: -1_198 },
    ],
  });
  // Meridian's columns, remembered from that import: its next statement maps itself.
  await db.statementColumnMap.create({
    data: {
      retailer: DEMO_RETAILER,
      mapping: {
        saleDate: "sale date",
        title: "title",
        isbn: "isbn",
        format: "format",
        copies: "units",
        netRoyalty: "net royalty",
      },
    },
  });

  await fundEntryFactory(db, {
    kind: "DONATION",
    amountCents: 600_000,
    memo: "Donation",
    reason: "Lakeshore Regional Health Foundation: grant for the 2027 summit scholarships",
    createdById: organizerId,
    createdAt: at(now, 90),
  });
  await fundEntryFactory(db, {
    kind: "DONATION",
    amountCents: 75_000,
    memo: "Donation",
    reason: "Boot camp raffle",
    createdById: organizerId,
    createdAt: at(now, 20),
  });
  return { book, statement };
}
