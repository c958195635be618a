import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { checkInListActionSchema, checkInListSchema } from "~/modules/badges/check-in-list.schema.ts";
import {
  checkInListChoices,
  getCheckInList,
  saveCheckInList,
  setCheckInListArchived,
} from "~/modules/badges/check-in-lists.server.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { badRequest, orNotFound } from "~/shared/http.server.ts";
import { CheckInHeader, CheckInListForm, CheckInProgress } from "~/ui/check-in.tsx";
import { Button, Card } from "~/ui/components.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.list.name ?? "Check-in list"} · Summit` }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const [choices, list] = await Promise.all([
    orNotFound(checkInListChoices(context.db, eventId)),
    orNotFound(getCheckInList(context.db, eventId, params.listId ?? "")),
  ]);
  return { ...choices, list };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const listId = params.listId ?? "";
  const formData = await request.formData();
  if (formData.get("intent") !== "save") {
    const parsed = checkInListActionSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) badRequest("Choose archive or restore.");
    const list = await orNotFound(setCheckInListArchived(context.db, user.id, eventId, listId, parsed.data.intent === "archive"));
    return redirectWithFlash(context.env, request, `/admin/events/${eventId}/check-in`, {
      kind: "success",
      message: list.archived ? `${list.name} archived: it can't be scanned any more.` : `${list.name} restored.`,
    });
  }
  const submission = parseWithZod(formData, { schema: checkInListSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const list = await saveCheckInList(context.db, user.id, eventId, submission.value, listId);
    return redirectWithFlash(context.env, request, `/admin/events/${eventId}/check-in`, {
      kind: "success",
      message: `${list.name} saved.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function EditCheckInList() {
  const { event, ticketTypes, days, workshops, list } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <CheckInHeader event={event} title={list.name} />
      <Card className="space-y-2">
        <CheckInProgress checkedIn={list.checkedIn} expected={list.expected} />
        {list.archived ? <p className="text-sm font-semibold text-slate-800">Archived: staff can't scan this list.</p> : null}
      </Card>
      <CheckInListForm
        key={list.id}
        lastResult={useActionData<typeof action>()}
        defaultValue={{
          name: list.name,
          kind: list.kind,
          day: list.day ?? "",
          sessionId: list.sessionId ?? "",
          ticketTypeIds: list.ticketTypeIds,
        }}
        ticketTypes={ticketTypes}
        days={days}
        workshops={workshops}
        submitLabel="Save list"
      />
      <Card className="space-y-3">
        <h2 className="text-lg font-bold">{list.archived ? "Restore" : "Archive"}</h2>
        <p className="text-sm text-slate-700">
          {list.archived
            ? "Staff can pick and scan this list again."
            : "Staff can no longer pick or scan an archived list. Its check-ins stay, and you can restore it."}
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value={list.archived ? "restore" : "archive"} />
          <Button variant="secondary">{list.archived ? "Restore list" : "Archive list"}</Button>
        </Form>
      </Card>
    </div>
  );
}
