import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { adminWaitlistIntentSchema } from "~/modules/registration/waitlist.schema.ts";
import { offerWaitlistNow, removeWaitlistEntry, waitlistOverview } from "~/modules/registration/waitlist.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { badRequest, domainErrorResponse, orNotFound } from "~/shared/http.server.ts";
import { pageFromUrl } from "~/shared/pagination.ts";
import { ActionNotice } from "~/ui/agenda.tsx";
import { Badge, Button, EmptyState, Pagination } from "~/ui/components.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Waiting list · ${data?.event.name ?? "Event"} · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const url = new URL(request.url);
  const overview = await orNotFound(
    waitlistOverview(context.db, params.id ?? "", {
      ticketTypeId: url.searchParams.get("ticket") ?? undefined,
      page: pageFromUrl(request.url),
    }),
  );
  const zone = overview.event.timeZone;
  const at = (d: Date | null) => (d ? formatDateTime(d, zone) : "");
  return {
    ...overview,
    offers: overview.offers.map((o) => ({ ...o, offeredAt: at(o.offeredAt), offerExpiresAt: at(o.offerExpiresAt) })),
    queue: overview.queue.map((e) => ({ ...e, createdAt: at(e.createdAt) })),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const parsed = adminWaitlistIntentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) badRequest(parsed.error.issues[0]?.message ?? "Unknown action.");
  const eventId = params.id ?? "";
  const back = new URL(request.url);
  try {
    if (parsed.data.intent === "offer-now") {
      const { offered, ticketName } = await offerWaitlistNow(context.db, user.id, {
        eventId,
        ticketTypeId: parsed.data.ticketTypeId,
      });
      return redirectWithFlash(context.env, request, `${back.pathname}${back.search}`, {
        kind: offered ? "success" : "info",
        message: offered
          ? `Seats of ${ticketName} offered to ${offered} ${offered === 1 ? "entry" : "entries"}; they're emailed within a minute.`
          : `No one could be offered seats of ${ticketName}: no seats are free, or the free ones don't fit the next entries.`,
      });
    }
    const entry = await removeWaitlistEntry(context.db, user.id, { eventId, entryId: parsed.data.entryId });
    return redirectWithFlash(context.env, request, `${back.pathname}${back.search}`, {
      kind: "success",
      message: `${entry.name} removed from the waiting list for ${entry.ticketType.name}.${entry.status === "OFFERED" ? " Their seats went to the next entries." : ""}`,
    });
  } catch (error) {
    const response = domainErrorResponse(error);
    if (!response) throw error;
    return response;
  }
}

const seatsLabel = (seats: number) => (seats === 1 ? "1" : `${seats} together`);
const th = "px-3 py-2";

function RemoveButton({ id, name, busy }: { id: string; name: string; busy: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="entryId" value={id} />
      <Button name="intent" value="remove" variant="secondary" disabled={busy}>
        Remove<span className="sr-only">{` ${name}`}</span>
      </Button>
    </Form>
  );
}

