import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DateTime } from "luxon";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import {
  AWARD_STATUS_LABELS,
  MAX_RECEIPT_BYTES,
  MAX_RECEIPTS,
  payoutSchema,
  ROLE_LABELS,
} from "~/modules/scholarships/award.schema.ts";
import { awardForAdmin } from "~/modules/scholarships/awards.server.ts";
import { recordPayout } from "~/modules/scholarships/stipends.server.ts";
import { formatDate, formatDateTime } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { readFormData, replyTooLarge } from "~/shared/multipart.server.ts";
import { Badge, Button, Card, EmptyState } from "~/ui/components.tsx";
import { FieldErrors, FormErrors, TextField } from "~/ui/form-fields.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Award · ${data?.award.application.applicant.name ?? "Scholarship"} · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return orNotFound(awardForAdmin(context.db, params.awardId ?? ""));
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const formData = await readFormData(request, MAX_RECEIPT_BYTES);
  if (!formData) return replyTooLarge("receipts", "Each receipt may be at most 5 MB; scan it at a lower resolution.");
  const submission = parseWithZod(formData, { schema: payoutSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  const files = formData.getAll("receipts").filter((f): f is File => f instanceof File && f.size > 0);
  try {
    const receipts = await Promise.all(
      files.map(async (f) => ({ fileName: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
    );
    await recordPayout(context.db, {
      awardId: params.awardId ?? "",
      amountCents: submission.value.amount,
      paidOn: submission.value.paidOn,
      note: submission.value.note,
      receipts,
      recordedById: user.id,
    });
    return redirectWithFlash(context.env, request, `/admin/scholarships/awards/${params.awardId}`, {
      kind: "success",
      message: `Payout of ${formatMoney(submission.value.amount)} recorded${receipts.length ? ` with ${receipts.length} receipt${receipts.length === 1 ? "" : "s"}` : ""}.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-wrap justify-between gap-2 py-1">
      <dt className="text-slate-700">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}

const kilobytes = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

function PayoutForm({ leftCents, zone }: { leftCents: number; zone: string }) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "payout",
    lastResult: useActionData<typeof action>(),
    defaultValue: { amount: (leftCents / 100).toFixed(2), paidOn: DateTime.now().setZone(zone).toFormat("yyyy-LL-dd") },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: payoutSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const busy = navigation.state === "submitting";
  const receiptErrors = form.allErrors.receipts;
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="space-y-4">
      <FormErrors id={form.errorId} errors={form.errors} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField field={fields.amount} label="Amount paid (USD)" hint={`${formatMoney(leftCents)} of the stipend is left.`} />
        <div className="space-y-1">
          <label htmlFor={fields.paidOn.id} className="block text-sm font-semibold text-slate-800">
            Paid on
          </label>
          <input
            id={fields.paidOn.id}
            name={fields.paidOn.name}
            type="date"
            defaultValue={fields.paidOn.initialValue}
            aria-invalid={fields.paidOn.errors?.length ? true : undefined}
            aria-describedby={fields.paidOn.errors?.length ? fields.paidOn.errorId : undefined}
            className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base"
          />
          <FieldErrors id={fields.paidOn.errorId} errors={fields.paidOn.errors} />
        </div>
      </div>
      <TextField field={fields.note} label="Note (optional)" hint="For example: bank transfer, mileage, hotel for two nights." />
      <div className="space-y-1">
        <label htmlFor="payout-receipts" className="block text-sm font-semibold text-slate-800">
          Receipts (optional)
        </label>
        <input
          id="payout-receipts"
          name="receipts"
          type="file"
          multiple
          accept="application/pdf,image/png,image/jpeg"
          aria-describedby="payout-receipts-hint payout-receipts-error"
          aria-invalid={receiptErrors?.length ? true : undefined}
          className="block w-full text-sm"
        />
        <p id="payout-receipts-hint" className="text-sm text-slate-600">
          PDF, PNG or JPEG; up to {MAX_RECEIPTS} files of 5 MB each.
        </p>
        <FieldErrors id="payout-receipts-error" errors={receiptErrors} />
      </div>
      <Button disabled={busy}>{busy ? "Recording…" : "Record payout"}</Button>
    </Form>
  );
}

export default function AwardAdmin() {
  const { award, stipendCents, stipendPaidCents, stipendLeftCents } = useLoaderData<typeof loader>();
  const { application } = award;
  const { event } = application.cycle;
  const zone = event.timeZone;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/admin/scholarships/cycles/${application.cycle.id}/committee`} className="text-brand-700 underline">
          ← Committee · {application.cycle.name}
        </Link>
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Award to {application.applicant.name}</h1>
        <Badge tone={award.status === "ACCEPTED" ? "green" : award.status === "OFFERED" ? "amber" : "slate"}>
          {AWARD_STATUS_LABELS[award.status]}
        </Badge>
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <h2 className="mb-2 text-lg font-bold">Awardee</h2>
          <dl className="text-sm">
            <Row label="Name">{application.applicant.name}</Row>
            <Row label="Email">
              <span className="break-all">{application.applicant.email}</span>
            </Row>
            <Row label="Applying as">{ROLE_LABELS[application.role]}</Row>
            <Row label="Event">{event.name}</Row>
            <Row label="Decided by">{award.decidedBy?.name ?? "—"}</Row>
            <Row label="Reply by">{formatDateTime(new Date(award.replyBy), zone)}</Row>
            <Row label="Replied">{award.respondedAt ? formatDateTime(new Date(award.respondedAt), zone) : "—"}</Row>
            <Row label="Registration">
              {award.registration ? (
                <Link
                  to={`/admin/events/${event.id}/orders/${award.registration.order.id}`}
                  className="font-mono text-brand-700 underline"
                >
                  {award.registration.order.reference}
                </Link>
              ) : (
                "—"
              )}
            </Row>
          </dl>
        </Card>
        <Card>
          <h2 className="mb-2 text-lg font-bold">Money</h2>
          <dl className="text-sm">
            <Row label="Registration waiver">{formatMoney(award.waiverCents)}</Row>
            <Row label="Travel">{formatMoney(award.travelCents)}</Row>
            <Row label="Lodging">{formatMoney(award.lodgingCents)}</Row>
            <Row label="Committed from the fund">{formatMoney(award.committedCents)}</Row>
            <Row label="Paid (waiver and stipends)">{formatMoney(award.paidCents)}</Row>
            <Row label="Stipend paid">
              {formatMoney(stipendPaidCents)} of {formatMoney(stipendCents)}
            </Row>
          </dl>
          <div
            role="progressbar"
            aria-label="Stipend paid"
            aria-valuemin={0}
            aria-valuemax={stipendCents}
            aria-valuenow={stipendPaidCents}
            aria-valuetext={`${formatMoney(stipendPaidCents)} of ${formatMoney(stipendCents)}`}
            className="mt-3 h-3 overflow-hidden rounded bg-slate-100"
          >
            <div
              className="h-full bg-green-600"
              style={{ width: `${stipendCents ? (stipendPaidCents / stipendCents) * 100 : 0}%` }}
            />
          </div>
        </Card>
      </div>

      <section aria-labelledby="payouts-heading" className="space-y-3">
        <h2 id="payouts-heading" className="text-lg font-bold">
          Stipend payouts
        </h2>
        {award.payouts.length === 0 ? (
          <EmptyState title="No payouts yet">Record each payment of travel or lodging with its receipts.</EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Payouts, oldest first, dates in {zone}</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Paid on
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    Amount
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Note
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Receipts
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Recorded by
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {award.payouts.map((p) => (
                  <tr key={p.id} className="align-top">
                    <td className="whitespace-nowrap px-3 py-2">{formatDate(new Date(p.paidOn), zone)}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{formatMoney(p.amountCents)}</td>
                    <td className="px-3 py-2">{p.note || <span className="text-slate-600">—</span>}</td>
                    <td className="px-3 py-2">
                      {p.receipts.length ? (
                        <ul>
                          {p.receipts.map((r) => (
                            <li key={r.id}>
                              <a
                                href={`/admin/scholarships/awards/${award.id}/receipts/${r.id}`}
                                className="text-brand-700 underline"
                              >
                                {r.fileName}
                              </a>{" "}
                              <span className="text-slate-600">({kilobytes(r.size)})</span>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span className="text-slate-600">None</span>
                      )}
                    </td>
                    <td className="px-3 py-2">{p.recordedBy?.name ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {award.status === "ACCEPTED" && stipendLeftCents > 0 ? (
        <Card>
          <h2 className="mb-3 text-lg font-bold">Record a payout</h2>
          <PayoutForm leftCents={stipendLeftCents} zone={zone} />
        </Card>
      ) : null}
    </div>
  );
}
