import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { publishAgenda, releasesOverview } from "~/modules/agenda/releases.server.ts";
import type { ChangeKind, ReleaseChange } from "~/modules/agenda/snapshot.ts";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { redirectWithFlash } from "~/modules/auth/session.server.ts";
import { formatDateTime } from "~/shared/dates.ts";
import { RuleViolation } from "~/shared/errors.ts";
import { orNotFound } from "~/shared/http.server.ts";
import { Badge, Button, Card } from "~/ui/components.tsx";
import { CONFLICT_LABELS } from "~/ui/conflict-badges.tsx";
import { FormErrors } from "~/ui/form-fields.tsx";

export const meta: MetaFunction = () => [{ title: "Publish · Agenda · Summit" }];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  await requireRole(context, request, "ORGANIZER");
  return orNotFound(releasesOverview(context.db, params.id ?? ""));
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const user = await requireRole(context, request, "ORGANIZER");
  const eventId = params.id ?? "";
  try {
    const { release, changes, notified } = await orNotFound(publishAgenda(context.db, user.id, eventId, context.env));
    const emailed = notified
      ? ` ${notified} attendee${notified === 1 ? "" : "s"} will get an email about their starred sessions.`
      : "";
    return redirectWithFlash(context.env, request, `/admin/events/${eventId}/agenda/releases`, {
      kind: "success",
      message: `Release ${release.number} published with ${changes.length} change${changes.length === 1 ? "" : "s"}.${emailed}`,
    });
  } catch (error) {
    if (error instanceof RuleViolation) return data({ error: error.message }, { status: 422 });
    throw error;
  }
}

const CHANGE_TONES: Record<ChangeKind, "slate" | "green" | "amber" | "red" | "blue"> = {
  new: "green",
  moved: "amber",
  "new room": "amber",
  cancelled: "red",
  reinstated: "green",
  updated: "blue",
  removed: "red",
};

function ChangeList({ changes, caption }: { changes: ReleaseChange[]; caption: string }) {
  return (
    <ul aria-label={caption} className="divide-y divide-slate-200">
      {changes.map((c) => (
        <li key={c.sessionId} className="flex flex-wrap items-center gap-2 py-2 text-sm">
          <span className="font-medium">{c.title}</span>
          {c.kinds.map((k) => (
            <Badge key={k} tone={CHANGE_TONES[k]}>
              {k}
            </Badge>
          ))}
        </li>
      ))}
    </ul>
  );
}

export default function Releases() {
  const { event, conflicts, blocking, pending, releases, sessionTitles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const base = `/admin/events/${event.id}/agenda`;
  const conflictKey = (c: { kind: string; sessionIds: string[] }) => `${c.kind}:${c.sessionIds.join(",")}`;
  const blockingSet = new Set(blocking.map(conflictKey));
  const nothingNew = releases.length > 0 && pending.changes.length === 0;
  const reason = blocking.length
    ? `Fix the ${blocking.length} conflict${blocking.length === 1 ? "" : "s"} marked “blocks publishing” first.`
    : nothingNew
      ? `Nothing has changed since release ${releases[0].number}.`
      : pending.changes.length === 0
        ? "Set at least one session's status to published first."
        : null;
  return (
    <div className="space-y-8">
      <section aria-labelledby="conflicts-heading" className="space-y-3">
        <h2 id="conflicts-heading" className="text-xl font-bold">
          Conflicts
        </h2>
        {conflicts.length === 0 ? (
          <p className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm font-medium text-green-900">
            No conflicts: no room or speaker is double-booked, every session is within the event's days and no workshop offers
            more seats than its room.
          </p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm">
            {conflicts.map((c) => (
              <li key={`${conflictKey(c)}:${c.message}`} className="space-y-1 p-3 text-sm">
                <p className="flex flex-wrap items-center gap-2">
                  {blockingSet.has(conflictKey(c)) ? (
                    <Badge tone="red">Blocks publishing</Badge>
                  ) : (
                    <Badge tone="slate">Drafts only</Badge>
                  )}
                  <span className="font-semibold">{CONFLICT_LABELS[c.kind]}</span>
                </p>
                <p>{c.message}</p>
                <p className="flex flex-wrap gap-x-4">
                  {c.sessionIds.map((id) => (
                    <Link key={id} to={`${base}/sessions/${id}`} className="text-brand-700 underline">
                      Edit “{sessionTitles[id] ?? "session"}”
                    </Link>
                  ))}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="publish-heading" className="space-y-3">
        <h2 id="publish-heading" className="text-xl font-bold">
          Publish release {pending.number}
        </h2>
        <Card className="space-y-3">
          {pending.changes.length ? (
            <>
              <p className="text-sm text-slate-700">
                Compared with {releases.length ? `release ${releases[0].number}` : "nothing (this is the first release)"},
                attendees and calendar feeds will see:
              </p>
              <ChangeList changes={pending.changes} caption={`Changes in release ${pending.number}`} />
              {pending.recipients ? (
                <p className="text-sm text-slate-700">
                  {pending.recipients} attendee{pending.recipients === 1 ? "" : "s"} who starred a changed session will get one
                  email listing their changes.
                </p>
              ) : null}
            </>
          ) : (
            <p className="text-sm text-slate-700">No published or cancelled sessions differ from the last release.</p>
          )}
          <FormErrors errors={actionData?.error ? [actionData.error] : undefined} />
          <Form method="post" className="flex flex-wrap items-center gap-3">
            <Button
              disabled={Boolean(reason) || navigation.state === "submitting"}
              aria-describedby={reason ? "publish-blocked" : undefined}
            >
              Publish release {pending.number}
            </Button>
            {reason ? (
              <p id="publish-blocked" className="text-sm font-medium text-red-800">
                {reason}
              </p>
            ) : null}
          </Form>
        </Card>
      </section>

      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-xl font-bold">
          Release history
        </h2>
        {releases.length === 0 ? (
          <p className="text-sm text-slate-700">Nothing published yet: attendees don't see an agenda until the first release.</p>
        ) : (
          <ol className="space-y-3">
            {releases.map((r) => (
              <li key={r.id}>
                <Card>
                  <h3 className="font-semibold">
                    Release {r.number}
                    <span className="ml-2 text-sm font-normal text-slate-600">
                      {formatDateTime(new Date(r.publishedAt), event.timeZone)}
                      {r.publishedBy ? ` · by ${r.publishedBy.name}` : ""}
                    </span>
                  </h3>
                  {r.changes.length ? (
                    <ChangeList changes={r.changes} caption={`Changes in release ${r.number}`} />
                  ) : (
                    <p className="text-sm text-slate-600">No changes recorded.</p>
                  )}
                </Card>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
