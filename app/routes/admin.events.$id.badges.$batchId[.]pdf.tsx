import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { badgeBatchPdf } from "~/modules/badges/badge-batches.server.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

/** A finished bulk badge PDF. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const batch = await orPlainNotFound(badgeBatchPdf(context.db, params.id ?? "", params.batchId ?? ""));
  return new Response(new Uint8Array(batch.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="badges-${batch.createdAt.toISOString().slice(0, 10)}-${batch.total}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
