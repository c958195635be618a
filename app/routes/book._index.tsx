// The organisers' book: cover, description, bulk prices and the order form. The price is
// computed again on the server; the order is recorded PENDING and paid on Stripe Checkout.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { getOptionalUser, requireUser } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { startBookCheckout } from "~/modules/payments/checkout.server.ts";
import { PaymentsUnavailable } from "~/modules/payments/stripe.server.ts";
import { bookOrderSchema, SHIP_COUNTRIES } from "~/modules/scholarships/book.schema.ts";
import { placeBookOrder } from "~/modules/scholarships/book-orders.server.ts";
import { priceBookOrder } from "~/modules/scholarships/book-pricing.ts";
import { storeBook } from "~/modules/scholarships/books.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Button, Card } from "~/ui/components.tsx";
import { FieldErrors, FormErrors, SelectField, TextField } from "~/ui/form-fields.tsx";
import { BookCover } from "~/ui/fund.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.book.title} · Summit` : "The book · Summit" },
  ...(data ? [{ name: "description", content: data.book.description.slice(0, 160) }] : []),
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [book, user] = await Promise.all([orNotFound(storeBook(context.db)), getOptionalUser(context, request)]);
  return {
    book,
    buyer: user ? { name: user.name, email: user.email } : null,
    checkoutCancelled: new URL(request.url).searchParams.get("checkout") === "cancelled",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const submission = parseWithZod(await request.formData(), { schema: bookOrderSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  let orderId: string;
  try {
    orderId = (await placeBookOrder(context.db, { buyerId: user.id, form: submission.value })).id;
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
  try {
    const { url } = await startBookCheckout(context.db, context.env, orderId, user.id);
    return redirect(url, 303);
  } catch (error) {
    // The order is saved: its page offers "Pay now" again.
    if (error instanceof RuleViolation || error instanceof PaymentsUnavailable)
      return redirectWithFlash(context.env, request, `/book/orders/${orderId}`, { kind: "error", message: error.message });
    throw error;
  }
}

const COUNTRY_OPTIONS = Object.entries(SHIP_COUNTRIES).map(([value, label]) => ({ value, label }));

export default function BookPage() {
  const { book } = useLoaderData<typeof loader>();
  const paragraphs = book.description.split(/\n{2,}/).filter(Boolean);
  return (
    <article className="space-y-10">
      <div className="grid gap-8 sm:grid-cols-[auto_1fr] sm:items-start">
        <div className="flex justify-center sm:block">
          <BookCover coverUrl={book.coverUrl} title={book.title} authors={book.authors} />
        </div>
        <div className="space-y-4">
          <div>
            <h1 className="text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">{book.title}</h1>
            {book.subtitle ? <p className="mt-1 text-xl text-slate-700">{book.subtitle}</p> : null}
            <p className="mt-2 text-slate-700">by {book.authors}</p>
          </div>
          <p className="text-2xl font-bold text-slate-900">
            {formatMoney(book.listPriceCents, book.currency)}
            {book.priceTable.length > 1 ? (
              <span className="ml-2 text-base font-normal text-slate-700">
                · from {formatMoney(book.priceTable.at(-1)?.unitPriceCents ?? book.listPriceCents, book.currency)} a copy in bulk
              </span>
            ) : null}
          </p>
          <div className="space-y-3 text-slate-800">
            {paragraphs.map((p) => (
              <p key={p}>{p}</p>
            ))}
          </div>
          <p className="rounded-md border border-teal-200 bg-teal-50 p-3 text-sm text-teal-950">
            <strong>All net proceeds fund scholarships</strong> for patients and caregivers to attend our conferences.{" "}
            <Link to="/fund" className="font-semibold underline">
              See what the fund has made possible
            </Link>
          </p>
        </div>
      </div>

      <section aria-labelledby="prices-heading" className="space-y-3">
        <h2 id="prices-heading" className="text-xl font-bold">
          Prices
        </h2>
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm sm:text-base">
            <caption className="sr-only">Price per copy by number of copies</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Copies
                </th>
                <th scope="col" className="px-3 py-2">
                  Price per copy
                </th>
                <th scope="col" className="px-3 py-2">
                  Discount
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {book.priceTable.map((row) => (
                <tr key={row.from}>
                  <th scope="row" className="px-3 py-2 font-semibold">
                    {row.to === null ? `${row.from} or more` : row.to === row.from ? `${row.from}` : `${row.from}–${row.to}`}
                  </th>
                  <td className="px-3 py-2 tabular-nums">{formatMoney(row.unitPriceCents, book.currency)}</td>
                  <td className="px-3 py-2">{row.percentOff ? `${row.percentOff}% off` : "List price"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="text-sm text-slate-600">Shipping is included. Up to {book.maxPerOrder} copies per order.</p>
      </section>

      <OrderForm />
    </article>
  );
}

function OrderForm() {
  const { book, buyer, checkoutCancelled } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { bookId: book.id, quantity: "1", name: buyer?.name ?? "", email: buyer?.email ?? "", country: "US" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bookOrderSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const [quantity, setQuantity] = useState(() => Number(fields.quantity.initialValue ?? 1));
  const valid = Number.isInteger(quantity) && quantity >= 1 && quantity <= book.maxPerOrder;
  // The same pure function the server charges with; costs don't change the price.
  const price = valid
    ? priceBookOrder({ ...book, unitCostCents: 0, shippingBaseCents: 0, shippingPerCopyCents: 0 }, quantity)
    : null;
  if (!buyer)
    return (
      <Card>
        <h2 className="text-xl font-bold">Order copies</h2>
        <p className="mt-2 text-slate-700">
          <Link to="/login?redirectTo=/book" className="font-semibold text-brand-700 underline">
            Log in
          </Link>{" "}
          or{" "}
          <Link to="/signup" className="font-semibold text-brand-700 underline">
            create an account
          </Link>{" "}
          to order, so you can follow your order and its receipt.
        </p>
      </Card>
    );
  return (
    <section aria-labelledby="order-heading">
      <Card>
        <h2 id="order-heading" className="text-xl font-bold">
          Order copies
        </h2>
        {checkoutCancelled ? (
          <p role="status" className="mt-2 text-sm text-slate-700">
            Payment was cancelled; nothing was charged.
          </p>
        ) : null}
        <Form method="post" {...getFormProps(form)} className="mt-4 grid gap-4 sm:grid-cols-2">
          <input {...getInputProps(fields.bookId, { type: "hidden" })} key={fields.bookId.key} />
          <div className="sm:col-span-2">
            <FormErrors id={form.errorId} errors={form.errors} />
          </div>
          <div className="space-y-1">
            <label htmlFor={fields.quantity.id} className="block text-sm font-semibold text-slate-800">
              Copies
            </label>
            <input
              {...getInputProps(fields.quantity, { type: "number", ariaDescribedBy: "order-total" })}
              key={fields.quantity.key}
              min={1}
              max={book.maxPerOrder}
              inputMode="numeric"
              onChange={(e) => setQuantity(Number(e.currentTarget.value))}
              className="block w-32 rounded-md border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700"
            />
            <FieldErrors id={fields.quantity.errorId} errors={fields.quantity.errors} />
          </div>
          <div id="order-total" className="self-end rounded-md bg-slate-50 p-3 text-sm" aria-live="polite">
            {price ? (
              <>
                <span className="block text-lg font-bold text-slate-900">
                  Total {formatMoney(price.totalCents, book.currency)}
                </span>
                {price.quantity} × {formatMoney(price.unitPriceCents, book.currency)}
                {price.percentOff ? ` (${price.percentOff}% bulk discount)` : ""}, shipping included
              </>
            ) : (
              `Choose 1 to ${book.maxPerOrder} copies.`
            )}
          </div>
          <TextField field={fields.name} label="Your name" autoComplete="name" />
          <TextField field={fields.email} label="Email" type="email" autoComplete="email" />
          <fieldset className="grid gap-4 sm:col-span-2 sm:grid-cols-2">
            <legend className="mb-2 text-base font-bold text-slate-900">Ship to</legend>
            <div className="sm:col-span-2">
              <TextField field={fields.line1} label="Street address" autoComplete="address-line1" />
            </div>
            <div className="sm:col-span-2">
              <TextField field={fields.line2} label="Apartment, suite, etc. (optional)" autoComplete="address-line2" />
            </div>
            <TextField field={fields.city} label="Town or city" autoComplete="address-level2" />
            <TextField field={fields.region} label="State or region (optional)" autoComplete="address-level1" />
            <TextField field={fields.postalCode} label="Postal code" autoComplete="postal-code" />
            <SelectField field={fields.country} label="Country" options={COUNTRY_OPTIONS} />
          </fieldset>
          <div className="sm:col-span-2">
            <Button disabled={navigation.state !== "idle"}>
              {price ? `Continue to payment · ${formatMoney(price.totalCents, book.currency)}` : "Continue to payment"}
            </Button>
            <p className="mt-2 text-sm text-slate-600">You pay by card on Stripe's secure page; we never see your card.</p>
          </div>
        </Form>
      </Card>
    </section>
  );
}
