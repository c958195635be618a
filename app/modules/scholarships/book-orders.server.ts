// Book orders: placing one (PENDING), settling its payment (→ PAID, net proceeds into the fund),
// refunds taking proceeds back, and the buyer's and organisers' views. Stripe itself is
// spoken to by app/modules/payments; every state change here is a guarded transition.

import type { BookOrderStatus } from "~/generated/prisma/enums.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { enqueueEmail } from "~/modules/email/outbox.server.ts";
import { renderEmail } from "~/modules/email/templates.server.ts";
import type { MailSettings } from "~/modules/registration/confirmation.server.ts";
import { newOrderReference } from "~/modules/registration/reference.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { formatMoney } from "~/shared/money.ts";
import { pageCount } from "~/shared/pagination.ts";
import { type BookOrderInput, isRecordId, SHIP_COUNTRIES, type ShipCountry } from "./book.schema.ts";
import { priceBookOrder } from "./book-pricing.ts";
import { bookForOrder } from "./books.server.ts";
import { appendFundEntry } from "./fund-ledger.server.ts";
import { estimateFee, type FeeRate, netProceeds, refundDebit } from "./net-proceeds.ts";

/** The configured estimate's defaults (env BOOK_FEE_RATE_BPS / BOOK_FEE_FIXED_CENTS). */
export const DEFAULT_BOOK_FEE: FeeRate = { rateBps: 290, fixedCents: 30 };

export type BookMailSettings = MailSettings & Partial<Pick<Env, "bookFee">>;

