// The scholarship application form: role, story, financial need, support asked for,
// accessibility needs and the two consents (separate checkboxes). "Save draft" keeps partial
// answers; "Submit" checks everything, in the browser and again on the server.
import { getFormProps, getInputProps, getTextareaProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { ACCESSIBILITY_LABELS, ACCESSIBILITY_NEEDS } from "~/modules/registration/registration.schema.ts";
import { applicationSchema, FINANCIAL_NEED_MAX, STORY_MAX } from "~/modules/scholarships/application.schema.ts";
import { formatMoney } from "~/shared/money.ts";
import { Button, Card } from "./components.tsx";
import { CheckboxField, FieldErrors, FormErrors } from "./form-fields.tsx";

export type ApplicationFormValues = {
  role?: "PATIENT" | "CAREGIVER";
  story: string;
  financialNeed: string;
  requestWaiver: boolean;
  requestTravel: string;
  requestLodging: string;
  accessibilityNeeds: string[];
  accessibilityNotes: string;
  consentReviewersRead: boolean;
  consentPublicQuote: boolean;
};

const inputClass =
  "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm aria-[invalid=true]:border-red-700";

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <section className="space-y-4 border-t border-slate-200 pt-6 first:border-t-0 first:pt-0">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
        {hint ? <p className="text-sm text-slate-700">{hint}</p> : null}
      </div>
      {children}
    </section>
  );
}

