import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getOptionalUser, hasRole } from "~/modules/auth/guards.server.ts";
import { readFlash } from "~/modules/auth/session.server.ts";
import stylesheet from "~/tailwind.css?url";
import { FlashMessage } from "~/ui/flash-message.tsx";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Summit — Center for Social Media in Health Care" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [user, { flash, setCookie }] = await Promise.all([getOptionalUser(context, request), readFlash(context.env, request)]);
  return data(
    {
      user: user
        ? {
            name: user.name,
            verified: Boolean(user.emailVerifiedAt),
            canOrganise: hasRole(user, "ORGANIZER"),
            canReview: hasRole(user, "REVIEWER"),
            canScan: hasRole(user, "STAFF", "ORGANIZER"),
            isAdmin: hasRole(user),
          }
        : null,
      flash,
      // The SDK points at the fake Stripe (tests/fake-stripe): say so on every page.
      paymentsTestMode: Boolean(context.env.stripe?.apiUrl),
    },
    { headers: setCookie ? { "Set-Cookie": setCookie } : undefined },
  );
}

function navClass({ isActive }: { isActive: boolean }) {
  return `rounded-md px-3 py-2 text-sm font-semibold ${isActive ? "bg-brand-700 text-white" : "text-white hover:bg-brand-700"}`;
}

function SiteHeader() {
  const root = useRouteLoaderData<typeof loader>("root");
  const user = root?.user;
  return (
    <header className="bg-brand-800 text-white print:hidden">
      {root?.paymentsTestMode ? (
        <p className="bg-amber-200 px-4 py-1 text-center text-sm font-semibold text-amber-950">
          Test mode — payments go to a fake Stripe; no real card is charged. Pay with 4242 4242 4242 4242.
        </p>
      ) : null}
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-3">
        <Link to="/" className="text-lg font-bold tracking-tight">
          Summit
          <span className="ml-2 hidden text-sm font-normal text-brand-100 sm:inline">Center for Social Media in Health Care</span>
        </Link>
        <nav aria-label="Main" className="flex flex-wrap items-center gap-1">
          <NavLink to="/" end className={navClass}>
            Events
          </NavLink>
          <NavLink to="/scholarships" className={navClass}>
            Scholarships
          </NavLink>
          {user?.canReview ? (
            <NavLink to="/review" className={navClass}>
              Reviews
            </NavLink>
          ) : null}
          {user?.canOrganise ? (
            <NavLink to="/admin" className={navClass}>
              Admin
            </NavLink>
          ) : null}
          {user?.canScan ? (
            <NavLink to="/staff" className={navClass}>
              Door
            </NavLink>
          ) : null}
          {user ? (
            <>
              <NavLink to="/registrations" className={navClass}>
                My registrations
              </NavLink>
              <NavLink to="/account" className={navClass}>
                {user.name.split(" ")[0]}’s account
              </NavLink>
              <form method="post" action="/logout">
                <button type="submit" className="rounded-md px-3 py-2 text-sm font-semibold text-white hover:bg-brand-700">
                  Log out
                </button>
              </form>
            </>
          ) : (
            <>
              <NavLink to="/login" className={navClass}>
                Log in
              </NavLink>
              <NavLink to="/signup" className={navClass}>
                Sign up
              </NavLink>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2 focus:text-brand-800"
        >
          Skip to content
        </a>
        <SiteHeader />
        {children}
        <footer className="mx-auto max-w-5xl px-4 py-10 text-sm text-slate-600 print:hidden">
          Center for Social Media in Health Care · Summit conference platform ·{" "}
          <Link to="/book" className="underline">
            Our book
          </Link>{" "}
          ·{" "}
          <Link to="/fund" className="underline">
            Scholarship fund
          </Link>
        </footer>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  const { flash } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-6 sm:py-10 print:p-0">
      <FlashMessage flash={flash} />
      <Outlet />
    </main>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  let title = "Something went wrong";
  let message = "An unexpected error stopped this page. It has been logged; please try again in a moment.";
  if (isRouteErrorResponse(error)) {
    const detail = (error.data as { message?: string } | null)?.message;
    if (error.status === 404) {
      title = "Page not found";
      message = detail ?? "We couldn't find that page. It may have moved, or the link may be mistyped.";
    } else if (error.status === 403) {
      title = "Not allowed";
      message = detail ?? "You don't have permission to see this page.";
    } else {
      title = `${error.status} ${error.statusText}`;
      message = detail ?? message;
    }
  } else {
    console.error(error);
  }
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-16">
      <h1 className="text-3xl font-bold">{title}</h1>
      <p className="mt-3 text-lg text-slate-700">{message}</p>
      <p className="mt-6">
        <Link to="/" className="font-semibold text-brand-700 underline">
          Go to the events list
        </Link>
      </p>
    </main>
  );
}
