import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import {
  APPLICATION_STATUS_LABELS,
  AWARD_STATUS_LABELS,
  awardSchema,
  COMMITTEE_ACTION_SCHEMAS,
  COMMITTEE_STATUS_FILTERS,
  type CommitteeIntent,
  parseCommitteeFilter,
  ROLE_LABELS,
} from "~/modules/scholarships/award.schema.ts";
import { commitAward, declineApplication, splitPair, waitlistApplication } from "~/modules/scholarships/awards.server.ts";
import { type CommitteeMember, committeeView } from "~/modules/scholarships/committee.server.ts";
import { formatDate } from "~/shared/dates.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { badRequest, orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { StackedBar } from "~/ui/charts.tsx";
import { Badge, Button, EmptyState, Pagination } from "~/ui/components.tsx";
import { FieldErrors, FormErrors } from "~/ui/form-fields.tsx";
import { FilterBar, FilterButtons, FilterSearch, FilterSelect, filterControlClass } from "~/ui/list-filters.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Committee · ${data?.cycle.name ?? "Scholarships"} · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const filter = parseCommitteeFilter(new URL(request.url).searchParams);
  return { filter, ...(await orNotFound(committeeView(context.db, params.cycleId ?? "", filter))) };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const cycleId = params.cycleId ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent"));
  if (!(intent in COMMITTEE_ACTION_SCHEMAS)) badRequest("Unknown action.");
  const submission = parseWithZod(formData, { schema: COMMITTEE_ACTION_SCHEMAS[intent as CommitteeIntent] });
  if (submission.status !== "success") return replyInvalid(submission);
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  const value = submission.value;
  try {
    if (value.intent === "award") {
      const awards = await commitAward(context.db, context.env, {
        applicationId: value.applicationId,
        cycleId,
        decidedById: user.id,
        waiver: value.waiver,
        travelCents: value.travel,
        lodgingCents: value.lodging,
        partner: { waiver: value.partnerWaiver, travelCents: value.partnerTravel, lodgingCents: value.partnerLodging },
      });
      const who = awards.map((a) => `${a.applicantName} (${formatMoney(a.committedCents)})`).join(" and ");
      return redirectWithFlash(context.env, request, back, {
        kind: "success",
        message: `Awarded ${who}; committed from the fund and emailed.`,
      });
    }
    const decision = { applicationId: value.applicationId, cycleId, decidedById: user.id };
    if (value.intent === "waitlist") {
      const names = await waitlistApplication(context.db, context.env, decision);
      return redirectWithFlash(context.env, request, back, {
        kind: "success",
        message: `${names.join(" and ")} ${names.length > 1 ? "are" : "is"} on the waiting list; emailed.`,
      });
    }
    if (value.intent === "decline") {
      const names = await declineApplication(context.db, context.env, decision);
      return redirectWithFlash(context.env, request, back, {
        kind: "success",
        message: `Declined ${names.join(" and ")}, with a kind email.`,
      });
    }
    const names = await splitPair(context.db, {
      applicationId: value.applicationId,
      cycleId,
      actorId: user.id,
      reason: value.reason,
    });
    return redirectWithFlash(context.env, request, back, {
      kind: "success",
      message: `${names.join(" and ")} can now be decided apart. The reason is in the audit log.`,
    });
  } catch (error) {
    // Waitlist and decline are single buttons with no fields to show a message beside: flash it.
    if (error instanceof RuleViolation && (value.intent === "waitlist" || value.intent === "decline"))
      return redirectWithFlash(context.env, request, back, { kind: "error", message: error.message });
    return replyWithRuleViolation(submission, error);
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Group = Data["groups"][number];
type Member = Group["members"][number];

const STATUS_TONES = {
  SUBMITTED: "blue",
  WAITLISTED: "amber",
  AWARDED: "green",
  DECLINED: "slate",
  WITHDRAWN: "slate",
  DRAFT: "slate",
} as const;

const FILTER_LABELS: Record<(typeof COMMITTEE_STATUS_FILTERS)[number], string> = {
  UNDECIDED: "Undecided (submitted or waitlisted)",
  ...APPLICATION_STATUS_LABELS,
};

const dollars = (cents: number) => (cents / 100).toFixed(2);
const score = (value: number | null) => (value === null ? "—" : value.toFixed(2));
const awardable = (m: Pick<CommitteeMember, "status">) => m.status === "SUBMITTED" || m.status === "WAITLISTED";

function requestTotal(m: Member, waiverCents: number) {
  return (m.request.waiver ? waiverCents : 0) + m.request.travelCents + m.request.lodgingCents;
}

/** The action's reply belongs to the form of the application it names. */
function useReplyFor(applicationId: string, intent: string) {
  const reply = useActionData<typeof action>() as SubmissionResult<string[]> | undefined;
  const initial = reply?.initialValue as Record<string, unknown> | null | undefined;
  return initial?.applicationId === applicationId && initial?.intent === intent ? reply : undefined;
}

function FundPanel({ fund, maxAwardCents, waiverCents }: Pick<Data, "fund" | "waiverCents"> & { maxAwardCents: number }) {
  return (
    <section aria-labelledby="fund-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="fund-heading" className="text-sm font-semibold uppercase tracking-wide text-slate-600">
            Available to award
          </h2>
          <p className={`text-4xl font-bold tabular-nums ${fund.availableCents > 0 ? "text-green-800" : "text-red-800"}`}>
            {formatMoney(fund.availableCents)}
          </p>
        </div>
        <dl className="grid grid-cols-3 gap-x-6 gap-y-1 text-sm">
          <dt className="text-slate-600">Raised</dt>
          <dt className="text-slate-600">Committed</dt>
          <dt className="text-slate-600">Paid out</dt>
          <dd className="font-semibold tabular-nums">{formatMoney(fund.raisedCents)}</dd>
          <dd className="font-semibold tabular-nums">{formatMoney(fund.committedCents)}</dd>
          <dd className="font-semibold tabular-nums">{formatMoney(fund.paidCents)}</dd>
        </dl>
      </div>
      <div className="mt-4">
        <StackedBar
          label="Where the money raised is"
          total={Math.max(0, fund.raisedCents)}
          formatValue={(cents) => formatMoney(cents)}
          segments={[
            { label: "Paid out", value: Math.max(0, fund.paidCents), className: "fill-slate-600" },
            { label: "Committed", value: Math.max(0, fund.committedCents), className: "fill-amber-500" },
            { label: "Available", value: Math.max(0, fund.availableCents), className: "fill-green-600" },
          ]}
        />
      </div>
      <p className="mt-3 text-sm text-slate-700">
        An award is at most <strong>{formatMoney(maxAwardCents)}</strong>. The registration waiver is worth{" "}
        <strong>{formatMoney(waiverCents)}</strong> (the regular ticket's full price). Money is committed only if the fund covers
        it at that moment.
      </p>
    </section>
  );
}

function MemberSummary({ member, waiverCents }: { member: Member; waiverCents: number }) {
  return (
    <div className="space-y-1">
      <p className="flex flex-wrap items-center gap-2">
        <Link to={`/admin/scholarships/applications/${member.id}`} className="font-semibold text-brand-800 underline">
          {member.name}
        </Link>
        <Badge tone="slate">{ROLE_LABELS[member.role]}</Badge>
        <Badge tone={STATUS_TONES[member.status]}>{APPLICATION_STATUS_LABELS[member.status]}</Badge>
        {member.split ? <Badge tone="amber">Pair decided apart</Badge> : null}
      </p>
      <p className="text-sm text-slate-700">
        Score <strong className="tabular-nums">{score(member.mean)}</strong>
        {member.spread !== null ? <span className="tabular-nums"> · spread {member.spread.toFixed(2)}</span> : null} ·{" "}
        {member.reviews} review{member.reviews === 1 ? "" : "s"}
      </p>
      <p className="text-sm text-slate-700">
        Asked for: {member.request.waiver ? "registration waiver, " : ""}travel {formatMoney(member.request.travelCents)}, lodging{" "}
        {formatMoney(member.request.lodgingCents)} ={" "}
        <span className="font-semibold tabular-nums">{formatMoney(requestTotal(member, waiverCents))}</span>
      </p>
      {member.award ? (
        <p className="text-sm">
          <Link to={`/admin/scholarships/awards/${member.award.id}`} className="font-semibold text-brand-700 underline">
            Award {formatMoney(member.award.committedCents)}
          </Link>{" "}
          · {AWARD_STATUS_LABELS[member.award.status]}
          {member.award.paidCents ? ` · ${formatMoney(member.award.paidCents)} paid` : ""}
        </p>
      ) : null}
    </div>
  );
}

const inputClass =
  "block w-28 rounded-md border border-slate-400 bg-white px-2 py-1.5 text-base tabular-nums aria-[invalid=true]:border-red-700";

function AmountInputs({
  member,
  prefix,
  formId,
  errors,
  waiverCents,
}: {
  member: Member;
  prefix: "" | "partner";
  formId: string;
  errors: Record<string, string[] | undefined>;
  waiverCents: number;
}) {
  const name = (field: string) => (prefix ? `partner${field[0].toUpperCase()}${field.slice(1)}` : field);
  const id = (field: string) => `${formId}-${name(field)}`;
  const describedBy = (field: string) => (errors[name(field)]?.length ? `${id(field)}-error` : undefined);
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-semibold">{member.name}</legend>
      <div className="flex items-center gap-2">
        <input
          id={id("waiver")}
          type="checkbox"
          name={name("waiver")}
          defaultChecked={member.prefill.waiver}
          className="h-5 w-5 rounded border-slate-400"
        />
        <label htmlFor={id("waiver")} className="text-sm">
          Waive registration ({formatMoney(waiverCents)})
        </label>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        {(["travel", "lodging"] as const).map((field) => (
          <div key={field}>
            <label htmlFor={id(field)} className="block text-sm font-semibold capitalize">
              {field} ($)
            </label>
            <input
              id={id(field)}
              name={name(field)}
              inputMode="decimal"
              defaultValue={dollars(field === "travel" ? member.prefill.travelCents : member.prefill.lodgingCents)}
              aria-invalid={errors[name(field)]?.length ? true : undefined}
              aria-describedby={describedBy(field)}
              className={inputClass}
            />
          </div>
        ))}
      </div>
      {(["travel", "lodging"] as const).map((field) => (
        <FieldErrors key={field} id={`${id(field)}-error`} errors={errors[name(field)]} />
      ))}
    </fieldset>
  );
}

function AwardForm({ group, waiverCents }: { group: Group; waiverCents: number }) {
  const [first, second] = group.members;
  const navigation = useNavigation();
  const busy = navigation.formData?.get("applicationId") === first.id && navigation.formData?.get("intent") === "award";
  const [form] = useForm({
    id: `award-${first.id}`,
    lastResult: useReplyFor(first.id, "award"),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: awardSchema }),
    shouldValidate: "onSubmit",
  });
  const errors = form.allErrors;
  const pair = second !== undefined;
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3 rounded-md bg-slate-50 p-3">
      <FormErrors id={form.errorId} errors={form.errors} />
      <input type="hidden" name="intent" value="award" />
      <input type="hidden" name="applicationId" value={first.id} />
      <AmountInputs member={first} prefix="" formId={form.id} errors={errors} waiverCents={waiverCents} />
      {pair ? <AmountInputs member={second} prefix="partner" formId={form.id} errors={errors} waiverCents={waiverCents} /> : null}
      <Button disabled={busy}>
        {busy ? "Committing…" : pair ? "Award both" : "Award"}
        <span className="sr-only"> {group.members.map((m) => m.name).join(" and ")}</span>
      </Button>
    </Form>
  );
}

