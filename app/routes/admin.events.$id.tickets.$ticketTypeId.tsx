import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { ticketTypeActionSchema, ticketTypeSchema } from "~/modules/registration/ticket-type.schema.ts";
import {
  getTicketTypeForEdit,
  removeTicketType,
  restoreTicketType,
  saveTicketType,
} from "~/modules/registration/ticket-types.server.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { badRequest, orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Button, Card } from "~/ui/components.tsx";
import { RegistrationSetupHeader } from "~/ui/registration-setup.tsx";
import { TicketTypeForm } from "~/ui/ticket-type-form.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.ticketType.name ?? "Ticket type"} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return orNotFound(getTicketTypeForEdit(context.db, params.id ?? "", params.ticketTypeId ?? ""));
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const ticketTypeId = params.ticketTypeId ?? "";
  const list = `/admin/events/${eventId}/tickets`;
  const formData = await request.formData();
  if (formData.get("intent") !== "save") {
    const parsed = ticketTypeActionSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) badRequest("Unknown action.");
    if (parsed.data.intent === "restore") {
      const { name } = await orNotFound(restoreTicketType(context.db, user.id, eventId, ticketTypeId));
      return redirectWithFlash(context.env, request, `${list}/${ticketTypeId}`, {
        kind: "success",
        message: `${name} restored.`,
      });
    }
    const { name, outcome } = await orNotFound(removeTicketType(context.db, user.id, eventId, ticketTypeId));
    return redirectWithFlash(context.env, request, list, {
      kind: "success",
      message: outcome === "deleted" ? `${name} deleted.` : `${name} archived: it is off sale and kept for its registrations.`,
    });
  }
  const submission = parseWithZod(formData, { schema: ticketTypeSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const saved = await saveTicketType(context.db, user.id, eventId, submission.value, ticketTypeId);
    return redirectWithFlash(context.env, request, list, { kind: "success", message: `${saved.name} saved.` });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

const dollars = (cents: number | null) => (cents === null ? "" : (cents / 100).toFixed(2));

export default function EditTicketType() {
  const { event, ticketType } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const used = ticketType._count.registrations > 0 || ticketType._count.waitlist > 0 || ticketType.taken > 0;
  return (
    <div className="space-y-6">
      <RegistrationSetupHeader event={event} title={`Edit ${ticketType.name}`} />
      {ticketType.archived ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          This ticket type is archived: it is off sale and buyers don't see it.
        </p>
      ) : null}
      <TicketTypeForm
        key={String(ticketType.updatedAt)}
        lastResult={lastResult}
        timeZone={event.timeZone}
        taken={ticketType.taken}
        submitLabel="Save ticket type"
        defaultValue={{
          name: ticketType.name,
          description: ticketType.description,
          price: dollars(ticketType.priceCents),
          memberPrice: dollars(ticketType.memberPriceCents),
          capacity: String(ticketType.capacity),
          salesStartAt: ticketType.salesStartLocal,
          salesEndAt: ticketType.salesEndLocal,
          visibility: ticketType.visibility,
          maxPerOrder: String(ticketType.maxPerOrder),
          position: String(ticketType.position),
        }}
      />
      <Card>
        {ticketType.archived ? (
          <>
            <h2 className="font-semibold">Put it back on sale</h2>
            <p className="mt-1 text-sm text-slate-700">Its sales window and capacity decide when it sells again.</p>
            <Form method="post" className="mt-3">
              <input type="hidden" name="intent" value="restore" />
              <Button variant="secondary" disabled={navigation.state === "submitting"}>
                Restore {ticketType.name}
              </Button>
            </Form>
          </>
        ) : (
          <>
            <h2 className="font-semibold">{used ? "Archive this ticket type" : "Delete this ticket type"}</h2>
            <p className="mt-1 text-sm text-slate-700">
              {used
                ? `${ticketType._count.registrations} registration${ticketType._count.registrations === 1 ? "" : "s"} (and any waiting list) keep it, so it can't be deleted. Archiving takes it off sale; receipts and reports still name it.`
                : `Nobody has registered for it at ${formatMoney(ticketType.priceCents, ticketType.currency)}, so it can be deleted.`}
            </p>
            <Form
              method="post"
              className="mt-3"
              onSubmit={(e) => {
                if (!window.confirm(used ? `Archive ${ticketType.name}?` : `Delete ${ticketType.name}? This can't be undone.`))
                  e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="remove" />
              <Button variant="danger" disabled={navigation.state === "submitting"}>
                {used ? `Archive ${ticketType.name}` : `Delete ${ticketType.name}`}
              </Button>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
