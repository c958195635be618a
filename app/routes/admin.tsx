import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { hasRole, requireRole } from "~/modules/auth/guards.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  return { isAdmin: hasRole(user) };
}

function tabClass({ isActive }: { isActive: boolean }) {
  return `whitespace-nowrap rounded-md px-3 py-2 text-sm font-semibold ${isActive ? "bg-brand-100 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`;
}

export default function AdminLayout() {
  const { isAdmin } = useLoaderData<typeof loader>();
  return (
    <div>
      <nav aria-label="Admin" className="-mx-4 mb-6 flex gap-1 overflow-x-auto border-b border-slate-200 px-4 pb-2">
        <NavLink to="/admin" end className={tabClass}>
          Overview
        </NavLink>
        <NavLink to="/admin/events" className={tabClass}>
          Events
        </NavLink>
        <NavLink to="/admin/campuses" className={tabClass}>
          Campuses
        </NavLink>
        <NavLink to="/admin/members" className={tabClass}>
          Network members
        </NavLink>
        <NavLink to="/admin/scholarships" className={tabClass}>
          Scholarships
        </NavLink>
        <NavLink to="/admin/fund" className={tabClass}>
          Book &amp; fund
        </NavLink>
        <NavLink to="/admin/emails" className={tabClass}>
          Emails
        </NavLink>
        {isAdmin ? (
          <>
            <NavLink to="/admin/users" className={tabClass}>
              People &amp; roles
            </NavLink>
            <NavLink to="/admin/audit" className={tabClass}>
              Audit log
            </NavLink>
          </>
        ) : null}
      </nav>
      <Outlet />
    </div>
  );
}
