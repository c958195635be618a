// CSV import of network members: preview every row and its problems, then write all rows or none.
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { type CsvTableRules, readCsvTable } from "~/shared/csv.server.ts";
import { type Db, type DbTx, UTC_NOW } from "~/shared/db.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import {
  MAX_MEMBERS_CSV_ROWS,
  MEMBER_CSV_COLUMNS,
  memberCsvRowSchema,
  type NetworkMemberInput,
  networkMemberSchema,
  validUntilInstant,
} from "./network-member.schema.ts";

/** Rows shown in the preview table; the counts cover the whole file. */
export const PREVIEW_ROWS = 100;
/** Problems listed; a file with more is reported by count beyond these. */
export const LISTED_ERRORS = 500;

// Field names of the member form → the CSV column the organiser sees.
const FIELD_COLUMNS: Record<string, string> = { validUntil: "valid_until" };

export type MemberImportError = { line: number; column: string | null; message: string };

export type MemberPreviewRow = {
  line: number;
  action: "add" | "update";
  kind: "INDIVIDUAL" | "ORGANISATION";
  name: string;
  /** The email (individuals) or domain (organisations) members are matched by. */
  key: string;
  organisation: string;
  validUntil: string;
};

export type MembersImportPreview = {
  rows: MemberPreviewRow[];
  rowCount: number;
  added: number;
  updated: number;
  errors: MemberImportError[];
  errorCount: number;
  fileErrors: string[];
};

type Write = { existingId: string | null; member: NetworkMemberInput };

const CSV_RULES: CsvTableRules = {
  columns: MEMBER_CSV_COLUMNS,
  required: ["kind", "name"],
  aliases: {
    organization: "organisation",
    "valid until": "valid_until",
    validuntil: "valid_until",
  },
  checkColumns: (columns) =>
    columns.includes("email") || columns.includes("domain")
      ? null
      : "The first line must name an email column (individuals), a domain column (organisations) or both.",
  maxRows: MAX_MEMBERS_CSV_ROWS,
  tooManyRows: (rows) =>
    `The file has ${rows.toLocaleString("en-US")} rows; import at most ${MAX_MEMBERS_CSV_ROWS.toLocaleString("en-US")} at a time (split it into several files).`,
};

