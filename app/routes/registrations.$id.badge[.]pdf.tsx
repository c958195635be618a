import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { renderBadgesPdf } from "~/modules/badges/badge-pdf.server.ts";
import { loadBadge } from "~/modules/badges/badges.server.ts";
import { badgeForPerson } from "~/modules/registration/self-service.server.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

/** The attendee's own badge on 4×3 in stock (`?large=1`: large print). */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const registration = await orPlainNotFound(badgeForPerson(context.db, params.id ?? "", { id: user.id, email: user.email }));
  const badge = await orPlainNotFound(loadBadge(context.db, context.env, registration));
  const largePrint = new URL(request.url).searchParams.get("large") === "1";
  const pdf = await renderBadgesPdf([badge], { layout: "BADGE_4X3", largePrint });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="badge-${registration.order.reference}.pdf"`,
      // A badge is a personal credential: never in a shared cache.
      "Cache-Control": "private, no-store",
    },
  });
}
