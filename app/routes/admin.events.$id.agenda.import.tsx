import { getCollectionProps, getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CSV_COLUMNS, type ImportKind, importSchema, MAX_CSV_BYTES } from "~/modules/agenda/agenda.schema.ts";
import { commitImport, type ImportPreview, previewImport } from "~/modules/agenda/csv-import.server.ts";
import { getAgendaEvent } from "~/modules/agenda/venue.server.ts";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { replyInvalid } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { readFormData, replyTooLarge } from "~/shared/multipart.server.ts";
import { Badge, Button, Card, TableFrame } from "~/ui/components.tsx";
import { type CsvColumn, CsvColumnHelp, CsvCommitForm, CsvPreview, CsvRowErrors, CsvSourceFields } from "~/ui/csv-import.tsx";
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

const COLUMN_HELP: Record<ImportKind, CsvColumn[]> = {
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
    <CsvColumnHelp
      heading={<h3 className="font-semibold">{kind === "sessions" ? "Sessions CSV" : "Speakers CSV"}</h3>}
      intro={`The first line names the columns, in any order; column names are not case-sensitive.${kind === "sessions" ? ` Times are wall-clock in ${timeZone}.` : ""}`}
      columns={COLUMN_HELP[kind]}
      caption={`Columns of the ${kind} CSV`}
      template={TEMPLATES[kind]}
      templateName={`${kind}-template.csv`}
    />
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
          <CsvSourceFields
            file={fields.file}
            text={fields.text}
            hint="Up to 1 MB. Speakers first: the sessions file refers to speakers by name."
          />
          <Button disabled={busy}>Preview</Button>
        </Form>
      </Card>

      {preview && result ? (
        <CsvPreview
          result={result}
          level={3}
          summary={`${preview.rows.length} ${noun}${preview.rows.length === 1 ? "" : "s"} ready, ${preview.errors.length} row${preview.errors.length === 1 ? "" : "s"} with errors`}
          fileErrors={preview.fileErrors}
          fileWhat={`a ${noun}s CSV`}
        >
          {preview.errors.length ? (
            <CsvRowErrors>
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
            </CsvRowErrors>
          ) : null}
          {preview.rows.length ? (
            <TableFrame>
              <PreviewTable preview={preview} />
            </TableFrame>
          ) : null}
          {importable ? (
            <CsvCommitForm csv={result.csv} busy={busy} hidden={{ kind: preview.kind }}>
              Import {preview.rows.length} {noun}
              {preview.rows.length === 1 ? "" : "s"}
            </CsvCommitForm>
          ) : null}
        </CsvPreview>
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
