import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { networkMemberSchema, validUntilDate } from "~/modules/registration/network-member.schema.ts";
import { deleteNetworkMember, getNetworkMember, saveNetworkMember } from "~/modules/registration/network-members.server.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { Button, Card, PageHeader } from "~/ui/components.tsx";
import { NetworkMemberForm } from "~/ui/network-member-form.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.member.name ?? "Member"} · Network members · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  const member = await orNotFound(getNetworkMember(context.db, params.memberId ?? ""));
  return { member: { ...member, validUntil: member.validUntil ? validUntilDate(member.validUntil) : "" } };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const memberId = params.memberId ?? "";
  const formData = await request.formData();
  if (formData.get("intent") === "delete") {
    const member = await orNotFound(deleteNetworkMember(context.db, user.id, memberId));
    return redirectWithFlash(context.env, request, "/admin/members", { kind: "success", message: `${member.name} removed.` });
  }
  const submission = parseWithZod(formData, { schema: networkMemberSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const member = await saveNetworkMember(context.db, user.id, submission.value, memberId);
    return redirectWithFlash(context.env, request, "/admin/members", { kind: "success", message: `${member.name} saved.` });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function EditNetworkMember() {
  const { member } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link to="/admin/members" className="text-brand-700 underline">
          ← Network members
        </Link>
      </p>
      <PageHeader title={`Edit ${member.name}`} />
      <NetworkMemberForm
        key={String(member.updatedAt)}
        lastResult={useActionData<typeof action>()}
        submitLabel="Save member"
        defaultValue={{
          kind: member.kind,
          email: member.email ?? "",
          domain: member.domain ?? "",
          name: member.name,
          organisation: member.organisation,
          validUntil: member.validUntil,
        }}
      />
      <Card className="border-red-200">
        <h2 className="font-semibold">Remove from the network</h2>
        <p className="mt-1 text-sm text-slate-700">
          Member prices stop applying to new orders. Orders already placed keep the price they were given.
        </p>
        <Form
          method="post"
          className="mt-3"
          onSubmit={(e) => {
            if (!window.confirm(`Remove ${member.name} from the network?`)) e.preventDefault();
          }}
        >
          <input type="hidden" name="intent" value="delete" />
          <Button variant="danger" disabled={navigation.state === "submitting"}>
            Remove {member.name}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
