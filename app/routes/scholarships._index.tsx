import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/modules/auth/guards.server.ts";
import { ROLE_LABELS } from "~/modules/scholarships/application.schema.ts";
import { listMyApplications } from "~/modules/scholarships/applications.server.ts";
import { listOpenCycles } from "~/modules/scholarships/cycles.server.ts";
import { formatDateRange, formatDateTime } from "~/shared/dates.ts";
import { formatMoney } from "~/shared/money.ts";
import { ButtonLink, Card, EmptyState, PageHeader } from "~/ui/components.tsx";
import { StageBadge } from "~/ui/scholarships.tsx";

export const meta: MetaFunction = () => [{ title: "Scholarships · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(context, request);
  const [cycles, mine] = await Promise.all([
    listOpenCycles(context.db),
    user ? listMyApplications(context.db, user.id) : Promise.resolve(null),
  ]);
  return {
    signedIn: Boolean(user),
    cycles: cycles.map((c) => ({
      id: c.id,
      name: c.name,
      event: c.event.name,
      eventSlug: c.event.slug,
      when: formatDateRange(c.event.startsAt, c.event.endsAt, c.event.timeZone),
      closes: formatDateTime(c.closesAt, c.event.timeZone),
      maxAward: formatMoney(c.maxAwardCents),
      mine: mine?.find((a) => a.cycle.id === c.id)?.id ?? null,
    })),
    mine: mine?.map((a) => ({
      id: a.id,
      role: ROLE_LABELS[a.role],
      stage: a.stage,
      cycle: a.cycle.name,
      event: a.cycle.event.name,
    })),
  };
}

export default function Scholarships() {
  const { signedIn, cycles, mine } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-10">
      <PageHeader
        title="Scholarships"
        subtitle="Funded by the net proceeds of our book: patients and caregivers can apply for a free registration and help with travel and lodging."
      />
      <section aria-labelledby="open-cycles" className="space-y-4">
        <h2 id="open-cycles" className="text-xl font-bold">
          Open for applications
        </h2>
        {cycles.length === 0 ? (
          <EmptyState title="No scholarship is open for applications right now">Check back closer to the next summit.</EmptyState>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2">
            {cycles.map((c) => (
              <li key={c.id}>
                <Card className="flex h-full flex-col gap-3">
                  <div>
                    <h3 className="text-lg font-bold text-slate-900">{c.event}</h3>
                    <p className="text-slate-700">
                      {c.name} · {c.when}
                    </p>
                  </div>
                  <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                    <dt className="font-semibold text-slate-700">Apply by</dt>
                    <dd>{c.closes}</dd>
                    <dt className="font-semibold text-slate-700">Support</dt>
                    <dd>Free registration, and up to {c.maxAward} for travel and lodging</dd>
                  </dl>
                  <div className="mt-auto">
                    {c.mine ? (
                      <ButtonLink to={`/scholarships/applications/${c.mine}`} variant="secondary">
                        Your application<span className="sr-only"> for {c.event}</span>
                      </ButtonLink>
                    ) : (
                      <ButtonLink to={`/scholarships/apply/${c.id}`}>
                        {signedIn ? "Apply" : "Log in to apply"}
                        <span className="sr-only"> for {c.event}</span>
                      </ButtonLink>
                    )}
                  </div>
                </Card>
              </li>
            ))}
          </ul>
        )}
      </section>
      {mine ? (
        <section aria-labelledby="my-applications" className="space-y-4">
          <h2 id="my-applications" className="text-xl font-bold">
            My applications
          </h2>
          {mine.length === 0 ? (
            <EmptyState title="You haven't applied yet" />
          ) : (
            <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm">
              {mine.map((a) => (
                <li key={a.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
                  <div>
                    <Link to={`/scholarships/applications/${a.id}`} className="font-semibold text-brand-700 underline">
                      {a.event}
                    </Link>
                    <p className="text-sm text-slate-700">
                      {a.cycle} · {a.role}
                    </p>
                  </div>
                  <StageBadge stage={a.stage} />
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
