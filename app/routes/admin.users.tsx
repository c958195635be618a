import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { changeRoleSchema, GRANTABLE_ROLES, ROLE_LABELS, ROLES, userSearchSchema } from "~/modules/auth/roles.schema.ts";
import { changeRole, listUsers } from "~/modules/auth/roles.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { replyWithRuleViolation } from "~/shared/forms.server.ts";
import { Badge, Button, EmptyState, PageHeader, Pagination } from "~/ui/components.tsx";
import { FormErrors } from "~/ui/form-fields.tsx";
import { SearchAndFilter } from "~/ui/list-filters.tsx";

export const meta: MetaFunction = () => [{ title: "People & roles · Admin · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ADMIN");
  const parsed = userSearchSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const query = parsed.success ? parsed.data : { page: 1 };
  return { query, searchError: parsed.success ? null : parsed.error.issues[0].message, ...(await listUsers(context.db, query)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(context, request, "ADMIN");
  const submission = parseWithZod(await request.formData(), { schema: changeRoleSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const { changed } = await changeRole(context.db, admin.id, submission.value);
    const { role, intent } = submission.value;
    const message = !changed
      ? "Nothing changed."
      : intent === "grant"
        ? `${ROLE_LABELS[role]} role granted.`
        : `${ROLE_LABELS[role]} role removed.`;
    const url = new URL(request.url);
    return redirectWithFlash(context.env, request, `${url.pathname}${url.search}`, { kind: "success", message });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function Users() {
  const { users, total, pageCount, query, searchError } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const navigation = useNavigation();
  return (
    <div>
      <PageHeader title="People & roles" subtitle={`${total} ${total === 1 ? "person" : "people"}`} />
      <SearchAndFilter
        q={"q" in query ? query.q : undefined}
        placeholder="Name, email or organisation"
        filter={{
          name: "role",
          label: "Role",
          value: "role" in query ? query.role : undefined,
          any: "Any role",
          options: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
        }}
      />
      <FormErrors errors={[searchError, ...(actionData?.error?.[""] ?? [])].filter((e): e is string => Boolean(e))} />
      {users.length === 0 ? (
        <EmptyState title="Nobody matches">Try a shorter search or another role.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm">
          {users.map((u) => (
            <li key={u.id} className="flex flex-col gap-3 p-4 md:flex-row md:items-center md:justify-between">
              <div>
                <p className="font-semibold">{u.name}</p>
                <p className="text-sm text-slate-600">
                  {u.email}
                  {u.organisation ? ` · ${u.organisation}` : ""}
                </p>
                <p className="mt-1 flex flex-wrap gap-1">
                  {u.roles.map((r) => (
                    <Badge key={r} tone={r === "ADMIN" ? "red" : "blue"}>
                      {ROLE_LABELS[r]}
                    </Badge>
                  ))}
                </p>
              </div>
              <div className="flex flex-wrap gap-2">
                {GRANTABLE_ROLES.map((role) => {
                  const has = u.roles.includes(role);
                  return (
                    <Form key={role} method="post">
                      <input type="hidden" name="userId" value={u.id} />
                      <input type="hidden" name="role" value={role} />
                      <input type="hidden" name="intent" value={has ? "remove" : "grant"} />
                      <Button
                        variant={has ? "secondary" : "primary"}
                        disabled={navigation.state === "submitting"}
                        aria-label={`${has ? "Remove" : "Grant"} ${ROLE_LABELS[role]} role ${has ? "from" : "to"} ${u.name}`}
                      >
                        {has ? `− ${ROLE_LABELS[role]}` : `+ ${ROLE_LABELS[role]}`}
                      </Button>
                    </Form>
                  );
                })}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={query.page} pageCount={pageCount} search={location.search} />
    </div>
  );
}
