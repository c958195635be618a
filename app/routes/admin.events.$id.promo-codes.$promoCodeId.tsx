import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { promoCodeActionSchema, promoCodeSchema } from "~/modules/registration/promo-code.schema.ts";
import { deletePromoCode, endPromoCode, getPromoCodeForEdit, savePromoCode } from "~/modules/registration/promo-codes.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { badRequest, orNotFound } from "~/shared/http.server.ts";
import { Button, Card } from "~/ui/components.tsx";
import { FormErrors } from "~/ui/form-fields.tsx";
import { PromoCodeForm } from "~/ui/promo-code-form.tsx";
import { RegistrationSetupHeader } from "~/ui/registration-setup.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.promo.code ?? "Promo code"} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return orNotFound(getPromoCodeForEdit(context.db, params.id ?? "", params.promoCodeId ?? ""));
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const promoCodeId = params.promoCodeId ?? "";
  const list = `/admin/events/${eventId}/promo-codes`;
  const formData = await request.formData();
  if (formData.get("intent") !== "save") {
    const parsed = promoCodeActionSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) badRequest("Unknown action.");
    try {
      const promo =
        parsed.data.intent === "delete"
          ? await orNotFound(deletePromoCode(context.db, user.id, eventId, promoCodeId))
          : await orNotFound(endPromoCode(context.db, user.id, eventId, promoCodeId));
      return redirectWithFlash(context.env, request, list, {
        kind: "success",
        message: parsed.data.intent === "delete" ? `${promo.code} deleted.` : `${promo.code} ended: it is no longer accepted.`,
      });
    } catch (error) {
      if (error instanceof RuleViolation) return data({ endError: error.message }, { status: 422 });
      throw error;
    }
  }
  const submission = parseWithZod(formData, { schema: promoCodeSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const saved = await savePromoCode(context.db, user.id, eventId, submission.value, promoCodeId);
    return redirectWithFlash(context.env, request, list, { kind: "success", message: `${saved.code} saved.` });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function EditPromoCode() {
  const { event, promo, ticketTypes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const endError = actionData && "endError" in actionData ? actionData.endError : undefined;
  const lastResult = actionData && !("endError" in actionData) ? actionData : undefined;
  const ended = promo.validUntil !== null && new Date(promo.validUntil) <= new Date();
  return (
    <div className="space-y-6">
      <RegistrationSetupHeader event={event} title={`Edit ${promo.code}`} />
      <p className="text-sm text-slate-700">
        {promo.maxUses !== null
          ? `Used ${promo.uses} of ${promo.maxUses} times.`
          : `Used ${promo.uses} time${promo.uses === 1 ? "" : "s"}, no limit.`}
      </p>
      <PromoCodeForm
        key={String(promo.updatedAt)}
        lastResult={lastResult}
        ticketTypes={ticketTypes}
        timeZone={event.timeZone}
        uses={promo.uses}
        submitLabel="Save promo code"
        defaultValue={{
          code: promo.code,
          kind: promo.kind,
          percentOff: promo.percentOff === null ? "" : String(promo.percentOff),
          amountOff: promo.amountOffCents === null ? "" : (promo.amountOffCents / 100).toFixed(2),
          ticketTypeIds: promo.ticketTypes.map((t) => t.id),
          maxUses: promo.maxUses === null ? "" : String(promo.maxUses),
          validFrom: promo.validFromLocal,
          validUntil: promo.validUntilLocal,
        }}
      />
      <Card className="border-red-200">
        {promo.uses === 0 ? (
          <>
            <h2 className="font-semibold">Delete this code</h2>
            <p className="mt-1 text-sm text-slate-700">Nobody has used it, so it can be deleted.</p>
          </>
        ) : (
          <>
            <h2 className="font-semibold">End this code now</h2>
            <p className="mt-1 text-sm text-slate-700">
              It has been used, so it stays on record for those orders. Ending it stops it being accepted from now on.
            </p>
          </>
        )}
        <FormErrors errors={endError ? [endError] : undefined} />
        {ended && promo.uses > 0 ? (
          <p className="mt-2 text-sm font-semibold text-slate-700">This code has ended.</p>
        ) : (
          <Form
            method="post"
            className="mt-3"
            onSubmit={(e) => {
              const question = promo.uses === 0 ? `Delete ${promo.code}? This can't be undone.` : `End ${promo.code} now?`;
              if (!window.confirm(question)) e.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value={promo.uses === 0 ? "delete" : "end"} />
            <Button variant="danger" disabled={navigation.state === "submitting"}>
              {promo.uses === 0 ? `Delete ${promo.code}` : `End ${promo.code} now`}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
