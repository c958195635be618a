import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { resetPassword } from "~/modules/auth/accounts.server.ts";
import { resetPasswordSchema } from "~/modules/auth/auth.schema.ts";
import { clientIp, consumeRateLimit } from "~/modules/auth/rate-limit.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { actionHeaders, replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { Button, Card, PageHeader } from "~/ui/components.tsx";
import { FormErrors, TextField } from "~/ui/form-fields.tsx";

export const headers = actionHeaders;

export const meta: MetaFunction = () => [{ title: "Choose a new password · Summit" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { token: new URL(request.url).searchParams.get("token") ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: resetPasswordSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    await consumeRateLimit(context.db, [`reset:ip:${clientIp(request)}`]);
    await resetPassword(context.db, submission.value.token, submission.value.password);
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
  return redirectWithFlash(context.env, request, "/login", {
    kind: "success",
    message: "Your password is changed and you've been logged out everywhere. Log in with the new password.",
  });
}

export default function ResetPassword() {
  const { token } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  if (!token) {
    return (
      <div className="mx-auto max-w-md">
        <PageHeader title="This reset link is incomplete" />
        <p>
          Copy the whole link from the email, or{" "}
          <Link to="/forgot-password" className="font-semibold text-brand-700 underline">
            ask for a new one
          </Link>
          .
        </p>
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title="Choose a new password" />
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="token" value={token} />
          <TextField
            field={fields.password}
            label="New password"
            type="password"
            autoComplete="new-password"
            hint="At least 10 characters."
          />
          <TextField field={fields.confirm} label="New password again" type="password" autoComplete="new-password" />
          <Button className="w-full" disabled={navigation.state === "submitting"}>
            Save new password
          </Button>
        </Form>
      </Card>
    </div>
  );
}
