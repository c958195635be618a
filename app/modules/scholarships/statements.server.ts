// Retailers' royalty statements: map a retailer's columns onto ours once (remembered per
// retailer), preview every row with its problems, then commit the statement, its lines and one
// STATEMENT_IMPORT credit in one transaction. A statement (retailer, id, period) is credited
// once: the unique index refuses a second, however the two imports interleave.
import { CsvError, parse } from "csv-parse/sync";
import type { Prisma } from "~/generated/prisma/client.ts";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import { readCsvTable } from "~/shared/csv.server.ts";
import type { Db, DbTx } from "~/shared/db.server.ts";
import { isUniqueViolation, NotFoundError, RuleViolation } from "~/shared/errors.ts";
import { formatMoney } from "~/shared/money.ts";
import { pageCount } from "~/shared/pagination.ts";
import { isRecordId } from "./book.schema.ts";
import { appendFundEntry, MAX_ENTRY_CENTS } from "./fund-ledger.server.ts";
import {
  headerKey,
  MAX_STATEMENT_CSV_ROWS,
  REQUIRED_STATEMENT_FIELDS,
  STATEMENT_FIELD_LABELS,
  STATEMENT_FIELDS,
  type StatementField,
  type StatementRow,
  statementRowSchema,
} from "./statement.schema.ts";

/** Rows shown in the preview; totals cover the whole file. */
export const PREVIEW_ROWS = 100;
/** Problems listed; more are counted. */
export const LISTED_ERRORS = 500;

/** Our field → the retailer's column (its header as readCsvTable keys it); absent: not in the file. */
export type ColumnMapping = Partial<Record<StatementField, string>>;

export type StatementDetails = { retailer: string; statementRef: string; periodStart: Date; periodEnd: Date };

export type StatementRowError = { line: number; column: string | null; message: string };

export type StatementPreview = {
  /** The file's columns: key (as mapped) and the header as written. */
  headers: { key: string; label: string }[];
  mapping: ColumnMapping;
  /** Where the mapping came from: this form, the retailer's last import, or a guess from the headers. */
  mappingSource: "submitted" | "remembered" | "guessed";
  /** Remembered columns this file doesn't have. */
  missingRemembered: string[];
  mappingErrors: string[];
  fileErrors: string[];
  errors: StatementRowError[];
  errorCount: number;
  rows: (StatementRow & { line: number })[];
  rowCount: number;
  copies: number;
  netCents: number;
  /** The retailer's name as already on record (so "meridian" and "Meridian" are one retailer). */
  retailer: string;
};

// Header spellings retailers use, for a first guess at the mapping.
const GUESSES: Record<StatementField, string[]> = {
  saleDate: ["sale date", "date", "transaction date", "order date", "sold on", "royalty date"],
  title: ["title", "book title", "product title", "product"],
  isbn: ["isbn", "isbn13", "isbn-13", "ean", "isbn10"],
  format: ["format", "binding", "product type", "edition"],
  copies: ["copies", "units", "quantity", "qty", "net units", "units sold"],
  netRoyalty: ["net royalty", "royalty", "net royalties", "royalty amount", "earnings", "net amount", "amount due"],
};

