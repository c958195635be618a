import { getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { TICKET_VISIBILITIES, ticketTypeSchema, VISIBILITY_LABELS } from "~/modules/registration/ticket-type.schema.ts";
import { Button, Card } from "./components.tsx";
import { FieldErrors, FormErrors, SelectField, TextAreaField, TextField } from "./form-fields.tsx";

export type TicketTypeFormValues = {
  name: string;
  description: string;
  price: string;
  memberPrice: string;
  capacity: string;
  salesStartAt: string;
  salesEndAt: string;
  visibility: string;
  maxPerOrder: string;
  position: string;
};

const inputClass =
  "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm aria-[invalid=true]:border-red-700";

/** A number or dollar input with a label, a hint and its errors. */
function NumberField({
  field,
  label,
  hint,
  prefix,
  min,
  max,
}: {
  field: Parameters<typeof getInputProps>[0];
  label: string;
  hint?: string;
  prefix?: string;
  min?: number;
  max?: number;
}) {
  const input = getInputProps(field, {
    type: prefix ? "text" : "number",
    ariaDescribedBy: hint ? field.descriptionId : undefined,
  });
  return (
    <div className="space-y-1">
      <label htmlFor={field.id} className="block text-sm font-semibold text-slate-800">
        {label}
      </label>
      <div className="flex items-center gap-1">
        {prefix ? (
          <span aria-hidden="true" className="text-slate-700">
            {prefix}
          </span>
        ) : null}
        <input {...input} key={field.key} inputMode={prefix ? "decimal" : "numeric"} min={min} max={max} className={inputClass} />
      </div>
      {hint ? (
        <p id={field.descriptionId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function TicketTypeForm({
  lastResult,
  defaultValue,
  timeZone,
  taken = 0,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Partial<TicketTypeFormValues>;
  timeZone: string;
  /** Seats already held or sold: the lowest capacity allowed. */
  taken?: number;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { visibility: "PUBLIC", maxPerOrder: "10", ...defaultValue },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ticketTypeSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Card>
      <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
        <input type="hidden" name="intent" value="save" />
        <div className="sm:col-span-2">
          <FormErrors id={form.errorId} errors={form.errors} />
        </div>
        <div className="sm:col-span-2">
          <TextField field={fields.name} label="Name" hint="What buyers see, e.g. In-person, Student, Virtual." />
        </div>
        <div className="sm:col-span-2">
          <TextAreaField field={fields.description} label="Description (optional)" />
        </div>
        <NumberField field={fields.price} label="Price (USD)" prefix="$" hint="0 for a free ticket." />
        <NumberField
          field={fields.memberPrice}
          label="Member price (optional)"
          prefix="$"
          hint="Applied automatically to network members. Blank: members pay the price."
        />
        <NumberField
          field={fields.capacity}
          label="Capacity (seats)"
          min={Math.max(1, taken)}
          hint={taken ? `${taken} already held or sold: it can't go lower.` : undefined}
        />
        <NumberField field={fields.maxPerOrder} label="Most seats in one order" min={1} max={50} hint="1 to 50." />
        <TextField
          field={fields.salesStartAt}
          type="datetime-local"
          label="Sales open (optional)"
          hint={`In ${timeZone}. Blank: open now.`}
        />
        <TextField
          field={fields.salesEndAt}
          type="datetime-local"
          label="Sales close (optional)"
          hint={`In ${timeZone}. Blank: until the event.`}
        />
        <SelectField
          field={fields.visibility}
          label="Who can buy it"
          options={TICKET_VISIBILITIES.map((v) => ({ value: v, label: VISIBILITY_LABELS[v] }))}
        />
        <NumberField
          field={fields.position}
          label="Order on the page (optional)"
          min={0}
          hint="Lower numbers come first. Blank: last."
        />
        <div className="sm:col-span-2">
          <Button disabled={navigation.state === "submitting"}>{submitLabel}</Button>
        </div>
      </Form>
    </Card>
  );
}
