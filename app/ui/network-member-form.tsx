import { getCollectionProps, getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import {
  MEMBER_KIND_LABELS,
  MEMBER_KINDS,
  type MemberKindValue,
  networkMemberSchema,
} from "~/modules/registration/network-member.schema.ts";
import { Button, Card } from "./components.tsx";
import { FieldErrors, FormErrors, TextField } from "./form-fields.tsx";

export type NetworkMemberFormValues = {
  kind: string;
  email: string;
  domain: string;
  name: string;
  organisation: string;
  validUntil: string;
};

export function NetworkMemberForm({
  lastResult,
  defaultValue,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Partial<NetworkMemberFormValues>;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { kind: "INDIVIDUAL", ...defaultValue },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: networkMemberSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const kinds = getCollectionProps(fields.kind, { type: "radio", options: [...MEMBER_KINDS] });
  const individual = fields.kind.value !== "ORGANISATION";
  return (
    <Card>
      <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
        <input type="hidden" name="intent" value="save" />
        <div className="sm:col-span-2">
          <FormErrors id={form.errorId} errors={form.errors} />
        </div>
        <fieldset className="sm:col-span-2">
          <legend className="text-sm font-semibold text-slate-800">Kind of membership</legend>
          <div className="mt-2 flex flex-wrap gap-6">
            {kinds.map(({ key, ...props }) => (
              <div key={key} className="flex items-center gap-2">
                <input {...props} className="h-5 w-5" />
                <label htmlFor={props.id}>
                  {MEMBER_KIND_LABELS[props.value as MemberKindValue]}
                  <span className="text-slate-600">
                    {props.value === "INDIVIDUAL" ? " (matched by email)" : " (everyone with an email at its domain)"}
                  </span>
                </label>
              </div>
            ))}
          </div>
          <FieldErrors id={fields.kind.errorId} errors={fields.kind.errors} />
        </fieldset>
        <div className="sm:col-span-2">
          {individual ? (
            <TextField field={fields.email} type="email" label="Email" autoComplete="off" />
          ) : (
            <TextField field={fields.domain} label="Email domain" hint="The part after the @, like example.org." />
          )}
        </div>
        <TextField field={fields.name} label={individual ? "Name" : "Organisation name"} />
        <TextField
          field={fields.organisation}
          label={individual ? "Organisation (optional)" : "Parent organisation (optional)"}
        />
        <div className="space-y-1">
          <label htmlFor={fields.validUntil.id} className="block text-sm font-semibold text-slate-800">
            Valid until (optional)
          </label>
          <input
            {...getInputProps(fields.validUntil, { type: "date", ariaDescribedBy: fields.validUntil.descriptionId })}
            key={fields.validUntil.key}
            className="block w-full max-w-[12rem] rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm aria-[invalid=true]:border-red-700"
          />
          <p id={fields.validUntil.descriptionId} className="text-sm text-slate-600">
            The last day member prices apply. Blank: no end.
          </p>
          <FieldErrors id={fields.validUntil.errorId} errors={fields.validUntil.errors} />
        </div>
        <div className="sm:col-span-2">
          <Button disabled={navigation.state === "submitting"}>{submitLabel}</Button>
        </div>
      </Form>
    </Card>
  );
}