/** The header line of a CSV, or why it can't be read. */
export function readHeaders(text: string): { headers: { key: string; label: string }[]; error: string | null } {
  let first: string[][];
  try {
    first = parse(text.replace(/\r\n?/g, "\n"), {
      bom: true,
      to_line: 1,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    if (error instanceof CsvError) return { headers: [], error: `Line 1: ${error.message}` };
    throw error;
  }
  if (!first.length || first[0].every((h) => !h)) return { headers: [], error: "The file is empty." };
  return { headers: first[0].map((label) => ({ key: headerKey(label), label })), error: null };
}

function guessMapping(keys: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const field of STATEMENT_FIELDS) {
    const hit = GUESSES[field].find((g) => keys.includes(g));
    if (hit) mapping[field] = hit;
  }
  return mapping;
}

/** The retailer's name as first recorded (maps or statements), ignoring case and spacing. */
export async function canonicalRetailer(db: DbTx, typed: string): Promise<string> {
  const name = typed.trim().replace(/\s+/g, " ");
  const map = await db.statementColumnMap.findFirst({ where: { retailer: { equals: name, mode: "insensitive" } } });
  if (map) return map.retailer;
  const statement = await db.royaltyStatement.findFirst({
    where: { retailer: { equals: name, mode: "insensitive" } },
    orderBy: { createdAt: "asc" },
    select: { retailer: true },
  });
  return statement?.retailer ?? name;
}

export async function rememberedMapping(db: DbTx, retailer: string): Promise<ColumnMapping | null> {
  const map = await db.statementColumnMap.findUnique({ where: { retailer } });
  return map ? (map.mapping as ColumnMapping) : null;
}

/** Retailers with a remembered mapping, for the form's suggestions. */
export async function knownRetailers(db: Db): Promise<string[]> {
  const maps = await db.statementColumnMap.findMany({ orderBy: { retailer: "asc" }, select: { retailer: true } });
  return maps.map((m) => m.retailer);
}

function cleanMapping(submitted: Record<string, string | undefined>): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const field of STATEMENT_FIELDS) {
    const key = submitted[field]?.trim();
    if (key) mapping[field] = headerKey(key);
  }
  return mapping;
}

function mappingProblems(mapping: ColumnMapping, keys: string[]): string[] {
  const problems: string[] = [];
  for (const field of REQUIRED_STATEMENT_FIELDS)
    if (!mapping[field]) problems.push(`Choose the column that holds ${STATEMENT_FIELD_LABELS[field].toLowerCase()}.`);
  const used = new Map<string, StatementField>();
  for (const field of STATEMENT_FIELDS) {
    const key = mapping[field];
    if (!key) continue;
    if (!keys.includes(key)) problems.push(`The file has no column “${key}” for ${STATEMENT_FIELD_LABELS[field].toLowerCase()}.`);
    const other = used.get(key);
    if (other)
      problems.push(
        `Column “${key}” is chosen for both ${STATEMENT_FIELD_LABELS[other].toLowerCase()} and ${STATEMENT_FIELD_LABELS[field].toLowerCase()}.`,
      );
    used.set(key, field);
  }
  return problems;
}

