import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { bookSchema, MAX_COVER_BYTES } from "~/modules/scholarships/book.schema.ts";
import { getBookForEdit, saveBook } from "~/modules/scholarships/books.server.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { readFormData, replyTooLarge } from "~/shared/multipart.server.ts";
import { BookForm, dollarsText } from "~/ui/book-form.tsx";
import { PageHeader } from "~/ui/components.tsx";
import { FundNav } from "~/ui/fund.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.book.title ?? "Book"} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return { book: await orNotFound(getBookForEdit(context.db, params.bookId ?? "")) };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const bookId = params.bookId ?? "";
  const formData = await readFormData(request, MAX_COVER_BYTES);
  if (!formData) return replyTooLarge("cover", "The cover must be 2 MB or smaller");
  const submission = parseWithZod(formData, { schema: bookSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const book = await saveBook(context.db, user.id, submission.value, bookId);
    return redirectWithFlash(context.env, request, `/admin/books/${book.id}`, {
      kind: "success",
      message: `${book.title} saved.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function EditBook() {
  const { book } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <div>
      <FundNav />
      <p className="mb-2 text-sm">
        <Link to="/admin/books" className="text-brand-700 underline">
          ← Book &amp; orders
        </Link>
      </p>
      <PageHeader
        title={book.title}
        subtitle={
          <>
            Prices apply to new orders; orders already placed keep theirs.{" "}
            <Link to="/book" className="font-semibold text-brand-700 underline">
              View the book page
            </Link>
          </>
        }
      />
      <BookForm
        key={new Date(book.updatedAt).getTime()}
        lastResult={lastResult}
        coverUrl={book.coverUrl}
        submitLabel="Save book"
        defaultValue={{
          title: book.title,
          subtitle: book.subtitle,
          authors: book.authors,
          description: book.description,
          listPrice: dollarsText(book.listPriceCents),
          unitCost: dollarsText(book.unitCostCents),
          shippingBase: dollarsText(book.shippingBaseCents),
          shippingPerCopy: dollarsText(book.shippingPerCopyCents),
          maxPerOrder: String(book.maxPerOrder),
          active: book.active,
          tiers: book.tiers.map((t) => ({ minQuantity: String(t.minQuantity), percentOff: String(t.percentOff) })),
        }}
      />
    </div>
  );
}
