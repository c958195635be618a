// The organiser's scholarship cycle form and rubric editor.
import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import {
  criterionSchema,
  cycleSchema,
  MAX_REVIEWERS_PER_APPLICATION,
  newCycleSchema,
} from "~/modules/scholarships/cycle.schema.ts";
import { Button, Card } from "./components.tsx";
import { CheckboxField, FormErrors, NumberField, SelectField, TextField } from "./form-fields.tsx";

export type CycleFormValues = {
  eventId?: string;
  name: string;
  opensAt: string;
  closesAt: string;
  decisionAt: string;
  replyBy: string;
  maxAward: string;
  reviewersPerApplication: string;
  blindReview: boolean;
  retentionMonths: string;
  seats: string;
};

export function CycleForm({
  lastResult,
  defaultValue,
  events,
  timeZone,
  seatsTaken = 0,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Partial<CycleFormValues>;
  /** A new cycle chooses its event; an existing one shows its zone. */
  events?: { id: string; label: string }[];
  timeZone?: string;
  seatsTaken?: number;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const schema = events ? newCycleSchema : cycleSchema;
  const [form, fields] = useForm({
    id: "cycle",
    lastResult,
    defaultValue: { reviewersPerApplication: "2", retentionMonths: "12", blindReview: true, ...defaultValue },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const zoneHint = timeZone ? `In the event's time zone (${timeZone}).` : "In the event's time zone.";
  const eventField = (fields as unknown as { eventId: typeof fields.name }).eventId;
  return (
    <Card>
      <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
        <input type="hidden" name="intent" value="save-cycle" />
        <div className="sm:col-span-2">
          <FormErrors id={form.errorId} errors={form.errors} />
        </div>
        {events ? (
          <div className="sm:col-span-2">
            <SelectField
              field={eventField}
              label="Event"
              placeholder="Choose an event"
              options={events.map((e) => ({ value: e.id, label: e.label }))}
              hint="Its regular ticket price becomes the value of the registration waiver."
            />
          </div>
        ) : null}
        <div className="sm:col-span-2">
          <TextField field={fields.name} label="Name" hint="For example “2027 scholarships”." />
        </div>
        <TextField field={fields.opensAt} type="datetime-local" label="Applications open" hint={zoneHint} />
        <TextField field={fields.closesAt} type="datetime-local" label="Applications close" hint={zoneHint} />
        <TextField field={fields.decisionAt} type="datetime-local" label="Decisions by" hint={zoneHint} />
        <TextField field={fields.replyBy} type="datetime-local" label="Awardees reply by" hint="Before the event starts." />
        <NumberField
          field={fields.maxAward}
          label="Maximum award for travel and lodging (USD)"
          prefix="$"
          hint="Per application, on top of the registration waiver."
        />
        <NumberField
          field={fields.seats}
          label="Scholarship seats"
          min={Math.max(1, seatsTaken)}
          hint={
            seatsTaken
              ? `${seatsTaken} already taken. Seats count against the event's capacity.`
              : "Seats held for awardees; they count against the event's capacity."
          }
        />
        <NumberField
          field={fields.reviewersPerApplication}
          label="Reviewers per application"
          min={1}
          max={MAX_REVIEWERS_PER_APPLICATION}
          hint="Auto-assign gives each submitted application this many."
        />
        <NumberField
          field={fields.retentionMonths}
          label="Keep stories for (months after the event)"
          min={1}
          max={120}
          hint="Then they are erased; the numbers stay."
        />
        <div className="sm:col-span-2">
          <CheckboxField
            field={fields.blindReview}
            label="Blind review"
            hint="Reviewers see “Applicant #…” instead of names, emails and contact details."
          />
        </div>
        <div className="sm:col-span-2">
          <Button disabled={navigation.state === "submitting"}>{submitLabel}</Button>
        </div>
      </Form>
    </Card>
  );
}

export type CriterionView = { id: string; name: string; description: string; weight: number; scores: number };

function CriterionForm({
  criterion,
  lastResult,
  index,
  count,
}: {
  criterion?: CriterionView;
  lastResult: SubmissionResult<string[]> | undefined;
  index?: number;
  count?: number;
}) {
  const navigation = useNavigation();
  const id = criterion ? `criterion-${criterion.id}` : "criterion-new";
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue: criterion
      ? { name: criterion.name, description: criterion.description, weight: String(criterion.weight) }
      : { weight: "1" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: criterionSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const busy = navigation.state === "submitting";
  return (
    <div className="space-y-3">
      <Form method="post" {...getFormProps(form)} className="grid gap-3 sm:grid-cols-[1fr_7rem]">
        {criterion ? <input type="hidden" name="criterionId" value={criterion.id} /> : null}
        <div className="sm:col-span-2">
          <FormErrors id={form.errorId} errors={form.errors} />
        </div>
        <TextField field={fields.name} label={criterion ? "Criterion" : "New criterion"} />
        <NumberField field={fields.weight} label="Weight" min={1} max={100} />
        <div className="sm:col-span-2">
          <TextField field={fields.description} label="What reviewers look for (optional)" />
        </div>
        <div className="flex flex-wrap gap-2 sm:col-span-2">
          <Button name="intent" value={criterion ? "save-criterion" : "add-criterion"} variant="secondary" disabled={busy}>
            {criterion ? "Save" : "Add criterion"}
            {criterion ? <span className="sr-only"> {criterion.name}</span> : null}
          </Button>
        </div>
      </Form>
      {criterion && index !== undefined && count !== undefined ? (
        <Form method="post" className="flex flex-wrap gap-2">
          <input type="hidden" name="criterionId" value={criterion.id} />
          <Button name="intent" value="move-up" variant="secondary" disabled={busy || index === 0}>
            ↑ Up<span className="sr-only"> {criterion.name}</span>
          </Button>
          <Button name="intent" value="move-down" variant="secondary" disabled={busy || index === count - 1}>
            ↓ Down<span className="sr-only"> {criterion.name}</span>
          </Button>
          <Button
            name="intent"
            value="remove-criterion"
            variant="danger"
            disabled={busy || count === 1 || criterion.scores > 0}
            title={criterion.scores > 0 ? "Reviewers have scored it" : undefined}
          >
            Remove<span className="sr-only"> {criterion.name}</span>
          </Button>
          {criterion.scores > 0 ? (
            <span className="self-center text-sm text-slate-600">Scored {criterion.scores} times: it stays.</span>
          ) : null}
        </Form>
      ) : null}
    </div>
  );
}

/** The rubric: one small form per criterion (save, move, remove) and one to add. */
export function RubricEditor({
  criteria,
  lastResult,
}: {
  criteria: CriterionView[];
  lastResult: (SubmissionResult<string[]> & { criterionId?: string }) | undefined;
}) {
  const totalWeight = criteria.reduce((sum, c) => sum + c.weight, 0);
  // The reply goes to the form it came from: the criterion it names, or the add form.
  const replyFor = (criterionId?: string) => {
    const from = (lastResult?.initialValue as { criterionId?: string; intent?: string } | null | undefined) ?? null;
    if (!from || from.intent === "save-cycle") return undefined;
    return (from.criterionId ?? undefined) === criterionId ? lastResult : undefined;
  };
  return (
    <Card className="space-y-6">
      <div>
        <h2 className="text-lg font-semibold">Rubric</h2>
        <p className="text-sm text-slate-700">
          Reviewers score each criterion 1–5; an application's score is the mean weighted by these weights (total {totalWeight}
          ).
        </p>
        <ul className="mt-3 flex h-3 w-full overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
          {criteria.map((c, i) => (
            <li
              key={c.id}
              style={{ width: `${(c.weight / totalWeight) * 100}%` }}
              className={["bg-brand-600", "bg-brand-800", "bg-sky-500", "bg-teal-600", "bg-indigo-500"][i % 5]}
            />
          ))}
        </ul>
      </div>
      <ol className="space-y-6">
        {criteria.map((c, i) => (
          <li key={`${c.id}-${c.name}-${c.weight}`} className="rounded-md border border-slate-200 p-4">
            <p className="mb-2 text-sm font-semibold text-slate-600">
              {i + 1}. {Math.round((c.weight / totalWeight) * 100)}% of the score
            </p>
            <CriterionForm criterion={c} lastResult={replyFor(c.id)} index={i} count={criteria.length} />
          </li>
        ))}
      </ol>
      <div className="border-t border-slate-200 pt-4">
        <CriterionForm key={criteria.length} lastResult={replyFor(undefined)} />
      </div>
    </Card>
  );
}
