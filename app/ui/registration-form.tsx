// The attendee parts of the registration form: one fieldset per seat on the register page,
// and the same fields (without ticket and email) on "edit my details".
import type { ReactNode } from "react";
import { ACCESSIBILITY_LABELS, ACCESSIBILITY_NEEDS } from "~/modules/registration/registration.schema.ts";
import { formatMoney } from "~/shared/money.ts";
import { Badge } from "./components.tsx";
import { FieldErrors } from "./form-fields.tsx";

export type QuestionView = {
  id: string;
  label: string;
  help: string;
  kind: "TEXT" | "SINGLE_CHOICE" | "MULTI_CHOICE" | "YES_NO";
  options: string[];
  required: boolean;
};

/** The values of one attendee as the form holds them (strings and string lists). */
export type AttendeeValues = {
  ticketTypeId?: string;
  name?: string;
  email?: string;
  organisation?: string;
  pronouns?: string;
  accessibilityNeeds?: string | string[];
  accessibilityNotes?: string;
  photoConsent?: string;
  answers?: Record<string, string | string[] | undefined>;
};

const inputClass =
  "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm aria-[invalid=true]:border-red-700";

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : [value].flat());

/** Field names are `${prefix}.name` (`attendees[0].name`), or plain `name` without a prefix. */
function namer(prefix: string) {
  return (field: string) => (prefix ? `${prefix}.${field}` : field);
}

type FieldProps = { formId: string; name: string; errors?: string[] };

function ids({ formId, name }: FieldProps) {
  const id = `${formId}-${name.replace(/[^\w-]/g, "-")}`;
  return { id, errorId: `${id}-error`, hintId: `${id}-hint` };
}

function TextInput({
  formId,
  name,
  errors,
  label,
  hint,
  defaultValue,
  type = "text",
  autoComplete,
  required,
}: FieldProps & {
  label: string;
  hint?: string;
  defaultValue?: string;
  type?: "text" | "email";
  autoComplete?: string;
  required?: boolean;
}) {
  const { id, errorId, hintId } = ids({ formId, name });
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-semibold text-slate-800">
        {label}
        {required ? null : <span className="font-normal text-slate-600"> (optional)</span>}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue ?? ""}
        autoComplete={autoComplete}
        required={required}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={[hint ? hintId : "", errors?.length ? errorId : ""].filter(Boolean).join(" ") || undefined}
        className={inputClass}
      />
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

function ChoiceGroup({
  formId,
  name,
  errors,
  legend,
  hint,
  type,
  options,
  checked,
  required,
}: FieldProps & {
  legend: ReactNode;
  hint?: ReactNode;
  type: "radio" | "checkbox";
  options: { value: string; label: ReactNode }[];
  checked: string[];
  required?: boolean;
}) {
  const { id, errorId, hintId } = ids({ formId, name });
  return (
    <fieldset
      className="space-y-2"
      aria-invalid={errors?.length ? true : undefined}
      aria-describedby={[hint ? hintId : "", errors?.length ? errorId : ""].filter(Boolean).join(" ") || undefined}
    >
      <legend className="text-sm font-semibold text-slate-800">
        {legend}
        {required ? null : <span className="font-normal text-slate-600"> (optional)</span>}
      </legend>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <div className="space-y-1">
        {options.map((o, i) => (
          <div key={o.value} className="flex items-start gap-3">
            <input
              id={`${id}-${i}`}
              name={name}
              type={type}
              value={o.value}
              defaultChecked={checked.includes(o.value)}
              className="mt-1 h-5 w-5 shrink-0 border-slate-400 text-brand-600"
            />
            <label htmlFor={`${id}-${i}`} className="text-base text-slate-800">
              {o.label}
            </label>
          </div>
        ))}
      </div>
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  );
}

