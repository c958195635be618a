import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { acceptInvitation, invitationForLink } from "~/modules/scholarships/caregiver-invitations.server.ts";
import { formatDateRange, formatDateTime } from "~/shared/dates.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { notFound, orNotFound } from "~/shared/http.server.ts";
import { Button, ButtonLink, Card, PageHeader } from "~/ui/components.tsx";

export const meta: MetaFunction = () => [{ title: "Apply together · Summit" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  // Someone not logged in logs in (or signs up) and comes back here.
  const user = await requireUser(context, request);
  const invitation = await invitationForLink(context.db, params.token ?? "", user.id);
  if (!invitation) notFound("That invitation link isn't valid. Ask the patient who invited you to send a new one.");
  const { event } = invitation.cycle;
  return {
    state: invitation.state,
    patientName: invitation.patientName,
    event: { name: event.name, when: formatDateRange(event.startsAt, event.endsAt, event.timeZone) },
    expires: formatDateTime(invitation.expiresAt, event.timeZone),
    acceptedApplicationId: invitation.acceptedApplicationId,
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const here = `/scholarships/invitations/${params.token ?? ""}`;
  try {
    const application = await orNotFound(acceptInvitation(context.db, { token: params.token ?? "", userId: user.id }));
    return redirectWithFlash(context.env, request, `/scholarships/apply/${application.cycleId}`, {
      kind: "success",
      message: "You're paired. Now tell us about yourself and submit your own application.",
    });
  } catch (error) {
    if (error instanceof RuleViolation)
      return redirectWithFlash(context.env, request, here, { kind: "error", message: error.message });
    throw error;
  }
}

const MESSAGES = {
  accepted: "This invitation has been accepted.",
  expired: "This invitation has expired. Ask the patient who invited you to send a new one.",
  closed: "This application is no longer open, so the invitation can't be accepted.",
  own: "This is the invitation you sent. Send the link to your caregiver: they accept it with their own account.",
} as const;

export default function Invitation() {
  const { state, patientName, event, expires, acceptedApplicationId } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title="Apply together" subtitle={`${event.name} · ${event.when}`} />
      <Card className="space-y-4">
        {state === "open" ? (
          <>
            <p className="text-lg">
              <strong>{patientName}</strong> invites you to apply for a scholarship as their caregiver. Your two applications are
              considered together, so you can attend together.
            </p>
            <p className="text-slate-700">
              Accepting starts your own application, which you fill in and submit yourself. The invitation works until {expires}.
            </p>
            <Form method="post">
              <Button disabled={navigation.state === "submitting"}>Accept and start my application</Button>
            </Form>
          </>
        ) : (
          <>
            <p role="status" className="text-lg">
              {MESSAGES[state]}
            </p>
            <div className="flex flex-wrap gap-2">
              {acceptedApplicationId ? (
                <ButtonLink to={`/scholarships/applications/${acceptedApplicationId}`}>My application</ButtonLink>
              ) : null}
              <Link to="/scholarships" className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline">
                Scholarships
              </Link>
            </div>
          </>
        )}
      </Card>
    </div>
  );
}
