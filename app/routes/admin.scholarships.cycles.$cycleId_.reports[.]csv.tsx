import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { cycleReportCsv } from "~/modules/scholarships/scholarship-reports.server.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

/** The cycle's applications and awards as CSV: figures only, never a story or financial need. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const { filename, csv } = await orPlainNotFound(cycleReportCsv(context.db, user.id, params.cycleId ?? ""));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
