import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { promoCodeSchema } from "~/modules/registration/promo-code.schema.ts";
import { promoTicketTypeChoices, savePromoCode } from "~/modules/registration/promo-codes.server.ts";
import { getRegistrationEvent } from "~/modules/registration/ticket-types.server.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { PromoCodeForm } from "~/ui/promo-code-form.tsx";
import { RegistrationSetupHeader } from "~/ui/registration-setup.tsx";

export const meta: MetaFunction = () => [{ title: "New promo code · Summit" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const event = await orNotFound(getRegistrationEvent(context.db, params.id ?? ""));
  return { event, ticketTypes: await promoTicketTypeChoices(context.db, event.id) };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const submission = parseWithZod(await request.formData(), { schema: promoCodeSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const saved = await savePromoCode(context.db, user.id, eventId, submission.value);
    return redirectWithFlash(context.env, request, `/admin/events/${eventId}/promo-codes`, {
      kind: "success",
      message: `${saved.code} added.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function NewPromoCode() {
  const { event, ticketTypes } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <RegistrationSetupHeader event={event} title="New promo code" />
      <PromoCodeForm
        lastResult={useActionData<typeof action>()}
        ticketTypes={ticketTypes}
        timeZone={event.timeZone}
        submitLabel="Add promo code"
      />
    </div>
  );
}
