import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { assignStaffSchema, unassignStaffSchema } from "~/modules/badges/event-staff.schema.ts";
import { assignStaff, listEventStaff, unassignStaff } from "~/modules/badges/event-staff.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { badRequest, orNotFound } from "~/shared/http.server.ts";
import { CheckInHeader } from "~/ui/check-in.tsx";
import { Badge, Button, Card, EmptyState } from "~/ui/components.tsx";
import { FormErrors, TextField } from "~/ui/form-fields.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Door staff · ${data?.event.name ?? "Event"} · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const { event, staff, devices } = await orNotFound(listEventStaff(context.db, params.id ?? ""));
  const zone = event.timeZone;
  return {
    event,
    staff: staff.map((s) => ({ ...s, assignedAt: formatDateTime(s.assignedAt, zone) })),
    devices: devices.map((d) => ({
      ...d,
      lastSeenAt: d.lastSeenAt ? formatDateTime(d.lastSeenAt, zone) : null,
      createdAt: formatDateTime(d.createdAt, zone),
    })),
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const formData = await request.formData();
  const back = `/admin/events/${eventId}/check-in/staff`;
  if (formData.get("intent") === "remove") {
    const parsed = unassignStaffSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) badRequest("Choose who to remove.");
    const removed = await orNotFound(unassignStaff(context.db, user.id, eventId, parsed.data.userId));
    return redirectWithFlash(context.env, request, back, {
      kind: "success",
      message: `${removed.name} can no longer scan this event.`,
    });
  }
  const submission = parseWithZod(formData, { schema: assignStaffSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const assigned = await assignStaff(context.db, user.id, eventId, submission.value.email);
    return redirectWithFlash(context.env, request, back, {
      kind: "success",
      message: `${assigned.name} can now scan this event.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function CheckInStaff() {
  const { event, staff, devices } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: useActionData<typeof action>(),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: assignStaffSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <div className="space-y-8">
      <CheckInHeader event={event} title="Staff & devices" />

      <section aria-labelledby="staff-heading" className="space-y-3">
        <h2 id="staff-heading" className="text-xl font-bold">
          Door staff
        </h2>
        <p className="max-w-prose text-sm text-slate-700">
          People with the Staff role scan only the events they are assigned to; organisers and admins can scan every event. An
          admin gives the Staff role under{" "}
          <Link to="/admin/users" className="font-semibold text-brand-700 underline">
            People &amp; roles
          </Link>
          .
        </p>
        <Card>
          <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-3">
            <input type="hidden" name="intent" value="assign" />
            <div className="min-w-[16rem] flex-1">
              <FormErrors id={form.errorId} errors={form.errors} />
              <TextField field={fields.email} type="email" label="Staff member's email" autoComplete="off" />
            </div>
            <Button disabled={navigation.state === "submitting"}>Assign to this event</Button>
          </Form>
        </Card>
        {staff.length === 0 ? (
          <EmptyState title="Nobody is assigned yet">Assign the people who will scan badges at the doors.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm">
            {staff.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
                <div>
                  <p className="font-semibold">
                    {s.name} {s.stillStaff ? null : <Badge tone="amber">No longer has the Staff role</Badge>}
                  </p>
                  <p className="text-sm text-slate-700">
                    {s.email} · assigned {s.assignedAt}
                  </p>
                </div>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="userId" value={s.id} />
                  <Button variant="secondary" aria-label={`Remove ${s.name} from this event`}>
                    Remove
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="devices-heading" className="space-y-3">
        <h2 id="devices-heading" className="text-xl font-bold">
          Scanning devices
        </h2>
        <p className="max-w-prose text-sm text-slate-700">
          Each phone or tablet is named on the scanner (like “Door 1 — Main hall”), so a second scan can say where the first one
          was.
        </p>
        {devices.length === 0 ? (
          <EmptyState title="No devices yet">A device appears here once staff name it on the scanner.</EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <caption className="sr-only">Scanning devices with when each was last seen</caption>
              <thead className="bg-slate-100 text-slate-700">
                <tr>
                  <th scope="col" className="px-3 py-2">
                    Device
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Last seen
                  </th>
                  <th scope="col" className="px-3 py-2 text-right">
                    Check-ins
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Named by
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {devices.map((d) => (
                  <tr key={d.id}>
                    <th scope="row" className="px-3 py-2 font-semibold">
                      {d.name}
                    </th>
                    <td className="px-3 py-2">{d.lastSeenAt ?? "Never"}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{d.checkIns}</td>
                    <td className="px-3 py-2">
                      {d.createdBy ?? "—"} <span className="text-slate-600">on {d.createdAt}</span>
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
