// Retailers' royalty statements: the import form (statement, period, file, column map) and the
// rules each mapped row must meet.
import { z } from "zod";
import { parseMoney } from "~/shared/money.ts";

export const MAX_STATEMENT_CSV_BYTES = 2 * 1024 * 1024;
export const MAX_STATEMENT_CSV_ROWS = 10_000;
/** A single row's royalty above this is a typo (the fund's largest entry is $1,000,000). */
const MAX_ROW_CENTS = 10_000_000;
const MAX_ROW_COPIES = 100_000;

/** Our fields a retailer's columns map onto. */
export const STATEMENT_FIELDS = ["saleDate", "title", "isbn", "format", "copies", "netRoyalty"] as const;
export type StatementField = (typeof STATEMENT_FIELDS)[number];
export const REQUIRED_STATEMENT_FIELDS: readonly StatementField[] = ["copies", "netRoyalty"];

export const STATEMENT_FIELD_LABELS: Record<StatementField, string> = {
  saleDate: "Sale date",
  title: "Title",
  isbn: "ISBN",
  format: "Format",
  copies: "Copies",
  netRoyalty: "Net royalty",
};

export const STATEMENT_FIELD_HELP: Record<StatementField, string> = {
  saleDate: "Optional. YYYY-MM-DD or M/D/YYYY; must fall inside the statement's period.",
  title: "Optional. The title as the retailer lists it.",
  isbn: "Optional. ISBN-10 or ISBN-13, dashes allowed; the check digit must be right.",
  format: "Optional. Paperback, ebook, audiobook…",
  copies: "Required. Whole copies; returns are negative.",
  netRoyalty: "Required. What the retailer pays for the row, in dollars ($1,234.56; returns as -12.00 or (12.00)).",
};

