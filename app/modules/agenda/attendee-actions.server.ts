// The route side of the attendee's session buttons (star, RSVP), shared by every page
// that shows them: each page posts to itself, so the buttons work without JavaScript.
import { requireUser } from "~/modules/auth/guards.server.ts";
import { badRequest, domainErrorResponse } from "~/shared/http.server.ts";
import type { SummitContext } from "~/shared/load-context.ts";
import { sessionIntentSchema } from "./attendee.schema.ts";
import { applySessionIntent } from "./attendee.server.ts";

/** Applies a posted star/RSVP button for a signed-in person; a refused rule comes back as a message. */
export async function sessionIntent(context: SummitContext, userId: string, formData: FormData) {
  const parsed = sessionIntentSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) badRequest(parsed.error.issues[0]?.message ?? "Unknown action.");
  try {
    return { ok: true, message: await applySessionIntent(context.db, userId, parsed.data.intent, parsed.data.sessionId) };
  } catch (error) {
    const response = domainErrorResponse(error);
    if (!response) throw error;
    return response;
  }
}

/** A page's action for those buttons: logged-out visitors go to log in and come back to the page. */
export async function sessionAction(context: SummitContext, request: Request) {
  const user = await requireUser(context, request);
  return sessionIntent(context, user.id, await request.formData());
}
