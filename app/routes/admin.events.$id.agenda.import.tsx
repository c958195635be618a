import { getCollectionProps, getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { CSV_COLUMNS, type ImportKind, importSchema, MAX_CSV_BYTES } from "~/modules/agenda/agenda.schema.ts";
import { commitImport, type ImportPreview, previewImport } from "~/modules/agenda/csv-import.server.ts";
import { getAgendaEvent } from "~/modules/agenda/venue.server.ts";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { replyInvalid } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { readFormData, replyTooLarge } from "~/shared/multipart.server.ts";
import { Badge, Button, Card } from "~/ui/components.tsx";
import { FieldErrors, FormErrors } from "~/ui/form-fields.tsx";

export const meta: MetaFunction = () => [{ title: "Import CSV · Agenda · Summit" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const event = await orNotFound(getAgendaEvent(context.db, params.id ?? ""));
  return { event: { id: event.id, timeZone: event.timeZone } };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const formData = await readFormData(request, MAX_CSV_BYTES);
  if (!formData) return replyTooLarge("file", "The file must be 1 MB or smaller");
  const submission = parseWithZod(formData, { schema: importSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  const { intent, kind, file } = submission.value;
  const csv = file ? await file.text() : (submission.value.text ?? "");
  let commitError: string | null = null;
  if (intent === "commit") {
    try {
      const { created, updated } = await orNotFound(commitImport(context.db, user.id, eventId, kind, csv));
      const parts = [`${created} ${kind === "speakers" ? "speaker" : "session"}${created === 1 ? "" : "s"} imported`];
      if (updated) parts.push(`${updated} updated`);
      return redirectWithFlash(context.env, request, `/admin/events/${eventId}/agenda/${kind}`, {
        kind: "success",
        message: `${parts.join(", ")}.`,
      });
    } catch (error) {
      // The agenda changed since the preview: show the fresh preview with the reason.
      if (!(error instanceof RuleViolation)) throw error;
      commitError = error.message;
    }
  }
  const preview = await orNotFound(previewImport(context.db, eventId, kind, csv));
  return data({ preview, csv, fileName: file?.name ?? null, commitError }, { status: commitError ? 422 : 200 });
}

type Column = { name: string; required?: boolean; help: string };

const COLUMN_HELP: Record<ImportKind, Column[]> = {
  speakers: [
    { name: "name", required: true, help: "Full name, unique within the event. A speaker who already has this name is updated." },
    { name: "title", help: "For example: Cardiologist." },
    { name: "organisation", help: "Also accepted as “organization”." },
    { name: "bio", help: "Biography; put text with commas or line breaks in double quotes." },
    { name: "x", help: "X (Twitter) handle, like @name. Also accepted as “twitter”." },
    { name: "linkedin", help: "LinkedIn handle, like in/name." },
    { name: "mastodon", help: "Mastodon handle, like @name@host." },
    { name: "bluesky", help: "Bluesky handle, like @name.bsky.social." },
  ],
  sessions: [
    { name: "title", required: true, help: "The session's title." },
    { name: "kind", required: true, help: "keynote, panel, talk, workshop or break." },
    { name: "start", required: true, help: "YYYY-MM-DD HH:MM, 24-hour, in the event's time zone." },
    { name: "end", required: true, help: "Same format; after the start." },
    { name: "room", help: "Name of one of the event's rooms (add rooms first)." },
    { name: "track", help: "Name of one of the event's tracks." },
    { name: "speakers", help: "Speakers' names separated by semicolons; each must already exist (import speakers first)." },
    { name: "capacity", help: "Seats for RSVP; workshops only." },
    { name: "status", help: "draft (the default), published or cancelled." },
    { name: "abstract", help: "Description; put text with commas or line breaks in double quotes." },
  ],
};

const TEMPLATES: Record<ImportKind, string> = {
  speakers: `${CSV_COLUMNS.speakers.join(",")}\nDr. Maya Lee,Cardiologist,Heart Clinic,"Writes about patients, online.",@mayalee,in/mayalee,,\n`,
  sessions: `${CSV_COLUMNS.sessions.join(",")}\nOpening keynote,keynote,2027-09-27 09:00,2027-09-27 10:00,Hall,,Dr. Maya Lee,,draft,Why we are here\n`,
};

function ColumnHelp({ kind, timeZone }: { kind: ImportKind; timeZone: string }) {
  return (
    <Card>
      <h3 className="font-semibold">{kind === "sessions" ? "Sessions CSV" : "Speakers CSV"}</h3>
      <p className="mt-1 text-sm text-slate-700">
        The first line names the columns, in any order; column names are not case-sensitive.
        {kind === "sessions" ? ` Times are wall-clock in ${timeZone}.` : ""}{" "}
        <a
          download={`${kind}-template.csv`}
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATES[kind])}`}
          className="font-semibold text-brand-700 underline"
        >
          Download a template
        </a>
      </p>
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Columns of the {kind} CSV</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-2 py-1">
                Column
              </th>
              <th scope="col" className="px-2 py-1">
                What to write
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {COLUMN_HELP[kind].map((c) => (
              <tr key={c.name}>
                <th scope="row" className="whitespace-nowrap px-2 py-1 font-mono font-semibold">
                  {c.name}
                  {c.required ? <span className="ml-1 font-sans text-xs font-normal text-slate-600">(required)</span> : null}
                </th>
                <td className="px-2 py-1">{c.help}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function PreviewTable({ preview }: { preview: ImportPreview }) {
  const cell = "px-2 py-1 align-top";
  if (preview.kind === "speakers") {
    return (
      <table className="w-full min-w-[32rem] text-left text-sm">
        <caption className="sr-only">Speakers that will be imported</caption>
        <thead className="bg-slate-100">
          <tr>
            {["Line", "Name", "Title", "Organisation", "Action"].map((h) => (
              <th key={h} scope="col" className={cell}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {preview.rows.map((r) => (
            <tr key={r.line}>
              <td className={cell}>{r.line}</td>
              <td className={`${cell} font-medium`}>{r.name}</td>
              <td className={cell}>{r.title}</td>
              <td className={cell}>{r.organisation}</td>
              <td className={cell}>{r.action === "new" ? <Badge tone="green">New</Badge> : <Badge tone="blue">Update</Badge>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return (
    <table className="w-full min-w-[48rem] text-left text-sm">
      <caption className="sr-only">Sessions that will be imported</caption>
      <thead className="bg-slate-100">
        <tr>
          {["Line", "Title", "Kind", "Start", "End", "Room", "Track", "Speakers", "Seats", "Status"].map((h) => (
            <th key={h} scope="col" className={cell}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200">
        {preview.rows.map((r) => (
          <tr key={r.line}>
            <td className={cell}>{r.line}</td>
            <td className={`${cell} font-medium`}>{r.title}</td>
            <td className={cell}>{r.kind}</td>
            <td className={`${cell} whitespace-nowrap`}>{r.start}</td>
            <td className={`${cell} whitespace-nowrap`}>{r.end}</td>
            <td className={cell}>{r.room}</td>
            <td className={cell}>{r.track}</td>
            <td className={cell}>{r.speakers.join("; ")}</td>
            <td className={cell}>{r.capacity ?? ""}</td>
            <td className={cell}>{r.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function ImportCsv() {
  const { event } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const result = actionData && "preview" in actionData ? actionData : null;
  const lastResult = actionData && !("preview" in actionData) ? actionData : undefined;
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { kind: result?.preview.kind ?? "sessions" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: importSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const previewHeading = useRef<HTMLHeadingElement>(null);
  // Keyboard and screen-reader users land on the result, not at the top of a long page.
  useEffect(() => {
    if (result) previewHeading.current?.focus();
  }, [result]);
  const kinds = getCollectionProps(fields.kind, { type: "radio", options: ["sessions", "speakers"] });
  const busy = navigation.state === "submitting";
  const preview = result?.preview;
  const importable = preview && preview.fileErrors.length === 0 && preview.errors.length === 0 && preview.rows.length > 0;
  const noun = preview?.kind === "speakers" ? "speaker" : "session";
  return (
    <div className="space-y-6">
      <div>
        <h2 className="text-xl font-bold">Import CSV</h2>
        <p className="text-sm text-slate-600">
          Upload a spreadsheet saved as CSV (UTF-8). You see every row and every problem first; nothing is saved until you
          confirm, and then every row is saved or none.
        </p>
      </div>

      <Card>
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-4">
          <input type="hidden" name="intent" value="preview" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <fieldset>
            <legend className="text-sm font-semibold text-slate-800">What does the file hold?</legend>
            <div className="mt-2 flex flex-wrap gap-6">
              {kinds.map(({ key, ...props }) => (
                <div key={key} className="flex items-center gap-2">
                  <input {...props} className="h-5 w-5" />
                  <label htmlFor={props.id}>{props.value === "sessions" ? "Sessions" : "Speakers"}</label>
                </div>
              ))}
            </div>
            <FieldErrors id={fields.kind.errorId} errors={fields.kind.errors} />
          </fieldset>
          <div className="space-y-1">
            <label htmlFor={fields.file.id} className="block text-sm font-semibold text-slate-800">
              CSV file
            </label>
            <input
              {...getInputProps(fields.file, { type: "file", ariaDescribedBy: fields.file.descriptionId })}
              key={fields.file.key}
              accept=".csv,text/csv"
              className="block w-full max-w-md text-sm file:mr-3 file:min-h-11 file:rounded-md file:border file:border-slate-400 file:bg-white file:px-4 file:py-2 file:font-semibold"
            />
            <p id={fields.file.descriptionId} className="text-sm text-slate-600">
              Up to 1 MB. Speakers first: the sessions file refers to speakers by name.
            </p>
            <FieldErrors id={fields.file.errorId} errors={fields.file.errors} />
          </div>
          <details>
            <summary className="cursor-pointer text-sm font-semibold text-brand-700">Or paste the CSV text</summary>
            <label htmlFor={fields.text.id} className="mt-2 block text-sm font-semibold text-slate-800">
              CSV text
            </label>
            <textarea
              {...getTextareaProps(fields.text)}
              key={fields.text.key}
              rows={6}
              className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm"
            />
            <FieldErrors id={fields.text.errorId} errors={fields.text.errors} />
          </details>
          <Button disabled={busy}>Preview</Button>
        </Form>
      </Card>

      {preview && result ? (
        <section aria-labelledby="preview-heading" className="space-y-4">
          <h3 id="preview-heading" ref={previewHeading} tabIndex={-1} className="text-lg font-bold">
            Preview{result.fileName ? ` of ${result.fileName}` : ""}: {preview.rows.length} {noun}
            {preview.rows.length === 1 ? "" : "s"} ready, {preview.errors.length} row{preview.errors.length === 1 ? "" : "s"} with
            errors
          </h3>
          <FormErrors errors={result.commitError ? [result.commitError] : undefined} />
          {preview.fileErrors.length ? (
            <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
              <p className="font-semibold">The file can't be read as a {noun}s CSV:</p>
              <ul className="mt-1 list-disc pl-5">
                {preview.fileErrors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {preview.errors.length ? (
            <div className="rounded-lg border border-red-300 bg-white">
              <p className="border-b border-red-200 bg-red-50 px-3 py-2 text-sm font-semibold text-red-900">
                Nothing can be imported until these rows are fixed. Correct the file and preview it again.
              </p>
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">Rows with errors</caption>
                  <thead className="bg-slate-100">
                    <tr>
                      <th scope="col" className="w-16 px-2 py-1">
                        Line
                      </th>
                      <th scope="col" className="px-2 py-1">
                        Problems
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-200">
                    {preview.errors.map((e) => (
                      <tr key={e.line}>
                        <th scope="row" className="px-2 py-1 align-top font-semibold">
                          {e.line}
                        </th>
                        <td className="px-2 py-1 text-red-800">
                          <ul className="space-y-0.5">
                            {e.messages.map((m) => (
                              <li key={m}>{m}</li>
                            ))}
                          </ul>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ) : null}
          {preview.rows.length ? (
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <PreviewTable preview={preview} />
            </div>
          ) : null}
          {importable ? (
            <Form method="post" encType="multipart/form-data">
              <input type="hidden" name="intent" value="commit" />
              <input type="hidden" name="kind" value={preview.kind} />
              <input type="hidden" name="text" value={result.csv} />
              <Button disabled={busy}>
                Import {preview.rows.length} {noun}
                {preview.rows.length === 1 ? "" : "s"}
              </Button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <ColumnHelp kind="speakers" timeZone={event.timeZone} />
        <ColumnHelp kind="sessions" timeZone={event.timeZone} />
      </div>
      <p className="text-sm text-slate-600">
        Rooms and tracks are not imported: add them under{" "}
        <Link to={`/admin/events/${event.id}/agenda/venue`} className="font-semibold text-brand-700 underline">
          Rooms &amp; tracks
        </Link>
        .
      </p>
    </div>
  );
}
