import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { campusSchema } from "~/modules/events/event.schema.ts";
import { Button, Card } from "./components.tsx";
import { FormErrors, SelectField, TextField } from "./form-fields.tsx";

type CampusValues = { name: string; city: string; address: string; timeZone: string };

export function CampusForm({
  lastResult,
  defaultValue,
  timeZones,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: CampusValues;
  timeZones: string[];
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: campusSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Card>
      <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <FormErrors id={form.errorId} errors={form.errors} />
        </div>
        <TextField field={fields.name} label="Campus name" />
        <TextField field={fields.city} label="City" />
        <div className="sm:col-span-2">
          <TextField field={fields.address} label="Street address" hint="Shown on event pages and in calendar files." />
        </div>
        <SelectField
          field={fields.timeZone}
          label="Time zone"
          placeholder="Choose a time zone"
          options={timeZones.map((z) => ({ value: z, label: z }))}
          hint="Events on this campus default to this zone."
        />
        <div className="sm:col-span-2">
          <Button disabled={navigation.state === "submitting"}>{submitLabel}</Button>
        </div>
      </Form>
    </Card>
  );
}
