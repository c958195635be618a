import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { arrivalsDashboard } from "~/modules/badges/arrivals.server.ts";
import { formatDateTime, formatTime } from "~/shared/dates.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { pageFromUrl } from "~/shared/pagination.ts";
import { BarChart, type PointUnit } from "~/ui/charts.tsx";
import { CheckInHeader, CheckInProgress } from "~/ui/check-in.tsx";
import { Button, Card, EmptyState, Pagination } from "~/ui/components.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Arrivals · ${data?.event.name ?? "Event"} · Summit` }];

/** How often the page asks for fresh figures while it is visible. */
const REFRESH_MS = 10_000;

// Lenient: a stale or hand-edited link falls back to the defaults instead of failing.
const querySchema = z.object({
  day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  list: z.string().max(64).optional().catch(undefined),
});

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const dashboard = await orNotFound(
    arrivalsDashboard(context.db, params.id ?? "", { day: query.day, noShowListId: query.list, page: pageFromUrl(request.url) }),
  );
  const zone = dashboard.event.timeZone;
  return {
    ...dashboard,
    updatedAt: formatTime(new Date(dashboard.generatedAt), zone),
    duplicates: dashboard.duplicates.map((d) => ({
      ...d,
      scannedAt: formatDateTime(d.scannedAt, zone),
      countedAt: d.countedAt ? formatDateTime(d.countedAt, zone) : null,
    })),
  };
}

const QUARTERS: PointUnit = { heading: "Quarter hour", one: "quarter hour", many: "quarter hours", at: "from" };

/** Asks the loader again every REFRESH_MS while the tab is visible and nothing else is loading. */
function useLiveRefresh() {
  const revalidator = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle") revalidator.revalidate();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [revalidator]);
}

