// The pieces of a CSV import page: upload-or-paste fields, the preview with its problems, the
// confirm button and the column guide. The import itself (preview, then commit) lives in each module.
import { type FieldMetadata, getInputProps, getTextareaProps } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { type ReactNode, useEffect, useRef } from "react";
import { Button, Card } from "~/ui/components.tsx";
import { FieldErrors, FormErrors } from "~/ui/form-fields.tsx";

/** A CSV file input, and a text area to paste the CSV into instead. */
export function CsvSourceFields({
  file,
  text,
  hint,
  pasteOpen,
}: {
  file: FieldMetadata<File | undefined>;
  text: FieldMetadata<string | undefined>;
  hint: ReactNode;
  /** Keeps the paste area open, e.g. after previewing pasted text so it can be corrected in place. */
  pasteOpen?: boolean;
}) {
  return (
    <>
      <div className="space-y-1">
        <label htmlFor={file.id} className="block text-sm font-semibold text-slate-800">
          CSV file
        </label>
        <input
          {...getInputProps(file, { type: "file", ariaDescribedBy: file.descriptionId })}
          key={file.key}
          accept=".csv,text/csv"
          className="block w-full max-w-md text-sm file:mr-3 file:min-h-11 file:rounded-md file:border file:border-slate-400 file:bg-white file:px-4 file:py-2 file:font-semibold"
        />
        <p id={file.descriptionId} className="text-sm text-slate-600">
          {hint}
        </p>
        <FieldErrors id={file.errorId} errors={file.errors} />
      </div>
      <details open={pasteOpen}>
        <summary className="cursor-pointer text-sm font-semibold text-brand-700">Or paste the CSV text</summary>
        <label htmlFor={text.id} className="mt-2 block text-sm font-semibold text-slate-800">
          CSV text
        </label>
        <textarea
          {...getTextareaProps(text)}
          key={text.key}
          rows={6}
          className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm"
        />
        <FieldErrors id={text.errorId} errors={text.errors} />
      </details>
    </>
  );
}

/**
 * The preview of an uploaded file: a heading that takes focus (keyboard and screen-reader users
 * land on the result, not at the top of the page), why a confirmed import failed, why the file
 * can't be read, then `children` (row problems, the rows, the confirm button).
 */
export function CsvPreview({
  result,
  level,
  summary,
  fileErrors,
  fileWhat,
  children,
}: {
  /** The action's reply; focus moves to the heading each time a new one arrives. */
  result: { fileName: string | null; commitError: string | null };
  level: 2 | 3;
  summary: ReactNode;
  fileErrors: string[];
  /** Ends "The file can't be read as …", e.g. "a members list". */
  fileWhat: string;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (result) heading.current?.focus();
  }, [result]);
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby="preview-heading" className="space-y-4">
      <Heading id="preview-heading" ref={heading} tabIndex={-1} className="text-lg font-bold">
        Preview{result.fileName ? ` of ${result.fileName}` : ""}: {summary}
      </Heading>
      <FormErrors errors={result.commitError ? [result.commitError] : undefined} />
      {fileErrors.length ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-semibold">The file can't be read as {fileWhat}:</p>
          <ul className="mt-1 list-disc pl-5">
            {fileErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {children}
    </section>
  );
}

/** The frame around the table of rows with problems; `note` follows the standard advice. */
export function CsvRowErrors({ note, children }: { note?: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-red-300 bg-white">
      <p className="border-b border-red-200 bg-red-50 px-3 py-2 text-sm font-semibold text-red-900">
        Nothing can be imported until these rows are fixed. Correct the file and preview it again.
        {note}
      </p>
      <div className="overflow-x-auto">{children}</div>
    </div>
  );
}

export type CsvLineProblem = { line: number; column: string | null; message: string };

/**
 * Rows with problems, one problem a line of the table (line, column, what is wrong), in the
 * CsvRowErrors frame; `errorCount` counts them all, so it says when only the first are listed.
 */
export function CsvLineProblems({
  errors,
  errorCount,
  codeColumns,
}: {
  errors: CsvLineProblem[];
  errorCount: number;
  /** Column names in monospace (they are the file's own header names). */
  codeColumns?: boolean;
}) {
  const cell = "px-2 py-1 align-top";
  return (
    <CsvRowErrors note={errorCount > errors.length ? ` The first ${errors.length} are listed.` : undefined}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Rows with problems</caption>
        <thead className="bg-slate-100">
          <tr>
            <th scope="col" className={`${cell} w-16`}>
              Line
            </th>
            <th scope="col" className={`${cell} w-32`}>
              Column
            </th>
            <th scope="col" className={cell}>
              Problem
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {errors.map((e) => (
            <tr key={`${e.line}-${e.column}-${e.message}`}>
              <th scope="row" className={`${cell} font-semibold`}>
                {e.line}
              </th>
              <td className={codeColumns ? `${cell} font-mono` : cell}>{e.column ?? "(row)"}</td>
              <td className={`${cell} text-red-800`}>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </CsvRowErrors>
  );
}

/** While the form is submitting: checking the file (intent "preview") or importing it (`importing`). */
export function CsvImportProgress({
  intent,
  importing,
}: {
  /** The submitting form's intent, or nothing when none is submitting. */
  intent: FormDataEntryValue | null | undefined;
  importing: ReactNode;
}) {
  return (
    <div role="status" aria-live="polite">
      {intent ? (
        <div className="flex items-center gap-3 rounded-md border border-brand-100 bg-brand-50 p-3 text-sm">
          <progress aria-label={intent === "commit" ? "Importing" : "Checking the file"} className="h-2 w-40" />
          <span>{intent === "commit" ? importing : "Checking every row…"}</span>
        </div>
      ) : null}
    </div>
  );
}

/** Confirms the import: posts the previewed text again with intent "commit". */
export function CsvCommitForm({
  csv,
  busy,
  hidden,
  children,
}: {
  csv: string;
  busy: boolean;
  /** Further fields the import form needs again, e.g. what the file holds. */
  hidden?: Record<string, string>;
  children: ReactNode;
}) {
  return (
    <Form method="post" encType="multipart/form-data">
      <input type="hidden" name="intent" value="commit" />
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="text" value={csv} />
      <Button disabled={busy}>{children}</Button>
    </Form>
  );
}

export type CsvColumn = { name: string; required?: boolean; help: string };

/** What each column holds, with a template to download. */
export function CsvColumnHelp({
  heading,
  intro,
  columns,
  caption,
  template,
  templateName,
}: {
  heading: ReactNode;
  intro: ReactNode;
  columns: CsvColumn[];
  caption: string;
  template: string;
  templateName: string;
}) {
  return (
    <Card>
      {heading}
      <p className="mt-1 text-sm text-slate-700">
        {intro}{" "}
        <a
          download={templateName}
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(template)}`}
          className="font-semibold text-brand-700 underline"
        >
          Download a template
        </a>
      </p>
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{caption}</caption>
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
            {columns.map((c) => (
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