function DecisionButtons({ group }: { group: Group }) {
  const first = group.members[0];
  const names = group.members.map((m) => m.name).join(" and ");
  return (
    <div className="flex flex-wrap gap-2">
      {first.status === "SUBMITTED" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="waitlist" />
          <input type="hidden" name="applicationId" value={first.id} />
          <Button variant="secondary">
            Waitlist<span className="sr-only"> {names}</span>
          </Button>
        </Form>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="decline" />
        <input type="hidden" name="applicationId" value={first.id} />
        <Button variant="secondary">
          Decline<span className="sr-only"> {names}</span>
        </Button>
      </Form>
    </div>
  );
}

function SplitForm({ group }: { group: Group }) {
  const first = group.members[0];
  const lastResult = useReplyFor(first.id, "split");
  const [form, fields] = useForm({ id: `split-${first.id}`, lastResult });
  return (
    <details className="text-sm" open={Boolean(lastResult)}>
      <summary className="cursor-pointer font-semibold text-brand-700">Decide this pair apart…</summary>
      <Form method="post" {...getFormProps(form)} className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="split" />
        <input type="hidden" name="applicationId" value={first.id} />
        <label htmlFor={fields.reason.id} className="block font-semibold">
          Why decide them apart? <span className="font-normal text-slate-600">(kept in the audit log)</span>
        </label>
        <input
          id={fields.reason.id}
          name={fields.reason.name}
          maxLength={500}
          aria-invalid={fields.reason.errors?.length ? true : undefined}
          aria-describedby={fields.reason.errors?.length ? fields.reason.errorId : undefined}
          className={filterControlClass}
        />
        <FieldErrors id={fields.reason.errorId} errors={fields.reason.errors} />
        <Button variant="secondary">Split the pair</Button>
      </Form>
    </details>
  );
}

function GroupRow({ group, waiverCents }: { group: Group; waiverCents: number }) {
  const { members } = group;
  const pair = members.length > 1 || members[0].paired;
  const open = members.every(awardable);
  const someOpen = members.some(awardable);
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-start gap-4">
        <div className="w-16 shrink-0 text-center">
          <span className="block text-xs uppercase text-slate-600">Rank</span>
          <span className="block text-2xl font-bold tabular-nums">{group.rank}</span>
          {pair ? <span className="block text-xs font-semibold text-brand-700">Pair</span> : null}
        </div>
        <div className="min-w-0 flex-1 space-y-3">
          {members.map((m) => (
            <MemberSummary key={m.id} member={m} waiverCents={waiverCents} />
          ))}
          {members.length === 1 && members[0].paired ? (
            <p className="text-sm text-slate-700">Their partner's application isn't submitted yet.</p>
          ) : null}
        </div>
        <div className="w-full space-y-2 lg:w-auto lg:max-w-md">
          {open && !(members.length === 1 && members[0].paired) ? (
            <>
              <AwardForm group={group} waiverCents={waiverCents} />
              <DecisionButtons group={group} />
            </>
          ) : null}
          {pair && someOpen && !open ? (
            <p className="text-sm text-slate-700">
              One of this pair can't be decided now; split the pair to decide the other alone.
            </p>
          ) : null}
          {pair && someOpen ? <SplitForm group={group} /> : null}
        </div>
      </div>
    </li>
  );
}