export default function Arrivals() {
  const { event, lists, arrivals, noShows, duplicates, updatedAt } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  useLiveRefresh();
  const open = lists.filter((l) => !l.archived);
  const main = open[0];
  const longLabels = new Map(arrivals.slots.map((s) => [s.label, s.longLabel]));
  const dayLink = (day: string) => {
    const params = new URLSearchParams(search);
    params.set("day", day);
    params.delete("page");
    return `?${params}`;
  };
  return (
    <div className="space-y-8">
      <CheckInHeader event={event} title="Arrivals" />
      <div className="flex flex-wrap items-baseline justify-between gap-2 rounded-lg border border-brand-100 bg-brand-50 px-4 py-3">
        <p role="status" aria-live="polite" className="font-semibold text-slate-900">
          {arrivals.total} {arrivals.total === 1 ? "person" : "people"} arrived on {arrivals.dayLabel}
          {main ? `; ${main.checkedIn} of ${main.expected} in on ${main.name}` : ""}.
        </p>
        <p className="text-sm text-slate-700">Live: updates every 10 seconds. Last updated {updatedAt}.</p>
      </div>

      <section aria-labelledby="chart-heading" className="space-y-3">
        <h2 id="chart-heading" className="text-xl font-bold">
          Arrivals per 15 minutes
        </h2>
        <nav aria-label="Days" className="flex flex-wrap gap-2">
          {arrivals.days.map((d) => (
            <Link
              key={d.value}
              to={dayLink(d.value)}
              aria-current={d.value === arrivals.day ? "page" : undefined}
              className={`rounded-md border px-3 py-2 text-sm font-semibold ${d.value === arrivals.day ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100"}`}
            >
              {d.label} ({d.arrivals})
            </Link>
          ))}
        </nav>
        {arrivals.slots.length ? (
          <Card>
            <BarChart
              title={`Arrivals on ${arrivals.dayLabel}`}
              valueHeading="People arriving"
              points={arrivals.slots.map((s) => ({ label: s.label, value: s.arrivals }))}
              longLabel={(label) => longLabels.get(label) ?? label}
              pointUnit={QUARTERS}
            />
            <p className="mt-2 text-sm text-slate-600">
              Each person counts once a day, at their first scan on any list. Times are in {event.timeZone}.
            </p>
          </Card>
        ) : (
          <EmptyState title={`Nobody has arrived on ${arrivals.dayLabel} yet`}>
            The chart fills in as staff scan badges at the doors.
          </EmptyState>
        )}
      </section>

      <section aria-labelledby="lists-heading" className="space-y-3">
        <h2 id="lists-heading" className="text-xl font-bold">
          Checked in per list
        </h2>
        {open.length === 0 ? (
          <EmptyState title="No check-in lists yet">
            <Link to={`/admin/events/${event.id}/check-in/lists/new`} className="font-semibold text-brand-700 underline">
              Create a list
            </Link>{" "}
            so staff can start scanning.
          </EmptyState>
        ) : (
          <Card>
            <ul className="grid gap-5 md:grid-cols-2">
              {open.map((l) => (
                <li key={l.id} className="space-y-1">
                  <p className="font-semibold">
                    {l.name} <span className="font-normal text-slate-600">· {l.purpose}</span>
                  </p>
                  <CheckInProgress checkedIn={l.checkedIn} expected={l.expected} />
                </li>
              ))}
            </ul>
          </Card>
        )}
      </section>

      <section aria-labelledby="no-shows-heading" className="space-y-3">
        <h2 id="no-shows-heading" className="text-xl font-bold">
          Not checked in yet
        </h2>
        {noShows ? (
          <>
            <Form method="get" className="flex flex-wrap items-end gap-3">
              <input type="hidden" name="day" value={arrivals.day} />
              <div className="space-y-1">
                <label htmlFor="no-show-list" className="block text-sm font-semibold text-slate-800">
                  List
                </label>
                <select
                  id="no-show-list"
                  name="list"
                  defaultValue={noShows.list.id}
                  className="block rounded-md border border-slate-400 bg-white px-3 py-2 text-base"
                >
                  {lists.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name}
                      {l.archived ? " (archived)" : ""}
                    </option>
                  ))}
                </select>
              </div>
              <Button variant="secondary">Show</Button>
            </Form>
            <p className="text-sm text-slate-700">
              {noShows.total} confirmed {noShows.total === 1 ? "person" : "people"} on {noShows.list.name} not checked in.
            </p>
            {noShows.people.length === 0 ? (
              <EmptyState title="Everyone expected on this list is in" />
            ) : (
              <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
                <table className="w-full min-w-[36rem] text-left text-sm">
                  <caption className="sr-only">Confirmed registrations not checked in on {noShows.list.name}</caption>
                  <thead className="bg-slate-100 text-slate-700">
                    <tr>
                      <th scope="col" className="px-3 py-2">
                        Attendee
                      </th>
                      <th scope="col" className="px-3 py-2">
                        Ticket
                      </th>
                      <th scope="col" className="px-3 py-2">
                        Order
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-200">
                    {noShows.people.map((p) => (
                      <tr key={p.id}>
                        <td className="px-3 py-2">
                          <span className="font-semibold">{p.name}</span>
                          <span className="block text-slate-600">{p.email}</span>
                        </td>
                        <td className="px-3 py-2">{p.ticketType}</td>
                        <td className="px-3 py-2 font-mono">{p.orderReference}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pagination page={noShows.page} pageCount={noShows.pageCount} search={search} />
          </>
        ) : (
          <EmptyState title="No lists to compare against yet" />
        )}
      </section>

      <section aria-labelledby="duplicates-heading" className="space-y-3">
        <h2 id="duplicates-heading" className="text-xl font-bold">
          Duplicate admissions
        </h2>
        <p className="max-w-prose text-sm text-slate-700">
          Two devices offline can both let the same person in. When they sync, the earlier scan counts and the later one is listed
          here.
        </p>
        {duplicates.length === 0 ? (
          <EmptyState title="No duplicates" />
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="w-full min-w-[40rem] text-left text-sm">
              <caption className="sr-only">Scans that admitted someone already checked in</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Attendee
                  </th>
                  <th scope="col" className="px-3 py-2">
                    List
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Duplicate scan
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Admission that counts
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {duplicates.map((d) => (
                  <tr key={d.nonce}>
                    <td className="px-3 py-2 font-semibold">{d.name ?? "Unknown"}</td>
                    <td className="px-3 py-2">{d.listName}</td>
                    <td className="px-3 py-2">
                      {d.scannedAt} · {d.deviceName ?? "unnamed device"}
                    </td>
                    <td className="px-3 py-2">
                      {d.countedAt ? `${d.countedAt} · ${d.countedDevice ?? "unnamed device"}` : "Undone"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
