import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endLoginSession, redirectWithFlash } from "~/modules/auth/session.server.ts";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const cookie = await endLoginSession(context, request);
  return redirectWithFlash(context.env, request, "/", { kind: "info", message: "You're logged out." }, { "Set-Cookie": cookie });
}
