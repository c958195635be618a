import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { TICKET_VISIBILITIES, ticketTypeSchema, VISIBILITY_LABELS } from "~/modules/registration/ticket-type.schema.ts";
import { Button, Card } from "./components.tsx";
import { FormErrors, NumberField, SelectField, TextAreaField, TextField } from "./form-fields.tsx";

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
