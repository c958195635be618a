import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { renderBadgePng } from "~/modules/badges/badge-png.server.ts";
import { loadBadge } from "~/modules/badges/badges.server.ts";
import { badgeForPerson } from "~/modules/registration/self-service.server.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

/** The attendee's badge as an image for the phone. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const registration = await orPlainNotFound(badgeForPerson(context.db, params.id ?? "", { id: user.id, email: user.email }));
  const badge = await orPlainNotFound(loadBadge(context.db, context.env, registration));
  return new Response(new Uint8Array(renderBadgePng(badge)), {
    headers: {
      "Content-Type": "image/png",
      "Content-Disposition": `attachment; filename="badge-${registration.order.reference}.png"`,
      "Cache-Control": "private, no-store",
    },
  });
}