export function ApplicationForm({
  lastResult,
  defaultValue,
  maxAwardCents,
  waiverCents,
  submitted,
  lockedRole,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue: ApplicationFormValues;
  maxAwardCents: number;
  /** What the registration waiver is worth (the scholarship ticket's value). */
  waiverCents: number;
  /** Already submitted: only "Save changes", which checks everything. */
  submitted: boolean;
  /** A paired application keeps its role. */
  lockedRole?: { role: "PATIENT" | "CAREGIVER"; reason: string };
}) {
  const navigation = useNavigation();
  const schema = applicationSchema({ maxAwardCents });
  const [form, fields] = useForm({
    id: "scholarship-application",
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const busy = navigation.state === "submitting";
  const needs = new Set(defaultValue.accessibilityNeeds);
  const money = (field: typeof fields.requestTravel, label: string, hint: string) => (
    <div className="space-y-1">
      <label htmlFor={field.id} className="block text-sm font-semibold text-slate-800">
        {label}
      </label>
      <div className="flex items-center gap-1">
        <span aria-hidden="true" className="text-slate-700">
          $
        </span>
        <input
          {...getInputProps(field, { type: "text", ariaDescribedBy: field.descriptionId })}
          key={field.key}
          inputMode="decimal"
          placeholder="0.00"
          className={inputClass}
        />
      </div>
      <p id={field.descriptionId} className="text-sm text-slate-600">
        {hint}
      </p>
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
  return (
    <Card>
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="space-y-6">
          <Section title="About you">
            {lockedRole ? (
              <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-800">
                <input type="hidden" name={fields.role.name} value={lockedRole.role} />
                You are applying as a <strong>{lockedRole.role === "PATIENT" ? "patient" : "caregiver"}</strong>.{" "}
                {lockedRole.reason}
              </p>
            ) : (
              <fieldset
                className="space-y-2"
                aria-invalid={fields.role.errors?.length ? true : undefined}
                aria-describedby={fields.role.errors?.length ? fields.role.errorId : undefined}
              >
                <legend className="text-sm font-semibold text-slate-800">I am applying as</legend>
                {(
                  [
                    ["PATIENT", "A patient", "You live with the condition yourself."],
                    ["CAREGIVER", "A caregiver", "You care for someone who does; a patient can invite you to apply together."],
                  ] as const
                ).map(([value, label, hint]) => (
                  <label
                    key={value}
                    className="flex items-start gap-3 rounded-md border border-slate-300 p-3 has-[:checked]:border-brand-600"
                  >
                    <input
                      type="radio"
                      name={fields.role.name}
                      value={value}
                      defaultChecked={defaultValue.role === value}
                      className="mt-1 h-5 w-5"
                    />
                    <span>
                      <span className="block font-semibold text-slate-900">{label}</span>
                      <span className="block text-sm text-slate-700">{hint}</span>
                    </span>
                  </label>
                ))}
                <FieldErrors id={fields.role.errorId} errors={fields.role.errors} />
              </fieldset>
            )}
          </Section>

          <Section
            title="Your story"
            hint="It may describe your health. It is encrypted, and only the organisers and — if you agree below — the reviewers assigned to your application can read it. Every reading is recorded."
          >
            <div className="space-y-1">
              <label htmlFor={fields.story.id} className="block text-sm font-semibold text-slate-800">
                Why does attending matter to you?
              </label>
              <textarea
                {...getTextareaProps(fields.story, { ariaDescribedBy: fields.story.descriptionId })}
                key={fields.story.key}
                rows={10}
                maxLength={STORY_MAX}
                className={inputClass}
              />
              <p id={fields.story.descriptionId} className="text-sm text-slate-600">
                At least 50 characters to submit; up to {STORY_MAX.toLocaleString("en-US")}.
              </p>
              <FieldErrors id={fields.story.errorId} errors={fields.story.errors} />
            </div>
            <div className="space-y-1">
              <label htmlFor={fields.financialNeed.id} className="block text-sm font-semibold text-slate-800">
                Your financial need
              </label>
              <textarea
                {...getTextareaProps(fields.financialNeed, { ariaDescribedBy: fields.financialNeed.descriptionId })}
                key={fields.financialNeed.key}
                rows={4}
                maxLength={FINANCIAL_NEED_MAX}
                className={inputClass}
              />
              <p id={fields.financialNeed.descriptionId} className="text-sm text-slate-600">
                What makes attending hard to afford. Encrypted like your story.
              </p>
              <FieldErrors id={fields.financialNeed.errorId} errors={fields.financialNeed.errors} />
            </div>
          </Section>

          <Section
            title="Support you are asking for"
            hint={`Travel and lodging together can be at most ${formatMoney(maxAwardCents)}.`}
          >
            <CheckboxField
              field={fields.requestWaiver}
              label="Registration fee waiver"
              hint={
                waiverCents > 0
                  ? `Your registration at no charge (worth ${formatMoney(waiverCents)}).`
                  : "Your registration at no charge."
              }
            />
            <div className="grid gap-4 sm:grid-cols-2">
              {money(fields.requestTravel, "Travel (USD)", "Flights, trains or mileage. Blank: none.")}
              {money(fields.requestLodging, "Lodging (USD)", "Hotel nights near the venue. Blank: none.")}
            </div>
          </Section>

          <Section title="Accessibility needs" hint="So we can prepare; shared only with the organisers' access team.">
            <fieldset className="space-y-2">
              <legend className="sr-only">Accessibility needs (optional)</legend>
              {ACCESSIBILITY_NEEDS.map((need) => (
                <label key={need} className="flex items-center gap-3 text-slate-900">
                  <input
                    type="checkbox"
                    name={fields.accessibilityNeeds.name}
                    value={need}
                    defaultChecked={needs.has(need)}
                    className="h-5 w-5 rounded border-slate-400"
                  />
                  {ACCESSIBILITY_LABELS[need]}
                </label>
              ))}
            </fieldset>
            <div className="space-y-1">
              <label htmlFor={fields.accessibilityNotes.id} className="block text-sm font-semibold text-slate-800">
                More about these needs
              </label>
              <input
                {...getInputProps(fields.accessibilityNotes, {
                  type: "text",
                  ariaDescribedBy: fields.accessibilityNotes.descriptionId,
                })}
                key={fields.accessibilityNotes.key}
                className={inputClass}
              />
              <p id={fields.accessibilityNotes.descriptionId} className="text-sm text-slate-600">
                Needed for dietary requirements or “something else”.
              </p>
              <FieldErrors id={fields.accessibilityNotes.errorId} errors={fields.accessibilityNotes.errors} />
            </div>
          </Section>

          <Section title="Consent" hint="Two separate choices.">
            <CheckboxField
              field={fields.consentReviewersRead}
              label="Reviewers may read my story (required to submit)"
              hint="The reviewers assigned to your application read it to score it. Without this we can't consider your application."
            />
            <CheckboxField
              field={fields.consentPublicQuote}
              label="The organisation may quote my story publicly (optional)"
              hint="For example in our newsletter or the fund's yearly report."
            />
          </Section>
        </div>
        <div className="flex flex-wrap gap-3 border-t border-slate-200 pt-6">
          {submitted ? (
            <Button name="intent" value="submit" disabled={busy}>
              Save changes
            </Button>
          ) : (
            <>
              <Button name="intent" value="submit" disabled={busy}>
                Submit application
              </Button>
              <Button name="intent" value="save" variant="secondary" formNoValidate disabled={busy}>
                Save draft
              </Button>
            </>
          )}
        </div>
      </Form>
    </Card>
  );
}