/** Reads and checks the whole file under the mapping; writes nothing. */
export async function previewStatement(
  db: DbTx,
  details: StatementDetails,
  csv: string,
  submitted?: Record<string, string | undefined>,
): Promise<StatementPreview> {
  const retailer = await canonicalRetailer(db, details.retailer);
  const { headers, error } = readHeaders(csv);
  const keys = headers.map((h) => h.key);
  const remembered = submitted ? null : await rememberedMapping(db, retailer);
  let mapping: ColumnMapping;
  let mappingSource: StatementPreview["mappingSource"];
  let missingRemembered: string[] = [];
  if (submitted) {
    mapping = cleanMapping(submitted);
    mappingSource = "submitted";
  } else if (remembered) {
    // Use what this file still has; guess what a changed layout moved.
    const guessed = guessMapping(keys);
    mapping = {};
    for (const field of STATEMENT_FIELDS) {
      const key = remembered[field];
      if (key && keys.includes(key)) mapping[field] = key;
      else if (key) missingRemembered.push(key);
      if (!mapping[field] && guessed[field] && !Object.values(mapping).includes(guessed[field])) mapping[field] = guessed[field];
    }
    missingRemembered = [...new Set(missingRemembered)];
    mappingSource = "remembered";
  } else {
    mapping = guessMapping(keys);
    mappingSource = "guessed";
  }
  const base: StatementPreview = {
    headers,
    mapping,
    mappingSource,
    missingRemembered,
    mappingErrors: [],
    fileErrors: error ? [error] : [],
    errors: [],
    errorCount: 0,
    rows: [],
    rowCount: 0,
    copies: 0,
    netCents: 0,
    retailer,
  };
  if (error) return base;
  base.mappingErrors = mappingProblems(mapping, keys);
  if (base.mappingErrors.length) return base;

  const table = readCsvTable(csv, {
    columns: keys,
    required: STATEMENT_FIELDS.map((f) => mapping[f]).filter((k): k is string => Boolean(k)),
    maxRows: MAX_STATEMENT_CSV_ROWS,
    tooManyRows: (rows) =>
      `The file has ${rows.toLocaleString("en-US")} rows; import at most ${MAX_STATEMENT_CSV_ROWS.toLocaleString("en-US")} at a time.`,
  });
  base.fileErrors = table.fileErrors;
  const errors: StatementRowError[] = table.rowErrors.map(({ line, message }) => ({ line, column: null, message }));
  const schema = statementRowSchema({ start: details.periodStart, end: details.periodEnd });
  const rows: (StatementRow & { line: number })[] = [];
  for (const { line, values } of table.records) {
    const mapped = Object.fromEntries(STATEMENT_FIELDS.filter((f) => mapping[f]).map((f) => [f, values[mapping[f] as string]]));
    const parsed = schema.safeParse(mapped);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as StatementField | undefined;
        errors.push({
          line,
          column: field ? (headers.find((h) => h.key === mapping[field])?.label ?? field) : null,
          message: issue.message,
        });
      }
      continue;
    }
    rows.push({ line, ...parsed.data });
  }
  errors.sort((a, b) => a.line - b.line);
  base.errorCount = errors.length;
  base.errors = errors.slice(0, LISTED_ERRORS);
  base.rowCount = rows.length;
  base.rows = rows;
  base.copies = rows.reduce((sum, r) => sum + r.copies, 0);
  base.netCents = rows.reduce((sum, r) => sum + r.netRoyalty, 0);
  if (!base.fileErrors.length && !errors.length) {
    if (rows.length && base.netCents <= 0)
      base.fileErrors.push(
        `This statement nets to ${formatMoney(base.netCents)}: there is nothing to credit. Record an adjustment on the fund page if money is owed back.`,
      );
    if (base.netCents > MAX_ENTRY_CENTS)
      base.fileErrors.push(`This statement's total ${formatMoney(base.netCents)} is larger than any single entry may be.`);
    const earlier = await importedAlready(db, { ...details, retailer });
    if (earlier) base.fileErrors.push(earlier);
  }
  return base;
}

async function importedAlready(db: DbTx, details: StatementDetails): Promise<string | null> {
  const earlier = await db.royaltyStatement.findUnique({
    where: {
      retailer_statementRef_periodStart_periodEnd: {
        retailer: details.retailer,
        statementRef: details.statementRef,
        periodStart: details.periodStart,
        periodEnd: details.periodEnd,
      },
    },
    include: { importedBy: { select: { name: true } } },
  });
  return earlier ? alreadyImportedMessage(details, earlier.createdAt, earlier.importedBy?.name) : null;
}

function alreadyImportedMessage(details: StatementDetails, at?: Date, by?: string) {
  const when = at ? ` on ${at.toISOString().slice(0, 10)}${by ? ` by ${by}` : ""}` : "";
  return `Statement ${details.statementRef} from ${details.retailer} for ${details.periodStart.toISOString().slice(0, 10)} to ${details.periodEnd.toISOString().slice(0, 10)} was imported already${when}; it is credited once.`;
}

/** The preview for display: only the first rows travel to the page. */
export function previewForPage(preview: StatementPreview) {
  return { ...preview, rows: preview.rows.slice(0, PREVIEW_ROWS) };
}

/**
 * Saves the statement exactly as previewed: statement, lines, the fund's credit and the
 * retailer's remembered mapping, in one transaction; anything wrong changes nothing.
 */