export default function Committee() {
  const { cycle, fund, waiverCents, byStatus, groups, total, pageCount, filter } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const base = `/admin/scholarships/cycles/${cycle.id}`;
  const filtered = Boolean(filter.status || filter.role || filter.q);
  const undecided = (byStatus.SUBMITTED ?? 0) + (byStatus.WAITLISTED ?? 0);
  return (
    <div className="space-y-5">
      <p className="text-sm">
        <Link to={base} className="text-brand-700 underline">
          ← {cycle.name}
        </Link>
      </p>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Committee</h1>
          <p className="text-slate-700">
            {cycle.event.name} · {undecided} undecided, {byStatus.AWARDED ?? 0} awarded · awardees reply by{" "}
            {formatDate(new Date(cycle.replyBy), cycle.event.timeZone)}
          </p>
        </div>
        <nav aria-label="Cycle reports" className="flex gap-4 text-sm">
          <Link to={`${base}/reports`} className="font-semibold text-brand-700 underline">
            Reports
          </Link>
        </nav>
      </div>
      <FundPanel fund={fund} maxAwardCents={cycle.maxAwardCents} waiverCents={waiverCents} />

      <FilterBar label="Filter applications">
        <FilterSearch value={filter.q} searches="name or email" />
        <FilterSelect
          name="status"
          label="Status"
          value={filter.status}
          any="Any status"
          options={COMMITTEE_STATUS_FILTERS.map((s) => ({ value: s, label: FILTER_LABELS[s] }))}
        />
        <FilterSelect
          name="role"
          label="Applying as"
          value={filter.role}
          any="Patients and caregivers"
          options={[
            { value: "PATIENT", label: "Patients" },
            { value: "CAREGIVER", label: "Caregivers" },
          ]}
        />
        <FilterButtons filtered={filtered} clearTo={`${base}/committee`} />
      </FilterBar>

      <p className="text-sm text-slate-700" aria-live="polite">
        {total} {total === 1 ? "entry" : "entries"} (a pair counts once), ranked by weighted mean score; the highest first.
        Stories are on each application's page, where every reading is recorded.
      </p>
      {groups.length === 0 ? (
        <EmptyState title={filtered ? "No application matches" : "No submitted applications yet"}>
          {filtered ? (
            <Link to={`${base}/committee`} className="font-semibold text-brand-700 underline">
              Show every application
            </Link>
          ) : (
            "Applications appear here once applicants submit them."
          )}
        </EmptyState>
      ) : (
        <ol aria-label="Ranked applications" className="space-y-3">
          {groups.map((g) => (
            <GroupRow key={g.members[0].id} group={g} waiverCents={waiverCents} />
          ))}
        </ol>
      )}
      <Pagination page={filter.page} pageCount={pageCount} search={search} />
    </div>
  );
}
