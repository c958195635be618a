import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { registrationSettingsSchema } from "~/modules/registration/settings.schema.ts";
import { getRegistrationSettings, saveRegistrationSettings } from "~/modules/registration/settings.server.ts";
import { SALE_STATE_LABELS, type SetupSaleState, VISIBILITY_LABELS } from "~/modules/registration/ticket-type.schema.ts";
import { listTicketTypes } from "~/modules/registration/ticket-types.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Badge, Button, ButtonLink, Card, EmptyState } from "~/ui/components.tsx";
import { FieldErrors, FormErrors } from "~/ui/form-fields.tsx";
import { RegistrationSetupHeader, SeatsBar } from "~/ui/registration-setup.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Ticket types · ${data?.event.name ?? "Event"} · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const { event, ticketTypes } = await orNotFound(listTicketTypes(context.db, params.id ?? ""));
  const settings = await getRegistrationSettings(context.db, event.id);
  return {
    event,
    settings,
    ticketTypes: ticketTypes.map((t) => ({
      ...t,
      salesStart: t.salesStartAt ? formatDateTime(t.salesStartAt, event.timeZone) : null,
      salesEnd: t.salesEndAt ? formatDateTime(t.salesEndAt, event.timeZone) : null,
    })),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const submission = parseWithZod(await request.formData(), { schema: registrationSettingsSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    await saveRegistrationSettings(context.db, user.id, eventId, submission.value);
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
  return redirectWithFlash(context.env, request, `/admin/events/${eventId}/tickets`, {
    kind: "success",
    message: "Registration settings saved.",
  });
}

const STATE_TONES: Record<SetupSaleState, "green" | "amber" | "red" | "slate" | "blue"> = {
  "on-sale": "green",
  "not-yet": "blue",
  "sold-out": "red",
  ended: "slate",
  archived: "slate",
};

const inputClass =
  "block w-full max-w-[12rem] rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm aria-[invalid=true]:border-red-700";

function SettingsForm() {
  const { settings } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: useActionData<typeof action>(),
    defaultValue: {
      capacity: settings.capacity === null ? "" : String(settings.capacity),
      refundFullUntilDays: String(settings.refundFullUntilDays),
      detailsEditCutoffDays: String(settings.detailsEditCutoffDays),
      waitlistOfferHours: String(settings.waitlistOfferHours),
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: registrationSettingsSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const number = (field: (typeof fields)["capacity"], label: string, hint: string, min: number) => (
    <div className="space-y-1">
      <label htmlFor={field.id} className="block text-sm font-semibold text-slate-800">
        {label}
      </label>
      <input
        {...getInputProps(field, { type: "number", ariaDescribedBy: field.descriptionId })}
        key={field.key}
        min={min}
        className={inputClass}
      />
      <p id={field.descriptionId} className="text-sm text-slate-600">
        {hint}
      </p>
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
  return (
    <Form method="post" {...getFormProps(form)} aria-labelledby="settings-heading" className="grid gap-4 sm:grid-cols-2">
      <input type="hidden" name="intent" value="save-settings" />
      <div className="sm:col-span-2">
        <FormErrors id={form.errorId} errors={form.errors} />
      </div>
      {number(
        fields.capacity,
        "Event-wide capacity (optional)",
        settings.seatsTaken
          ? `Across all ticket types. ${settings.seatsTaken} seats are taken, so it can't go lower. Blank: no event-wide limit.`
          : "Across all ticket types. Blank: only each ticket type's capacity limits sales.",
        Math.max(1, settings.seatsTaken),
      )}
      {number(
        fields.waitlistOfferHours,
        "Waiting-list offer holds seats for (hours)",
        "When a seat frees, the next person on the waiting list has this long to take it.",
        1,
      )}
      {number(
        fields.refundFullUntilDays,
        "Full refund until (days before the event)",
        "Attendees who cancel earlier get their money back; later, no refund.",
        0,
      )}
      {number(
        fields.detailsEditCutoffDays,
        "Attendees can edit their details until (days before)",
        "Name, organisation, accessibility needs and answers.",
        0,
      )}
      <div className="sm:col-span-2">
        <Button variant="secondary" disabled={navigation.state === "submitting"}>
          Save settings
        </Button>
      </div>
    </Form>
  );
}

export default function TicketTypes() {
  const { event, ticketTypes } = useLoaderData<typeof loader>();
  const base = `/admin/events/${event.id}/tickets`;
  return (
    <div className="space-y-8">
      <RegistrationSetupHeader
        event={event}
        title="Ticket types"
        actions={<ButtonLink to={`${base}/new`}>Add ticket type</ButtonLink>}
      />
      {ticketTypes.length === 0 ? (
        <EmptyState title="No ticket types yet">
          Add at least one ticket type to open registration, for example “In-person” with a price and a number of seats.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full min-w-[44rem] text-left text-sm">
            <caption className="sr-only">Ticket types in the order buyers see them</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Ticket type
                </th>
                <th scope="col" className="px-3 py-2 text-right">
                  Price
                </th>
                <th scope="col" className="px-3 py-2">
                  Seats
                </th>
                <th scope="col" className="px-3 py-2">
                  Sales
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {ticketTypes.map((t) => (
                <tr key={t.id} className={t.archived ? "bg-slate-50 text-slate-600" : undefined}>
                  <td className="px-3 py-2 align-top">
                    <Link to={`${base}/${t.id}`} className="font-semibold text-brand-700 underline">
                      {t.name}
                    </Link>
                    <p className="text-xs text-slate-600">
                      {t.visibility === "PUBLIC" ? "Public" : VISIBILITY_LABELS[t.visibility]} · up to {t.maxPerOrder} per order
                    </p>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2 text-right align-top">
                    {t.priceCents === 0 ? "Free" : formatMoney(t.priceCents, t.currency)}
                    {t.memberPriceCents !== null ? (
                      <p className="text-xs text-slate-600">members {formatMoney(t.memberPriceCents, t.currency)}</p>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 align-top">
                    <SeatsBar sold={t.sold} held={t.held} offered={t.offered} capacity={t.capacity} />
                  </td>
                  <td className="px-3 py-2 align-top">
                    <Badge tone={STATE_TONES[t.state]}>{SALE_STATE_LABELS[t.state]}</Badge>
                    {t.salesStart || t.salesEnd ? (
                      <p className="mt-1 text-xs text-slate-600">
                        {t.salesStart ? `From ${t.salesStart}` : "Now"}
                        {t.salesEnd ? ` until ${t.salesEnd}` : ""}
                      </p>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Card>
        <h2 id="settings-heading" className="text-xl font-bold">
          Registration settings
        </h2>
        <p className="mb-4 text-sm text-slate-600">For the whole event, whatever the ticket type.</p>
        <SettingsForm />
      </Card>
    </div>
  );
}
