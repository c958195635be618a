// What organisers do with one order: read it whole, resend its confirmation, refund it, and
// register someone free of charge (a complimentary order).
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { issueRefund, type RefundResult } from "~/modules/payments/refunds.server.ts";
import type { Db } from "~/shared/db.server.ts";
import type { Env } from "~/shared/env.server.ts";
import { NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { enqueueOrderConfirmation, type MailSettings } from "./confirmation.server.ts";
import type { RefundInput } from "./order-admin.schema.ts";
import { placeOrder } from "./orders.server.ts";
import type { AttendeeForm } from "./registration.schema.ts";

/** The order with its seats, refunds and history; another event's order is not found. */
export async function getOrderForAdmin(db: Db, eventId: string, orderId: string) {
  const order = await db.order.findFirst({
    where: { id: orderId, eventId },
    include: {
      event: { select: { id: true, name: true, timeZone: true } },
      promoCode: { select: { code: true } },
      registrations: {
        orderBy: { createdAt: "asc" },
        include: { ticketType: { select: { name: true } } },
      },
      refunds: { orderBy: { createdAt: "desc" }, include: { requestedBy: { select: { name: true } } } },
    },
  });
  if (!order) throw new NotFoundError("That order doesn't exist for this event.");
  const subjects = [order.id, ...order.registrations.map((r) => r.id)];
  const [history, emails] = await Promise.all([
    db.auditLog.findMany({
      where: { subjectId: { in: subjects } },
      orderBy: { createdAt: "desc" },
      take: 100,
      include: { actor: { select: { name: true } } },
    }),
    db.emailOutbox.findMany({
      where: { toAddress: order.buyerEmail, template: { in: ["order-confirmation", "order-refunded"] } },
      orderBy: { createdAt: "desc" },
      take: 20,
      select: { id: true, template: true, subject: true, status: true, createdAt: true },
    }),
  ]);
  const refundableCents = order.status === "PAID" ? order.totalCents - order.refundedCents : 0;
  return { order, history, emails, refundableCents };
}

async function orderOfEvent(db: Db, eventId: string, orderId: string) {
  const order = await db.order.findFirst({
    where: { id: orderId, eventId },
    select: { id: true, status: true, reference: true, buyerEmail: true },
  });
  if (!order) throw new NotFoundError("That order doesn't exist for this event.");
  return order;
}

/** Queues the confirmation email again (lost, filtered as spam, a new address typed). */
export async function resendConfirmation(db: Db, mail: MailSettings, actorId: string, eventId: string, orderId: string) {
  const order = await orderOfEvent(db, eventId, orderId);
  if (order.status !== "PAID")
    throw new RuleViolation(
      `Only a paid order has a confirmation to resend; ${order.reference} is ${order.status.toLowerCase()}.`,
    );
  await db.$transaction(async (tx) => {
    await enqueueOrderConfirmation(tx, mail, order.id);
    await recordAudit(tx, {
      actorId,
      action: "order.confirmation_resent",
      subjectType: "Order",
      subjectId: order.id,
      detail: { reference: order.reference, to: order.buyerEmail },
    });
  });
  return order;
}

/** The refund fields' names in the form, by the names issueRefund reports problems under. */
const REFUND_FIELDS: Record<string, string> = { amountCents: "amount", registrationIds: "registrationIds" };

/** A full or partial refund of one of this event's orders, through Stripe (payments/refunds.server.ts). */
export async function refundOrder(
  db: Db,
  env: MailSettings & Pick<Env, "stripe">,
  actorId: string,
  eventId: string,
  orderId: string,
  input: RefundInput,
): Promise<RefundResult & { reference: string }> {
  const order = await orderOfEvent(db, eventId, orderId);
  try {
    const result = await issueRefund(db, env, {
      orderId: order.id,
      registrationIds: input.registrationIds,
      amountCents: input.amount,
      reason: input.reason,
      requestedById: actorId,
      cancelSeats: input.cancelSeats,
    });
    return { ...result, reference: order.reference };
  } catch (error) {
    if (error instanceof RuleViolation && error.field && error.field in REFUND_FIELDS)
      throw new RuleViolation(error.message, REFUND_FIELDS[error.field]);
    throw error;
  }
}

/**
 * Registers one person free of charge: a COMPLIMENTARY order, confirmed at once (placeOrder
 * sends the confirmation email and audits it). The attendee is the buyer, so the order and
 * receipt are theirs. Ticket visibility and sales windows don't apply; capacity does.
 */
export async function registerComplimentary(
  db: Db,
  mail: MailSettings,
  actorId: string,
  eventId: string,
  attendee: AttendeeForm,
) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true } });
  if (!event) throw new NotFoundError("That event doesn't exist.");
  const account = await db.user.findUnique({ where: { email: attendee.email.toLowerCase() }, select: { id: true } });
  try {
    return await placeOrder(db, mail, {
      eventId,
      buyer: { id: account?.id ?? null, name: attendee.name, email: attendee.email },
      attendees: [attendee],
      source: "COMPLIMENTARY",
      actorId,
    });
  } catch (error) {
    // placeOrder names fields of a multi-attendee form ("attendees[0].email", "tickets"); this form has one attendee.
    if (error instanceof RuleViolation && error.field) {
      const field = error.field === "tickets" ? "ticketTypeId" : error.field.replace(/^attendees\[0\]\./, "");
      throw new RuleViolation(error.message, field);
    }
    throw error;
  }
}

/** What the complimentary form offers: every ticket type not archived (hidden ones too), seats left, the event's questions. */
export async function complimentaryChoices(db: Db, eventId: string) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, name: true } });
  if (!event) throw new NotFoundError("That event doesn't exist.");
  const [ticketTypes, questions] = await Promise.all([
    db.ticketType.findMany({
      where: { eventId, archived: false },
      orderBy: [{ position: "asc" }, { name: "asc" }],
      select: { id: true, name: true, capacity: true, taken: true },
    }),
    db.registrationQuestion.findMany({
      where: { eventId },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true, label: true, help: true, kind: true, options: true, required: true },
    }),
  ]);
  return {
    event,
    ticketTypes: ticketTypes.map((t) => ({ id: t.id, name: t.name, remaining: Math.max(0, t.capacity - t.taken) })),
    questions,
  };
}
