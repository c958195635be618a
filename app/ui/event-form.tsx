import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { EVENT_KIND_LABELS, EVENT_KINDS, eventSchema } from "~/modules/events/event.schema.ts";
import { Button, Card } from "./components.tsx";
import { CheckboxField, FormErrors, SelectField, TextAreaField, TextField } from "./form-fields.tsx";

export type EventFormValues = {
  name: string;
  slug: string;
  kind: string;
  campusId: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  description: string;
  published: boolean;
};

export function EventForm({
  lastResult,
  defaultValue,
  campuses,
  timeZones,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Partial<EventFormValues>;
  campuses: { id: string; name: string; timeZone: string }[];
  timeZones: string[];
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { ...defaultValue, published: defaultValue?.published ? "on" : undefined },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: eventSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Card>
      <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <FormErrors id={form.errorId} errors={form.errors} />
        </div>
        <TextField field={fields.name} label="Event name" />
        <TextField
          field={fields.slug}
          label="Web address name"
          hint="Lowercase, e.g. summit-2027: the page is /events/summit-2027."
        />
        <SelectField
          field={fields.kind}
          label="Kind"
          placeholder="Choose a kind"
          options={EVENT_KINDS.map((k) => ({ value: k, label: EVENT_KIND_LABELS[k] }))}
        />
        <div
          onChange={(e) => {
            // Picking a campus suggests its zone; the organiser can still change it.
            const campus = campuses.find((c) => c.id === (e.target as HTMLSelectElement).value);
            if (campus) form.update({ name: fields.timeZone.name, value: campus.timeZone });
          }}
        >
          <SelectField
            field={fields.campusId}
            label="Campus"
            placeholder="Choose a campus"
            options={campuses.map((c) => ({ value: c.id, label: c.name }))}
          />
        </div>
        <SelectField
          field={fields.timeZone}
          label="Time zone"
          placeholder="Choose a time zone"
          options={timeZones.map((z) => ({ value: z, label: z }))}
          hint="Start and end are wall-clock times in this zone."
        />
        <div className="hidden sm:block" />
        <TextField field={fields.startsAt} label="Starts" type="datetime-local" />
        <TextField field={fields.endsAt} label="Ends" type="datetime-local" />
        <div className="sm:col-span-2">
          <TextAreaField
            field={fields.description}
            label="Description"
            hint="Shown on the event page. Blank lines start new paragraphs."
          />
        </div>
        <div className="sm:col-span-2">
          <CheckboxField field={fields.published} label="Published" hint="Published events appear on the home page." />
        </div>
        <div className="sm:col-span-2">
          <Button disabled={navigation.state === "submitting"}>{submitLabel}</Button>
        </div>
      </Form>
    </Card>
  );
}
