import type { LoaderFunctionArgs } from "@remix-run/node";

/** Liveness and database reachability, for load balancers. */
export async function loader({ context }: LoaderFunctionArgs) {
  try {
    await context.db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "database unavailable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