export default function AdminWaitlist() {
  const { event, ticketTypes, selected, offers, queue, page, pageCount } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { search } = useLocation();
  const base = `/admin/events/${event.id}`;
  return (
    <div className="space-y-8">
      <div>
        <p className="text-sm">
          <Link to={base} className="text-brand-700 underline">
            ← {event.name}
          </Link>
        </p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight sm:text-3xl">Waiting list</h1>
        <p className="text-slate-700">
          Freed seats are offered in queue order automatically and emailed within a minute; times are in {event.timeZone}.
        </p>
      </div>
      <ActionNotice result={result} />

      {ticketTypes.length === 0 ? (
        <EmptyState title="No ticket types yet">People can join a waiting list once a ticket type sells out.</EmptyState>
      ) : (
        <section aria-labelledby="types-heading">
          <h2 id="types-heading" className="mb-3 text-xl font-bold">
            Ticket types
          </h2>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Seats and waiting lists per ticket type</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className={th}>
                    Ticket type
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Capacity
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Free seats
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Waiting
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Offers running
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {ticketTypes.map((t) => (
                  <tr key={t.id} className={t.id === selected?.id ? "bg-brand-50" : ""}>
                    <td className={th}>
                      <Link
                        to={`?ticket=${t.id}`}
                        aria-current={t.id === selected?.id ? "true" : undefined}
                        className="font-semibold text-brand-800 underline"
                      >
                        {t.name}
                      </Link>
                      {t.archived ? <span className="ml-2 text-slate-600">(archived)</span> : null}
                    </td>
                    <td className={`${th} text-right tabular-nums`}>{t.capacity}</td>
                    <td className={`${th} text-right tabular-nums`}>{t.free}</td>
                    <td className={`${th} text-right tabular-nums`}>
                      {t.waiting}
                      {t.waitingSeats !== t.waiting ? <span className="text-slate-600"> ({t.waitingSeats} seats)</span> : null}
                    </td>
                    <td className={`${th} text-right tabular-nums`}>
                      {t.offered}
                      {t.offeredSeats !== t.offered ? <span className="text-slate-600"> ({t.offeredSeats} seats)</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {selected ? (
        <section aria-labelledby="queue-heading" className="space-y-6">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <h2 id="queue-heading" className="text-xl font-bold">
              {selected.name}
            </h2>
            {selected.free > 0 && selected.waiting > 0 ? (
              <Form method="post" className="flex flex-wrap items-center gap-3">
                <p className="text-sm text-slate-700">
                  {selected.free} seat{selected.free === 1 ? " is" : "s are"} free while {selected.waiting} wait.
                </p>
                <input type="hidden" name="ticketTypeId" value={selected.id} />
                <Button name="intent" value="offer-now" disabled={busy}>
                  Offer free seats now
                </Button>
              </Form>
            ) : null}
          </div>

          <div>
            <h3 className="mb-2 text-lg font-semibold">Offers running</h3>
            {offers.length === 0 ? (
              <p className="text-slate-700">No seats are being held for anyone on this list.</p>
            ) : (
              <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">Offers running for {selected.name}, soonest to end first</caption>
                  <thead className="bg-slate-100 text-slate-700">
                    <tr>
                      <th scope="col" className={th}>
                        Person
                      </th>
                      <th scope="col" className={th}>
                        Seats
                      </th>
                      <th scope="col" className={th}>
                        Offered
                      </th>
                      <th scope="col" className={th}>
                        Held until
                      </th>
                      <th scope="col" className={th}>
                        Status
                      </th>
                      <th scope="col" className={th}>
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-200">
                    {offers.map((o) => (
                      <tr key={o.id}>
                        <td className={th}>
                          <span className="font-semibold">{o.name}</span>
                          <span className="block text-slate-600">{o.email}</span>
                        </td>
                        <td className={th}>{seatsLabel(o.seats)}</td>
                        <td className={th}>{o.offeredAt}</td>
                        <td className={th}>{o.offerExpiresAt}</td>
                        <td className={th}>
                          {o.order ? (
                            <Link to={`${base}/orders/${o.order.id}`} className="text-brand-800 underline">
                              {o.order.status === "PAID" ? "Paid" : "Paying"}: {o.order.reference}
                            </Link>
                          ) : o.emailed ? (
                            <Badge tone="green">Emailed</Badge>
                          ) : (
                            <Badge tone="amber">Email going out</Badge>
                          )}
                        </td>
                        <td className={th}>{o.order ? null : <RemoveButton id={o.id} name={o.name} busy={busy} />}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>

          <div>
            <h3 className="mb-2 text-lg font-semibold">Queue</h3>
            {queue.length === 0 ? (
              <p className="text-slate-700">Nobody is waiting for {selected.name}.</p>
            ) : (
              <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">People waiting for {selected.name}, in queue order</caption>
                  <thead className="bg-slate-100 text-slate-700">
                    <tr>
                      <th scope="col" className={`${th} text-right`}>
                        #
                      </th>
                      <th scope="col" className={th}>
                        Person
                      </th>
                      <th scope="col" className={th}>
                        Seats
                      </th>
                      <th scope="col" className={th}>
                        Joined
                      </th>
                      <th scope="col" className={th}>
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-200">
                    {queue.map((e) => (
                      <tr key={e.id}>
                        <td className={`${th} text-right tabular-nums`}>{e.position}</td>
                        <td className={th}>
                          <span className="font-semibold">{e.name}</span>
                          <span className="block text-slate-600">{e.email}</span>
                        </td>
                        <td className={th}>{seatsLabel(e.seats)}</td>
                        <td className={th}>{e.createdAt}</td>
                        <td className={th}>
                          <RemoveButton id={e.id} name={e.name} busy={busy} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pagination page={page} pageCount={pageCount} search={search} />
          </div>
        </section>
      ) : null}
    </div>
  );
}
