import { getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { PHOTO_TYPES, SOCIAL_LABELS, SOCIAL_NETWORKS, speakerSchema } from "~/modules/agenda/agenda.schema.ts";
import { Button, Card } from "./components.tsx";
import { FieldErrors, FormErrors, TextAreaField, TextField } from "./form-fields.tsx";

export type SpeakerFormValues = {
  name: string;
  title: string;
  organisation: string;
  bio: string;
  x: string;
  linkedin: string;
  mastodon: string;
  bluesky: string;
};

export function SpeakerForm({
  lastResult,
  defaultValue,
  photoUrl,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Partial<SpeakerFormValues>;
  photoUrl?: string | null;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm<SpeakerFormValues & { photo?: File }>({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: speakerSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Card>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <FormErrors id={form.errorId} errors={form.errors} />
        </div>
        <TextField
          field={fields.name}
          label="Name"
          hint="Unique within the event: the sessions CSV refers to speakers by name."
        />
        <TextField field={fields.title} label="Title" hint="For example: Cardiologist, Patient advocate." />
        <div className="sm:col-span-2">
          <TextField field={fields.organisation} label="Organisation" />
        </div>
        <div className="sm:col-span-2">
          <TextAreaField field={fields.bio} label="Biography" hint="Shown on the speaker's page." />
        </div>
        <fieldset className="grid gap-4 sm:col-span-2 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Social handles (optional)</legend>
          {SOCIAL_NETWORKS.map((n) => (
            <TextField key={n} field={fields[n]} label={SOCIAL_LABELS[n]} />
          ))}
        </fieldset>
        <div className="space-y-1 sm:col-span-2">
          <label htmlFor={fields.photo.id} className="block text-sm font-semibold text-slate-800">
            {photoUrl ? "Replace photo" : "Photo"}
          </label>
          <div className="flex flex-wrap items-center gap-4">
            {photoUrl ? (
              <img src={photoUrl} alt="Current" width={80} height={80} className="h-20 w-20 rounded-full object-cover" />
            ) : null}
            <input
              {...getInputProps(fields.photo, { type: "file", ariaDescribedBy: fields.photo.descriptionId })}
              key={fields.photo.key}
              accept={PHOTO_TYPES.join(",")}
              className="block w-full max-w-md text-sm file:mr-3 file:min-h-11 file:rounded-md file:border file:border-slate-400 file:bg-white file:px-4 file:py-2 file:font-semibold"
            />
          </div>
          <p id={fields.photo.descriptionId} className="text-sm text-slate-600">
            JPEG, PNG or WebP, up to 2 MB. A square photo of the face works best.
          </p>
          <FieldErrors id={fields.photo.errorId} errors={fields.photo.errors} />
        </div>
        <div className="sm:col-span-2">
          <Button disabled={navigation.state === "submitting"}>{submitLabel}</Button>
        </div>
      </Form>
    </Card>
  );
}
