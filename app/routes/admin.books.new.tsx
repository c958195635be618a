import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { bookSchema, MAX_COVER_BYTES } from "~/modules/scholarships/book.schema.ts";
import { saveBook } from "~/modules/scholarships/books.server.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { readFormData, replyTooLarge } from "~/shared/multipart.server.ts";
import { BookForm } from "~/ui/book-form.tsx";
import { PageHeader } from "~/ui/components.tsx";
import { FundNav } from "~/ui/fund.tsx";

export const meta: MetaFunction = () => [{ title: "New book · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const formData = await readFormData(request, MAX_COVER_BYTES);
  if (!formData) return replyTooLarge("cover", "The cover must be 2 MB or smaller");
  const submission = parseWithZod(formData, { schema: bookSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const book = await saveBook(context.db, user.id, submission.value);
    return redirectWithFlash(context.env, request, `/admin/books/${book.id}`, {
      kind: "success",
      message: `${book.title} added.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function NewBook() {
  const lastResult = useActionData<typeof action>();
  return (
    <div>
      <FundNav />
      <p className="mb-2 text-sm">
        <Link to="/admin/books" className="text-brand-700 underline">
          ← Book &amp; orders
        </Link>
      </p>
      <PageHeader title="New book" />
      <BookForm
        lastResult={lastResult}
        coverUrl={null}
        submitLabel="Add book"
        defaultValue={{
          title: "",
          subtitle: "",
          authors: "",
          description: "",
          listPrice: "",
          unitCost: "",
          shippingBase: "0.00",
          shippingPerCopy: "0.00",
          maxPerOrder: "500",
          active: false,
          tiers: [
            { minQuantity: "10", percentOff: "15" },
            { minQuantity: "50", percentOff: "25" },
          ],
        }}
      />
    </div>
  );
}
