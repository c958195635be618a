import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { logIn } from "~/modules/auth/accounts.server.ts";
import { logInSchema, safeRedirect } from "~/modules/auth/auth.schema.ts";
import { getOptionalUser } from "~/modules/auth/guards.server.ts";
import { clientIp, consumeRateLimit } from "~/modules/auth/rate-limit.server.ts";
import { createLoginSession, redirectWithFlash } from "~/modules/auth/session.server.ts";
import { actionHeaders, replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { Button, Card, PageHeader } from "~/ui/components.tsx";
import { FormErrors, TextField } from "~/ui/form-fields.tsx";

export const headers = actionHeaders;

export const meta: MetaFunction = () => [{ title: "Log in · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getOptionalUser(context, request)) {
    throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/account"));
  }
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: logInSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    await consumeRateLimit(context.db, [`login:ip:${clientIp(request)}`, `login:email:${submission.value.email}`]);
    const user = await logIn(context.db, submission.value.email, submission.value.password);
    const cookie = await createLoginSession(context, user.id, request);
    return redirectWithFlash(
      context.env,
      request,
      safeRedirect(submission.value.redirectTo, "/"),
      { kind: "success", message: `Welcome back, ${user.name}.` },
      { "Set-Cookie": cookie },
    );
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function LogIn() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: logInSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title="Log in" subtitle="Welcome back to Summit." />
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <TextField field={fields.email} label="Email" type="email" autoComplete="email" />
          <TextField field={fields.password} label="Password" type="password" autoComplete="current-password" />
          <Button className="w-full" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Logging in…" : "Log in"}
          </Button>
        </Form>
        <p className="mt-4 text-sm">
          <Link to="/forgot-password" className="font-semibold text-brand-700 underline">
            Forgot your password?
          </Link>
        </p>
      </Card>
      <p className="mt-4 text-center text-sm">
        New here?{" "}
        <Link to={`/signup?${searchParams}`} className="font-semibold text-brand-700 underline">
          Create an account
        </Link>
      </p>
    </div>
  );
}
