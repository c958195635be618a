import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { getOutboxEmail } from "~/modules/email/outbox.server.ts";
import { orPlainNotFound } from "~/shared/http.server.ts";

/** The email's HTML for the sandboxed preview frame; CSP forbids scripts even if the sandbox were lifted. */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const email = await orPlainNotFound(getOutboxEmail(context.db, params.id ?? ""));
  return new Response(email.html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; img-src * data:; style-src 'unsafe-inline'",
      "Cache-Control": "private, no-store",
    },
  });
}
