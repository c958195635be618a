// Importing a retailer's royalty statement: upload, map the retailer's columns onto ours (once;
// remembered for the retailer's next statement), preview every row and its problems, commit.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { z } from "zod";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import {
  MAX_STATEMENT_CSV_BYTES,
  MAX_STATEMENT_CSV_ROWS,
  REQUIRED_STATEMENT_FIELDS,
  STATEMENT_FIELD_HELP,
  STATEMENT_FIELD_LABELS,
  STATEMENT_FIELDS,
  statementImportSchema,
} from "~/modules/scholarships/statement.schema.ts";
import { commitStatement, knownRetailers, previewForPage, previewStatement } from "~/modules/scholarships/statements.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { replyInvalid } from "~/shared/forms.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { readFormData, replyTooLarge } from "~/shared/multipart.server.ts";
import { Button, Card, PageHeader, TableFrame } from "~/ui/components.tsx";
import {
  type CsvColumn,
  CsvColumnHelp,
  CsvCommitForm,
  CsvImportProgress,
  CsvLineProblems,
  CsvPreview,
  CsvSourceFields,
} from "~/ui/csv-import.tsx";
import { FieldErrors, FormErrors, TextField } from "~/ui/form-fields.tsx";
import { FundNav, StatementLinesTable } from "~/ui/fund.tsx";

