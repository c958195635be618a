// Controls of the GET forms (role="search") above admin lists; they submit as query parameters.
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button } from "~/ui/components.tsx";

export type FilterOption = { value: string; label: string };

/** For the other controls of a filter form, to match the dropdowns. */
export const filterControlClass = "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base";

/** A labelled dropdown whose first choice ("any…") leaves the list unfiltered. */
export function FilterSelect({
  name,
  label,
  value,
  any,
  options,
}: {
  name: string;
  label: string;
  value: string | undefined;
  any: string;
  options: readonly FilterOption[];
}) {
  return (
    <div>
      <label htmlFor={`filter-${name}`} className="block text-sm font-semibold">
        {label}
      </label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ""} className={filterControlClass}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The filter form above a long admin list: a grid of controls, ending with FilterButtons. */
export function FilterBar({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Form
      method="get"
      role="search"
      aria-label={label}
      className="grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 lg:items-end"
    >
      {children}
    </Form>
  );
}

/** The search box (`q`) of a FilterBar; `searches` says what it looks through. */
export function FilterSearch({ value, searches, wide }: { value: string | undefined; searches: string; wide?: boolean }) {
  return (
    <div className={wide ? "sm:col-span-2" : undefined}>
      <label htmlFor="filter-q" className="block text-sm font-semibold">
        Search <span className="font-normal text-slate-600">{searches}</span>
      </label>
      <input id="filter-q" type="search" name="q" defaultValue={value ?? ""} maxLength={100} className={filterControlClass} />
    </div>
  );
}

/** The Filter button of a FilterBar, and a Clear link back to the whole list while it is filtered. */
export function FilterButtons({ filtered, clearTo }: { filtered: boolean; clearTo: string }) {
  return (
    <div className="flex items-end gap-3">
      <Button variant="secondary">Filter</Button>
      {filtered ? (
        <Link to={clearTo} className="py-2 text-sm font-semibold text-brand-700 underline">
          Clear
        </Link>
      ) : null}
    </div>
  );
}

/** A search box (`q`) and one dropdown filter, with a Search button. */
export function SearchAndFilter({
  q,
  placeholder,
  wide = false,
  filter,
}: {
  q: string | undefined;
  placeholder: string;
  /** A wider search box, for long placeholders. */
  wide?: boolean;
  filter: { name: string; label: string; value: string | undefined; any: string; options: readonly FilterOption[] };
}) {
  return (
    <Form method="get" className="mb-6 flex flex-wrap items-end gap-3" role="search">
      <div>
        <label htmlFor="q" className="block text-sm font-semibold">
          Search
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={q ?? ""}
          placeholder={placeholder}
          className={`${wide ? "w-72 max-w-full " : ""}rounded-md border border-slate-400 px-3 py-2`}
        />
      </div>
      <div>
        <label htmlFor={filter.name} className="block text-sm font-semibold">
          {filter.label}
        </label>
        <select
          id={filter.name}
          name={filter.name}
          defaultValue={filter.value ?? ""}
          className="rounded-md border border-slate-400 px-3 py-2"
        >
          <option value="">{filter.any}</option>
          {filter.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <Button variant="secondary">Search</Button>
    </Form>
  );
}
