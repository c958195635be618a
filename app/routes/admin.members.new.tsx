import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { networkMemberSchema } from "~/modules/registration/network-member.schema.ts";
import { saveNetworkMember } from "~/modules/registration/network-members.server.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { PageHeader } from "~/ui/components.tsx";
import { NetworkMemberForm } from "~/ui/network-member-form.tsx";

export const meta: MetaFunction = () => [{ title: "Add a network member · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const submission = parseWithZod(await request.formData(), { schema: networkMemberSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const member = await saveNetworkMember(context.db, user.id, submission.value);
    return redirectWithFlash(context.env, request, "/admin/members", { kind: "success", message: `${member.name} added.` });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function NewNetworkMember() {
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link to="/admin/members" className="text-brand-700 underline">
          ← Network members
        </Link>
      </p>
      <PageHeader title="Add a network member" />
      <NetworkMemberForm lastResult={useActionData<typeof action>()} submitLabel="Add member" />
    </div>
  );
}
