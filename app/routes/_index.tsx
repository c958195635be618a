import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { upcomingEventsByCampus } from "~/modules/events/events.server.ts";
import { EmptyState } from "~/ui/components.tsx";
import { EventCard } from "~/ui/event-card.tsx";

export const meta: MetaFunction = () => [
  { title: "Upcoming events · Summit" },
  { name: "description", content: "Conferences, boot camps and workshops of the Center for Social Media in Health Care." },
];

export async function loader({ context }: LoaderFunctionArgs) {
  return { campuses: await upcomingEventsByCampus(context.db) };
}

export default function Home() {
  const { campuses } = useLoaderData<typeof loader>();
  return (
    <div>
      <section className="mb-10 rounded-xl bg-gradient-to-br from-brand-700 to-brand-800 p-6 text-white sm:p-10">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">Social media in health care, in person</h1>
        <p className="mt-3 max-w-2xl text-lg text-brand-50">
          Summits, boot camps and workshops on our campuses for clinicians, communicators, patients and caregivers.
        </p>
        <p className="mt-4 max-w-2xl text-brand-50">
          All net proceeds of our book fund scholarships for patients and caregivers to attend.{" "}
          <Link to="/fund" className="font-semibold text-white underline">
            The scholarship fund
          </Link>{" "}
          ·{" "}
          <Link to="/book" className="font-semibold text-white underline">
            The book
          </Link>
        </p>
      </section>
      <h2 className="mb-4 text-2xl font-bold">Upcoming events</h2>
      {campuses.length === 0 ? (
        <EmptyState title="No upcoming events yet">New events appear here as soon as organisers publish them.</EmptyState>
      ) : (
        <div className="space-y-8">
          {campuses.map(({ campus, events }) => (
            <section key={campus.id} aria-labelledby={`campus-${campus.id}`}>
              <h3 id={`campus-${campus.id}`} className="mb-3 text-xl font-semibold text-slate-800">
                {campus.name} <span className="font-normal text-slate-600">· {campus.city}</span>
              </h3>
              <ul className="grid gap-4 sm:grid-cols-2">
                {events.map((event) => (
                  <EventCard key={event.slug} event={event} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
