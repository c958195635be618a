import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { exportRegistrations } from "~/modules/registration/registrations-admin.server.ts";
import { parseRegistrationFilter } from "~/modules/registration/registrations-filter.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

/** The registrations table's filtered set as CSV, every answer a column. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const filter = parseRegistrationFilter(new URL(request.url).searchParams);
  const { filename, csv } = await orPlainNotFound(exportRegistrations(context.db, user.id, params.id ?? "", filter));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      // Personal data: never kept by a shared cache or the browser's.
      "Cache-Control": "private, no-store",
    },
  });
}
