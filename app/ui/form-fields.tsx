import { type FieldMetadata, getInputProps, getSelectProps, getTextareaProps } from "@conform-to/react";
import type { ReactNode } from "react";

const inputClass =
  "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm placeholder:text-slate-500 aria-[invalid=true]:border-red-700";

function FieldShell({
  field,
  label,
  hint,
  children,
}: {
  field: FieldMetadata<unknown>;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={field.id} className="block text-sm font-semibold text-slate-800">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={field.descriptionId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function FieldErrors({ id, errors }: { id?: string; errors?: string[] }) {
  return (
    <div id={id} className="min-h-0 text-sm font-medium text-red-700" aria-live="polite">
      {errors?.length ? errors.map((e) => <p key={e}>{e}</p>) : null}
    </div>
  );
}

type TextFieldProps = {
  field: FieldMetadata<string | undefined | null>;
  label: string;
  hint?: string;
  type?: "text" | "email" | "password" | "datetime-local" | "url" | "search";
  autoComplete?: string;
};

export function TextField({ field, label, hint, type = "text", autoComplete }: TextFieldProps) {
  return (
    <FieldShell field={field as FieldMetadata<unknown>} label={label} hint={hint}>
      <input
        {...getInputProps(field, { type, ariaDescribedBy: hint ? field.descriptionId : undefined })}
        key={field.key}
        autoComplete={autoComplete}
        className={inputClass}
      />
    </FieldShell>
  );
}

export function TextAreaField({
  field,
  label,
  hint,
}: {
  field: FieldMetadata<string | undefined | null>;
  label: string;
  hint?: string;
}) {
  return (
    <FieldShell field={field as FieldMetadata<unknown>} label={label} hint={hint}>
      <textarea {...getTextareaProps(field)} key={field.key} rows={5} className={inputClass} />
    </FieldShell>
  );
}

export function SelectField({
  field,
  label,
  hint,
  options,
  placeholder,
}: {
  field: FieldMetadata<string | undefined | null>;
  label: string;
  hint?: string;
  options: { value: string; label: string }[];
  placeholder?: string;
}) {
  return (
    <FieldShell field={field as FieldMetadata<unknown>} label={label} hint={hint}>
      <select {...getSelectProps(field)} key={field.key} className={inputClass}>
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxField({
  field,
  label,
  hint,
}: {
  field: FieldMetadata<boolean | undefined | null>;
  label: string;
  hint?: string;
}) {
  return (
    <div className="space-y-1">
      <div className="flex items-start gap-3">
        <input
          {...getInputProps(field, { type: "checkbox" })}
          key={field.key}
          className="mt-1 h-5 w-5 rounded border-slate-400 text-brand-600"
        />
        <label htmlFor={field.id} className="text-sm font-semibold text-slate-800">
          {label}
          {hint ? <span className="block font-normal text-slate-600">{hint}</span> : null}
        </label>
      </div>
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** Errors that belong to the whole form (wrong password, rate limit). */
export function FormErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return <div id={id} className="hidden" />;
  return (
    <div id={id} role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm font-medium text-red-800">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}

/** A number or dollar input with a label, a hint and its errors. */
export function NumberField({
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
    <FieldShell field={field as FieldMetadata<unknown>} label={label} hint={hint}>
      <div className="flex items-center gap-1">
        {prefix ? (
          <span aria-hidden="true" className="text-slate-700">
            {prefix}
          </span>
        ) : null}
        <input {...input} key={field.key} inputMode={prefix ? "decimal" : "numeric"} min={min} max={max} className={inputClass} />
      </div>
    </FieldShell>
  );
}