/** "BK-7K3F9Q": the registration alphabet (read aloud without confusion), its own prefix. */
export function newBookOrderReference(): string {
  return newOrderReference().replace(/^SM-/, "BK-");
}

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Prices the order on the server (never the form's figures) and records it PENDING, to be paid. */
export async function placeBookOrder(db: Db, { buyerId, form }: { buyerId: string; form: BookOrderInput }) {
  return db.$transaction(async (tx) => {
    const book = await bookForOrder(tx, form.bookId);
    if (form.quantity > book.maxPerOrder)
      throw new RuleViolation(
        `One order can have at most ${book.maxPerOrder} copies; for more, place several orders or write to the organisers.`,
        "quantity",
      );
    const price = priceBookOrder(book, form.quantity);
    const order = await tx.bookOrder.create({
      data: {
        reference: newBookOrderReference(),
        bookId: book.id,
        buyerId,
        buyerName: form.name,
        buyerEmail: form.email,
        quantity: price.quantity,
        currency: book.currency,
        unitPriceCents: price.listPriceCents,
        discountCents: price.discountCents,
        totalCents: price.totalCents,
        unitCostCents: price.unitCostCents,
        shippingCostCents: price.shippingCostCents,
        shipName: form.name,
        shipLine1: form.line1,
        shipLine2: form.line2,
        shipCity: form.city,
        shipRegion: form.region,
        shipPostalCode: form.postalCode,
        shipCountry: form.country,
      },
    });
    await recordAudit(tx, {
      actorId: buyerId,
      action: "book_order.placed",
      subjectType: "BookOrder",
      subjectId: order.id,
      detail: { reference: order.reference, quantity: order.quantity, totalCents: order.totalCents },
    });
    return order;
  });
}

export function shipToLines(order: {
  shipName: string;
  shipLine1: string;
  shipLine2: string;
  shipCity: string;
  shipRegion: string;
  shipPostalCode: string;
  shipCountry: string;
}): string[] {
  const place = [order.shipCity, [order.shipRegion, order.shipPostalCode].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  return [
    order.shipName,
    order.shipLine1,
    order.shipLine2,
    place,
    SHIP_COUNTRIES[order.shipCountry as ShipCountry] ?? order.shipCountry,
  ].filter(Boolean);
}

/** "$21.21 each (15% bulk discount)" from the order's snapshot. */
export function unitPriceLabel(order: { quantity: number; unitPriceCents: number; discountCents: number; currency: string }) {
  const each = order.unitPriceCents - order.discountCents / order.quantity;
  const percent = order.discountCents ? Math.round((order.discountCents / (order.unitPriceCents * order.quantity)) * 100) : 0;
  return `${formatMoney(each, order.currency)} each${percent ? ` (${percent}% bulk discount)` : ""}`;
}

// ---------------------------------------------------------------- settling payments

export type BookSettlement =
  | { outcome: "confirmed"; orderId: string; late: boolean }
  | { outcome: "already-settled"; orderId: string }
  | { outcome: "awaiting-payment"; orderId: string }
  | { outcome: "mismatch"; orderId: string }
  | { outcome: "duplicate"; orderId: string; paymentIntentId: string; amountCents: number; currency: string; book: true }
  | { outcome: "expired"; orderId: string }
  | { outcome: "failed"; orderId: string }
  | { outcome: "ignored"; orderId: string | null };

/** What Stripe says about the payment, as the settling code needs it (no SDK types here). */
export type BookPayment = {
  sessionId: string;
  bookOrderId: string | null;
  paid: boolean;
  amountCents: number | null;
  currency: string | null;
  paymentIntentId: string | null;
  /** Stripe's fee from the charge's balance transaction; null: not known, use the estimate. */
  stripeFeeCents: number | null;
};

/**
 * PENDING (or EXPIRED: a payment arriving after its Checkout window is still a sale; books are
 * not scarce) → PAID, once, and in the same transaction the net proceeds into the fund.
 * A deep discount may leave nothing over: the order keeps its (zero or negative) net proceeds
 * and the fund gets no entry, since the ledger holds money raised, never costs.
 */
export async function settleBookPayment(
  tx: DbTx,
  mail: BookMailSettings,
  payment: BookPayment,
  now = new Date(),
): Promise<BookSettlement> {
  const order = payment.bookOrderId
    ? await tx.bookOrder.findUnique({ where: { id: payment.bookOrderId }, include: { book: { select: { title: true } } } })
    : null;
  if (!order) return { outcome: "ignored", orderId: payment.bookOrderId };
  if (!payment.paid) return { outcome: "awaiting-payment", orderId: order.id };
  if (payment.amountCents !== order.totalCents || payment.currency?.toLowerCase() !== order.currency.toLowerCase()) {
    await recordAudit(tx, {
      actorId: null,
      action: "book_order.payment_mismatch",
      subjectType: "BookOrder",
      subjectId: order.id,
      detail: {
        session: payment.sessionId,
        paymentIntent: payment.paymentIntentId,
        paid: payment.amountCents,
        paidCurrency: payment.currency,
        expected: order.totalCents,
        currency: order.currency,
      },
    });
    console.error(`[book] ${payment.sessionId} paid ${payment.amountCents}; book order ${order.id} costs ${order.totalCents}`);
    return { outcome: "mismatch", orderId: order.id };
  }
  if (order.status === "PAID" || order.status === "REFUNDED") {
    if (payment.paymentIntentId && order.stripePaymentIntentId && payment.paymentIntentId !== order.stripePaymentIntentId)
      return {
        outcome: "duplicate",
        orderId: order.id,
        paymentIntentId: payment.paymentIntentId,
        amountCents: payment.amountCents,
        currency: order.currency,
        book: true,
      };
    return { outcome: "already-settled", orderId: order.id };
  }

  const feeCents = payment.stripeFeeCents ?? estimateFee(order.totalCents, mail.bookFee ?? DEFAULT_BOOK_FEE);
  const proceeds = netProceeds({ ...order, feeCents });
  const moved = await tx.bookOrder.updateMany({
    where: { id: order.id, status: { in: ["PENDING", "EXPIRED"] } },
    data: {
      status: "PAID",
      paidAt: now,
      stripeCheckoutSessionId: payment.sessionId,
      stripePaymentIntentId: payment.paymentIntentId,
      feeCents,
      feeEstimated: payment.stripeFeeCents === null,
      netProceedsCents: proceeds.netProceedsCents,
    },
  });
  if (moved.count !== 1) return { outcome: "already-settled", orderId: order.id };
  if (proceeds.creditedCents > 0)
    await appendFundEntry(tx, {
      kind: "BOOK_SALE",
      amountCents: proceeds.creditedCents,
      memo: `Order ${order.reference}: ${plural(order.quantity, "copy", "copies")}`,
      bookOrderId: order.id,
    });
  await recordAudit(tx, {
    actorId: null,
    action: "book_order.paid",
    subjectType: "BookOrder",
    subjectId: order.id,
    detail: {
      reference: order.reference,
      totalCents: order.totalCents,
      feeCents,
      feeEstimated: payment.stripeFeeCents === null,
      netProceedsCents: proceeds.netProceedsCents,
      late: order.status === "EXPIRED",
    },
  });
  const rendered = await renderEmail("book-order-confirmation", {
    buyerName: order.buyerName,
    bookTitle: order.book.title,
    reference: order.reference,
    quantity: order.quantity,
    priceLabel: unitPriceLabel(order),
    totalLabel: formatMoney(order.totalCents, order.currency),
    shipTo: shipToLines(order),
    orderUrl: `${mail.appUrl}/book/orders/${order.id}`,
    fundUrl: `${mail.appUrl}/fund`,
  });
  await enqueueEmail(tx, { ...rendered, to: order.buyerEmail, from: mail.mailFrom });
  return { outcome: "confirmed", orderId: order.id, late: order.status === "EXPIRED" };
}

/** The order's current Checkout Session closed unpaid (or its delayed payment failed): PENDING → EXPIRED. */
export async function expireBookOrder(
  tx: DbTx,
  { bookOrderId, sessionId, failed }: { bookOrderId: string | null; sessionId: string; failed: boolean },
): Promise<BookSettlement> {
  if (!bookOrderId) return { outcome: "ignored", orderId: null };
  const moved = await tx.bookOrder.updateMany({
    where: { id: bookOrderId, status: "PENDING", stripeCheckoutSessionId: sessionId },
    data: { status: "EXPIRED" },
  });
  if (moved.count !== 1) return { outcome: "already-settled", orderId: bookOrderId };
  if (failed)
    await recordAudit(tx, {
      actorId: null,
      action: "book_order.payment_failed",
      subjectType: "BookOrder",
      subjectId: bookOrderId,
      detail: { session: sessionId },
    });
  return { outcome: failed ? "failed" : "expired", orderId: bookOrderId };
}

// ---------------------------------------------------------------- refunds

/** Locks the order's row: refunds and Stripe's refund webhooks of one order queue here. */
export async function lockBookOrder(tx: DbTx, bookOrderId: string) {
  if (!isRecordId(bookOrderId)) throw new NotFoundError("We couldn't find that book order.");
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "BookOrder" WHERE "id" = ${bookOrderId} FOR UPDATE`;
  if (rows.length === 0) throw new NotFoundError("We couldn't find that book order.");
  return tx.bookOrder.findUniqueOrThrow({ where: { id: bookOrderId }, include: { book: { select: { title: true } } } });
}

type LockedBookOrder = Awaited<ReturnType<typeof lockBookOrder>>;

/** Why the order can't be refunded by `amountCents`, if it can't. */
export function bookRefundProblem(order: LockedBookOrder, amountCents: number): string | null {
  if (order.status === "REFUNDED") return `Order ${order.reference} has been refunded in full already.`;
  if (order.status !== "PAID")
    return `Only a paid order can be refunded; order ${order.reference} is ${order.status.toLowerCase()}.`;
  if (!order.stripePaymentIntentId) return "This order has no card payment on record, so it can't be refunded through Stripe.";
  const left = order.totalCents - order.refundedCents;
  if (amountCents > left)
    return `At most ${formatMoney(left, order.currency)} can still be refunded on order ${order.reference}.`;
  return null;
}

/** What a refund of `amountCents` takes back from the fund (the proportional share of what the sale credited). */
export function bookRefundDebit(order: LockedBookOrder, amountCents: number): number {
  return refundDebit({
    creditedCents: Math.max(0, order.netProceedsCents ?? 0),
    totalCents: order.totalCents,
    refundedBeforeCents: order.refundedCents,
    refundCents: amountCents,
  });
}

/**
 * Records money Stripe has refunded on a locked order: the order's refunded total (REFUNDED
 * once all of it), the fund's BOOK_REFUND entry, the audit and the buyer's email.
 */
export async function recordBookRefund(
  tx: DbTx,
  /** Null: the buyer is not emailed (Stripe told them about a refund made outside Summit). */
  mail: MailSettings | null,
  order: LockedBookOrder,
  {
    amountCents,
    stripeRefundId,
    reason,
    requestedById,
    now = new Date(),
  }: { amountCents: number; stripeRefundId: string | null; reason: string; requestedById: string | null; now?: Date },
) {
  const debitCents = bookRefundDebit(order, amountCents);
  const refundedCents = order.refundedCents + amountCents;
  const status: "PAID" | "REFUNDED" = refundedCents >= order.totalCents ? "REFUNDED" : "PAID";
  await tx.bookOrder.update({ where: { id: order.id }, data: { refundedCents, status, updatedAt: now } });
  if (debitCents > 0)
    await appendFundEntry(tx, {
      kind: "BOOK_REFUND",
      amountCents: debitCents,
      memo: `Order ${order.reference}: ${formatMoney(amountCents, order.currency)} refunded${stripeRefundId ? ` (${stripeRefundId})` : ""}`,
      reason,
      bookOrderId: order.id,
      createdById: requestedById,
    });
  await recordAudit(tx, {
    actorId: requestedById,
    action: "book_order.refund",
    subjectType: "BookOrder",
    subjectId: order.id,
    detail: { reference: order.reference, amountCents, debitCents, stripeRefundId, reason },
  });
  if (mail) {
    const rendered = await renderEmail("book-order-refunded", {
      buyerName: order.buyerName,
      bookTitle: order.book.title,
      reference: order.reference,
      amountLabel: formatMoney(amountCents, order.currency),
      full: status === "REFUNDED",
      orderUrl: `${mail.appUrl}/book/orders/${order.id}`,
    });
    await enqueueEmail(tx, { ...rendered, to: order.buyerEmail, from: mail.mailFrom });
  }
  return { debitCents, status };
}

/**
 * charge.refunded for a book order: money Stripe refunded beyond what the order records (a
 * refund made in the Stripe Dashboard, or one whose recording was lost to a crash) is
 * recorded now, with its share of the proceeds taken back.
 */
export async function recordBookChargeRefund(
  tx: DbTx,
  { paymentIntentId, amountRefundedCents, chargeId }: { paymentIntentId: string; amountRefundedCents: number; chargeId: string },
): Promise<number> {
  const found = await tx.bookOrder.findUnique({ where: { stripePaymentIntentId: paymentIntentId }, select: { id: true } });
  if (!found) return 0;
  const order = await lockBookOrder(tx, found.id);
  const outside = Math.min(amountRefundedCents, order.totalCents) - order.refundedCents;
  if (outside <= 0 || (order.status !== "PAID" && order.status !== "REFUNDED")) return 0;
  await recordBookRefund(tx, null, order, {
    amountCents: outside,
    stripeRefundId: null,
    reason: `Refunded outside Summit (Stripe Dashboard, charge ${chargeId}).`,
    requestedById: null,
  });
  return outside;
}

/**
 * refund.updated saying one of our book refunds failed after Stripe accepted it: the money
 * stays with us, so the order's refunded total goes back down and the proceeds it took are
 * credited back (the ledger is append-only: a new entry, never an edit). Once per refund.
 */
export async function recordFailedBookRefund(
  tx: DbTx,
  { bookOrderId, stripeRefundId, amountCents }: { bookOrderId: string; stripeRefundId: string; amountCents: number },
): Promise<boolean> {
  const order = await lockBookOrder(tx, bookOrderId).catch((error) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });
  if (!order) return false;
  const seen = await tx.auditLog.findFirst({
    where: {
      action: "book_order.refund_failed",
      subjectId: order.id,
      detail: { path: ["stripeRefundId"], equals: stripeRefundId },
    },
    select: { id: true },
  });
  if (seen) return false;
  const debit = await tx.fundEntry.findFirst({
    where: { bookOrderId, kind: "BOOK_REFUND", memo: { contains: `(${stripeRefundId})` } },
    select: { amountCents: true },
  });
  const refundedCents = Math.max(0, order.refundedCents - amountCents);
  await tx.bookOrder.update({ where: { id: order.id }, data: { refundedCents, status: "PAID" } });
  if (debit)
    await appendFundEntry(tx, {
      kind: "BOOK_SALE",
      amountCents: debit.amountCents,
      memo: `Order ${order.reference}: refund ${stripeRefundId} failed at Stripe, proceeds credited back`,
      bookOrderId: order.id,
    });
  await recordAudit(tx, {
    actorId: null,
    action: "book_order.refund_failed",
    subjectType: "BookOrder",
    subjectId: order.id,
    detail: { reference: order.reference, stripeRefundId, amountCents, creditedBackCents: debit?.amountCents ?? 0 },
  });
  return true;
}

// ---------------------------------------------------------------- views

const ORDER_VIEW = {
  book: { select: { id: true, title: true, authors: true } },
  fundEntries: { orderBy: { createdAt: "asc" as const }, include: { createdBy: { select: { name: true } } } },
} as const;

/** The buyer's own order; anyone else's (or an unknown id) is NotFound. */
export async function getBuyerBookOrder(db: Db, bookOrderId: string, buyerId: string) {
  if (!isRecordId(bookOrderId)) throw new NotFoundError("We couldn't find that order.");
  const order = await db.bookOrder.findUnique({ where: { id: bookOrderId }, include: { book: ORDER_VIEW.book } });
  if (!order || order.buyerId !== buyerId) throw new NotFoundError("We couldn't find that order.");
  return { ...order, shipTo: shipToLines(order), priceLabel: unitPriceLabel(order) };
}

export const BOOK_ORDERS_PAGE_SIZE = 50;

export async function listBookOrders(db: Db, { page, status }: { page: number; status?: BookOrderStatus }) {
  const where = status ? { status } : {};
  const [orders, total, sums] = await Promise.all([
    db.bookOrder.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * BOOK_ORDERS_PAGE_SIZE,
      take: BOOK_ORDERS_PAGE_SIZE,
      select: {
        id: true,
        reference: true,
        buyerName: true,
        quantity: true,
        totalCents: true,
        refundedCents: true,
        netProceedsCents: true,
        currency: true,
        status: true,
        createdAt: true,
        paidAt: true,
      },
    }),
    db.bookOrder.count({ where }),
    db.bookOrder.aggregate({
      where: { status: { in: ["PAID", "REFUNDED"] } },
      _sum: { totalCents: true, refundedCents: true, netProceedsCents: true },
      _count: true,
    }),
  ]);
  return {
    orders,
    total,
    pageCount: pageCount(total, BOOK_ORDERS_PAGE_SIZE),
    paid: {
      orders: sums._count,
      grossCents: sums._sum.totalCents ?? 0,
      refundedCents: sums._sum.refundedCents ?? 0,
    },
  };
}

/** An order for the organisers: buyer, costs, fee, net proceeds and its fund entries. */
export async function getBookOrderForAdmin(db: Db, bookOrderId: string) {
  if (!isRecordId(bookOrderId)) throw new NotFoundError("We couldn't find that book order.");
  const order = await db.bookOrder.findUnique({ where: { id: bookOrderId }, include: ORDER_VIEW });
  if (!order) throw new NotFoundError("We couldn't find that book order.");
  const proceeds =
    order.feeCents === null
      ? null
      : netProceeds({
          totalCents: order.totalCents,
          quantity: order.quantity,
          unitCostCents: order.unitCostCents,
          shippingCostCents: order.shippingCostCents,
          feeCents: order.feeCents,
        });
  const fundNetCents = order.fundEntries.reduce(
    (sum, e) => sum + (e.kind === "BOOK_REFUND" ? -e.amountCents : e.kind === "BOOK_SALE" ? e.amountCents : 0),
    0,
  );
  return { ...order, shipTo: shipToLines(order), priceLabel: unitPriceLabel(order), proceeds, fundNetCents };
}
