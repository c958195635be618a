import { getCollectionProps, getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { PROMO_KIND_LABELS, PROMO_KINDS, promoCodeSchema } from "~/modules/registration/promo-code.schema.ts";
import { Button, Card } from "./components.tsx";
import { FieldErrors, FormErrors, TextField } from "./form-fields.tsx";

export type PromoCodeFormValues = {
  code: string;
  kind: string;
  percentOff: string;
  amountOff: string;
  ticketTypeIds: string[];
  maxUses: string;
  validFrom: string;
  validUntil: string;
};

const inputClass =
  "block w-full max-w-[12rem] rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm aria-[invalid=true]:border-red-700";

export function PromoCodeForm({
  lastResult,
  defaultValue,
  ticketTypes,
  timeZone,
  uses = 0,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Partial<PromoCodeFormValues>;
  ticketTypes: { id: string; name: string; archived: boolean; visibility: string }[];
  timeZone: string;
  /** Uses already counted: the lowest max uses allowed. */
  uses?: number;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { kind: "PERCENT", ...defaultValue },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: promoCodeSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const kinds = getCollectionProps(fields.kind, { type: "radio", options: [...PROMO_KINDS] });
  const boxes = getCollectionProps(fields.ticketTypeIds, { type: "checkbox", options: ticketTypes.map((t) => t.id) });
  const percent = fields.kind.value !== "AMOUNT";
  return (
    <Card>
      <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
        <input type="hidden" name="intent" value="save" />
        <div className="sm:col-span-2">
          <FormErrors id={form.errorId} errors={form.errors} />
        </div>
        <div className="sm:col-span-2">
          <TextField field={fields.code} label="Code" hint="3 to 32 letters, digits or dashes; buyers may type it in any case." />
        </div>
        <fieldset className="sm:col-span-2">
          <legend className="text-sm font-semibold text-slate-800">Discount</legend>
          <div className="mt-2 flex flex-wrap gap-6">
            {kinds.map(({ key, ...props }) => (
              <div key={key} className="flex items-center gap-2">
                <input {...props} className="h-5 w-5" />
                <label htmlFor={props.id}>{PROMO_KIND_LABELS[props.value as (typeof PROMO_KINDS)[number]]}</label>
              </div>
            ))}
          </div>
          <FieldErrors id={fields.kind.errorId} errors={fields.kind.errors} />
        </fieldset>
        <div className={`space-y-1 ${percent ? "" : "hidden"}`}>
          <label htmlFor={fields.percentOff.id} className="block text-sm font-semibold text-slate-800">
            Percentage off each ticket
          </label>
          <div className="flex items-center gap-1">
            <input
              {...getInputProps(fields.percentOff, { type: "number" })}
              key={fields.percentOff.key}
              min={1}
              max={100}
              className={inputClass}
            />
            <span aria-hidden="true">%</span>
          </div>
          <FieldErrors id={fields.percentOff.errorId} errors={fields.percentOff.errors} />
        </div>
        <div className={`space-y-1 ${percent ? "hidden" : ""}`}>
          <label htmlFor={fields.amountOff.id} className="block text-sm font-semibold text-slate-800">
            Amount off each ticket (USD)
          </label>
          <div className="flex items-center gap-1">
            <span aria-hidden="true">$</span>
            <input
              {...getInputProps(fields.amountOff, { type: "text" })}
              key={fields.amountOff.key}
              inputMode="decimal"
              className={inputClass}
            />
          </div>
          <FieldErrors id={fields.amountOff.errorId} errors={fields.amountOff.errors} />
        </div>
        <fieldset className="sm:col-span-2">
          <legend className="text-sm font-semibold text-slate-800">Ticket types</legend>
          <p className="text-sm text-slate-600">
            None ticked: every ticket type. A hidden ticket type is offered only with a code that names it.
          </p>
          {ticketTypes.length === 0 ? (
            <p className="mt-2 text-sm text-slate-700">This event has no ticket types yet.</p>
          ) : (
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {boxes.map(({ key, ...props }) => {
                const t = ticketTypes.find((tt) => tt.id === props.value);
                return (
                  <div key={key} className="flex items-center gap-2">
                    <input {...props} className="h-5 w-5" />
                    <label htmlFor={props.id}>
                      {t?.name}
                      {t?.visibility === "HIDDEN" ? <span className="text-slate-600"> (hidden)</span> : null}
                      {t?.archived ? <span className="text-slate-600"> (archived)</span> : null}
                    </label>
                  </div>
                );
              })}
            </div>
          )}
          <FieldErrors id={fields.ticketTypeIds.errorId} errors={fields.ticketTypeIds.errors} />
        </fieldset>
        <div className="space-y-1">
          <label htmlFor={fields.maxUses.id} className="block text-sm font-semibold text-slate-800">
            Max uses (optional)
          </label>
          <input
            {...getInputProps(fields.maxUses, { type: "number", ariaDescribedBy: fields.maxUses.descriptionId })}
            key={fields.maxUses.key}
            min={Math.max(1, uses)}
            className={inputClass}
          />
          <p id={fields.maxUses.descriptionId} className="text-sm text-slate-600">
            Each order counts once. Blank: no limit.{uses ? ` Used ${uses} times so far.` : ""}
          </p>
          <FieldErrors id={fields.maxUses.errorId} errors={fields.maxUses.errors} />
        </div>
        <div />
        <TextField
          field={fields.validFrom}
          type="datetime-local"
          label="Valid from (optional)"
          hint={`In ${timeZone}. Blank: now.`}
        />
        <TextField
          field={fields.validUntil}
          type="datetime-local"
          label="Valid until (optional)"
          hint={`In ${timeZone}. Blank: no end.`}
        />
        <div className="sm:col-span-2">
          <Button disabled={navigation.state === "submitting"}>{submitLabel}</Button>
        </div>
      </Form>
    </Card>
  );
}
