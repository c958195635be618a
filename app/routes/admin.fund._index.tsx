// The scholarship fund for organisers: balances, how they moved over time, the append-only
// ledger with where each entry came from, and the forms for donations and (admins) adjustments.
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { hasRole, requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import {
  adjustmentSchema,
  donationSchema,
  FUND_ACTION_SCHEMAS,
  FUND_ENTRY_KIND_LABELS,
} from "~/modules/scholarships/fund.schema.ts";
import { recordAdjustment, recordDonation } from "~/modules/scholarships/fund-entries.server.ts";
import { type FundPeriod, fundOverview } from "~/modules/scholarships/fund-reports.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { badRequest, forbidden } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { pageFromUrl } from "~/shared/pagination.ts";
import { LineChart } from "~/ui/charts.tsx";
import { Badge, Button, Card, EmptyState, PageHeader, Pagination } from "~/ui/components.tsx";
import { FormErrors, TextField } from "~/ui/form-fields.tsx";
import { FUND_TIME_ZONE, FundNav, MoneyStat } from "~/ui/fund.tsx";

export const meta: MetaFunction = () => [{ title: "Scholarship fund · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const url = new URL(request.url);
  const by = url.searchParams.get("by");
  const overview = await fundOverview(context.db, {
    page: pageFromUrl(request.url),
    by: by === "week" || by === "month" ? (by as FundPeriod) : undefined,
  });
  return {
    isAdmin: hasRole(user),
    balance: overview.balance,
    series: overview.series,
    ledger: {
      total: overview.ledger.total,
      pageCount: overview.ledger.pageCount,
      entries: overview.ledger.entries.map((e) => ({
        id: e.id,
        kind: e.kind,
        amountCents: e.amountCents,
        deltaCents: e.deltaCents,
        availableAfterCents: e.availableAfterCents,
        memo: e.memo,
        reason: e.reason,
        author: e.createdBy?.name ?? null,
        when: formatDateTime(e.createdAt, FUND_TIME_ZONE),
        source: e.bookOrderId
          ? { to: `/admin/books/orders/${e.bookOrderId}`, label: "Book order" }
          : e.statementId
            ? { to: `/admin/statements/${e.statementId}`, label: "Statement" }
            : e.awardId
              ? { to: `/admin/scholarships/awards/${e.awardId}`, label: "Award" }
              : null,
      })),
    },
    page: pageFromUrl(request.url),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const formData = await request.formData();
  const intent = String(formData.get("intent"));
  if (!(intent in FUND_ACTION_SCHEMAS)) badRequest("Unknown action.");
  // Adjustments rewrite what the fund says it holds: admins only (organisers record donations).
  if (intent === "adjustment" && !hasRole(user)) forbidden("Only admins can adjust the fund.");
  const submission = parseWithZod(formData, { schema: FUND_ACTION_SCHEMAS[intent as keyof typeof FUND_ACTION_SCHEMAS] });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const { amount: amountCents, reason } = submission.value;
    if (submission.value.intent === "donation") await recordDonation(context.db, user.id, { amountCents, reason });
    else await recordAdjustment(context.db, user.id, { amountCents, reason });
    const what = submission.value.intent === "donation" ? "Donation" : "Adjustment";
    const signed = amountCents < 0 ? `−${formatMoney(-amountCents)}` : formatMoney(amountCents);
    return redirectWithFlash(context.env, request, "/admin/fund", { kind: "success", message: `${what} of ${signed} recorded.` });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

type Period = "week" | "month";
const shortDay = (label: string) =>
  new Date(`${label}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const shortMonth = (label: string) =>
  new Date(`${label}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
const longLabel = (by: Period) => (label: string) =>
  by === "week"
    ? `week of ${new Date(`${label}T00:00:00Z`).toLocaleDateString("en-US", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })}`
    : new Date(`${label}T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
const axisMoney = (cents: number) => `$${Math.round(cents / 100).toLocaleString("en-US")}`;

function EntryForm({ intent }: { intent: "donation" | "adjustment" }) {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.formData?.get("intent") === intent;
  const [form, fields] = useForm({
    id: intent,
    lastResult: lastResult && "initialValue" in lastResult && lastResult.initialValue?.intent === intent ? lastResult : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: intent === "donation" ? donationSchema : adjustmentSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value={intent} />
      {intent === "donation" ? (
        <>
          <TextField field={fields.amount} label="Donation (USD)" hint="For example 250 or 1,000.00." />
          <TextField field={fields.reason} label="From or for" hint="Who gave it or what it was for, e.g. “Alumni bake sale”." />
        </>
      ) : (
        <>
          <TextField
            field={fields.amount}
            label="Adjustment (USD)"
            hint="Positive adds to the fund, negative (-150.00) takes away."
          />
          <TextField field={fields.reason} label="Reason" hint="Required: why the ledger needs correcting." />
        </>
      )}
      <Button variant={intent === "donation" ? "primary" : "secondary"} disabled={busy}>
        {intent === "donation" ? "Record donation" : "Record adjustment"}
      </Button>
    </Form>
  );
}

export default function FundPage() {
  const { balance, series, ledger, isAdmin, page } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const by = series.by;
  const money = (cents: number) => formatMoney(cents);
  const unit =
    by === "week"
      ? { heading: "Week", one: "week", many: "weeks", at: "in the" }
      : { heading: "Month", one: "month", many: "months", at: "in" };
  const available = series.points.map((p) => ({ label: p.label, value: p.availableCents }));
  const committed = series.points.map((p) => ({ label: p.label, value: p.committedCents }));
  const last = series.points.at(-1);
  const periodLink = (p: Period, label: string) =>
    p === by ? (
      <span aria-current="true" className="rounded-md bg-slate-800 px-3 py-1 text-sm font-semibold text-white">
        {label}
      </span>
    ) : (
      <Link to={`?by=${p}`} className="rounded-md px-3 py-1 text-sm font-semibold text-brand-700 underline">
        {label}
      </Link>
    );
  return (
    <div className="space-y-8">
      <FundNav />
      <PageHeader
        title="Scholarship fund"
        subtitle="Net book proceeds, retailer statements and donations in; awards committed and stipends paid out. Entries are never changed, only added."
      />
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <MoneyStat label="Raised" value={money(balance.raisedCents)} note="Book sales, statements, donations, adjustments" />
        <MoneyStat label="Committed" value={money(balance.committedCents)} note="Awarded, not yet paid out" />
        <MoneyStat label="Paid out" value={money(balance.paidCents)} note="Stipends paid" />
        <MoneyStat label="Available" value={money(balance.availableCents)} note="Free for new awards" tone="text-green-800" />
      </dl>

      <section aria-labelledby="over-time" className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="over-time" className="text-xl font-bold">
            Over time
          </h2>
          <nav aria-label="Chart period" className="flex gap-1">
            {periodLink("week", "By week")}
            {periodLink("month", "By month")}
          </nav>
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card>
            <LineChart
              title="Available at the end of each period"
              points={available}
              formatValue={money}
              formatAxis={axisMoney}
              valueHeading="Available"
              shortLabel={by === "week" ? shortDay : shortMonth}
              longLabel={longLabel(by)}
              pointUnit={unit}
              summary={
                last
                  ? `${money(last.availableCents)} available now, over ${series.points.length} ${series.points.length === 1 ? unit.one : unit.many}.`
                  : "No entries yet."
              }
            />
          </Card>
          <Card>
            <LineChart
              title="Committed to awards, not yet paid"
              points={committed}
              formatValue={money}
              formatAxis={axisMoney}
              valueHeading="Committed"
              shortLabel={by === "week" ? shortDay : shortMonth}
              longLabel={longLabel(by)}
              pointUnit={unit}
              summary={last ? `${money(last.committedCents)} committed now.` : "No entries yet."}
            />
          </Card>
        </div>
      </section>

      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <h2 className="mb-3 text-lg font-bold">Record a donation</h2>
          <EntryForm intent="donation" />
        </Card>
        <Card>
          <h2 className="mb-3 text-lg font-bold">Adjust the fund</h2>
          {isAdmin ? (
            <EntryForm intent="adjustment" />
          ) : (
            <p className="text-slate-700">Adjustments correct the ledger and are made by admins, with a reason.</p>
          )}
        </Card>
      </div>

      <section aria-labelledby="ledger" className="space-y-3">
        <h2 id="ledger" className="text-xl font-bold">
          Ledger
        </h2>
        {ledger.total === 0 ? (
          <EmptyState title="No money has moved yet">Book sales, statements and donations will appear here.</EmptyState>
        ) : (
          <>
            <p className="text-sm text-slate-600">
              {ledger.total.toLocaleString("en-US")} entries, newest first. Times are Central ({FUND_TIME_ZONE}).
            </p>
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="w-full min-w-[52rem] text-left text-sm">
                <caption className="sr-only">Fund ledger, page {page}</caption>
                <thead className="bg-slate-100">
                  <tr>
                    {["When", "Kind", "Details", "Source", "By", "Change to available", "Available after"].map((h) => (
                      <th
                        key={h}
                        scope="col"
                        className={`px-3 py-2 ${h.startsWith("Change") || h.startsWith("Available") ? "text-right" : ""}`}
                      >
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {ledger.entries.map((e) => (
                    <tr key={e.id}>
                      <td className="whitespace-nowrap px-3 py-2 text-slate-700">{e.when}</td>
                      <td className="whitespace-nowrap px-3 py-2">
                        <Badge tone={e.deltaCents > 0 ? "green" : e.deltaCents < 0 ? "red" : "slate"}>
                          {FUND_ENTRY_KIND_LABELS[e.kind]}
                        </Badge>
                      </td>
                      <td className="px-3 py-2">
                        {e.memo}
                        {e.reason ? <span className="block text-slate-600">{e.reason}</span> : null}
                      </td>
                      <td className="px-3 py-2">
                        {e.source ? (
                          <Link to={e.source.to} className="font-semibold text-brand-700 underline">
                            {e.source.label}
                          </Link>
                        ) : (
                          "—"
                        )}
                      </td>
                      <td className="px-3 py-2">{e.author ?? "Summit"}</td>
                      <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">
                        {e.deltaCents > 0 ? (
                          `+${money(e.deltaCents)}`
                        ) : e.deltaCents < 0 ? (
                          `−${money(-e.deltaCents)}`
                        ) : (
                          <span title="Moves money from committed to paid out">{money(e.amountCents)} paid</span>
                        )}
                      </td>
                      <td className="whitespace-nowrap px-3 py-2 text-right font-semibold tabular-nums">
                        {e.availableAfterCents === null ? "—" : money(e.availableAfterCents)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={page} pageCount={ledger.pageCount} search={search} />
          </>
        )}
      </section>
    </div>
  );
}
