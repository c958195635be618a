// Reading an uploaded CSV for an import: header checks, row limit and each record's true line number.
import { CsvError, parse } from "csv-parse/sync";

/** One data row, keyed by (normalised) column name, with the line it starts on. */
export type CsvRecord = { line: number; values: Record<string, string> };

/** A row that can't be read at all (wrong number of values). */
export type CsvRowError = { line: number; message: string };

export type CsvTableRules = {
  /** Columns the file may have. */
  columns: readonly string[];
  /** Columns the file must have. */
  required: readonly string[];
  /** Header spellings people type → the column they mean. */
  aliases?: Record<string, string>;
  /** A further header rule (checked after the required columns); a message when broken. */
  checkColumns?: (columns: string[]) => string | null;
  maxRows: number;
  /** The message for a file with more than `maxRows` rows. */
  tooManyRows: (rows: number) => string;
};

export type CsvTable = { records: CsvRecord[]; columns: string[]; fileErrors: string[]; rowErrors: CsvRowError[] };

/**
 * Splits the text into records keyed by (normalised) header names. A file that breaks a header
 * rule or the row limit gives only `fileErrors`; rows with the wrong number of values give `rowErrors`.
 */
export function readCsvTable(text: string, rules: CsvTableRules): CsvTable {
  let parsed: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    // With `info`, each record comes with its position; the typings don't model that option.
    // csv-parse counts a CRLF inside a quoted value as two lines; one kind of line end keeps line numbers true.
    parsed = parse(text.replace(/\r\n?/g, "\n"), {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      return { records: [], columns: [], rowErrors: [], fileErrors: [`${line ? `Line ${line}: ` : ""}${error.message}`] };
    }
    throw error;
  }
  if (parsed.length === 0) return { records: [], columns: [], rowErrors: [], fileErrors: ["The file is empty."] };

  const known = rules.columns;
  const columns = parsed[0].record.map((h) => {
    const name = h.trim().toLowerCase();
    return rules.aliases?.[name] ?? name;
  });
  const fileErrors: string[] = [];
  const unknown = columns.filter((c) => !known.includes(c));
  if (unknown.length)
    fileErrors.push(
      `Unknown column${unknown.length === 1 ? "" : "s"} ${unknown.map((c) => `“${c}”`).join(", ")}. Use: ${known.join(", ")}.`,
    );
  const missing = rules.required.filter((c) => !columns.includes(c));
  if (missing.length)
    fileErrors.push(`The first line must name the column${missing.length === 1 ? "" : "s"} ${missing.join(", ")}.`);
  const broken = rules.checkColumns?.(columns);
  if (broken) fileErrors.push(broken);
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i);
  if (repeated) fileErrors.push(`Column “${repeated}” appears twice.`);
  if (parsed.length - 1 > rules.maxRows) fileErrors.push(rules.tooManyRows(parsed.length - 1));
  if (parsed.length === 1) fileErrors.push("The file has a header line but no rows.");
  if (fileErrors.length) return { records: [], columns, rowErrors: [], fileErrors };

  const records: CsvRecord[] = [];
  const rowErrors: CsvRowError[] = [];
  for (let i = 1; i < parsed.length; i++) {
    // csv-parse reports the line a record ends on; it starts after the previous one and any blank lines.
    const previous = parsed[i - 1].info;
    const { record, info } = parsed[i];
    const line = previous.lines + 1 + (info.empty_lines - previous.empty_lines);
    if (record.length !== columns.length) {
      rowErrors.push({
        line,
        message: `This row has ${record.length} value${record.length === 1 ? "" : "s"} but the header names ${columns.length} columns (put values containing commas in "double quotes").`,
      });
      continue;
    }
    records.push({ line, values: Object.fromEntries(columns.map((c, j) => [c, record[j]])) });
  }
  return { records, columns, fileErrors, rowErrors };
}
