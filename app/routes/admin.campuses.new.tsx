import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { saveCampus } from "~/modules/events/campuses.server.ts";
import { campusSchema } from "~/modules/events/event.schema.ts";
import { timeZoneOptions } from "~/shared/dates.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { CampusForm } from "~/ui/campus-form.tsx";
import { PageHeader } from "~/ui/components.tsx";

export const meta: MetaFunction = () => [{ title: "New campus · Admin · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return { timeZones: timeZoneOptions() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const submission = parseWithZod(await request.formData(), { schema: campusSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const campus = await saveCampus(context.db, user.id, submission.value);
    return redirectWithFlash(context.env, request, "/admin/campuses", {
      kind: "success",
      message: `${campus.name} campus added.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function NewCampus() {
  const { timeZones } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageHeader title="New campus" />
      <CampusForm lastResult={useActionData<typeof action>()} timeZones={timeZones} submitLabel="Add campus" />
    </div>
  );
}
