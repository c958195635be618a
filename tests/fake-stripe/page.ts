// The fake's hosted Checkout page: plainly a test page, but laid out like Stripe's.
import type { FakeSession } from "./server.ts";

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

export function money(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);
}

const STYLE = `
  *{box-sizing:border-box} body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1f36;background:#f6f9fc}
  .banner{background:#ffde92;color:#5c3b00;font-weight:700;font-size:14px;padding:8px 16px;text-align:center;letter-spacing:.04em}
  main{max-width:920px;margin:0 auto;padding:32px 16px;display:grid;gap:32px;grid-template-columns:1fr}
  @media (min-width:760px){main{grid-template-columns:1fr 1fr}}
  h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:0 0 12px}
  .total{font-size:32px;font-weight:700;margin:8px 0 24px}
  table{width:100%;border-collapse:collapse;font-size:14px} td,th{padding:8px 0;border-bottom:1px solid #e3e8ee;text-align:left;vertical-align:top}
  td.amount,th.amount{text-align:right} .muted{color:#596171;font-size:13px}
  form,.panel{background:#fff;border-radius:8px;padding:24px;box-shadow:0 2px 5px rgba(60,66,87,.12)}
  label{display:block;font-size:14px;font-weight:600;margin:14px 0 6px}
  input{width:100%;font-size:16px;padding:10px 12px;border:1px solid #a3acb9;border-radius:6px}
  input:focus{outline:3px solid #7a73ff;outline-offset:1px}
  .row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
  button{margin-top:20px;width:100%;font-size:16px;font-weight:700;padding:12px;border:0;border-radius:6px;background:#533afd;color:#fff;cursor:pointer}
  button:focus{outline:3px solid #1a1f36;outline-offset:2px}
  .error{background:#fdecea;color:#a4150d;border:1px solid #f5b5ae;border-radius:6px;padding:10px 12px;margin-top:14px}
  .cards{font-size:13px;background:#f6f9fc;border:1px dashed #a3acb9;border-radius:6px;padding:10px 12px;margin-top:16px}
  a{color:#533afd;font-weight:600}
`;

function frame(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><div class="banner" role="note">TEST MODE — fake Stripe for local development. No real card is charged.</div>${body}</body></html>`;
}

function summary(session: FakeSession): string {
  const rows = session.lineItems
    .map(
      (item) =>
        `<tr><td>${escapeHtml(item.name)}${item.description ? `<div class="muted">${escapeHtml(item.description)}</div>` : ""}${
          item.quantity > 1 ? `<div class="muted">Qty ${item.quantity} × ${money(item.unitAmount, session.currency)}</div>` : ""
        }</td><td class="amount">${money(item.unitAmount * item.quantity, session.currency)}</td></tr>`,
    )
    .join("");
  return `<section aria-labelledby="summary-title">
  <p class="muted">${escapeHtml(session.merchantName)}</p>
  <h1 id="summary-title">Pay ${escapeHtml(session.merchantName)}</h1>
  <p class="total">${money(session.amountTotal, session.currency)}</p>
  <table><caption class="muted" style="text-align:left;padding-bottom:6px">Order summary</caption>
  <thead><tr><th scope="col">Item</th><th scope="col" class="amount">Amount</th></tr></thead>
  <tbody>${rows}</tbody>
  <tfoot><tr><th scope="row">Total due</th><td class="amount"><strong>${money(session.amountTotal, session.currency)}</strong></td></tr></tfoot></table>
  ${session.cancelUrl ? `<p><a href="${escapeHtml(session.cancelUrl)}">← Cancel and go back to ${escapeHtml(session.merchantName)}</a></p>` : ""}
</section>`;
}

export type CardForm = { email: string; card: string; expiry: string; cvc: string; name: string };

export function checkoutPage(session: FakeSession, { error, form }: { error?: string; form?: Partial<CardForm> } = {}): string {
  const value = (key: keyof CardForm) => escapeHtml(form?.[key] ?? "");
  const email = escapeHtml(form?.email ?? session.customerEmail ?? "");
  return frame(
    `Pay ${session.merchantName} — test mode`,
    `<main>${summary(session)}
<form method="post" action="/checkout/${escapeHtml(session.id)}" aria-labelledby="pay-title" novalidate>
  <h2 id="pay-title">Pay with card</h2>
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="email" required value="${email}">
  <label for="card">Card number</label>
  <input id="card" name="card" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" required value="${value("card")}" aria-describedby="test-cards${error ? " card-error" : ""}"${error ? ' aria-invalid="true"' : ""}>
  <div class="row">
    <div><label for="expiry">Expiry (MM / YY)</label><input id="expiry" name="expiry" autocomplete="cc-exp" placeholder="MM / YY" required value="${value("expiry")}"></div>
    <div><label for="cvc">CVC</label><input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="123" required value="${value("cvc")}"></div>
  </div>
  <label for="name">Name on card</label>
  <input id="name" name="name" autocomplete="cc-name" value="${value("name")}">
  <div role="alert" aria-live="assertive">${error ? `<p class="error" id="card-error">${escapeHtml(error)}</p>` : ""}</div>
  <button type="submit">Pay ${money(session.amountTotal, session.currency)}</button>
  <div class="cards" id="test-cards"><strong>Test cards:</strong> 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined;
  4000 0000 0000 9995 has insufficient funds. Any future expiry, any 3-digit CVC.</div>
</form></main>`,
  );
}

export function closedPage(session: FakeSession): string {
  const complete = session.status === "complete";
  const next = complete ? session.successUrl.replaceAll("{CHECKOUT_SESSION_ID}", session.id) : session.cancelUrl;
  return frame(
    complete ? "Payment complete — test mode" : "Checkout expired — test mode",
    `<main><div class="panel" style="grid-column:1/-1"><h1>${complete ? "This payment is complete" : "This checkout session has expired"}</h1>
<p>${complete ? "You have already paid." : "It can no longer be paid. Go back to start a new payment."}</p>
${next ? `<p><a href="${escapeHtml(next)}">Return to ${escapeHtml(session.merchantName)}</a></p>` : ""}</div></main>`,
  );
}

export function notFoundPage(): string {
  return frame(
    "Checkout not found — test mode",
    `<main><div class="panel" style="grid-column:1/-1"><h1>Something went wrong</h1><p>This checkout session does not exist on this fake Stripe.</p></div></main>`,
  );
}
