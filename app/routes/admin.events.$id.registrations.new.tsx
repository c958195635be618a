import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { complimentaryChoices, registerComplimentary } from "~/modules/registration/order-admin.server.ts";
import { attendeeSchema } from "~/modules/registration/registration.schema.ts";
import { replyInvalid, replyWithRuleViolation } from "~/shared/forms.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { Button, Card } from "~/ui/components.tsx";
import { FieldErrors, FormErrors } from "~/ui/form-fields.tsx";
import { AttendeeDetailsFields } from "~/ui/registration-form.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Complimentary registration · ${data?.event.name ?? "Event"} · Summit` },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return orNotFound(complimentaryChoices(context.db, params.id ?? ""));
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const submission = parseWithZod(await request.formData(), { schema: attendeeSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  try {
    const order = await registerComplimentary(context.db, context.env, user.id, params.id ?? "", submission.value);
    return redirectWithFlash(context.env, request, `/admin/events/${params.id}/orders/${order.id}`, {
      kind: "success",
      message: `${submission.value.name} is registered free of charge (${order.reference}); the confirmation is on its way to ${order.buyerEmail}.`,
    });
  } catch (error) {
    return replyWithRuleViolation(submission, error);
  }
}

const inputClass =
  "block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 shadow-sm aria-[invalid=true]:border-red-700";

export default function NewComplimentaryRegistration() {
  const { event, ticketTypes, questions } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "complimentary",
    lastResult: useActionData<typeof action>(),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: attendeeSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const errors = form.allErrors;
  const described = (field: { errorId: string; errors?: string[] }, hint?: string) =>
    [hint, field.errors?.length ? field.errorId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link to={`/admin/events/${event.id}/registrations`} className="text-brand-700 underline">
          ← Registrations · {event.name}
        </Link>
      </p>
      <div>
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Complimentary registration</h1>
        <p className="text-slate-700">
          For speakers, guests and staff: a confirmed seat at no charge. The attendee gets the confirmation email with their badge
          link. Capacity still applies; sales windows and hidden or members-only tickets don't.
        </p>
      </div>
      <Card>
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrors id={form.errorId} errors={form.errors} />
          <div className="space-y-1">
            <label htmlFor={fields.ticketTypeId.id} className="block text-sm font-semibold text-slate-800">
              Ticket type
            </label>
            <select
              id={fields.ticketTypeId.id}
              name={fields.ticketTypeId.name}
              defaultValue=""
              aria-invalid={fields.ticketTypeId.errors?.length ? true : undefined}
              aria-describedby={described(fields.ticketTypeId)}
              className={inputClass}
            >
              <option value="">Choose a ticket type</option>
              {ticketTypes.map((t) => (
                <option key={t.id} value={t.id} disabled={t.remaining === 0}>
                  {t.name} ({t.remaining === 0 ? "sold out" : `${t.remaining} left`})
                </option>
              ))}
            </select>
            <FieldErrors id={fields.ticketTypeId.errorId} errors={fields.ticketTypeId.errors} />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="space-y-1">
              <label htmlFor={fields.name.id} className="block text-sm font-semibold text-slate-800">
                Full name
              </label>
              <input
                id={fields.name.id}
                name={fields.name.name}
                autoComplete="off"
                aria-invalid={fields.name.errors?.length ? true : undefined}
                aria-describedby={described(fields.name, "comp-name-hint")}
                className={inputClass}
              />
              <p id="comp-name-hint" className="text-sm text-slate-600">
                As it should appear on the badge.
              </p>
              <FieldErrors id={fields.name.errorId} errors={fields.name.errors} />
            </div>
            <div className="space-y-1">
              <label htmlFor={fields.email.id} className="block text-sm font-semibold text-slate-800">
                Email
              </label>
              <input
                id={fields.email.id}
                name={fields.email.name}
                type="email"
                autoComplete="off"
                aria-invalid={fields.email.errors?.length ? true : undefined}
                aria-describedby={described(fields.email, "comp-email-hint")}
                className={inputClass}
              />
              <p id="comp-email-hint" className="text-sm text-slate-600">
                The confirmation and badge link go here.
              </p>
              <FieldErrors id={fields.email.errorId} errors={fields.email.errors} />
            </div>
          </div>
          <AttendeeDetailsFields formId={form.id} prefix="" values={{}} errors={errors} questions={questions} />
          <Button disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Registering…" : "Register free of charge"}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
