// Pieces shared by the book store and scholarship fund pages.
import { NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatMoney } from "~/shared/money.ts";

/** Fund and book times are shown in the Center's home zone (its Rochester campus); they belong to no event. */
export const FUND_TIME_ZONE = "America/Chicago";

/** How an order's status reads to organisers. */
export const BOOK_ORDER_STATUS = {
  PENDING: { label: "Awaiting payment", tone: "amber" },
  PAID: { label: "Paid", tone: "green" },
  EXPIRED: { label: "Expired", tone: "slate" },
  CANCELLED: { label: "Cancelled", tone: "slate" },
  REFUNDED: { label: "Refunded", tone: "red" },
} as const;

function subTabClass({ isActive }: { isActive: boolean }) {
  return `whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-semibold ${isActive ? "bg-slate-800 text-white" : "text-slate-700 hover:bg-slate-100"}`;
}

/** The organisers' sub-navigation between the fund, the book and its orders, and retailers' statements. */
export function FundNav() {
  return (
    <nav aria-label="Book and fund" className="mb-6 flex flex-wrap gap-1">
      <NavLink to="/admin/fund" className={subTabClass}>
        Fund ledger
      </NavLink>
      <NavLink to="/admin/books" className={subTabClass}>
        Book &amp; orders
      </NavLink>
      <NavLink to="/admin/statements" className={subTabClass}>
        Retailer statements
      </NavLink>
    </nav>
  );
}

/** A headline figure: label, value, and a line saying what it means. */
export function MoneyStat({
  label,
  value,
  note,
  tone = "text-slate-900",
}: {
  label: string;
  value: string;
  note?: ReactNode;
  tone?: string;
}) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm font-semibold text-slate-600">{label}</dt>
      <dd className={`mt-1 text-2xl font-bold tabular-nums ${tone}`}>{value}</dd>
      {note ? <dd className="mt-1 text-sm text-slate-600">{note}</dd> : null}
    </div>
  );
}

export type StatementLineRow = {
  key: string | number;
  line: number;
  saleDate: string;
  title: string;
  isbn: string;
  format: string;
  copies: number;
  netCents: number;
};

const STATEMENT_LINE_COLUMNS = ["Line", "Sale date", "Title", "ISBN", "Format", "Copies", "Net royalty"];

/** The lines of a retailer's royalty statement: previewed before the import, or as imported. */
export function StatementLinesTable({
  caption,
  lines,
  cell,
  markNegative,
}: {
  caption: string;
  lines: StatementLineRow[];
  /** The cells' padding and alignment. */
  cell: string;
  /** Shows a net royalty below zero (returns) in red. */
  markNegative?: boolean;
}) {
  return (
    <table className="w-full min-w-[40rem] text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="bg-slate-100">
        <tr>
          {STATEMENT_LINE_COLUMNS.map((h) => (
            <th key={h} scope="col" className={`${cell} ${h === "Copies" || h === "Net royalty" ? "text-right" : ""}`}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200">
        {lines.map((l) => (
          <tr key={l.key}>
            <td className={cell}>{l.line}</td>
            <td className={`${cell} whitespace-nowrap`}>{l.saleDate}</td>
            <td className={cell}>{l.title}</td>
            <td className={`${cell} whitespace-nowrap tabular-nums`}>{l.isbn}</td>
            <td className={cell}>{l.format}</td>
            <td className={`${cell} text-right tabular-nums`}>{l.copies}</td>
            <td className={`${cell} text-right tabular-nums${markNegative && l.netCents < 0 ? " text-red-800" : ""}`}>
              {formatMoney(l.netCents)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The book's cover, or a typeset stand-in while none is uploaded. The image is decorative next
 * to the title, so its alt text is empty when the title is shown beside it.
 */
export function BookCover({
  coverUrl,
  title,
  authors,
  size = "large",
  decorative = true,
}: {
  coverUrl: string | null;
  title: string;
  authors: string;
  size?: "large" | "small";
  decorative?: boolean;
}) {
  const box = size === "large" ? "w-48 sm:w-60" : "w-16";
  if (coverUrl)
    return (
      <img
        src={coverUrl}
        alt={decorative ? "" : `Cover of ${title}`}
        width={size === "large" ? 240 : 64}
        height={size === "large" ? 360 : 96}
        className={`${box} aspect-[2/3] rounded-md object-cover shadow-lg ring-1 ring-slate-200`}
      />
    );
  return (
    <div
      aria-hidden={decorative ? "true" : undefined}
      className={`${box} flex aspect-[2/3] flex-col justify-between rounded-md bg-gradient-to-br from-brand-800 via-brand-700 to-teal-700 p-4 text-white shadow-lg`}
    >
      {size === "large" ? (
        <>
          <span className="text-xs font-semibold uppercase tracking-widest text-brand-100">A field guide</span>
          <span className="text-xl font-bold leading-tight">{title}</span>
          <span className="text-xs text-brand-100">{authors}</span>
        </>
      ) : (
        <span className="text-[8px] font-bold leading-tight">{title}</span>
      )}
    </div>
  );
}
