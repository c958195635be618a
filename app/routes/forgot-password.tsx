import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { requestPasswordReset } from "~/modules/auth/accounts.server.ts";
import { forgotPasswordSchema } from "~/modules/auth/auth.schema.ts";
import { clientIp, consumeRateLimit } from "~/modules/auth/rate-limit.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { actionHeaders, replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { Button, Card, PageHeader } from "~/ui/components.tsx";
import { FormErrors, TextField } from "~/ui/form-fields.tsx";

export const headers = actionHeaders;

export const meta: MetaFunction = () => [{ title: "Forgot password · Summit" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: forgotPasswordSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    await consumeRateLimit(context.db, [`reset:ip:${clientIp(request)}`, `reset:email:${submission.value.email}`]);
    await requestPasswordReset(context, submission.value.email);
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
  return redirectWithFlash(context.env, request, "/login", {
    kind: "info",
    message: `If ${submission.value.email} has a Summit account, a reset link is on its way. It works for one hour.`,
  });
}

export default function ForgotPassword() {
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: forgotPasswordSchema }),
    shouldValidate: "onBlur",
  });
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title="Reset your password" subtitle="We'll email you a link to choose a new one." />
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextField field={fields.email} label="Email" type="email" autoComplete="email" />
          <Button className="w-full" disabled={navigation.state === "submitting"}>
            Email me a reset link
          </Button>
        </Form>
      </Card>
    </div>
  );
}