/** A CSV header as our reader keys it (readCsvTable lowercases and trims). */
export const headerKey = (header: string) => header.trim().toLowerCase();

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-03-31" as that day's UTC midnight; null when it is not a real date. */
export function dayFromIso(value: string): Date | null {
  if (!DAY.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : date;
}

const day = (label: string) =>
  z
    .string({ error: `Enter the ${label} as YYYY-MM-DD` })
    .trim()
    .regex(DAY, `Enter the ${label} as YYYY-MM-DD`)
    .refine((v) => dayFromIso(v) !== null, "That date doesn't exist")
    .transform((v) => dayFromIso(v) as Date);

const isPeriod = (v: { periodStart: unknown; periodEnd: unknown }) =>
  v.periodStart instanceof Date && v.periodEnd instanceof Date;

const mappedColumn = z.string().trim().max(200).optional();

export const statementImportSchema = z
  .object({
    intent: z.enum(["preview", "commit"]).default("preview"),
    retailer: z
      .string({ error: "Name the retailer" })
      .trim()
      .min(2, "Name the retailer")
      .max(80, "At most 80 characters")
      .transform((v) => v.replace(/\s+/g, " ")),
    statementRef: z
      .string({ error: "Enter the retailer's statement id" })
      .trim()
      .min(1, "Enter the retailer's statement id")
      .max(60, "At most 60 characters"),
    periodStart: day("first day of the period"),
    periodEnd: day("last day of the period"),
    file: z.file().max(MAX_STATEMENT_CSV_BYTES, "The file must be 2 MB or smaller: split it into several files.").optional(),
    // Commit (and the column form) send the previewed text back, not the file.
    text: z
      .string()
      .max(MAX_STATEMENT_CSV_BYTES + 1024, "The text must be 2 MB or smaller.")
      .optional(),
    map: z
      .object(Object.fromEntries(STATEMENT_FIELDS.map((f) => [f, mappedColumn])) as Record<StatementField, typeof mappedColumn>)
      .optional(),
  })
  // Zod still runs these when a date above failed: then there is no period to judge.
  .refine((v) => !isPeriod(v) || v.periodEnd >= v.periodStart, {
    path: ["periodEnd"],
    message: "The period must end on or after its first day",
  })
  .refine((v) => !isPeriod(v) || v.periodEnd.getTime() - v.periodStart.getTime() <= 366 * 24 * 3600_000, {
    path: ["periodEnd"],
    message: "A statement covers at most a year",
  })
  .refine((v) => (v.file && v.file.size > 0) || v.text?.trim(), {
    path: ["file"],
    message: "Choose the statement's CSV file (or paste its text).",
  });
export type StatementImportInput = z.output<typeof statementImportSchema>;

// ---------------------------------------------------------------- rows

/** "1,234.56", "$12", "-3.50", "(3.50)", "-$3.50" → cents; null when it is not an amount. */
export function parseSignedMoney(input: string): number | null {
  let text = input.trim();
  let sign = 1;
  const bracketed = text.match(/^\((.*)\)$/);
  if (bracketed) {
    text = bracketed[1].trim();
    sign = -1;
  } else if (text.startsWith("-")) {
    text = text.slice(1).trim();
    sign = -1;
  }
  const cents = parseMoney(text);
  return cents === null ? null : sign * cents;
}

/** ISO "2026-02-14" or US "2/14/2026". */
export function parseSaleDate(input: string): Date | null {
  const value = input.trim();
  const us = value.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  return dayFromIso(us ? `${us[3]}-${us[1].padStart(2, "0")}-${us[2].padStart(2, "0")}` : value);
}

/** An ISBN-10 or ISBN-13 with a correct check digit, without dashes or spaces; null otherwise. */
export function normaliseIsbn(input: string): string | null {
  const isbn = input.replace(/[\s-]/g, "").toUpperCase();
  if (/^\d{13}$/.test(isbn)) {
    const sum = [...isbn].reduce((total, d, i) => total + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
    return sum % 10 === 0 ? isbn : null;
  }
  if (/^\d{9}[\dX]$/.test(isbn)) {
    const sum = [...isbn].reduce((total, d, i) => total + (d === "X" ? 10 : Number(d)) * (10 - i), 0);
    return sum % 11 === 0 ? isbn : null;
  }
  return null;
}

const text = (max: number) => z.string().trim().max(max, `At most ${max} characters`).default("");

/** One statement row, keyed by our field names; `period` bounds the sale date. */
export function statementRowSchema(period: { start: Date; end: Date }) {
  return z.object({
    saleDate: z
      .string()
      .trim()
      .default("")
      .transform((value, ctx) => {
        if (!value) return null;
        const date = parseSaleDate(value);
        if (!date) {
          ctx.addIssue({ code: "custom", message: `“${value}” is not a date (use YYYY-MM-DD or M/D/YYYY).` });
          return z.NEVER;
        }
        if (date < period.start || date > period.end) {
          ctx.addIssue({ code: "custom", message: `${value} is outside the statement's period.` });
          return z.NEVER;
        }
        return date;
      }),
    title: text(300),
    format: text(60),
    isbn: z
      .string()
      .trim()
      .default("")
      .transform((value, ctx) => {
        if (!value) return "";
        const isbn = normaliseIsbn(value);
        if (!isbn) {
          ctx.addIssue({ code: "custom", message: `“${value}” is not a valid ISBN (check the digits).` });
          return z.NEVER;
        }
        return isbn;
      }),
    copies: z
      .string({ error: "Enter the copies." })
      .trim()
      .min(1, "Enter the copies.")
      .transform((value, ctx) => {
        const copies = /^-?\d{1,6}$/.test(value.replaceAll(",", "")) ? Number(value.replaceAll(",", "")) : Number.NaN;
        if (!Number.isInteger(copies) || Math.abs(copies) > MAX_ROW_COPIES) {
          ctx.addIssue({ code: "custom", message: `“${value}” is not a whole number of copies.` });
          return z.NEVER;
        }
        return copies;
      }),
    netRoyalty: z
      .string({ error: "Enter the net royalty." })
      .trim()
      .min(1, "Enter the net royalty.")
      .transform((value, ctx) => {
        const cents = parseSignedMoney(value);
        if (cents === null) {
          ctx.addIssue({ code: "custom", message: `“${value}” is not an amount in dollars, like 12.50 or -3.00.` });
          return z.NEVER;
        }
        if (Math.abs(cents) > MAX_ROW_CENTS) {
          ctx.addIssue({ code: "custom", message: `${value} is larger than any single row may be.` });
          return z.NEVER;
        }
        return cents;
      }),
  });
}
export type StatementRow = z.output<ReturnType<typeof statementRowSchema>>;