function QuestionField({
  formId,
  question,
  name,
  value,
  errors,
}: {
  formId: string;
  question: QuestionView;
  name: string;
  value: string | string[] | undefined;
  errors?: string[];
}) {
  const common = { formId, name, errors, required: question.required };
  if (question.kind === "TEXT")
    return (
      <TextInput
        {...common}
        label={question.label}
        hint={question.help || undefined}
        defaultValue={typeof value === "string" ? value : ""}
      />
    );
  const options =
    question.kind === "YES_NO"
      ? [
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
        ]
      : question.options.map((o) => ({ value: o, label: o }));
  return (
    <ChoiceGroup
      {...common}
      legend={question.label}
      hint={question.help || (question.kind === "MULTI_CHOICE" ? "Choose any that apply." : undefined)}
      type={question.kind === "MULTI_CHOICE" ? "checkbox" : "radio"}
      options={options}
      checked={list(value)}
    />
  );
}

/**
 * The attendee's own details: organisation, the event's questions, accessibility needs and
 * photo consent. `prefix` names the attendee in a multi-seat form (`attendees[0]`).
 */
export function AttendeeDetailsFields({
  formId,
  prefix,
  values,
  errors,
  questions,
}: {
  formId: string;
  prefix: string;
  values: AttendeeValues;
  errors: Record<string, string[] | undefined>;
  questions: QuestionView[];
}) {
  const name = namer(prefix);
  const needs = list(values.accessibilityNeeds);
  return (
    <>
      <TextInput
        formId={formId}
        name={name("organisation")}
        errors={errors[name("organisation")]}
        label="Organisation"
        defaultValue={values.organisation}
        autoComplete="organization"
      />
      <TextInput
        formId={formId}
        name={name("pronouns")}
        errors={errors[name("pronouns")]}
        label="Pronouns"
        hint="Printed on the badge under the name, for example she/her or they/them."
        defaultValue={values.pronouns}
      />
      {questions.map((q) => (
        <QuestionField
          key={q.id}
          formId={formId}
          question={q}
          name={name(`answers.${q.id}`)}
          value={values.answers?.[q.id]}
          errors={errors[name(`answers.${q.id}`)]}
        />
      ))}
      <ChoiceGroup
        formId={formId}
        name={name("accessibilityNeeds")}
        errors={errors[name("accessibilityNeeds")]}
        legend="Accessibility needs"
        hint="Tell us what would help, so we can prepare. Only the organisers' access team sees this."
        type="checkbox"
        options={ACCESSIBILITY_NEEDS.map((n) => ({ value: n, label: ACCESSIBILITY_LABELS[n] }))}
        checked={needs}
      />
      <TextInput
        formId={formId}
        name={name("accessibilityNotes")}
        errors={errors[name("accessibilityNotes")]}
        label="More about these needs"
        hint="Needed for dietary requirements or “something else”."
        defaultValue={values.accessibilityNotes}
      />
      <ChoiceGroup
        formId={formId}
        name={name("photoConsent")}
        errors={errors[name("photoConsent")]}
        required
        legend="Photos and recordings"
        hint="This is a social-media summit: sessions are photographed, filmed and shared. If you say no, your badge shows a no-photo mark and our photographers will leave you out."
        type="radio"
        options={[
          { value: "yes", label: "Yes, I agree to be photographed and recorded" },
          { value: "no", label: "No photos or recordings of me, please" },
        ]}
        checked={values.photoConsent ? [values.photoConsent] : []}
      />
    </>
  );
}