export const meta: MetaFunction = () => [{ title: "Import a retailer statement · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return { retailers: await knownRetailers(context.db) };
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const formData = await readFormData(request, MAX_STATEMENT_CSV_BYTES);
  if (!formData) return replyTooLarge("file", "The file must be 2 MB or smaller: split it into several files.");
  const submission = parseWithZod(formData, { schema: statementImportSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  const { intent, file, text, map, ...details } = submission.value;
  const csv = file && file.size > 0 ? await file.text() : (text ?? "");
  let commitError: string | null = null;
  if (intent === "commit") {
    try {
      const statement = await commitStatement(context.db, user.id, details, csv, map);
      return redirectWithFlash(context.env, request, `/admin/statements/${statement.id}`, {
        kind: "success",
        message: `Statement ${statement.statementRef} from ${statement.retailer} imported: ${formatMoney(statement.netCents)} credited to the fund.`,
      });
    } catch (error) {
      // Imported meanwhile, or the rows changed: show the fresh preview with the reason.
      if (!(error instanceof RuleViolation)) throw error;
      commitError = error.message;
    }
  }
  const preview = previewForPage(await previewStatement(context.db, details, csv, map));
  return data(
    {
      preview,
      csv,
      fileName: file && file.size > 0 ? file.name : null,
      commitError,
      details: {
        ...details,
        retailer: preview.retailer,
        periodStart: isoDay(details.periodStart),
        periodEnd: isoDay(details.periodEnd),
      },
    },
    { status: commitError ? 422 : 200 },
  );
}

const COLUMN_HELP: CsvColumn[] = STATEMENT_FIELDS.map((f) => ({
  name: STATEMENT_FIELD_LABELS[f],
  required: REQUIRED_STATEMENT_FIELDS.includes(f),
  help: STATEMENT_FIELD_HELP[f],
}));

const TEMPLATE =
  "Sale Date,Title,ISBN,Format,Units,Net Royalty\n2026-01-14,Social Media in Health Care,978-0-306-40615-7,Paperback,12,71.88\n2026-02-03,Social Media in Health Care,978-0-306-40615-7,Ebook,30,89.70\n";

const textInput =
  "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700";

type Result = Extract<NonNullable<ReturnType<typeof useActionData<typeof action>>>, { preview: unknown }>;

export default function ImportStatement() {
  const { retailers } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const result = actionData && "preview" in actionData ? actionData : null;
  const lastResult = actionData && !("preview" in actionData) ? actionData : undefined;
  const [form, fields] = useForm<z.input<typeof statementImportSchema>, z.output<typeof statementImportSchema>>({
    lastResult,
    // The preview's details, so the form still says which statement it was (as text, like typed).
    defaultValue: result?.details,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: statementImportSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const busy = navigation.state !== "idle";
  const submittingIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  return (
    <div className="space-y-6">
      <FundNav />
      <p className="text-sm">
        <Link to="/admin/statements" className="text-brand-700 underline">
          ← Retailer statements
        </Link>
      </p>
      <PageHeader
        title="Import a retailer statement"
        subtitle="Upload the royalty statement a retailer sent (CSV). You map its columns once per retailer, see every row and problem first, and nothing is credited until you confirm. A statement is credited once."
      />

      <Card>
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
          <input type="hidden" name="intent" value="preview" />
          <div className="sm:col-span-2">
            <FormErrors id={form.errorId} errors={form.errors} />
          </div>
          <div className="space-y-1">
            <label htmlFor={fields.retailer.id} className="block text-sm font-semibold text-slate-800">
              Retailer
            </label>
            <input
              {...getInputProps(fields.retailer, { type: "text", ariaDescribedBy: fields.retailer.descriptionId })}
              key={fields.retailer.key}
              list="retailers"
              className={textInput}
            />
            <p id={fields.retailer.descriptionId} className="text-sm text-slate-600">
              Its columns are remembered under this name.
            </p>
            <FieldErrors id={fields.retailer.errorId} errors={fields.retailer.errors} />
            <datalist id="retailers">
              {retailers.map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
          </div>
          <TextField field={fields.statementRef} label="Statement id" hint="As printed on the retailer's statement." />
          {(["periodStart", "periodEnd"] as const).map((name) => (
            <div key={name} className="space-y-1">
              <label htmlFor={fields[name].id} className="block text-sm font-semibold text-slate-800">
                {name === "periodStart" ? "Period: first day" : "Period: last day"}
              </label>
              <input {...getInputProps(fields[name], { type: "date" })} key={fields[name].key} className={textInput} />
              <FieldErrors id={fields[name].errorId} errors={fields[name].errors} />
            </div>
          ))}
          <div className="space-y-4 sm:col-span-2">
            <CsvSourceFields
              file={fields.file}
              text={fields.text}
              hint={`Up to 2 MB and ${MAX_STATEMENT_CSV_ROWS.toLocaleString("en-US")} rows. Extra columns are fine.`}
              pasteOpen={result ? !result.fileName : undefined}
            />
          </div>
          <div className="sm:col-span-2">
            <Button disabled={busy}>Preview</Button>
          </div>
        </Form>
      </Card>

      <CsvImportProgress intent={submittingIntent} importing="Importing the statement…" />

      {result ? <Mapping result={result} busy={busy} /> : null}
      {result?.preview.headers.length && !result.preview.mappingErrors.length ? <Preview result={result} busy={busy} /> : null}

      <CsvColumnHelp
        heading={<h2 className="font-semibold">What Summit reads from a statement</h2>}
        intro="The file's first line names its columns, in the retailer's own words; you choose which column holds what. The period comes from the form, not the rows."
        columns={COLUMN_HELP}
        caption="Fields read from a statement"
        template={TEMPLATE}
        templateName="royalty-statement-template.csv"
      />
    </div>
  );
}

function detailsFields(result: Result) {
  const { retailer, statementRef, periodStart, periodEnd } = result.details;
  return { retailer, statementRef, periodStart, periodEnd };
}

function Mapping({ result, busy }: { result: Result; busy: boolean }) {
  const { preview } = result;
  if (!preview.headers.length) return null;
  const note =
    preview.mappingSource === "remembered"
      ? `Remembered from the last statement from ${preview.retailer}.`
      : preview.mappingSource === "guessed"
        ? "Guessed from the column names: check them. They are remembered for this retailer once you import."
        : "As you chose them.";
  return (
    <Card>
      <h2 className="text-lg font-bold">Columns</h2>
      <p className="mt-1 text-sm text-slate-700">{note}</p>
      {preview.missingRemembered.length ? (
        <p className="mt-1 text-sm text-amber-900">
          This file has no {preview.missingRemembered.map((c) => `“${c}”`).join(", ")} column
          {preview.missingRemembered.length === 1 ? "" : "s"} any more; check the choices below.
        </p>
      ) : null}
      <FormErrors errors={preview.mappingErrors.length ? preview.mappingErrors : undefined} />
      <Form method="post" encType="multipart/form-data" className="mt-3 space-y-4">
        <input type="hidden" name="intent" value="preview" />
        {Object.entries(detailsFields(result)).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="text" value={result.csv} />
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {STATEMENT_FIELDS.map((field) => (
            <div key={field} className="space-y-1">
              <label htmlFor={`map-${field}`} className="block text-sm font-semibold text-slate-800">
                {STATEMENT_FIELD_LABELS[field]}
                {REQUIRED_STATEMENT_FIELDS.includes(field) ? (
                  <span className="ml-1 font-normal text-slate-600">(required)</span>
                ) : null}
              </label>
              <select
                id={`map-${field}`}
                name={`map.${field}`}
                defaultValue={preview.mapping[field] ?? ""}
                key={`${field}-${preview.mapping[field] ?? ""}`}
                className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base"
              >
                <option value="">Not in this file</option>
                {preview.headers.map((h) => (
                  <option key={h.key} value={h.key}>
                    {h.label}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
        <Button variant="secondary" disabled={busy}>
          Preview with these columns
        </Button>
      </Form>
    </Card>
  );
}

function Preview({ result, busy }: { result: Result; busy: boolean }) {
  const { preview } = result;
  const importable = preview.fileErrors.length === 0 && preview.errorCount === 0 && preview.rowCount > 0;
  const count = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
  const summary = `${count(preview.rowCount, "row", "rows")}, ${count(preview.copies, "copy", "copies")}, ${formatMoney(preview.netCents)} net royalty, ${count(preview.errorCount, "problem", "problems")}`;
  const mapHidden = Object.fromEntries(STATEMENT_FIELDS.map((f) => [`map.${f}`, preview.mapping[f] ?? ""]));
  const day = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : "");
  return (
    <CsvPreview result={result} level={2} summary={summary} fileErrors={preview.fileErrors} fileWhat="a royalty statement">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {[
          ["Retailer", preview.retailer],
          ["Statement", result.details.statementRef],
          ["Period", `${result.details.periodStart} to ${result.details.periodEnd}`],
          ["To credit", formatMoney(preview.netCents)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</dt>
            <dd className="font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
      {preview.errorCount ? <CsvLineProblems errors={preview.errors} errorCount={preview.errorCount} /> : null}
      {preview.rows.length ? (
        <TableFrame truncated={{ shown: preview.rows.length, total: preview.rowCount, noun: "rows" }}>
          <StatementLinesTable
            caption="Rows that will be imported"
            cell="px-2 py-1 align-top"
            markNegative
            lines={preview.rows.map((r) => ({
              ...r,
              key: r.line,
              saleDate: day(r.saleDate),
              netCents: r.netRoyalty,
            }))}
          />
        </TableFrame>
      ) : null}
      {importable ? (
        <CsvCommitForm csv={result.csv} busy={busy} hidden={{ ...detailsFields(result), ...mapHidden }}>
          Import and credit {formatMoney(preview.netCents)} to the fund
        </CsvCommitForm>
      ) : null}
    </CsvPreview>
  );
}
