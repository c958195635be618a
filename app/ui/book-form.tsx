import { getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { bookSchema, COVER_TYPES } from "~/modules/scholarships/book.schema.ts";
import { MAX_TIERS } from "~/modules/scholarships/book-pricing.ts";
import { Button, Card } from "~/ui/components.tsx";
import { CheckboxField, FieldErrors, FormErrors, TextAreaField, TextField } from "~/ui/form-fields.tsx";
import { BookCover } from "~/ui/fund.tsx";

export type BookFormValues = {
  title: string;
  subtitle: string;
  authors: string;
  description: string;
  listPrice: string;
  unitCost: string;
  shippingBase: string;
  shippingPerCopy: string;
  maxPerOrder: string;
  active: boolean;
  tiers: { minQuantity?: string; percentOff?: string }[];
};

export const dollarsText = (cents: number) => (cents / 100).toFixed(2);

const smallInput =
  "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700";

/** The book's editor: text, cover, prices and costs, and the bulk discount tiers. */
export function BookForm({
  lastResult,
  defaultValue,
  coverUrl,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue: BookFormValues;
  coverUrl: string | null;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  // Always MAX_TIERS rows: blank rows are ignored.
  const tiers = [...defaultValue.tiers, ...Array.from({ length: MAX_TIERS - defaultValue.tiers.length }, () => ({}))];
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { ...defaultValue, tiers },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: bookSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const tierRows = fields.tiers.getFieldList();
  return (
    <Card>
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="grid gap-5 md:grid-cols-2">
        <div className="md:col-span-2">
          <FormErrors id={form.errorId} errors={form.errors} />
        </div>
        <TextField field={fields.title} label="Title" />
        <TextField field={fields.subtitle} label="Subtitle (optional)" />
        <div className="md:col-span-2">
          <TextField
            field={fields.authors}
            label="Authors"
            hint="As printed on the cover, e.g. “Dana Whitfield and Marcus Okafor”."
          />
        </div>
        <div className="md:col-span-2">
          <TextAreaField
            field={fields.description}
            label="Description"
            hint="Shown on the book page; a blank line starts a new paragraph."
          />
        </div>
        <div className="space-y-1 md:col-span-2">
          <label htmlFor={fields.cover.id} className="block text-sm font-semibold text-slate-800">
            {coverUrl ? "Replace the cover" : "Cover"}
          </label>
          <div className="flex flex-wrap items-center gap-4">
            {coverUrl ? (
              <BookCover coverUrl={coverUrl} title={defaultValue.title} authors="" size="small" decorative={false} />
            ) : null}
            <input
              {...getInputProps(fields.cover, { type: "file", ariaDescribedBy: fields.cover.descriptionId })}
              key={fields.cover.key}
              accept={COVER_TYPES.join(",")}
              className="block w-full max-w-md text-sm file:mr-3 file:min-h-11 file:rounded-md file:border file:border-slate-400 file:bg-white file:px-4 file:py-2 file:font-semibold"
            />
          </div>
          <p id={fields.cover.descriptionId} className="text-sm text-slate-600">
            PNG or JPEG, up to 2 MB; a 2:3 portrait image looks best.
          </p>
          <FieldErrors id={fields.cover.errorId} errors={fields.cover.errors} />
        </div>
        <TextField field={fields.listPrice} label="List price per copy (USD)" />
        <TextField
          field={fields.unitCost}
          label="Unit cost (printing one copy, USD)"
          hint="Subtracted from each sale's net proceeds."
        />
        <TextField
          field={fields.shippingBase}
          label="Shipping cost per order (USD)"
          hint="What we pay the carrier for each parcel."
        />
        <TextField field={fields.shippingPerCopy} label="Shipping cost per copy (USD)" />
        <div className="space-y-1">
          <label htmlFor={fields.maxPerOrder.id} className="block text-sm font-semibold text-slate-800">
            Most copies per order
          </label>
          <input
            {...getInputProps(fields.maxPerOrder, { type: "number" })}
            key={fields.maxPerOrder.key}
            min={1}
            className={smallInput}
          />
          <FieldErrors id={fields.maxPerOrder.errorId} errors={fields.maxPerOrder.errors} />
        </div>
        <div className="self-end">
          <CheckboxField field={fields.active} label="On sale" hint="Shown at /book and open for orders." />
        </div>
        <fieldset className="space-y-2 md:col-span-2" aria-describedby={`${fields.tiers.errorId} tiers-help`}>
          <legend className="text-base font-bold text-slate-900">Bulk discounts</legend>
          <p id="tiers-help" className="text-sm text-slate-600">
            From a number of copies, a percentage off every copy, e.g. 10 copies → 15 %, 50 copies → 25 %. Leave rows blank for
            fewer tiers.
          </p>
          <div className="grid gap-2">
            {tierRows.map((row, i) => {
              const tier = row.getFieldset();
              return (
                <div key={row.key} className="grid grid-cols-2 gap-3 sm:max-w-md">
                  <div className="space-y-1">
                    <label htmlFor={tier.minQuantity.id} className="block text-sm font-semibold text-slate-800">
                      Tier {i + 1}: from copies
                    </label>
                    <input
                      {...getInputProps(tier.minQuantity, { type: "number" })}
                      key={tier.minQuantity.key}
                      min={2}
                      className={smallInput}
                    />
                    <FieldErrors id={tier.minQuantity.errorId} errors={tier.minQuantity.errors} />
                  </div>
                  <div className="space-y-1">
                    <label htmlFor={tier.percentOff.id} className="block text-sm font-semibold text-slate-800">
                      Tier {i + 1}: % off
                    </label>
                    <input
                      {...getInputProps(tier.percentOff, { type: "number" })}
                      key={tier.percentOff.key}
                      min={1}
                      max={90}
                      className={smallInput}
                    />
                    <FieldErrors id={tier.percentOff.errorId} errors={tier.percentOff.errors} />
                  </div>
                </div>
              );
            })}
          </div>
          <FieldErrors id={fields.tiers.errorId} errors={fields.tiers.errors} />
        </fieldset>
        <div className="md:col-span-2">
          <Button disabled={navigation.state !== "idle"}>{submitLabel}</Button>
        </div>
      </Form>
    </Card>
  );
}
