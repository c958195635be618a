// A small fake Stripe: the part of Stripe's HTTP API Summit calls, its hosted Checkout page
// and signed webhooks. The real `stripe` SDK talks to it (host/port/protocol), so the app's
// payment code is the real code; only the network edge is a stand-in, like the SMTP catcher.
//
// Tests drive it directly too: pay a session, hold webhooks and deliver them shuffled or
// twice, make a refund fail, read what was sent.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { FormError, type FormObject, type FormValue, parseStripeForm } from "./form.ts";
import { type CardForm, checkoutPage, closedPage, notFoundPage } from "./page.ts";

export type FakeStripeOptions = {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  secretKey?: string;
  webhookSecret?: string;
  /** Where signed webhooks go, e.g. http://127.0.0.1:3000/webhooks/stripe; settable later. */
  webhookUrl?: string;
  /** Shown on the hosted page. */
  merchantName?: string;
  /** Keeps sessions, payments and refunds across restarts (npm start's local default). */
  stateFile?: string;
  /** Logs deliveries to the console. */
  log?: boolean;
};

export type FakeLineItem = { name: string; description: string | null; unitAmount: number; quantity: number };

export type FakeSession = {
  id: string;
  merchantName: string;
  status: "open" | "complete" | "expired";
  paymentStatus: "unpaid" | "paid";
  amountSubtotal: number;
  amountTotal: number;
  currency: string;
  lineItems: FakeLineItem[];
  metadata: Record<string, string>;
  paymentIntentMetadata: Record<string, string>;
  clientReferenceId: string | null;
  customerEmail: string | null;
  successUrl: string;
  cancelUrl: string | null;
  expiresAt: number;
  created: number;
  paymentIntentId: string | null;
};

export type FakePaymentIntent = {
  id: string;
  amount: number;
  currency: string;
  status: "processing" | "succeeded" | "requires_payment_method";
  chargeId: string | null;
  /** The charge's balance transaction (its fee and net); null until the money settles. */
  balanceTransactionId?: string | null;
  amountRefunded: number;
  metadata: Record<string, string>;
  created: number;
};

export type FakeRefund = {
  id: string;
  amount: number;
  currency: string;
  chargeId: string;
  paymentIntentId: string;
  status: "pending" | "succeeded" | "failed";
  reason: string | null;
  metadata: Record<string, string>;
  created: number;
};

export type FakeBalanceTransaction = {
  id: string;
  amount: number;
  currency: string;
  fee: number;
  source: string;
  created: number;
};

export type FakeEvent = { id: string; type: string; created: number; data: { object: Record<string, unknown> } };
export type Delivery = { eventId: string; type: string; status: number | null; error?: string; at: Date };
export type PayResult = { ok: true; session: FakeSession } | { ok: false; message: string; code: string };

type State = {
  sessions: Record<string, FakeSession>;
  paymentIntents: Record<string, FakePaymentIntent>;
  refunds: Record<string, FakeRefund>;
  /** Absent from state files written before balance transactions were modelled. */
  balanceTransactions?: Record<string, FakeBalanceTransaction>;
};

export const TEST_CARDS = {
  visa: "4242424242424242",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
} as const;

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { type?: string; code?: string; param?: string; decline_code?: string } = {},
  ) {
    super(message);
  }
  body() {
    return { error: { message: this.message, type: this.extra.type ?? "invalid_request_error", ...this.extra } };
  }
}

/** Stripe's standard US card pricing, which the fake charges on every payment: 2.9 % + 30¢. */
export const FAKE_STRIPE_FEE = { rateBps: 290, fixedCents: 30 } as const;

export function fakeStripeFee(amount: number): number {
  return Math.round((amount * FAKE_STRIPE_FEE.rateBps) / 10_000) + FAKE_STRIPE_FEE.fixedCents;
}

