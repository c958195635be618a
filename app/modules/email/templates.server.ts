import { createElement, type FunctionComponent } from "react";
import type { AgendaChangesProps } from "../../../emails/agenda-changes.email.tsx";
import type { ApplicationDeclinedProps } from "../../../emails/application-declined.email.tsx";
import type { ApplicationWaitlistedProps } from "../../../emails/application-waitlisted.email.tsx";
import type { AwardLapsedProps } from "../../../emails/award-lapsed.email.tsx";
import type { AwardOfferedProps } from "../../../emails/award-offered.email.tsx";
import type { AwardRegisteredProps } from "../../../emails/award-registered.email.tsx";
import type { AwardReminderProps } from "../../../emails/award-reminder.email.tsx";
import type { BookOrderConfirmationProps } from "../../../emails/book-order-confirmation.email.tsx";
import type { BookOrderRefundedProps } from "../../../emails/book-order-refunded.email.tsx";
import type { CaregiverInvitationProps } from "../../../emails/caregiver-invitation.email.tsx";
import type { LatePaymentRefundedProps } from "../../../emails/late-payment-refunded.email.tsx";
import type { OrderConfirmationProps } from "../../../emails/order-confirmation.email.tsx";
import type { OrderRefundedProps } from "../../../emails/order-refunded.email.tsx";
import type { PaymentFailedProps } from "../../../emails/payment-failed.email.tsx";
import type { ResetPasswordProps } from "../../../emails/reset-password.email.tsx";
import type { TicketTransferredProps } from "../../../emails/ticket-transferred.email.tsx";
import type { VerifyEmailProps } from "../../../emails/verify-email.email.tsx";
import type { WaitlistOfferProps } from "../../../emails/waitlist-offer.email.tsx";

type TemplateModule<P> = { default: FunctionComponent<P>; subject: (props: P) => string };

/**
 * Every email Summit sends, by name. Adding a template means adding a line here.
 * Loaded on first use: React Email costs about half a second of start-up otherwise.
 */
const templates: { [K in keyof TemplateProps]: () => Promise<TemplateModule<TemplateProps[K]>> } = {
  "verify-email": () => import("../../../emails/verify-email.email.tsx"),
  "reset-password": () => import("../../../emails/reset-password.email.tsx"),
  "agenda-changes": () => import("../../../emails/agenda-changes.email.tsx"),
  "order-confirmation": () => import("../../../emails/order-confirmation.email.tsx"),
  "waitlist-offer": () => import("../../../emails/waitlist-offer.email.tsx"),
  "order-refunded": () => import("../../../emails/order-refunded.email.tsx"),
  "late-payment-refunded": () => import("../../../emails/late-payment-refunded.email.tsx"),
  "payment-failed": () => import("../../../emails/payment-failed.email.tsx"),
  "ticket-transferred": () => import("../../../emails/ticket-transferred.email.tsx"),
  "caregiver-invitation": () => import("../../../emails/caregiver-invitation.email.tsx"),
  "book-order-confirmation": () => import("../../../emails/book-order-confirmation.email.tsx"),
  "book-order-refunded": () => import("../../../emails/book-order-refunded.email.tsx"),
  "award-offered": () => import("../../../emails/award-offered.email.tsx"),
  "award-reminder": () => import("../../../emails/award-reminder.email.tsx"),
  "award-lapsed": () => import("../../../emails/award-lapsed.email.tsx"),
  "award-registered": () => import("../../../emails/award-registered.email.tsx"),
  "application-waitlisted": () => import("../../../emails/application-waitlisted.email.tsx"),
  "application-declined": () => import("../../../emails/application-declined.email.tsx"),
};

export type TemplateProps = {
  "verify-email": VerifyEmailProps;
  "reset-password": ResetPasswordProps;
  "agenda-changes": AgendaChangesProps;
  "order-confirmation": OrderConfirmationProps;
  "waitlist-offer": WaitlistOfferProps;
  "order-refunded": OrderRefundedProps;
  "late-payment-refunded": LatePaymentRefundedProps;
  "payment-failed": PaymentFailedProps;
  "ticket-transferred": TicketTransferredProps;
  "caregiver-invitation": CaregiverInvitationProps;
  "book-order-confirmation": BookOrderConfirmationProps;
  "book-order-refunded": BookOrderRefundedProps;
  "award-offered": AwardOfferedProps;
  "award-reminder": AwardReminderProps;
  "award-lapsed": AwardLapsedProps;
  "award-registered": AwardRegisteredProps;
  "application-waitlisted": ApplicationWaitlistedProps;
  "application-declined": ApplicationDeclinedProps;
};
export type TemplateName = keyof TemplateProps;

export type RenderedEmail = { template: TemplateName; subject: string; html: string; text: string };

/**
 * React 18's streaming renderer flushes a whole 2 KB buffer when a multi-byte character
 * does not fit its last bytes, so the output can carry NUL padding (the Preview's
 * invisible filler triggers it, depending on the text's length). The padding stands for
 * no character, and PostgreSQL refuses NUL in text columns.
 */
function withoutNul(value: string): string {
  return value.replaceAll("\u0000", "");
}

export async function renderEmail<T extends TemplateName>(template: T, props: TemplateProps[T]): Promise<RenderedEmail> {
  const [{ render }, module] = await Promise.all([import("@react-email/components"), templates[template]()]);
  const { default: component, subject } = module as TemplateModule<TemplateProps[T]>;
  const element = createElement(component, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { template, subject: subject(props), html: withoutNul(html), text: withoutNul(text) };
}