export async function commitStatement(
  db: Db,
  actorId: string,
  details: StatementDetails,
  csv: string,
  submitted?: Record<string, string | undefined>,
) {
  const preview = await previewStatement(db, details, csv, submitted);
  const problem = preview.fileErrors[0] ?? preview.mappingErrors[0];
  if (problem) throw new RuleViolation(problem);
  if (preview.errorCount)
    throw new RuleViolation(
      `${preview.errorCount} row${preview.errorCount === 1 ? " has a problem" : "s have problems"}: fix the file and preview it again.`,
    );
  if (!preview.rowCount) throw new RuleViolation("The file has no rows to import.");
  const retailer = preview.retailer;
  try {
    return await db.$transaction(async (tx) => {
      const statement = await tx.royaltyStatement.create({
        data: {
          retailer,
          statementRef: details.statementRef,
          periodStart: details.periodStart,
          periodEnd: details.periodEnd,
          copies: preview.copies,
          netCents: preview.netCents,
          importedById: actorId,
        },
      });
      await tx.royaltyStatementLine.createMany({
        data: preview.rows.map((r) => ({
          statementId: statement.id,
          rowNumber: r.line,
          soldOn: r.saleDate,
          title: r.title,
          isbn: r.isbn,
          format: r.format,
          copies: r.copies,
          netCents: r.netRoyalty,
        })),
      });
      await appendFundEntry(tx, {
        kind: "STATEMENT_IMPORT",
        amountCents: preview.netCents,
        memo: `${retailer} statement ${details.statementRef}: ${preview.copies.toLocaleString("en-US")} copies`,
        statementId: statement.id,
        createdById: actorId,
      });
      // Remembered for the retailer's next statement; INSERT … ON CONFLICT so two first imports don't collide.
      const mapping = JSON.stringify(preview.mapping);
      await tx.$executeRaw`
        INSERT INTO "StatementColumnMap" ("retailer", "mapping", "updatedAt")
        VALUES (${retailer}, ${mapping}::jsonb, ${new Date()})
        ON CONFLICT ("retailer") DO UPDATE SET "mapping" = EXCLUDED."mapping", "updatedAt" = EXCLUDED."updatedAt"`;
      await recordAudit(tx, {
        actorId,
        action: "statement.import",
        subjectType: "RoyaltyStatement",
        subjectId: statement.id,
        detail: {
          retailer,
          statementRef: details.statementRef,
          copies: preview.copies,
          netCents: preview.netCents,
          rows: preview.rowCount,
        } satisfies Prisma.InputJsonValue,
      });
      return statement;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RuleViolation(alreadyImportedMessage({ ...details, retailer }));
    throw error;
  }
}

export const STATEMENTS_PAGE_SIZE = 50;

export async function listStatements(db: Db, { page }: { page: number }) {
  const [statements, total] = await Promise.all([
    db.royaltyStatement.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * STATEMENTS_PAGE_SIZE,
      take: STATEMENTS_PAGE_SIZE,
      include: { importedBy: { select: { name: true } }, _count: { select: { lines: true } } },
    }),
    db.royaltyStatement.count(),
  ]);
  return { statements, total, pageCount: pageCount(total, STATEMENTS_PAGE_SIZE) };
}

/** Lines shown on a statement's page. */
export const STATEMENT_LINES_SHOWN = 500;

export async function getStatement(db: Db, statementId: string) {
  if (!isRecordId(statementId)) throw new NotFoundError("We couldn't find that statement.");
  const statement = await db.royaltyStatement.findUnique({
    where: { id: statementId },
    include: {
      importedBy: { select: { name: true } },
      lines: { orderBy: { rowNumber: "asc" }, take: STATEMENT_LINES_SHOWN },
      _count: { select: { lines: true } },
      fundEntries: { select: { id: true, amountCents: true, kind: true, createdAt: true } },
    },
  });
  if (!statement) throw new NotFoundError("We couldn't find that statement.");
  return statement;
}