const now = () => Math.floor(Date.now() / 1000);
const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString("base64url").replace(/[-_]/g, "x")}`;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// ---------------------------------------------------------------- parameter checks, as Stripe words them

function str(params: FormObject, name: string, { required = false, max = 5000 } = {}): string | undefined {
  const value = params[name];
  if (value === undefined || value === "") {
    if (required) throw new StripeApiError(400, `Missing required param: ${name}.`, { code: "parameter_missing", param: name });
    return undefined;
  }
  if (typeof value !== "string")
    throw new StripeApiError(400, `Invalid string: ${name}`, { code: "parameter_invalid", param: name });
  if (value.length > max)
    throw new StripeApiError(400, `Invalid string: ${name}; must be at most ${max} characters`, {
      code: "parameter_invalid_string_too_long",
      param: name,
    });
  return value;
}

function int(value: FormValue | undefined, param: string, { min = 0 } = {}): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string" || !/^-?\d+$/.test(value))
    throw new StripeApiError(400, `Invalid integer: ${typeof value === "string" ? value : param}`, {
      code: "parameter_invalid_integer",
      param,
    });
  const n = Number(value);
  if (n < min)
    throw new StripeApiError(400, `This value must be greater than or equal to ${min}.`, {
      code: "parameter_invalid_integer",
      param,
    });
  return n;
}

function metadata(value: FormValue | undefined, param = "metadata"): Record<string, string> {
  if (value === undefined || value === "") return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw new StripeApiError(400, `Invalid object: ${param}`, { code: "parameter_invalid", param });
  const entries = Object.entries(value);
  if (entries.length > 50) throw new StripeApiError(400, "Metadata can have at most 50 keys.", { param });
  for (const [key, v] of entries) {
    if (typeof v !== "string") throw new StripeApiError(400, `Invalid string: ${param}[${key}]`, { param: `${param}[${key}]` });
    if (key.length > 40)
      throw new StripeApiError(400, "Metadata keys can be at most 40 characters.", { param: `${param}[${key}]` });
    if (v.length > 500)
      throw new StripeApiError(400, "Metadata values can be at most 500 characters.", { param: `${param}[${key}]` });
  }
  return value as Record<string, string>;
}

function refuseUnknown(params: FormObject, known: string[]) {
  for (const key of Object.keys(params)) {
    if (!known.includes(key))
      throw new StripeApiError(400, `Received unknown parameter: ${key}`, { code: "parameter_unknown", param: key });
  }
}

function url(value: string | undefined, param: string) {
  if (value === undefined) return;
  try {
    const parsed = new URL(value);
    if (!/^https?:$/.test(parsed.protocol)) throw new Error();
  } catch {
    throw new StripeApiError(400, `Not a valid URL`, { code: "url_invalid", param });
  }
}

// ---------------------------------------------------------------- the fake

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;

export async function startFakeStripe(options: FakeStripeOptions = {}) {
  const host = options.host ?? "127.0.0.1";
  const secretKey = options.secretKey ?? `sk_test_fake${randomBytes(12).toString("hex")}`;
  const webhookSecret = options.webhookSecret ?? `whsec_fake${randomBytes(16).toString("hex")}`;
  const merchantName = options.merchantName ?? "Summit";
  const signer = new Stripe(secretKey);
  let webhookUrl = options.webhookUrl;

  const state: State =
    options.stateFile && existsSync(options.stateFile)
      ? JSON.parse(readFileSync(options.stateFile, "utf8"))
      : { sessions: {}, paymentIntents: {}, refunds: {} };
  const save = () => {
    if (options.stateFile) writeFileSync(options.stateFile, JSON.stringify(state));
  };

  const events: FakeEvent[] = [];
  const deliveries: Delivery[] = [];
  const idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  let holding = false;
  const held: FakeEvent[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let refundsStayPending = false;
  let balanceTransactionsWithheld = false;
  state.balanceTransactions ??= {};
  const balanceTransactions = state.balanceTransactions;

  // ---- Stripe-shaped objects

  function sessionObject(s: FakeSession) {
    return {
      id: s.id,
      object: "checkout.session",
      amount_subtotal: s.amountSubtotal,
      amount_total: s.amountTotal,
      cancel_url: s.cancelUrl,
      client_reference_id: s.clientReferenceId,
      created: s.created,
      currency: s.currency,
      customer_details: s.status === "complete" ? { email: s.customerEmail } : null,
      customer_email: s.customerEmail,
      expires_at: s.expiresAt,
      livemode: false,
      metadata: s.metadata,
      mode: "payment",
      payment_intent: s.paymentIntentId,
      payment_status: s.paymentStatus,
      status: s.status,
      success_url: s.successUrl,
      total_details: { amount_discount: s.amountSubtotal - s.amountTotal, amount_shipping: 0, amount_tax: 0 },
      url: s.status === "open" ? `${baseUrl}/checkout/${s.id}` : null,
    };
  }

  function paymentIntentObject(pi: FakePaymentIntent, expand: (path: string) => boolean = () => false) {
    return {
      id: pi.id,
      object: "payment_intent",
      amount: pi.amount,
      amount_received: pi.status === "succeeded" ? pi.amount : 0,
      currency: pi.currency,
      created: pi.created,
      latest_charge:
        pi.chargeId && expand("latest_charge") ? chargeObject(pi, (path) => expand(`latest_charge.${path}`)) : pi.chargeId,
      livemode: false,
      metadata: pi.metadata,
      status: pi.status,
    };
  }

  function balanceTransactionObject(bt: FakeBalanceTransaction) {
    return {
      id: bt.id,
      object: "balance_transaction",
      amount: bt.amount,
      available_on: bt.created + 2 * 24 * 3600,
      created: bt.created,
      currency: bt.currency,
      description: null,
      fee: bt.fee,
      fee_details: [
        { amount: bt.fee, application: null, currency: bt.currency, description: "Stripe processing fees", type: "stripe_fee" },
      ],
      net: bt.amount - bt.fee,
      reporting_category: "charge",
      source: bt.source,
      status: "pending",
      type: "charge",
    };
  }

  /** A charge's money reaching the balance: amount, Stripe's fee and what is left. */
  function settleCharge(pi: FakePaymentIntent) {
    if (!pi.chargeId || balanceTransactionsWithheld) {
      pi.balanceTransactionId = null;
      return;
    }
    const bt: FakeBalanceTransaction = {
      id: newId("txn"),
      amount: pi.amount,
      currency: pi.currency,
      fee: fakeStripeFee(pi.amount),
      source: pi.chargeId,
      created: now(),
    };
    balanceTransactions[bt.id] = bt;
    pi.balanceTransactionId = bt.id;
  }

  function chargeObject(pi: FakePaymentIntent, expand: (path: string) => boolean = () => false) {
    const bt = pi.balanceTransactionId ? balanceTransactions[pi.balanceTransactionId] : undefined;
    return {
      id: pi.chargeId,
      object: "charge",
      amount: pi.amount,
      amount_captured: pi.amount,
      amount_refunded: pi.amountRefunded,
      balance_transaction: bt ? (expand("balance_transaction") ? balanceTransactionObject(bt) : bt.id) : null,
      captured: true,
      created: pi.created,
      currency: pi.currency,
      livemode: false,
      metadata: pi.metadata,
      paid: true,
      payment_intent: pi.id,
      refunded: pi.amountRefunded >= pi.amount,
      status: "succeeded",
    };
  }

  function refundObject(r: FakeRefund) {
    return {
      id: r.id,
      object: "refund",
      amount: r.amount,
      charge: r.chargeId,
      created: r.created,
      currency: r.currency,
      metadata: r.metadata,
      payment_intent: r.paymentIntentId,
      reason: r.reason,
      status: r.status,
    };
  }

  // ---- webhooks

  async function deliver(event: FakeEvent): Promise<number | null> {
    if (!webhookUrl) {
      deliveries.push({ eventId: event.id, type: event.type, status: null, error: "no webhook URL", at: new Date() });
      return null;
    }
    const payload = JSON.stringify({
      ...event,
      object: "event",
      api_version: "2026-10-28.endive",
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
    const signature = signer.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
    try {
      const response = await fetch(webhookUrl, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Stripe-Signature": signature,
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      deliveries.push({ eventId: event.id, type: event.type, status: response.status, at: new Date() });
      if (options.log) console.log(`[fake-stripe] ${event.type} → ${response.status}`);
      return response.status;
    } catch (error) {
      deliveries.push({ eventId: event.id, type: event.type, status: null, error: String(error), at: new Date() });
      if (options.log) console.log(`[fake-stripe] ${event.type} → failed: ${error}`);
      return null;
    }
  }

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    work.finally(() => inFlight.delete(work)).catch(() => {});
    return work;
  }

  /** Records an event and sends it (unless webhooks are held). */
  function emit(type: string, object: Record<string, unknown>): { event: FakeEvent; delivered: Promise<number | null> } {
    const event: FakeEvent = { id: newId("evt"), type, created: now(), data: { object } };
    events.push(event);
    if (holding) {
      held.push(event);
      return { event, delivered: Promise.resolve(null) };
    }
    return { event, delivered: track(deliver(event)) };
  }

  // ---- the operations behind both the API and the hosted page

  function findSession(id: string): FakeSession {
    const s = state.sessions[id];
    if (!s) throw new StripeApiError(404, `No such checkout.session: '${id}'`, { code: "resource_missing", param: "session" });
    if (s.status === "open" && s.expiresAt <= now()) expireSession(s);
    return s;
  }

  function expireSession(s: FakeSession) {
    s.status = "expired";
    save();
    return emit("checkout.session.expired", sessionObject(s));
  }

  function pay(sessionId: string, card: string, { async = false } = {}): PayResult & { delivered?: Promise<unknown> } {
    const s = findSession(sessionId);
    if (s.status !== "open") return { ok: false, code: "session_closed", message: "This checkout session is no longer open." };
    const digits = card.replace(/[\s-]/g, "");
    if (!/^\d{13,19}$/.test(digits) || !luhn(digits))
      return { ok: false, code: "incorrect_number", message: "Your card number is incorrect." };
    if (digits === TEST_CARDS.declined) return { ok: false, code: "card_declined", message: "Your card was declined." };
    if (digits === TEST_CARDS.insufficientFunds)
      return { ok: false, code: "card_declined", message: "Your card has insufficient funds." };
    if (digits !== TEST_CARDS.visa)
      return {
        ok: false,
        code: "card_declined",
        message: "Your card was declined. Your request was in test mode, but used a non test card.",
      };
    const pi: FakePaymentIntent = {
      id: newId("pi"),
      amount: s.amountTotal,
      currency: s.currency,
      status: async ? "processing" : "succeeded",
      chargeId: async ? null : newId("ch"),
      amountRefunded: 0,
      metadata: s.paymentIntentMetadata,
      created: now(),
    };
    settleCharge(pi);
    state.paymentIntents[pi.id] = pi;
    s.status = "complete";
    s.paymentStatus = async ? "unpaid" : "paid";
    s.paymentIntentId = pi.id;
    save();
    const { delivered } = emit("checkout.session.completed", sessionObject(s));
    return { ok: true, session: s, delivered };
  }

  /** A delayed payment method (bank debit) settles: succeeded or failed. */
  function settleAsyncPayment(sessionId: string, succeeded: boolean) {
    const s = findSession(sessionId);
    const pi = s.paymentIntentId ? state.paymentIntents[s.paymentIntentId] : undefined;
    if (pi?.status !== "processing") throw new Error(`fake-stripe: ${sessionId} has no payment in progress`);
    if (succeeded) {
      pi.status = "succeeded";
      pi.chargeId = newId("ch");
      settleCharge(pi);
      s.paymentStatus = "paid";
    } else {
      pi.status = "requires_payment_method";
    }
    save();
    return emit(
      succeeded ? "checkout.session.async_payment_succeeded" : "checkout.session.async_payment_failed",
      sessionObject(s),
    );
  }

  function createSession(params: FormObject) {
    refuseUnknown(params, [
      "mode",
      "line_items",
      "metadata",
      "payment_intent_data",
      "expires_at",
      "success_url",
      "cancel_url",
      "customer_email",
      "client_reference_id",
      "locale",
      "submit_type",
      "payment_method_types",
      "expand",
    ]);
    const mode = str(params, "mode", { required: true });
    if (mode !== "payment")
      throw new StripeApiError(400, `This fake Stripe supports mode=payment only (got ${mode}).`, { param: "mode" });
    const successUrl = str(params, "success_url", { required: true }) as string;
    url(successUrl, "success_url");
    const cancelUrl = str(params, "cancel_url") ?? null;
    url(cancelUrl ?? undefined, "cancel_url");
    const customerEmail = str(params, "customer_email", { max: 512 }) ?? null;
    if (customerEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(customerEmail))
      throw new StripeApiError(400, `Invalid email address: ${customerEmail}`, {
        code: "email_invalid",
        param: "customer_email",
      });
    const clientReferenceId = str(params, "client_reference_id", { max: 200 }) ?? null;
    const rawItems = params.line_items;
    if (!Array.isArray(rawItems) || rawItems.length === 0)
      throw new StripeApiError(400, "You must provide at least one line item in payment mode.", {
        code: "parameter_missing",
        param: "line_items",
      });
    let currency: string | undefined;
    const lineItems = rawItems.map((raw, i): FakeLineItem => {
      const p = `line_items[${i}]`;
      if (typeof raw !== "object" || Array.isArray(raw)) throw new StripeApiError(400, `Invalid object: ${p}`, { param: p });
      if (raw.price)
        throw new StripeApiError(404, `No such price: '${raw.price}'`, { code: "resource_missing", param: `${p}[price]` });
      const quantity = int(raw.quantity, `${p}[quantity]`, { min: 1 });
      if (quantity === undefined)
        throw new StripeApiError(400, `Missing required param: ${p}[quantity].`, {
          code: "parameter_missing",
          param: `${p}[quantity]`,
        });
      const priceData = raw.price_data;
      if (typeof priceData !== "object" || Array.isArray(priceData))
        throw new StripeApiError(400, `You must specify either \`price\` or \`price_data\` in ${p}.`, { param: p });
      const itemCurrency = typeof priceData.currency === "string" ? priceData.currency : "";
      if (!/^[a-z]{3}$/.test(itemCurrency))
        throw new StripeApiError(400, `Invalid currency: ${itemCurrency}.`, { param: `${p}[price_data][currency]` });
      if (currency && itemCurrency !== currency)
        throw new StripeApiError(400, "All line items must use the same currency.", { param: `${p}[price_data][currency]` });
      currency = itemCurrency;
      const unitAmount = int(priceData.unit_amount, `${p}[price_data][unit_amount]`);
      if (unitAmount === undefined)
        throw new StripeApiError(400, `Missing required param: ${p}[price_data][unit_amount].`, {
          code: "parameter_missing",
          param: `${p}[price_data][unit_amount]`,
        });
      const product = priceData.product_data;
      const name = typeof product === "object" && !Array.isArray(product) ? product.name : undefined;
      if (typeof name !== "string" || name.trim() === "")
        throw new StripeApiError(400, `Missing required param: ${p}[price_data][product_data][name].`, {
          code: "parameter_missing",
          param: `${p}[price_data][product_data][name]`,
        });
      const description =
        typeof product === "object" && !Array.isArray(product) && typeof product.description === "string"
          ? product.description
          : null;
      return { name, description, unitAmount, quantity };
    });
    const amountTotal = lineItems.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
    if (amountTotal < 50)
      throw new StripeApiError(400, `The Checkout Session's total amount due must add up to at least $0.50 ${currency}`, {
        param: "line_items",
      });
    if (amountTotal > 99_999_999)
      throw new StripeApiError(400, "The Checkout Session's total amount due must be no more than $999,999.99", {
        param: "line_items",
      });
    const created = now();
    const expiresAt = int(params.expires_at, "expires_at") ?? created + 24 * 3600;
    // Stripe's window: 30 minutes to 24 hours after creation (a few seconds' slack for clocks).
    if (expiresAt < created + 30 * 60 - 5)
      throw new StripeApiError(400, "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.", {
        param: "expires_at",
      });
    if (expiresAt > created + 24 * 3600 + 5)
      throw new StripeApiError(400, "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.", {
        param: "expires_at",
      });
    const intentData = params.payment_intent_data;
    if (intentData !== undefined && (typeof intentData !== "object" || Array.isArray(intentData)))
      throw new StripeApiError(400, "Invalid object: payment_intent_data", { param: "payment_intent_data" });
    if (intentData) refuseUnknown(intentData, ["metadata", "description"]);
    const session: FakeSession = {
      id: `cs_test_${randomBytes(24).toString("base64url").replace(/[-_]/g, "x")}`,
      merchantName,
      status: "open",
      paymentStatus: "unpaid",
      amountSubtotal: amountTotal,
      amountTotal,
      currency: currency as string,
      lineItems,
      metadata: metadata(params.metadata),
      paymentIntentMetadata: metadata(intentData?.metadata, "payment_intent_data[metadata]"),
      clientReferenceId,
      customerEmail,
      successUrl,
      cancelUrl,
      expiresAt,
      created,
      paymentIntentId: null,
    };
    state.sessions[session.id] = session;
    save();
    return session;
  }

  function findPaymentIntent(id: string): FakePaymentIntent {
    const pi = state.paymentIntents[id];
    if (!pi)
      throw new StripeApiError(404, `No such payment_intent: '${id}'`, { code: "resource_missing", param: "payment_intent" });
    return pi;
  }

  function createRefund(params: FormObject) {
    refuseUnknown(params, ["payment_intent", "charge", "amount", "reason", "metadata", "expand"]);
    const piId = str(params, "payment_intent");
    const chargeId = str(params, "charge");
    if (!piId && !chargeId)
      throw new StripeApiError(
        400,
        "One of the following params should be provided for this request: payment_intent or charge.",
        {
          code: "parameter_missing",
        },
      );
    const pi = piId
      ? findPaymentIntent(piId)
      : Object.values(state.paymentIntents).find((candidate) => candidate.chargeId === chargeId);
    if (!pi) throw new StripeApiError(404, `No such charge: '${chargeId}'`, { code: "resource_missing", param: "charge" });
    if (pi.status !== "succeeded" || !pi.chargeId)
      throw new StripeApiError(400, `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
        code: "charge_not_refundable",
      });
    const remaining = pi.amount - pi.amountRefunded;
    if (remaining <= 0)
      throw new StripeApiError(400, `Charge ${pi.chargeId} has already been refunded.`, { code: "charge_already_refunded" });
    const amount = int(params.amount, "amount", { min: 1 }) ?? remaining;
    if (amount > remaining)
      throw new StripeApiError(
        400,
        `Refund amount ($${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${(remaining / 100).toFixed(2)})`,
        { code: "amount_too_large", param: "amount" },
      );
    const reason = str(params, "reason") ?? null;
    if (reason && !["duplicate", "fraudulent", "requested_by_customer"].includes(reason))
      throw new StripeApiError(400, `Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`, {
        param: "reason",
      });
    const refund: FakeRefund = {
      id: newId("re"),
      amount,
      currency: pi.currency,
      chargeId: pi.chargeId,
      paymentIntentId: pi.id,
      status: refundsStayPending ? "pending" : "succeeded",
      reason,
      metadata: metadata(params.metadata),
      created: now(),
    };
    state.refunds[refund.id] = refund;
    pi.amountRefunded += amount;
    save();
    // Stripe sends these after answering the request; so do we.
    setImmediate(() => {
      emit("charge.refunded", chargeObject(pi));
      emit("refund.updated", refundObject(refund));
    });
    return refund;
  }

  function settleRefund(refundId: string, status: "succeeded" | "failed") {
    const refund = state.refunds[refundId];
    if (!refund) throw new Error(`fake-stripe: no refund ${refundId}`);
    refund.status = status;
    if (status === "failed") state.paymentIntents[refund.paymentIntentId].amountRefunded -= refund.amount;
    save();
    return emit("refund.updated", refundObject(refund));
  }

  // ---- HTTP

  function authorise(req: IncomingMessage) {
    const header = req.headers.authorization ?? "";
    let key = "";
    if (header.startsWith("Bearer ")) key = header.slice(7);
    else if (header.startsWith("Basic ")) key = Buffer.from(header.slice(6), "base64").toString().split(":")[0];
    if (!key)
      throw new StripeApiError(
        401,
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      );
    if (key !== secretKey)
      throw new StripeApiError(401, `Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(8)}${key.slice(-4)}`, {
        code: "api_key_invalid",
      });
  }

  /**
   * Whether `field` is expanded: named, or on the way to a deeper path Stripe expands
   * ("payment_intent.latest_charge.balance_transaction" expands all three).
   */
  function expanded(params: FormObject | URLSearchParams, field: string): boolean {
    // GETs carry `expand[0]=…` in the query string; POSTs in the form body.
    const paths =
      params instanceof URLSearchParams
        ? [...params].filter(([key]) => /^expand\[\d*\]$/.test(key)).map(([, value]) => value)
        : Array.isArray(params.expand)
          ? params.expand.filter((value): value is string => typeof value === "string")
          : [];
    return paths.some((path) => path === field || path.startsWith(`${field}.`));
  }

  function sessionResponse(s: FakeSession, params: FormObject | URLSearchParams) {
    const body: Record<string, unknown> = sessionObject(s);
    if (expanded(params, "payment_intent") && s.paymentIntentId)
      body.payment_intent = paymentIntentObject(state.paymentIntents[s.paymentIntentId], (path) =>
        expanded(params, `payment_intent.${path}`),
      );
    if (expanded(params, "line_items"))
      body.line_items = {
        object: "list",
        data: s.lineItems.map((item, i) => ({
          id: `li_${s.id.slice(8, 20)}${i}`,
          object: "item",
          amount_total: item.unitAmount * item.quantity,
          currency: s.currency,
          description: item.name,
          quantity: item.quantity,
        })),
        has_more: false,
      };
    return body;
  }

  async function api(req: IncomingMessage, method: string, pathname: string, body: string, query: URLSearchParams) {
    authorise(req);
    const params = method === "POST" ? parseStripeForm(body) : {};
    const key = req.headers["idempotency-key"];
    const idempotencyKey = method === "POST" && typeof key === "string" && key ? key : undefined;
    if (idempotencyKey) {
      const fingerprint = createHash("sha256").update(`${pathname}\n${body}`).digest("hex");
      const earlier = idempotency.get(idempotencyKey);
      if (earlier) {
        if (earlier.fingerprint !== fingerprint)
          throw new StripeApiError(
            400,
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            { type: "idempotency_error" },
          );
        return { status: earlier.status, body: earlier.body, replayed: true };
      }
      try {
        const result = route(method, pathname, params, query);
        idempotency.set(idempotencyKey, { fingerprint, status: 200, body: result });
        return { status: 200, body: result };
      } catch (error) {
        // Stripe saves the outcome of a request that reached it, errors included.
        if (error instanceof StripeApiError && error.status !== 401)
          idempotency.set(idempotencyKey, { fingerprint, status: error.status, body: error.body() });
        throw error;
      }
    }
    return { status: 200, body: route(method, pathname, params, query) };
  }

  function route(method: string, pathname: string, params: FormObject, query: URLSearchParams): unknown {
    // The id in `/v1/<resource>/<id>[/<action>]` when the path has that shape.
    const idIn = (pattern: RegExp) => {
      const match = pathname.match(pattern);
      return match ? decodeURIComponent(match[1]) : null;
    };
    if (method === "POST" && pathname === "/v1/checkout/sessions") return sessionResponse(createSession(params), params);
    const sessionId = idIn(/^\/v1\/checkout\/sessions\/([^/]+)$/);
    if (method === "GET" && sessionId) return sessionResponse(findSession(sessionId), query);
    const expiring = idIn(/^\/v1\/checkout\/sessions\/([^/]+)\/expire$/);
    if (method === "POST" && expiring) {
      const s = findSession(expiring);
      if (s.status !== "open")
        throw new StripeApiError(400, `Only Checkout Sessions with a status in ["open"] can be expired.`, {
          code: "checkout_session_not_open",
        });
      expireSession(s);
      return sessionResponse(s, params);
    }
    const intentId = idIn(/^\/v1\/payment_intents\/([^/]+)$/);
    if (method === "GET" && intentId) return paymentIntentObject(findPaymentIntent(intentId), (path) => expanded(query, path));
    const chargeId = idIn(/^\/v1\/charges\/([^/]+)$/);
    if (method === "GET" && chargeId) {
      const pi = Object.values(state.paymentIntents).find((candidate) => candidate.chargeId === chargeId);
      if (!pi) throw new StripeApiError(404, `No such charge: '${chargeId}'`, { code: "resource_missing", param: "id" });
      return chargeObject(pi, (path) => expanded(query, path));
    }
    const transactionId = idIn(/^\/v1\/balance_transactions\/([^/]+)$/);
    if (method === "GET" && transactionId) {
      const bt = balanceTransactions[transactionId];
      if (!bt)
        throw new StripeApiError(404, `No such balance transaction: '${transactionId}'`, {
          code: "resource_missing",
          param: "id",
        });
      return balanceTransactionObject(bt);
    }
    if (method === "POST" && pathname === "/v1/refunds") return refundObject(createRefund(params));
    const refundId = idIn(/^\/v1\/refunds\/([^/]+)$/);
    if (method === "GET" && refundId) {
      const refund = state.refunds[refundId];
      if (!refund) throw new StripeApiError(404, `No such refund: '${refundId}'`, { code: "resource_missing", param: "id" });
      return refundObject(refund);
    }
    throw new StripeApiError(
      404,
      `Unrecognized request URL (${method}: ${pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    );
  }

  async function hostedPage(method: string, pathname: string, body: string, res: ServerResponse) {
    const id = decodeURIComponent(pathname.slice("/checkout/".length));
    const html = (status: number, page: string) => {
      res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
      res.end(page);
    };
    const session = state.sessions[id];
    if (!session) return html(404, notFoundPage());
    if (session.status === "open" && session.expiresAt <= now()) expireSession(session);
    if (session.status !== "open") return html(200, closedPage(session));
    if (method !== "POST") return html(200, checkoutPage(session));

    const form = Object.fromEntries(new URLSearchParams(body)) as Partial<CardForm>;
    const card = (form.card ?? "").trim();
    const expiry = (form.expiry ?? "").replace(/\s/g, "");
    const expiryMatch = expiry.match(/^(\d{2})\/?(\d{2})$/);
    let error: string | undefined;
    if (!form.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email)) error = "Your email address is incomplete.";
    else if (!card) error = "Your card number is incomplete.";
    else if (!expiryMatch || Number(expiryMatch[1]) < 1 || Number(expiryMatch[1]) > 12)
      error = "Your card's expiration date is incomplete.";
    else if (new Date(2000 + Number(expiryMatch[2]), Number(expiryMatch[1])) <= new Date())
      error = "Your card's expiration date is in the past.";
    else if (!/^\d{3,4}$/.test(form.cvc ?? "")) error = "Your card's security code is incomplete.";
    if (error) return html(400, checkoutPage(session, { error, form }));
    session.customerEmail = form.email ?? session.customerEmail;
    const result = pay(id, card);
    if (!result.ok) return html(402, checkoutPage(session, { error: result.message, form }));
    // Like Stripe, the webhook is on its way before the buyer lands back on the success page.
    await result.delivered;
    res.writeHead(303, { Location: session.successUrl.replaceAll("{CHECKOUT_SESSION_ID}", session.id) });
    res.end();
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const method = req.method ?? "GET";
      const target = new URL(req.url ?? "/", "http://fake");
      try {
        if (target.pathname === "/healthz") {
          res.writeHead(200, { "Content-Type": "application/json" });
          res.end('{"status":"ok"}');
          return;
        }
        if (target.pathname.startsWith("/checkout/")) {
          await hostedPage(method, target.pathname, body, res);
          return;
        }
        const result = await api(req, method, target.pathname, body, target.searchParams);
        res.writeHead(result.status, {
          "Content-Type": "application/json",
          "Request-Id": newId("req"),
          ...(result.replayed ? { "Idempotent-Replayed": "true" } : {}),
        });
        res.end(JSON.stringify(result.body));
      } catch (error) {
        const apiError =
          error instanceof StripeApiError
            ? error
            : error instanceof FormError
              ? new StripeApiError(400, error.message)
              : new StripeApiError(500, `fake-stripe: ${String(error)}`, { type: "api_error" });
        res.writeHead(apiError.status, { "Content-Type": "application/json", "Request-Id": newId("req") });
        res.end(JSON.stringify(apiError.body()));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://${host}:${port}`;

  return {
    url: baseUrl,
    port,
    secretKey,
    webhookSecret,
    /** What the app's env needs to talk to this fake. */
    appEnv(): Record<string, string> {
      return { STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_URL: baseUrl };
    },
    get webhookUrl() {
      return webhookUrl;
    },
    set webhookUrl(value: string | undefined) {
      webhookUrl = value;
    },
    session: (id: string): FakeSession | undefined => state.sessions[id],
    sessions: () => Object.values(state.sessions),
    paymentIntent: (id: string): FakePaymentIntent | undefined => state.paymentIntents[id],
    refunds: () => Object.values(state.refunds),
    /** Every event emitted, oldest first. */
    events: () => [...events],
    /** Every delivery attempt (first sends and re-deliveries). */
    deliveries: () => [...deliveries],
    /** Pays an open session as the hosted page would (default card 4242…); webhooks go out unless held. */
    async pay(sessionId: string, { card = TEST_CARDS.visa, async = false }: { card?: string; async?: boolean } = {}) {
      const result = pay(sessionId, card, { async });
      if (result.ok) await result.delivered;
      return result;
    },
    async settleAsyncPayment(sessionId: string, succeeded: boolean) {
      await settleAsyncPayment(sessionId, succeeded).delivered;
    },
    /** Expires an open session now (as Stripe does at expires_at). */
    async expire(sessionId: string) {
      await expireSession(findSession(sessionId)).delivered;
    },
    /** A payment made before this fake knew of it (demo data): refunds of it then work. */
    recordPayment({
      id,
      amount,
      currency = "usd",
      amountRefunded = 0,
    }: {
      id: string;
      amount: number;
      currency?: string;
      amountRefunded?: number;
    }) {
      if (state.paymentIntents[id]) return;
      state.paymentIntents[id] = {
        id,
        amount,
        currency,
        status: "succeeded",
        chargeId: `ch_${id.replace(/^pi_/, "")}`,
        amountRefunded,
        metadata: {},
        created: now(),
      };
      settleCharge(state.paymentIntents[id]);
      save();
    },
    /** A payment's balance transaction (Stripe's fee), if its money has settled. */
    balanceTransaction: (paymentIntentId: string): FakeBalanceTransaction | undefined => {
      const id = state.paymentIntents[paymentIntentId]?.balanceTransactionId;
      return id ? balanceTransactions[id] : undefined;
    },
    /** Charges made from now on have no balance transaction yet (as for slow-settling methods). */
    withholdBalanceTransactions(withheld = true) {
      balanceTransactionsWithheld = withheld;
    },
    /** Refunds created from now on stay "pending" until settleRefund. */
    keepRefundsPending(pending = true) {
      refundsStayPending = pending;
    },
    async settleRefund(refundId: string, status: "succeeded" | "failed") {
      await settleRefund(refundId, status).delivered;
    },
    /** From now on events are queued instead of sent; see releaseWebhooks. */
    holdWebhooks() {
      holding = true;
    },
    /** Events waiting to be sent. */
    heldWebhooks: () => [...held],
    /** Stops holding and hands back the queue without sending it (the test sends it its own way). */
    takeHeldWebhooks(): FakeEvent[] {
      holding = false;
      return held.splice(0);
    },
    /** Stops holding and sends the queue in order. */
    async releaseWebhooks() {
      holding = false;
      for (const event of held.splice(0)) await deliver(event);
    },
    /** Sends an event (again); returns the app's HTTP status, or null when unreachable. */
    deliver: (event: FakeEvent | string) => {
      const found = typeof event === "string" ? events.find((e) => e.id === event) : event;
      if (!found) throw new Error(`fake-stripe: no event ${event}`);
      return deliver(found);
    },
    /** Waits for deliveries under way (events sent after a response, like refunds'). */
    async idle() {
      await new Promise((resolve) => setImmediate(resolve));
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
