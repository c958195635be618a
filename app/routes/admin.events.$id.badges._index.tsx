import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { BADGE_LAYOUTS, badgeBatchSchema, LAYOUT_LABELS, RIBBON_LABELS } from "~/modules/badges/badge.schema.ts";
import { badgesOverview, requestBadgeBatch } from "~/modules/badges/badge-batches.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { pageFromUrl } from "~/shared/pagination.ts";
import { Badge, Button, Card, EmptyState, PageHeader, Pagination } from "~/ui/components.tsx";
import { FieldErrors, FormErrors } from "~/ui/form-fields.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Badges · ${data?.event.name ?? "Event"} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const url = new URL(request.url);
  return orNotFound(
    badgesOverview(context.db, params.id ?? "", { q: url.searchParams.get("q") ?? "", page: pageFromUrl(request.url) }),
  );
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const submission = parseWithZod(await request.formData(), { schema: badgeBatchSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  const { scope, ticketTypeId, registrationIds, layout, largePrint } = submission.value;
  try {
    const batch = await requestBadgeBatch(context.db, {
      eventId: params.id ?? "",
      requestedById: user.id,
      layout,
      largePrint,
      ticketTypeId: scope === "ticketType" ? ticketTypeId : null,
      registrationIds: scope === "people" ? registrationIds : [],
    });
    return redirectWithFlash(context.env, request, `/admin/events/${params.id}/badges`, {
      kind: "success",
      message: `Making ${batch.total.toLocaleString("en-US")} badge${batch.total === 1 ? "" : "s"}; the PDF appears below when it is ready.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

const STATUS = {
  QUEUED: { label: "Waiting", tone: "slate" },
  RUNNING: { label: "Making", tone: "blue" },
  DONE: { label: "Ready", tone: "green" },
  FAILED: { label: "Failed", tone: "red" },
} as const;

const radio = "mt-1 h-5 w-5 border-slate-400 text-brand-600";

type Overview = ReturnType<typeof useLoaderData<typeof loader>>;

/** Confirmed people to tick, a page at a time; ticks on other pages are kept as hidden fields. */
function PeoplePicker({
  people,
  chosen,
  onToggle,
}: {
  people: Overview["people"];
  chosen: Set<string>;
  onToggle: (id: string) => void;
}) {
  const shown = new Set(people.rows.map((r) => r.id));
  return (
    <div className="space-y-3 rounded-md border border-slate-300 p-3">
      <div className="flex flex-wrap items-end gap-2">
        <label htmlFor="people-q" className="block text-sm font-semibold text-slate-800">
          Find people <span className="font-normal text-slate-600">by name, email or organisation</span>
        </label>
        <div className="flex w-full gap-2">
          <input
            id="people-q"
            form="people-search"
            type="search"
            name="q"
            defaultValue={people.q}
            className="block w-full rounded-md border border-slate-400 px-3 py-2 text-base"
          />
          <Button variant="secondary" form="people-search" type="submit">
            Search
          </Button>
        </div>
      </div>
      <p className="text-sm text-slate-700" aria-live="polite">
        {chosen.size} chosen · {people.total} confirmed {people.total === 1 ? "person matches" : "people match"}
      </p>
      {[...chosen]
        .filter((id) => !shown.has(id))
        .map((id) => (
          <input key={id} type="hidden" name="registrationIds" value={id} />
        ))}
      <ul className="divide-y divide-slate-200">
        {people.rows.map((r) => (
          <li key={r.id} className="flex items-start gap-3 py-2">
            <input
              type="checkbox"
              id={`person-${r.id}`}
              name="registrationIds"
              value={r.id}
              checked={chosen.has(r.id)}
              onChange={() => onToggle(r.id)}
              className="mt-1 h-5 w-5 rounded border-slate-400"
            />
            <label htmlFor={`person-${r.id}`} className="text-sm">
              <span className="font-semibold">{r.attendeeName}</span>
              <span className="block text-slate-700">
                {[r.attendeeEmail, r.organisation, RIBBON_LABELS[r.badgeRole]].filter(Boolean).join(" · ")}
              </span>
            </label>
          </li>
        ))}
      </ul>
      {people.rows.length === 0 ? <p className="text-sm text-slate-700">Nobody matches that search.</p> : null}
      <Pagination page={people.page} pageCount={people.pageCount} search={people.q ? `?q=${encodeURIComponent(people.q)}` : ""} />
    </div>
  );
}

function BatchForm({ overview }: { overview: Overview }) {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const [form, fields] = useForm({
    id: "badge-batch",
    lastResult,
    defaultValue: { scope: overview.people.q ? "people" : "all", layout: "SHEET_LETTER" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: badgeBatchSchema }),
    shouldValidate: "onSubmit",
  });
  const [scope, setScope] = useState(String(fields.scope.initialValue ?? "all"));
  const [chosen, setChosen] = useState<Set<string>>(
    () => new Set([fields.registrationIds.initialValue ?? []].flat() as string[]),
  );
  const toggle = (id: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <>
      {/* The search box inside the picker submits this form (form attribute): forms can't nest. */}
      <Form id="people-search" method="get" />
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="space-y-2">
          <legend className="text-sm font-semibold text-slate-800">Whose badges</legend>
          {(
            [
              ["all", `Everyone confirmed (${overview.confirmed.toLocaleString("en-US")})`],
              ["ticketType", "One ticket type"],
              ["people", "Chosen people"],
            ] as const
          ).map(([value, label]) => (
            <div key={value} className="flex items-start gap-3">
              <input
                type="radio"
                id={`scope-${value}`}
                name={fields.scope.name}
                value={value}
                checked={scope === value}
                onChange={() => setScope(value)}
                className={radio}
              />
              <label htmlFor={`scope-${value}`} className="text-sm">
                {label}
              </label>
            </div>
          ))}
          <FieldErrors id={fields.scope.errorId} errors={fields.scope.errors} />
        </fieldset>
        {scope === "ticketType" ? (
          <div className="space-y-1">
            <label htmlFor={fields.ticketTypeId.id} className="block text-sm font-semibold text-slate-800">
              Ticket type
            </label>
            <select
              id={fields.ticketTypeId.id}
              name={fields.ticketTypeId.name}
              defaultValue={String(fields.ticketTypeId.initialValue ?? "")}
              aria-invalid={fields.ticketTypeId.errors ? true : undefined}
              aria-describedby={fields.ticketTypeId.errors ? fields.ticketTypeId.errorId : undefined}
              className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base"
            >
              <option value="">Choose a ticket type</option>
              {overview.ticketTypes.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.confirmed} confirmed)
                </option>
              ))}
            </select>
            <FieldErrors id={fields.ticketTypeId.errorId} errors={fields.ticketTypeId.errors} />
          </div>
        ) : null}
        {scope === "people" ? (
          <div>
            <PeoplePicker people={overview.people} chosen={chosen} onToggle={toggle} />
            <FieldErrors id={fields.registrationIds.errorId} errors={fields.registrationIds.errors} />
          </div>
        ) : null}
        <fieldset className="space-y-2">
          <legend className="text-sm font-semibold text-slate-800">Layout</legend>
          {BADGE_LAYOUTS.map((layout) => (
            <div key={layout} className="flex items-start gap-3">
              <input
                type="radio"
                id={`layout-${layout}`}
                name={fields.layout.name}
                value={layout}
                defaultChecked={(fields.layout.initialValue ?? "SHEET_LETTER") === layout}
                className={radio}
              />
              <label htmlFor={`layout-${layout}`} className="text-sm">
                {LAYOUT_LABELS[layout]}
              </label>
            </div>
          ))}
          <FieldErrors id={fields.layout.errorId} errors={fields.layout.errors} />
        </fieldset>
        <div className="flex items-start gap-3">
          <input
            type="checkbox"
            id={fields.largePrint.id}
            name={fields.largePrint.name}
            defaultChecked={fields.largePrint.initialValue === "on"}
            className="mt-1 h-5 w-5 rounded border-slate-400"
          />
          <label htmlFor={fields.largePrint.id} className="text-sm font-semibold text-slate-800">
            Large print
            <span className="block font-normal text-slate-600">Bigger pronouns, organisation and ribbon; the same QR code.</span>
          </label>
        </div>
        <Button disabled={busy}>{busy ? "Queuing…" : "Make the PDF"}</Button>
      </Form>
    </>
  );
}

function Batches({ overview }: { overview: Overview }) {
  const { batches, event, ticketTypes } = overview;
  const ticketName = new Map(ticketTypes.map((t) => [t.id, t.name]));
  if (batches.length === 0) return <p className="text-sm text-slate-700">No badge PDFs made yet.</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {batches.map((b) => {
        const who = b.ticketTypeId
          ? `${ticketName.get(b.ticketTypeId) ?? "A ticket type"}`
          : b.people
            ? `${b.people} chosen ${b.people === 1 ? "person" : "people"}`
            : "Everyone confirmed";
        const status = STATUS[b.status];
        const label = `${who}, ${b.total.toLocaleString("en-US")} badges`;
        return (
          <li key={b.id} className="space-y-2 px-4 py-3 text-sm">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span>
                <strong>{label}</strong>
                <span className="block text-slate-700">
                  {LAYOUT_LABELS[b.layout]}
                  {b.largePrint ? " · large print" : ""} · {formatDateTime(new Date(b.createdAt), event.timeZone)}
                  {b.requestedBy ? ` · ${b.requestedBy.name}` : ""}
                </span>
              </span>
              <Badge tone={status.tone}>{status.label}</Badge>
            </div>
            {b.status === "QUEUED" || b.status === "RUNNING" ? (
              <div className="flex items-center gap-3">
                <progress
                  value={b.done}
                  max={Math.max(b.total, 1)}
                  aria-label={`Progress: ${label}`}
                  className="h-3 w-full overflow-hidden rounded-full [&::-moz-progress-bar]:bg-brand-600 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-brand-600"
                />
                <span className="whitespace-nowrap tabular-nums text-slate-700">
                  {b.done.toLocaleString("en-US")} of {b.total.toLocaleString("en-US")}
                </span>
              </div>
            ) : null}
            {b.status === "DONE" ? (
              <a href={`/admin/events/${event.id}/badges/${b.id}.pdf`} className="font-semibold text-brand-700 underline">
                Download PDF<span className="sr-only"> of {label}</span>
              </a>
            ) : null}
            {b.status === "FAILED" ? <p className="font-medium text-red-700">{b.error}</p> : null}
          </li>
        );
      })}
    </ul>
  );
}

export default function BadgesPage() {
  const overview = useLoaderData<typeof loader>();
  const { event, batches, confirmed } = overview;
  const revalidator = useRevalidator();
  const working = batches.some((b) => b.status === "QUEUED" || b.status === "RUNNING");
  // While a PDF is being made, fetch progress every second; stop once nothing is left.
  useEffect(() => {
    if (!working) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1000);
    return () => clearInterval(timer);
  }, [working, revalidator]);
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/admin/events/${event.id}`} className="text-brand-700 underline">
          ← {event.name}
        </Link>
      </p>
      <PageHeader
        title="Badges"
        subtitle="Print badges for everyone, one ticket type or chosen people. Each badge carries a signed QR code for the door."
      />
      {confirmed === 0 ? (
        <EmptyState title="No confirmed registrations yet">
          Badges are printed for confirmed registrations.{" "}
          <Link to={`/admin/events/${event.id}/registrations`} className="font-semibold text-brand-700 underline">
            See registrations
          </Link>
        </EmptyState>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card>
            <h2 className="mb-4 text-lg font-bold">Make a badge PDF</h2>
            <BatchForm overview={overview} />
          </Card>
          <section aria-labelledby="batches-heading" className="space-y-3">
            <h2 id="batches-heading" className="text-lg font-bold">
              Badge PDFs
            </h2>
            <Batches overview={overview} />
          </section>
        </div>
      )}
    </div>
  );
}
