import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { listBookOrders } from "~/modules/scholarships/book-orders.server.ts";
import { listBooks } from "~/modules/scholarships/books.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { formatMoney } from "~/shared/money.ts";
import { pageQuerySchema } from "~/shared/pagination.ts";
import { Badge, Button, ButtonLink, Card, EmptyState, PageHeader, Pagination } from "~/ui/components.tsx";
import { BOOK_ORDER_STATUS, BookCover, FUND_TIME_ZONE, FundNav } from "~/ui/fund.tsx";
import { FilterSelect } from "~/ui/list-filters.tsx";

export const meta: MetaFunction = () => [{ title: "Book & orders · Summit" }];

const STATUSES = ["PENDING", "PAID", "EXPIRED", "CANCELLED", "REFUNDED"] as const;

const querySchema = pageQuerySchema.extend({ status: z.enum(STATUSES).optional().catch(undefined) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const { page, status } = query.success ? query.data : { page: 1, status: undefined };
  const [books, orders] = await Promise.all([listBooks(context.db), listBookOrders(context.db, { page, status })]);
  return {
    books,
    status: status ?? "",
    page,
    orders: {
      ...orders,
      orders: orders.orders.map((o) => ({ ...o, when: formatDateTime(o.createdAt, FUND_TIME_ZONE) })),
    },
  };
}

export default function BooksPage() {
  const { books, orders, status, page } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  return (
    <div className="space-y-8">
      <FundNav />
      <PageHeader
        title="Book & orders"
        subtitle="The book on sale at /book, and every order with its net proceeds for the scholarship fund."
        actions={
          <ButtonLink to="/admin/books/new" variant="secondary">
            New book
          </ButtonLink>
        }
      />
      {books.length === 0 ? (
        <EmptyState title="No book yet">Add the book to open the store.</EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {books.map((book) => (
            <li key={book.id}>
              <Card className="flex gap-4">
                <BookCover coverUrl={book.coverUrl} title={book.title} authors={book.authors} size="small" />
                <div className="min-w-0 space-y-1">
                  <h2 className="font-bold">
                    <Link to={`/admin/books/${book.id}`} className="text-brand-700 underline">
                      {book.title}
                    </Link>
                  </h2>
                  <p className="text-sm text-slate-700">{book.authors}</p>
                  <p className="text-sm">
                    {formatMoney(book.listPriceCents, book.currency)} · costs {formatMoney(book.unitCostCents, book.currency)} to
                    print · {book.copiesSold.toLocaleString("en-US")} sold here
                  </p>
                  <p>{book.active ? <Badge tone="green">On sale</Badge> : <Badge>Not on sale</Badge>}</p>
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}

      <section aria-labelledby="orders-heading" className="space-y-3">
        <h2 id="orders-heading" className="text-xl font-bold">
          Orders
        </h2>
        <p className="text-sm text-slate-700">
          {orders.paid.orders} paid · {formatMoney(orders.paid.grossCents)} taken · {formatMoney(orders.paid.refundedCents)}{" "}
          refunded
        </p>
        <Form method="get" className="flex flex-wrap items-end gap-3">
          <div className="w-56">
            <FilterSelect
              name="status"
              label="Status"
              value={status}
              any="Any status"
              options={STATUSES.map((s) => ({ value: s, label: BOOK_ORDER_STATUS[s].label }))}
            />
          </div>
          <Button variant="secondary">Filter</Button>
        </Form>
        {orders.total === 0 ? (
          <EmptyState title="No orders">
            {status ? "None with this status." : "Orders appear here as readers buy the book."}
          </EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full min-w-[44rem] text-left text-sm">
              <caption className="sr-only">Book orders, page {page}</caption>
              <thead className="bg-slate-100">
                <tr>
                  {["Order", "Placed", "Buyer", "Copies", "Total", "Net proceeds", "Status"].map((h) => (
                    <th key={h} scope="col" className="px-3 py-2">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {orders.orders.map((o) => (
                  <tr key={o.id}>
                    <th scope="row" className="px-3 py-2 font-mono">
                      <Link to={`/admin/books/orders/${o.id}`} className="font-semibold text-brand-700 underline">
                        {o.reference}
                      </Link>
                    </th>
                    <td className="whitespace-nowrap px-3 py-2">{o.when}</td>
                    <td className="px-3 py-2">{o.buyerName}</td>
                    <td className="px-3 py-2 tabular-nums">{o.quantity}</td>
                    <td className="px-3 py-2 tabular-nums">
                      {formatMoney(o.totalCents, o.currency)}
                      {o.refundedCents ? (
                        <span className="block text-red-800">−{formatMoney(o.refundedCents, o.currency)}</span>
                      ) : null}
                    </td>
                    <td className="px-3 py-2 tabular-nums">
                      {o.netProceedsCents === null ? "—" : formatMoney(o.netProceedsCents, o.currency)}
                    </td>
                    <td className="px-3 py-2">
                      <Badge tone={BOOK_ORDER_STATUS[o.status].tone}>{BOOK_ORDER_STATUS[o.status].label}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={page} pageCount={orders.pageCount} search={search} />
      </section>
    </div>
  );
}
