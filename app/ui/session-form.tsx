import { getCollectionProps, getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import {
  SESSION_KIND_LABELS,
  SESSION_KINDS,
  SESSION_STATUS_LABELS,
  SESSION_STATUSES,
  sessionSchema,
} from "~/modules/agenda/agenda.schema.ts";
import { Button, Card } from "./components.tsx";
import { FieldErrors, FormErrors, SelectField, TextAreaField, TextField } from "./form-fields.tsx";

export type SessionFormValues = {
  title: string;
  abstract: string;
  kind: string;
  trackId: string;
  roomId: string;
  startsAt: string;
  endsAt: string;
  speakerIds: string[];
  capacity: string;
  status: string;
};

type Choices = {
  timeZone: string;
  tracks: { id: string; name: string }[];
  rooms: { id: string; name: string; capacity: number }[];
  speakers: { id: string; name: string; organisation: string }[];
};

export function SessionForm({
  lastResult,
  defaultValue,
  choices,
  submitLabel,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  defaultValue?: Partial<SessionFormValues>;
  choices: Choices;
  submitLabel: string;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: sessionSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const [speakerFilter, setSpeakerFilter] = useState("");
  const speakerBoxes = getCollectionProps(fields.speakerIds, { type: "checkbox", options: choices.speakers.map((s) => s.id) });
  const chosen = new Set(fields.speakerIds.value === undefined ? [] : [fields.speakerIds.value].flat());
  const needle = speakerFilter.trim().toLowerCase();
  return (
    <Card>
      <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <FormErrors id={form.errorId} errors={form.errors} />
        </div>
        <div className="sm:col-span-2">
          <TextField field={fields.title} label="Title" />
        </div>
        <SelectField
          field={fields.kind}
          label="Kind"
          placeholder="Choose a kind"
          options={SESSION_KINDS.map((k) => ({ value: k, label: SESSION_KIND_LABELS[k] }))}
        />
        <SelectField
          field={fields.status}
          label="Status"
          options={SESSION_STATUSES.map((s) => ({ value: s, label: SESSION_STATUS_LABELS[s] }))}
          hint="Drafts stay hidden; published and cancelled sessions go out with the next release."
        />
        <TextField
          field={fields.startsAt}
          label="Starts"
          type="datetime-local"
          hint={`Wall-clock time in ${choices.timeZone}.`}
        />
        <TextField field={fields.endsAt} label="Ends" type="datetime-local" hint={`Wall-clock time in ${choices.timeZone}.`} />
        <SelectField
          field={fields.roomId}
          label="Room"
          placeholder="No room yet"
          options={choices.rooms.map((r) => ({ value: r.id, label: `${r.name} (${r.capacity} seats)` }))}
        />
        <SelectField
          field={fields.trackId}
          label="Track"
          placeholder="No track"
          options={choices.tracks.map((t) => ({ value: t.id, label: t.name }))}
        />
        <div className="space-y-1">
          <label htmlFor={fields.capacity.id} className="block text-sm font-semibold text-slate-800">
            Seats for RSVP
          </label>
          <input
            {...getInputProps(fields.capacity, { type: "number", ariaDescribedBy: fields.capacity.descriptionId })}
            key={fields.capacity.key}
            min={1}
            inputMode="numeric"
            className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm aria-[invalid=true]:border-red-700"
          />
          <p id={fields.capacity.descriptionId} className="text-sm text-slate-600">
            Workshops only. Leave blank for no RSVP.
          </p>
          <FieldErrors id={fields.capacity.errorId} errors={fields.capacity.errors} />
        </div>
        <div className="hidden sm:block" />
        <fieldset className="sm:col-span-2" aria-describedby={`${fields.speakerIds.descriptionId} ${fields.speakerIds.errorId}`}>
          <legend className="text-sm font-semibold text-slate-800">Speakers</legend>
          <p id={fields.speakerIds.descriptionId} className="text-sm text-slate-600">
            {chosen.size === 0 ? "None chosen." : `${chosen.size} chosen.`} Listed in the order shown here.
          </p>
          {choices.speakers.length > 8 ? (
            <div className="mt-2">
              <label htmlFor={`${form.id}-speaker-filter`} className="sr-only">
                Find a speaker
              </label>
              <input
                id={`${form.id}-speaker-filter`}
                type="search"
                value={speakerFilter}
                onChange={(e) => setSpeakerFilter(e.target.value)}
                placeholder="Find a speaker by name"
                className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base sm:w-80"
              />
            </div>
          ) : null}
          {choices.speakers.length === 0 ? (
            <p className="mt-2 text-sm text-slate-700">This event has no speakers yet.</p>
          ) : (
            <ul className="mt-2 grid max-h-72 gap-1 overflow-y-auto rounded-md border border-slate-300 bg-white p-2 sm:grid-cols-2">
              {choices.speakers.map((speaker, i) => {
                const { key, ...props } = speakerBoxes[i];
                // Filtering hides, never unchecks: a hidden chosen speaker stays chosen.
                const hidden = needle !== "" && !speaker.name.toLowerCase().includes(needle) && !chosen.has(speaker.id);
                return (
                  <li key={key ?? speaker.id} className={hidden ? "hidden" : "flex items-start gap-2 rounded px-1 py-1"}>
                    <input {...props} className="mt-1 h-5 w-5 shrink-0 rounded border-slate-400" />
                    <label htmlFor={props.id} className="text-sm">
                      <span className="font-medium">{speaker.name}</span>
                      {speaker.organisation ? <span className="block text-slate-600">{speaker.organisation}</span> : null}
                    </label>
                  </li>
                );
              })}
            </ul>
          )}
          <FieldErrors id={fields.speakerIds.errorId} errors={fields.speakerIds.errors} />
        </fieldset>
        <div className="sm:col-span-2">
          <TextAreaField field={fields.abstract} label="Abstract" hint="Shown on the session page and in calendar entries." />
        </div>
        <div className="sm:col-span-2">
          <Button disabled={navigation.state === "submitting"}>{submitLabel}</Button>
        </div>
      </Form>
    </Card>
  );
}
