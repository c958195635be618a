import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { ticketTypeSchema } from "~/modules/registration/ticket-type.schema.ts";
import { getRegistrationEvent, saveTicketType } from "~/modules/registration/ticket-types.server.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { RegistrationSetupHeader } from "~/ui/registration-setup.tsx";
import { TicketTypeForm } from "~/ui/ticket-type-form.tsx";

export const meta: MetaFunction = () => [{ title: "New ticket type · Summit" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return { event: await orNotFound(getRegistrationEvent(context.db, params.id ?? "")) };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const submission = parseWithZod(await request.formData(), { schema: ticketTypeSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const saved = await saveTicketType(context.db, user.id, eventId, submission.value);
    return redirectWithFlash(context.env, request, `/admin/events/${eventId}/tickets`, {
      kind: "success",
      message: `${saved.name} added.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function NewTicketType() {
  const { event } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <RegistrationSetupHeader event={event} title="New ticket type" />
      <TicketTypeForm lastResult={useActionData<typeof action>()} timeZone={event.timeZone} submitLabel="Add ticket type" />
    </div>
  );
}
