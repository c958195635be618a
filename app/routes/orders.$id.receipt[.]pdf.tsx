import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { receiptPdf } from "~/modules/registration/receipt-pdf.server.ts";
import { getReceipt } from "~/modules/registration/receipts.server.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

/** The buyer's receipt as a PDF download. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const receipt = await orPlainNotFound(getReceipt(context.db, params.id ?? "", user.id));
  return new Response(new Uint8Array(await receiptPdf(receipt)), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="receipt-${receipt.reference}.pdf"`,
      // Personal: never in a shared cache.
      "Cache-Control": "private, no-store",
    },
  });
}
