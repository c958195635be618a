import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { checkInListSchema } from "~/modules/badges/check-in-list.schema.ts";
import { checkInListChoices, saveCheckInList } from "~/modules/badges/check-in-lists.server.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { CheckInHeader, CheckInListForm } from "~/ui/check-in.tsx";

export const meta: MetaFunction = () => [{ title: "New check-in list · Summit" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return orNotFound(checkInListChoices(context.db, params.id ?? ""));
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  const submission = parseWithZod(await request.formData(), { schema: checkInListSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const list = await saveCheckInList(context.db, user.id, eventId, submission.value);
    return redirectWithFlash(context.env, request, `/admin/events/${eventId}/check-in`, {
      kind: "success",
      message: `${list.name} added.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function NewCheckInList() {
  const { event, ticketTypes, days, workshops } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <CheckInHeader event={event} title="New check-in list" />
      <CheckInListForm
        lastResult={useActionData<typeof action>()}
        defaultValue={{ kind: "EVENT", ticketTypeIds: ticketTypes.filter((t) => !t.archived).map((t) => t.id) }}
        ticketTypes={ticketTypes}
        days={days}
        workshops={workshops}
        submitLabel="Add list"
      />
    </div>
  );
}
