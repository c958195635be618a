import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { commitMembersImport, previewMembersImport } from "~/modules/registration/members-import.server.ts";
import {
  MAX_MEMBERS_CSV_BYTES,
  MAX_MEMBERS_CSV_ROWS,
  MEMBER_CSV_COLUMNS,
  MEMBER_KIND_LABELS,
  membersImportSchema,
} from "~/modules/registration/network-member.schema.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { replyInvalid } from "~/shared/forms.server.ts";
import { readFormData, replyTooLarge } from "~/shared/multipart.server.ts";
import { Badge, Button, Card, PageHeader, TableFrame } from "~/ui/components.tsx";
import {
  type CsvColumn,
  CsvColumnHelp,
  CsvCommitForm,
  CsvImportProgress,
  CsvLineProblems,
  CsvPreview,
  CsvSourceFields,
} from "~/ui/csv-import.tsx";
import { FormErrors } from "~/ui/form-fields.tsx";

export const meta: MetaFunction = () => [{ title: "Import network members · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const formData = await readFormData(request, MAX_MEMBERS_CSV_BYTES);
  if (!formData) return replyTooLarge("file", "The file must be 2 MB or smaller: split it into several files.");
  const submission = parseWithZod(formData, { schema: membersImportSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  const { intent, file } = submission.value;
  const csv = file ? await file.text() : (submission.value.text ?? "");
  let commitError: string | null = null;
  if (intent === "commit") {
    try {
      const { added, updated } = await commitMembersImport(context.db, user.id, csv);
      return redirectWithFlash(context.env, request, "/admin/members", {
        kind: "success",
        message: `Members imported: ${added} added, ${updated} updated.`,
      });
    } catch (error) {
      // The list changed since the preview: show the fresh preview with the reason.
      if (!(error instanceof RuleViolation)) throw error;
      commitError = error.message;
    }
  }
  const preview = await previewMembersImport(context.db, csv);
  return data({ preview, csv, fileName: file?.name ?? null, commitError }, { status: commitError ? 422 : 200 });
}

const COLUMN_HELP: (CsvColumn & { name: (typeof MEMBER_CSV_COLUMNS)[number] })[] = [
  { name: "kind", required: true, help: "individual or organisation (organization is fine too)." },
  { name: "name", required: true, help: "The person's or the organisation's name." },
  { name: "email", help: "Individuals only: their email. An existing member with this email is updated." },
  { name: "domain", help: "Organisations only: the email domain, like example.org (a leading @ is fine). Updated if it exists." },
  { name: "organisation", help: "Optional: where the person works, or a parent organisation." },
  { name: "valid_until", help: "Optional: the last day member prices apply, as YYYY-MM-DD. Blank: no end." },
];

const TEMPLATE = `${MEMBER_CSV_COLUMNS.join(",")}\nindividual,Ana Alvarez,ana@example.org,,Heart Clinic,2027-12-31\norganisation,Care Alliance,,care.example,,\n`;

const cell = "px-2 py-1 align-top";

export default function ImportMembers() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const result = actionData && "preview" in actionData ? actionData : null;
  const lastResult = actionData && !("preview" in actionData) ? actionData : undefined;
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: membersImportSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const submittingIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const busy = navigation.state !== "idle";
  const preview = result?.preview;
  const importable = preview && preview.fileErrors.length === 0 && preview.errorCount === 0 && preview.rowCount > 0;
  const total = preview ? preview.added + preview.updated : 0;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to="/admin/members" className="text-brand-700 underline">
          ← Network members
        </Link>
      </p>
      <PageHeader
        title="Import network members"
        subtitle="Upload a spreadsheet saved as CSV (UTF-8). You see every problem first; nothing is saved until you confirm, and then every row is saved or none."
      />

      <Card>
        <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-4">
          <input type="hidden" name="intent" value="preview" />
          <FormErrors id={form.errorId} errors={form.errors} />
          {/* Stays open after previewing pasted text, so it can be corrected in place. */}
          <CsvSourceFields
            file={fields.file}
            text={fields.text}
            hint={`Up to 2 MB and ${MAX_MEMBERS_CSV_ROWS.toLocaleString("en-US")} rows.`}
            pasteOpen={result ? !result.fileName : undefined}
          />
          <Button disabled={busy}>Preview</Button>
        </Form>
      </Card>

      <CsvImportProgress
        intent={submittingIntent}
        importing={`Importing ${total.toLocaleString("en-US")} members… large files take up to a minute.`}
      />

      {preview && result ? (
        <CsvPreview
          result={result}
          level={2}
          summary={`${preview.added} to add, ${preview.updated} to update, ${preview.errorCount} problem${preview.errorCount === 1 ? "" : "s"}`}
          fileErrors={preview.fileErrors}
          fileWhat="a members list"
        >
          {preview.errorCount ? <CsvLineProblems errors={preview.errors} errorCount={preview.errorCount} codeColumns /> : null}
          {preview.rows.length ? (
            <TableFrame truncated={{ shown: preview.rows.length, total: preview.rowCount, noun: "rows" }}>
              <table className="w-full min-w-[40rem] text-left text-sm">
                <caption className="sr-only">Members that will be imported</caption>
                <thead className="bg-slate-100">
                  <tr>
                    {["Line", "Kind", "Name", "Email or domain", "Organisation", "Valid until", "Action"].map((h) => (
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
                      <td className={cell}>{MEMBER_KIND_LABELS[r.kind]}</td>
                      <td className={`${cell} font-medium`}>{r.name}</td>
                      <td className={`${cell} font-mono text-xs`}>{r.key}</td>
                      <td className={cell}>{r.organisation}</td>
                      <td className={cell}>{r.validUntil || "No end"}</td>
                      <td className={cell}>
                        {r.action === "add" ? <Badge tone="green">Add</Badge> : <Badge tone="blue">Update</Badge>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableFrame>
          ) : null}
          {importable ? (
            <CsvCommitForm csv={result.csv} busy={busy}>
              Import {total.toLocaleString("en-US")} member{total === 1 ? "" : "s"}
            </CsvCommitForm>
          ) : null}
        </CsvPreview>
      ) : null}

      <CsvColumnHelp
        heading={<h2 className="font-semibold">Columns</h2>}
        intro="The first line names the columns, in any order; names are not case-sensitive. Put values with commas in double quotes."
        columns={COLUMN_HELP}
        caption="Columns of the members CSV"
        template={TEMPLATE}
        templateName="network-members-template.csv"
      />
    </div>
  );
}
