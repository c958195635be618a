import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { receiptForAdmin } from "~/modules/scholarships/stipends.server.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

/** A stipend receipt, for organisers only, always as a download (never rendered in our origin). */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const receipt = await orPlainNotFound(receiptForAdmin(context.db, params.awardId ?? "", params.receiptId ?? ""));
  const ascii = receipt.fileName.replace(/[^\x20-\x7e]/g, "_").replace(/[\\"]/g, "_");
  return new Response(receipt.content, {
    headers: {
      "Content-Type": receipt.contentType,
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(receipt.fileName)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
