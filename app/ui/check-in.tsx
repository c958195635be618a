import { getCollectionProps, getFormProps, getSelectProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import {
  CHECK_IN_LIST_KIND_LABELS,
  CHECK_IN_LIST_KINDS,
  type CheckInListKindValue,
  checkInListSchema,
} from "~/modules/badges/check-in-list.schema.ts";
import { Button, Card } from "./components.tsx";
import { EventSectionHeader } from "./event-section-header.tsx";
import { FieldErrors, FormErrors, TextField } from "./form-fields.tsx";

/** The heading and tabs of an event's door check-in pages. */
export function CheckInHeader({
  event,
  title,
  actions,
}: {
  event: { id: string; name: string; timeZone: string };
  title: string;
  actions?: ReactNode;
}) {
  const base = `/admin/events/${event.id}/check-in`;
  const tabs = [
    { to: base, label: "Lists", end: true },
    { to: `${base}/arrivals`, label: "Arrivals" },
    { to: `${base}/staff`, label: "Staff & devices" },
  ];
  return <EventSectionHeader event={event} title={title} actions={actions} section="Door check-in" tabs={tabs} />;
}

/** Checked in against expected: a bar for the eye, the numbers in words for everyone. */
export function CheckInProgress({ checkedIn, expected }: { checkedIn: number; expected: number }) {
  const percent = expected ? Math.min(100, Math.round((checkedIn / expected) * 100)) : 0;
  return (
    <div className="min-w-[10rem] space-y-1">
      <p className="text-sm">
        <span className="font-semibold tabular-nums">{checkedIn}</span> of <span className="tabular-nums">{expected}</span>{" "}
        checked in <span className="text-slate-600">({percent}%)</span>
      </p>
      <div aria-hidden="true" className="h-2.5 w-full overflow-hidden rounded-full bg-slate-200">
        <div className="h-full rounded-full bg-green-700" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

export type CheckInListFormValues = {
  name: string;
  kind: CheckInListKindValue;
  day: string;
  sessionId: string;
  ticketTypeIds: string[];
};

const selectClass =
  "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm aria-[invalid=true]:border-red-700";

export function CheckInListForm({
  lastResult,
  defaultValue,
  ticketTypes,
  days,
  workshops,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue: Partial<CheckInListFormValues>;
  ticketTypes: { id: string; name: string; archived: boolean }[];
  days: { value: string; label: string }[];
  workshops: { value: string; label: string }[];
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: checkInListSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const kinds = getCollectionProps(fields.kind, { type: "radio", options: [...CHECK_IN_LIST_KINDS] });
  const boxes = getCollectionProps(fields.ticketTypeIds, { type: "checkbox", options: ticketTypes.map((t) => t.id) });
  const kind = fields.kind.value ?? defaultValue.kind;
  return (
    <Card>
      <Form method="post" {...getFormProps(form)} className="grid gap-5">
        <input type="hidden" name="intent" value="save" />
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField field={fields.name} label="Name" hint="What staff pick on their phone, e.g. “Main entrance” or “Day 1”." />
        <fieldset>
          <legend className="text-sm font-semibold text-slate-800">What it is for</legend>
          <div className="mt-2 flex flex-wrap gap-6">
            {kinds.map(({ key, ...props }) => (
              <div key={key} className="flex items-center gap-2">
                <input {...props} className="h-5 w-5" />
                <label htmlFor={props.id}>{CHECK_IN_LIST_KIND_LABELS[props.value as CheckInListKindValue]}</label>
              </div>
            ))}
          </div>
          <FieldErrors id={fields.kind.errorId} errors={fields.kind.errors} />
        </fieldset>
        <div className={`space-y-1 ${kind === "DAY" ? "" : "hidden"}`}>
          <label htmlFor={fields.day.id} className="block text-sm font-semibold text-slate-800">
            Day
          </label>
          <select {...getSelectProps(fields.day)} key={fields.day.key} className={selectClass}>
            <option value="">Choose a day</option>
            {days.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.day.errorId} errors={fields.day.errors} />
        </div>
        <div className={`space-y-1 ${kind === "SESSION" ? "" : "hidden"}`}>
          <label htmlFor={fields.sessionId.id} className="block text-sm font-semibold text-slate-800">
            Workshop
          </label>
          <select {...getSelectProps(fields.sessionId)} key={fields.sessionId.key} className={selectClass}>
            <option value="">{workshops.length ? "Choose a workshop" : "This event has no workshops on its agenda"}</option>
            {workshops.map((w) => (
              <option key={w.value} value={w.value}>
                {w.label}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.sessionId.errorId} errors={fields.sessionId.errors} />
        </div>
        <fieldset>
          <legend className="text-sm font-semibold text-slate-800">Ticket types it admits</legend>
          {ticketTypes.length === 0 ? (
            <p className="mt-2 text-sm text-slate-700">This event has no ticket types yet: add them under Tickets first.</p>
          ) : (
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {boxes.map(({ key, ...props }) => {
                const t = ticketTypes.find((tt) => tt.id === props.value);
                return (
                  <div key={key} className="flex items-center gap-2">
                    <input {...props} className="h-5 w-5" />
                    <label htmlFor={props.id}>
                      {t?.name}
                      {t?.archived ? <span className="text-slate-600"> (archived)</span> : null}
                    </label>
                  </div>
                );
              })}
            </div>
          )}
          <FieldErrors id={fields.ticketTypeIds.errorId} errors={fields.ticketTypeIds.errors} />
        </fieldset>
        <div>
          <Button disabled={navigation.state === "submitting"}>{submitLabel}</Button>
        </div>
      </Form>
    </Card>
  );
}
