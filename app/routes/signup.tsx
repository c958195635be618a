import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { signUp } from "~/modules/auth/accounts.server.ts";
import { safeRedirect, signUpSchema } from "~/modules/auth/auth.schema.ts";
import { getOptionalUser } from "~/modules/auth/guards.server.ts";
import { clientIp, consumeRateLimit } from "~/modules/auth/rate-limit.server.ts";
import { createLoginSession, redirectWithFlash } from "~/modules/auth/session.server.ts";
import { actionHeaders, replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { Button, Card, PageHeader } from "~/ui/components.tsx";
import { FormErrors, TextField } from "~/ui/form-fields.tsx";

export const headers = actionHeaders;

export const meta: MetaFunction = () => [{ title: "Sign up · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getOptionalUser(context, request)) throw redirect("/account");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: signUpSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    await consumeRateLimit(context.db, [`signup:ip:${clientIp(request)}`, `signup:email:${submission.value.email}`]);
    const user = await signUp(context, submission.value);
    const cookie = await createLoginSession(context, user.id, request);
    return redirectWithFlash(
      context.env,
      request,
      safeRedirect(submission.value.redirectTo, "/account"),
      { kind: "success", message: `Welcome, ${user.name}! We've emailed ${user.email} a link to confirm your address.` },
      { "Set-Cookie": cookie },
    );
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

export default function SignUp() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signUpSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title="Create your account" subtitle="Register for events, apply for scholarships and build your agenda." />
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <TextField field={fields.name} label="Your name" autoComplete="name" />
          <TextField field={fields.email} label="Email" type="email" autoComplete="email" />
          <TextField field={fields.organisation} label="Organisation (optional)" autoComplete="organization" />
          <TextField
            field={fields.password}
            label="Password"
            type="password"
            autoComplete="new-password"
            hint="At least 10 characters."
          />
          <Button className="w-full" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Creating account…" : "Create account"}
          </Button>
        </Form>
      </Card>
      <p className="mt-4 text-center text-sm">
        Already have an account?{" "}
        <Link to={`/login?${searchParams}`} className="font-semibold text-brand-700 underline">
          Log in
        </Link>
      </p>
    </div>
  );
}
