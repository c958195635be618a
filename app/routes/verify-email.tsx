import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { verifyEmail } from "~/modules/auth/accounts.server.ts";
import { getOptionalUser } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { PageHeader } from "~/ui/components.tsx";

export const meta: MetaFunction = () => [{ title: "Confirm your email · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  try {
    if (token.length < 10 || token.length > 200)
      throw new RuleViolation("This confirmation link is incomplete. Copy the whole link from the email.");
    await verifyEmail(context.db, token);
  } catch (error) {
    if (error instanceof RuleViolation) return { error: error.message };
    throw error;
  }
  const signedIn = await getOptionalUser(context, request);
  return redirectWithFlash(context.env, request, signedIn ? "/" : "/login", {
    kind: "success",
    message: signedIn ? "Thanks — your email is confirmed." : "Thanks — your email is confirmed. Log in to continue.",
  });
}

export default function VerifyEmail() {
  const { error } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title="We couldn't confirm your email" />
      <p role="alert" className="text-slate-800">
        {error}
      </p>
      <p className="mt-4">
        <Link to="/account" className="font-semibold text-brand-700 underline">
          Send a new link from your account page
        </Link>
      </p>
    </div>
  );
}
