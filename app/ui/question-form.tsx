import { getFormProps, getTextareaProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import {
  isChoiceKind,
  MAX_OPTIONS,
  MIN_OPTIONS,
  QUESTION_KIND_LABELS,
  QUESTION_KINDS,
  type QuestionKindValue,
  questionSchema,
} from "~/modules/registration/question.schema.ts";
import { Button, Card } from "./components.tsx";
import { CheckboxField, FieldErrors, FormErrors, SelectField, TextField } from "./form-fields.tsx";

export type QuestionFormValues = { label: string; help: string; kind: string; options: string; required: boolean };

export function QuestionForm({
  lastResult,
  defaultValue,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Partial<QuestionFormValues>;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { ...defaultValue, required: defaultValue?.required ? "on" : undefined },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: questionSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const kind = fields.kind.value as QuestionKindValue | undefined;
  const choice = kind !== undefined && QUESTION_KINDS.includes(kind) && isChoiceKind(kind);
  return (
    <Card>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="save" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField field={fields.label} label="Question" hint="As attendees will read it, e.g. “T-shirt size”." />
        <TextField field={fields.help} label="Help text (optional)" hint="Shown under the question." />
        <SelectField
          field={fields.kind}
          label="Kind of answer"
          placeholder="Choose a kind"
          options={QUESTION_KINDS.map((k) => ({ value: k, label: QUESTION_KIND_LABELS[k] }))}
        />
        {/* Kept in the form when hidden, so a kind switched back doesn't lose the typed options. */}
        <div className={`space-y-1 ${choice ? "" : "hidden"}`}>
          <label htmlFor={fields.options.id} className="block text-sm font-semibold text-slate-800">
            Options
          </label>
          <textarea
            {...getTextareaProps(fields.options, { ariaDescribedBy: fields.options.descriptionId })}
            key={fields.options.key}
            rows={6}
            className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm aria-[invalid=true]:border-red-700"
          />
          <p id={fields.options.descriptionId} className="text-sm text-slate-600">
            One option a line, {MIN_OPTIONS} to {MAX_OPTIONS}, each different.
          </p>
          <FieldErrors id={fields.options.errorId} errors={fields.options.errors} />
        </div>
        <CheckboxField field={fields.required} label="Required" hint="Attendees can't register without answering." />
        <Button disabled={navigation.state === "submitting"}>{submitLabel}</Button>
      </Form>
    </Card>
  );
}
