import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { DateTime } from "luxon";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { ACCESSIBILITY_LABELS, ACCESSIBILITY_NEEDS } from "~/modules/registration/registration.schema.ts";
import { listRegistrations } from "~/modules/registration/registrations-admin.server.ts";
import {
  ANSWER_PARAM_PREFIX,
  isFiltered,
  parseRegistrationFilter,
  REGISTRATION_STATUS_LABELS,
  REGISTRATION_STATUSES,
  registrationFilterQuery,
} from "~/modules/registration/registrations-filter.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { Badge, ButtonLink, EmptyState, Pagination } from "~/ui/components.tsx";
import { FilterBar, FilterButtons, FilterSearch, FilterSelect, filterControlClass } from "~/ui/list-filters.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Registrations · ${data?.event.name ?? "Event"} · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const filter = parseRegistrationFilter(new URL(request.url).searchParams);
  return orNotFound(listRegistrations(context.db, params.id ?? "", filter));
}

const STATUS_TONES = {
  CONFIRMED: "green",
  PENDING: "amber",
  CANCELLED: "red",
  TRANSFERRED: "slate",
  EXPIRED: "slate",
} as const;

export default function Registrations() {
  const { event, ticketTypes, questions, filter, registrations, total, matching, pageCount } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const base = `/admin/events/${event.id}`;
  const query = registrationFilterQuery(filter);
  const filtered = isFiltered(filter);
  const answerQuestions = questions.filter((q) => q.kind !== "TEXT");
  const local = (at: Date | string) => DateTime.fromJSDate(new Date(at), { zone: event.timeZone });
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link to={base} className="text-brand-700 underline">
          ← {event.name}
        </Link>
      </p>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Registrations</h1>
          <p className="text-slate-700" aria-live="polite">
            {total} registration{total === 1 ? "" : "s"}
            {filtered ? `, ${matching} shown` : ""}
            {". "}Times are in {event.timeZone}.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <ButtonLink to={`${base}/registrations/new`}>Add complimentary registration</ButtonLink>
          <a
            href={`${base}/registrations.csv${query ? `?${query}` : ""}`}
            download
            className="inline-flex min-h-11 items-center justify-center rounded-md border border-slate-400 bg-white px-4 py-2 text-sm font-semibold text-slate-900 hover:bg-slate-100"
          >
            Export CSV{filtered ? " (filtered)" : ""}
          </a>
        </div>
      </div>
      <nav aria-label="Registration reports" className="flex flex-wrap gap-4 text-sm">
        <Link to={`${base}/accessibility`} className="font-semibold text-brand-700 underline">
          Accessibility report
        </Link>
        <Link to={`${base}/sales`} className="font-semibold text-brand-700 underline">
          Sales dashboard
        </Link>
      </nav>

      <FilterBar label="Filter registrations">
        <FilterSearch value={filter.q} searches="name, email, organisation or order reference" wide />
        <FilterSelect
          name="ticketTypeId"
          label="Ticket type"
          value={filter.ticketTypeId}
          any="Every ticket type"
          options={ticketTypes.map((t) => ({ value: t.id, label: t.name }))}
        />
        <FilterSelect
          name="status"
          label="Status"
          value={filter.status}
          any="Any status"
          options={REGISTRATION_STATUSES.map((s) => ({ value: s, label: REGISTRATION_STATUS_LABELS[s] }))}
        />
        <FilterSelect
          name="need"
          label="Accessibility need"
          value={filter.need}
          any="Any or none"
          options={ACCESSIBILITY_NEEDS.map((n) => ({ value: n, label: ACCESSIBILITY_LABELS[n] }))}
        />
        <FilterSelect
          name="photo"
          label="Photo consent"
          value={filter.photo}
          any="Yes or no"
          options={[
            { value: "yes", label: "Yes" },
            { value: "no", label: "No photos" },
          ]}
        />
        {answerQuestions.map((q) => (
          <FilterSelect
            key={q.id}
            name={`${ANSWER_PARAM_PREFIX}${q.id}`}
            label={q.label}
            value={filter.answers[q.id]}
            any="Any answer"
            options={
              q.kind === "YES_NO"
                ? [
                    { value: "yes", label: "Yes" },
                    { value: "no", label: "No" },
                  ]
                : q.options.map((o) => ({ value: o, label: o }))
            }
          />
        ))}
        <div>
          <label htmlFor="filter-sort" className="block text-sm font-semibold">
            Order
          </label>
          <select id="filter-sort" name="sort" defaultValue={filter.sort} className={filterControlClass}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </div>
        <FilterButtons filtered={filtered} clearTo={`${base}/registrations`} />
      </FilterBar>

      {registrations.length === 0 ? (
        <EmptyState title={total === 0 ? "No registrations yet" : "No registration matches"}>
          {total === 0
            ? "Registrations appear here as people sign up. You can also add a complimentary registration."
            : "Try other words or fewer filters."}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">
              Registrations, {filter.sort === "oldest" ? "oldest" : "newest"} first, times in {event.timeZone}
            </caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Attendee
                </th>
                <th scope="col" className="px-3 py-2">
                  Ticket and status
                </th>
                <th scope="col" className="px-3 py-2">
                  Order and price
                </th>
                <th scope="col" className="px-3 py-2">
                  Accessibility
                </th>
                <th scope="col" className="px-3 py-2">
                  Photos
                </th>
                <th scope="col" className="px-3 py-2">
                  Registered
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {registrations.map((r) => (
                <tr key={r.id} className="align-top">
                  <td className="min-w-[12rem] px-3 py-2">
                    <span className="block font-semibold">{r.attendeeName}</span>
                    <span className="block break-words text-slate-700">{r.attendeeEmail}</span>
                    {r.organisation ? <span className="block text-slate-600">{r.organisation}</span> : null}
                  </td>
                  {/* Ticket with status, order with price: eight columns fit a laptop screen without scrolling. */}
                  <td className="px-3 py-2">
                    <span className="block">{r.ticketType.name}</span>
                    <span className="mt-1 flex flex-wrap gap-1">
                      <Badge tone={STATUS_TONES[r.status]}>{REGISTRATION_STATUS_LABELS[r.status]}</Badge>
                      {r.member ? <Badge tone="blue">Member</Badge> : null}
                    </span>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">
                    <Link to={`${base}/orders/${r.order.id}`} className="font-mono font-semibold text-brand-800 underline">
                      {r.order.reference}
                    </Link>
                    <span className="block tabular-nums">{formatMoney(r.priceCents, r.order.currency)}</span>
                    {r.order.source !== "ONLINE" ? (
                      <span className="block text-slate-600">
                        {r.order.source === "COMPLIMENTARY" ? "Complimentary" : "Scholarship"}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">
                    {r.accessibilityNeeds.length ? (
                      <ul>
                        {r.accessibilityNeeds.map((n) => (
                          <li key={n}>{ACCESSIBILITY_LABELS[n]}</li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-slate-600">None</span>
                    )}
                  </td>
                  <td className="px-3 py-2">{r.photoConsent ? "Yes" : <strong>No photos</strong>}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    <span className="block">{local(r.createdAt).toFormat("d LLL yyyy")}</span>
                    {local(r.createdAt).toFormat("h:mm a")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={filter.page} pageCount={pageCount} search={search} />
    </div>
  );
}