/** Checks every row against the same rules as the member form, and against the file's other rows. */
async function plan(db: DbTx, text: string) {
  const { records, fileErrors, rowErrors } = readCsvTable(text, CSV_RULES);
  const errors: MemberImportError[] = rowErrors.map(({ line, message }) => ({ line, column: null, message }));
  const writes: Write[] = [];
  const rows: MemberPreviewRow[] = [];
  if (records.length) {
    const existing = await db.networkMember.findMany({ select: { id: true, email: true, domain: true } });
    const byKey = new Map(existing.map((m) => [(m.email ?? m.domain) as string, m.id]));
    const seen = new Map<string, number>();
    for (const { line, values } of records) {
      const row = memberCsvRowSchema.safeParse(values);
      if (!row.success) {
        for (const issue of row.error.issues)
          errors.push({ line, column: String(issue.path[0] ?? "") || null, message: issue.message });
        continue;
      }
      const { kind, name, email, domain, organisation, valid_until } = row.data;
      const individual = kind === "individual";
      const rowProblems: MemberImportError[] = [];
      if (individual && domain)
        rowProblems.push({
          line,
          column: "domain",
          message: "Leave the domain empty for individuals (they are matched by email).",
        });
      if (!individual && email)
        rowProblems.push({
          line,
          column: "email",
          message: "Leave the email empty for organisations (they are matched by domain).",
        });
      const member = networkMemberSchema.safeParse({
        kind: individual ? "INDIVIDUAL" : "ORGANISATION",
        name,
        organisation,
        email: individual ? email || undefined : undefined,
        domain: individual ? undefined : domain || undefined,
        validUntil: valid_until || undefined,
      });
      if (!member.success) {
        for (const issue of member.error.issues) {
          const field = String(issue.path[0] ?? "");
          rowProblems.push({ line, column: FIELD_COLUMNS[field] ?? (field || null), message: issue.message });
        }
      }
      if (rowProblems.length || !member.success) {
        errors.push(...rowProblems);
        continue;
      }
      const key = (member.data.email ?? member.data.domain) as string;
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push({
          line,
          column: individual ? "email" : "domain",
          message: `${key} is already on line ${first} of this file.`,
        });
        continue;
      }
      seen.set(key, line);
      const existingId = byKey.get(key) ?? null;
      writes.push({ existingId, member: member.data });
      rows.push({
        line,
        action: existingId ? "update" : "add",
        kind: member.data.kind,
        name: member.data.name,
        key,
        organisation: member.data.organisation,
        validUntil: member.data.validUntil ?? "",
      });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  const added = writes.filter((w) => !w.existingId).length;
  const preview: MembersImportPreview = {
    rows: rows.slice(0, PREVIEW_ROWS),
    rowCount: rows.length,
    added,
    updated: writes.length - added,
    errors: errors.slice(0, LISTED_ERRORS),
    errorCount: errors.length,
    fileErrors,
  };
  return { preview, writes };
}

/** What an import would do, and each row's problems; writes nothing. */
export async function previewMembersImport(db: Db, text: string): Promise<MembersImportPreview> {
  return (await plan(db, text)).preview;
}

const BATCH = 1000;

/**
 * Imports every row or none, upserting by email (individuals) or domain (organisations). The
 * file is checked again inside the transaction: the list may have changed since the preview.
 */
export async function commitMembersImport(db: Db, actorId: string, text: string) {
  return db.$transaction(
    async (tx) => {
      const { preview, writes } = await plan(tx, text);
      if (preview.fileErrors.length) throw new RuleViolation(`Nothing was imported: ${preview.fileErrors[0]}`);
      if (preview.errorCount) {
        const n = preview.errorCount;
        throw new RuleViolation(
          `Nothing was imported: ${n} problem${n === 1 ? "" : "s"} (first on line ${preview.errors[0].line}). Fix the file and upload it again.`,
        );
      }
      const values = (m: NetworkMemberInput) => ({
        kind: m.kind,
        email: m.email,
        domain: m.domain,
        name: m.name,
        organisation: m.organisation,
        validUntil: m.validUntil ? validUntilInstant(m.validUntil) : null,
      });
      const adds = writes.filter((w) => !w.existingId).map((w) => values(w.member));
      for (let i = 0; i < adds.length; i += BATCH) await tx.networkMember.createMany({ data: adds.slice(i, i + BATCH) });
      // One statement per thousand updates, not one per row: a 10,000-row file stays quick.
      const updates = writes.filter((w) => w.existingId);
      for (let i = 0; i < updates.length; i += BATCH) {
        const batch = updates.slice(i, i + BATCH);
        const ids = batch.map((w) => w.existingId as string);
        const names = batch.map((w) => w.member.name);
        const organisations = batch.map((w) => w.member.organisation);
        const validUntils = batch.map((w) => (w.member.validUntil ? validUntilInstant(w.member.validUntil).toISOString() : null));
        await tx.$executeRaw`
          UPDATE "NetworkMember" AS m
          SET name = v.name, organisation = v.organisation, "validUntil" = v.valid_until::timestamp, "updatedAt" = ${UTC_NOW}
          FROM unnest(${ids}::text[], ${names}::text[], ${organisations}::text[], ${validUntils}::text[])
            AS v(id, name, organisation, valid_until)
          WHERE m.id = v.id`;
      }
      await recordAudit(tx, {
        actorId,
        action: "network-members.imported",
        subjectType: "NetworkMember",
        subjectId: "import",
        detail: { rows: writes.length, added: adds.length, updated: updates.length },
      });
      return { added: adds.length, updated: updates.length };
    },
    { timeout: 120_000 },
  );
}
