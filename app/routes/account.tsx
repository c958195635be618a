import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getProfile, resendVerification, updateProfile } from "~/modules/auth/accounts.server.ts";
import { profileSchema, revokeSessionSchema } from "~/modules/auth/auth.schema.ts";
import { requireUserSession } from "~/modules/auth/guards.server.ts";
import { ROLE_LABELS } from "~/modules/auth/roles.schema.ts";
import { listSessions, redirectWithFlash, revokeOtherSessions, revokeSession } from "~/modules/auth/session.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { replyInvalid } from "~/shared/forms.server.ts";
import { badRequest, notFound } from "~/shared/http.server.ts";
import { Badge, Button, Card, PageHeader } from "~/ui/components.tsx";
import { FormErrors, TextField } from "~/ui/form-fields.tsx";

export const meta: MetaFunction = () => [{ title: "Your account · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, sessionId } = await requireUserSession(context, request);
  const [profile, sessions] = await Promise.all([getProfile(context.db, user.id), listSessions(context.db, user.id)]);
  return {
    profile,
    sessions: sessions.map((s) => ({ ...s, current: s.id === sessionId })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, sessionId } = await requireUserSession(context, request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const back = (message: string) => redirectWithFlash(context.env, request, "/account", { kind: "success", message });

  if (intent === "profile") {
    const submission = parseWithZod(formData, { schema: profileSchema });
    if (submission.status !== "success") return replyInvalid(submission);
    await updateProfile(context.db, user.id, submission.value);
    return back("Your profile is saved.");
  }
  if (intent === "revoke") {
    const submission = parseWithZod(formData, { schema: revokeSessionSchema });
    if (submission.status !== "success") return replyInvalid(submission);
    // Another person's session id matches nothing: same answer as a wrong id.
    if (!(await revokeSession(context.db, user.id, submission.value.sessionId)))
      notFound("That session doesn't exist or has ended.");
    return back("That session is logged out.");
  }
  if (intent === "revoke-others") {
    const { count } = await revokeOtherSessions(context.db, user.id, sessionId);
    return back(count ? `Logged out of ${count} other session${count === 1 ? "" : "s"}.` : "There were no other sessions.");
  }
  if (intent === "resend-verification") {
    const sent = await resendVerification(context, user.id);
    return back(sent ? "A new confirmation link is on its way." : "Your email is already confirmed.");
  }
  badRequest("Unknown action.");
}

function describeDevice(userAgent: string) {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Chrome\//.test(userAgent)
      ? "Chrome"
      : /Firefox\//.test(userAgent)
        ? "Firefox"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "Browser";
  const os = /iPhone|iPad/.test(userAgent)
    ? "iOS"
    : /Android/.test(userAgent)
      ? "Android"
      : /Mac OS X/.test(userAgent)
        ? "macOS"
        : /Windows/.test(userAgent)
          ? "Windows"
          : /Linux/.test(userAgent)
            ? "Linux"
            : "";
  return os ? `${browser} on ${os}` : browser;
}

export default function Account() {
  const { profile, sessions } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: profile,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="space-y-6">
      <PageHeader
        title="Your account"
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            {profile.email}
            {profile.emailVerifiedAt ? (
              <Badge tone="green">Email confirmed</Badge>
            ) : (
              <Badge tone="amber">Email not confirmed</Badge>
            )}
            {profile.roles.map((r) => (
              <Badge key={r} tone="blue">
                {ROLE_LABELS[r]}
              </Badge>
            ))}
          </span>
        }
      />
      {profile.emailVerifiedAt ? null : (
        <Card className="border-amber-300 bg-amber-50">
          <p className="font-medium text-amber-900">Please confirm your email address using the link we sent you.</p>
          <Form method="post" className="mt-3">
            <input type="hidden" name="intent" value="resend-verification" />
            <Button variant="secondary">Send the link again</Button>
          </Form>
        </Card>
      )}
      <Card>
        <h2 className="mb-4 text-lg font-bold">Profile</h2>
        <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-2">
          <input type="hidden" name="intent" value="profile" />
          <div className="sm:col-span-2">
            <FormErrors id={form.errorId} errors={form.errors} />
          </div>
          <TextField field={fields.name} label="Name" autoComplete="name" />
          <TextField field={fields.organisation} label="Organisation" autoComplete="organization" />
          <TextField field={fields.title} label="Job title" autoComplete="organization-title" />
          <TextField field={fields.socialHandle} label="Social handle" hint="Shown on your badge, e.g. @alexrivera" />
          <div className="sm:col-span-2">
            <Button disabled={navigation.state === "submitting"}>Save profile</Button>
          </div>
        </Form>
      </Card>
      <Card>
        <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-lg font-bold">Where you're logged in</h2>
          {sessions.length > 1 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="revoke-others" />
              <Button variant="secondary">Log out everywhere else</Button>
            </Form>
          ) : null}
        </div>
        <ul className="divide-y divide-slate-200">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div>
                <p className="font-semibold">
                  {describeDevice(s.userAgent)} {s.current ? <Badge tone="green">This device</Badge> : null}
                </p>
                <p className="text-sm text-slate-600">
                  Signed in {formatDateTime(new Date(s.createdAt), "UTC")} · last active{" "}
                  {formatDateTime(new Date(s.lastSeenAt), "UTC")}
                  {s.ipAddress ? ` · ${s.ipAddress}` : ""}
                </p>
              </div>
              {s.current ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="sessionId" value={s.id} />
                  <Button variant="secondary" aria-label={`Log out ${describeDevice(s.userAgent)}`}>
                    Log out
                  </Button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
