import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { publicAgenda } from "~/modules/agenda/attendee.server.ts";
import { getOptionalUser, hasRole } from "~/modules/auth/guards.server.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { EventNav, SpeakerAvatar, withoutHonorific } from "~/ui/agenda.tsx";
import { EmptyState, PageHeader } from "~/ui/components.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Speakers · ${data.event.name} · Summit` : "Event not found · Summit" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  const includeDrafts = Boolean(user && hasRole(user, "ORGANIZER"));
  const { event, agenda } = await orNotFound(publicAgenda(context.db, params.slug ?? "", { includeDrafts }));
  // Only people on the programme: the release lists the speakers of its sessions.
  const speakers = (agenda?.speakers ?? [])
    .map(({ id, name, title, organisation, hasPhoto }) => ({ id, name, title, organisation, hasPhoto }))
    .sort((a, b) => withoutHonorific(a.name).localeCompare(withoutHonorific(b.name), "en"));
  return { event: { slug: event.slug, name: event.name }, speakers };
}

export default function SpeakersPage() {
  const { event, speakers } = useLoaderData<typeof loader>();
  return (
    <div>
      <EventNav slug={event.slug} name={event.name} here="Speakers" />
      <PageHeader title={`Speakers · ${event.name}`} />
      {speakers.length === 0 ? (
        <EmptyState title="The speakers will appear here soon">They are listed once the programme is published.</EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {speakers.map((s) => (
            <li key={s.id} className="flex items-center gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
              <SpeakerAvatar speaker={s} />
              <div className="min-w-0">
                <h2 className="font-bold">
                  <Link to={`/events/${event.slug}/speakers/${s.id}`} className="text-brand-800 hover:underline">
                    {s.name}
                  </Link>
                </h2>
                <p className="text-sm text-slate-700">{[s.title, s.organisation].filter(Boolean).join(", ")}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