/** Step 2: one fieldset per seat, "Attendee 1 — In-person". */
export function AttendeeFieldset({
  formId,
  index,
  ticketName,
  values,
  errors,
  questions,
}: {
  formId: string;
  index: number;
  ticketName: string;
  values: AttendeeValues;
  errors: Record<string, string[] | undefined>;
  questions: QuestionView[];
}) {
  const prefix = `attendees[${index}]`;
  const name = namer(prefix);
  const seatErrors = errors[name("ticketTypeId")];
  return (
    <fieldset className="space-y-4 rounded-lg border border-slate-300 bg-white p-5">
      <legend className="px-1 text-lg font-bold">
        Attendee {index + 1} — {ticketName}
      </legend>
      <input type="hidden" name={name("ticketTypeId")} value={values.ticketTypeId ?? ""} />
      {seatErrors?.length ? <FieldErrors id={`${formId}-${index}-ticket-error`} errors={seatErrors} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextInput
          formId={formId}
          name={name("name")}
          errors={errors[name("name")]}
          label="Full name"
          hint="As it should appear on the badge."
          defaultValue={values.name}
          autoComplete={index === 0 ? "name" : "off"}
          required
        />
        <TextInput
          formId={formId}
          name={name("email")}
          errors={errors[name("email")]}
          type="email"
          label="Email"
          hint="Member prices apply by this address."
          defaultValue={values.email}
          autoComplete={index === 0 ? "email" : "off"}
          required
        />
      </div>
      <AttendeeDetailsFields formId={formId} prefix={prefix} values={values} errors={errors} questions={questions} />
    </fieldset>
  );
}

export type TicketOffer = {
  id: string;
  name: string;
  description: string;
  priceCents: number;
  memberPriceCents: number | null;
  currency: string;
  visibility: "PUBLIC" | "HIDDEN" | "MEMBERS";
  maxPerOrder: number;
  remaining: number;
  state: "on-sale" | "not-yet" | "ended" | "sold-out";
};

/** Seats left are worth showing only when they are few. */
export const FEW_SEATS = 10;

/** A ticket's price line: "$495.00", with the member price when there is one. */
export function TicketPrice({ ticket }: { ticket: Pick<TicketOffer, "priceCents" | "memberPriceCents" | "currency"> }) {
  return (
    <span>
      <span className="text-lg font-bold">
        {ticket.priceCents === 0 ? "Free" : formatMoney(ticket.priceCents, ticket.currency)}
      </span>
      {ticket.memberPriceCents !== null && ticket.memberPriceCents < ticket.priceCents ? (
        <span className="block text-sm text-slate-700">
          Network members pay {formatMoney(ticket.memberPriceCents, ticket.currency)} — applied automatically by attendee email.
        </span>
      ) : null}
    </span>
  );
}

export function TicketStateBadge({ ticket }: { ticket: Pick<TicketOffer, "state" | "remaining" | "visibility"> }) {
  return (
    <span className="flex flex-wrap gap-2">
      {ticket.visibility === "MEMBERS" ? <Badge tone="blue">Network members only</Badge> : null}
      {ticket.visibility === "HIDDEN" ? <Badge tone="green">Unlocked by your code</Badge> : null}
      {ticket.state === "sold-out" ? <Badge tone="red">Sold out</Badge> : null}
      {ticket.state === "not-yet" ? <Badge tone="amber">Not on sale yet</Badge> : null}
      {ticket.state === "ended" ? <Badge>Sales ended</Badge> : null}
      {ticket.state === "on-sale" && ticket.remaining <= FEW_SEATS ? (
        <Badge tone="amber">
          {ticket.remaining} {ticket.remaining === 1 ? "seat" : "seats"} left
        </Badge>
      ) : null}
    </span>
  );
}

const REGISTRATION_STATUS: Record<string, { label: string; tone: "slate" | "green" | "amber" | "red" | "blue" }> = {
  PENDING: { label: "Awaiting payment", tone: "amber" },
  CONFIRMED: { label: "Confirmed", tone: "green" },
  CANCELLED: { label: "Cancelled", tone: "red" },
  TRANSFERRED: { label: "Transferred", tone: "slate" },
  EXPIRED: { label: "Not paid in time", tone: "slate" },
};

export function RegistrationStatusBadge({ status }: { status: string }) {
  const shown = REGISTRATION_STATUS[status] ?? { label: status.toLowerCase(), tone: "slate" as const };
  return <Badge tone={shown.tone}>{shown.label}</Badge>;
}
