import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useState } from "react";
import { requireRole } from "~/modules/auth/guards.server.ts";
import { dayLabel } from "~/modules/badges/check-in-lists.server.ts";
import { type DoorDevice, doorStore } from "~/modules/badges/offline/door-store.client.ts";
import { scannerEvent } from "~/modules/badges/staff-door.server.ts";
import { formatDateTime, formatTime } from "~/shared/dates.ts";
import { ForbiddenError } from "~/shared/errors.ts";
import { forbidden, orNotFound } from "~/shared/http.server.ts";
import { DeviceNameForm } from "~/ui/scanner/device-name-form.tsx";
import { DoorScreen } from "~/ui/scanner/door-screen.tsx";
import { useOfflineShell } from "~/ui/scanner/use-offline-shell.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Scanner · ${data.list?.name ?? "Choose a list"} · ${data.event.name}` : "Scanner · Summit" },
  { name: "theme-color", content: "#073a6e" },
];

export const links: LinksFunction = () => [
  { rel: "manifest", href: "/scanner.webmanifest" },
  { rel: "apple-touch-icon", href: "/scanner-icon-192.png" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context, request, "STAFF", "ORGANIZER");
  const event = await orNotFound(
    scannerEvent(context.db, user, params.eventId ?? "").catch((error) => {
      if (error instanceof ForbiddenError) forbidden(error.message);
      throw error;
    }),
  );
  const lists = event.checkInLists.map((l) => ({
    id: l.id,
    name: l.name,
    purpose: l.kind === "DAY" && l.day ? dayLabel(l.day, event.timeZone) : l.kind === "SESSION" ? "Workshop" : "Whole event",
  }));
  const listId = new URL(request.url).searchParams.get("list");
  return {
    event: { id: event.id, name: event.name, timeZone: event.timeZone },
    lists,
    list: lists.find((l) => l.id === listId) ?? null,
  };
}

/** "9:12 AM EDT" today, "27 Sep 2027, 9:12 AM EDT" another day: always in the event's zone. */
function timeDescriber(timeZone: string) {
  return (iso: string) => {
    const at = new Date(iso);
    const day = (d: Date) => formatDateTime(d, timeZone).split(",")[0];
    return day(at) === day(new Date()) ? formatTime(at, timeZone) : formatDateTime(at, timeZone);
  };
}

export default function ScannerPage() {
  const { event, lists, list } = useLoaderData<typeof loader>();
  const shell = useOfflineShell();
  // undefined while IndexedDB is read; null when this phone has no name for the event yet.
  const [device, setDevice] = useState<DoorDevice | null | undefined>(undefined);
  const [renaming, setRenaming] = useState(false);
  useEffect(() => {
    let current = true;
    doorStore.device(event.id).then((stored) => current && setDevice(stored ?? null));
    return () => {
      current = false;
    };
  }, [event.id]);
  const describeTime = useCallback((iso: string) => timeDescriber(event.timeZone)(iso), [event.timeZone]);
  const named = (d: DoorDevice) => {
    setDevice(d);
    setRenaming(false);
  };

  return (
    <div className="mx-auto max-w-md space-y-4">
      <div>
        <p className="text-sm">
          <Link to="/staff" className="font-semibold text-brand-700 underline">
            ← Door check-in
          </Link>
        </p>
        <h1 className="mt-1 text-2xl leading-tight font-bold">{list ? `Scan: ${list.name}` : "Choose your list"}</h1>
        <p className="text-base text-slate-700">
          {event.name}
          {list ? ` · ${list.purpose}` : null}
        </p>
      </div>

      {!list ? (
        lists.length === 0 ? (
          <p className="rounded-lg border-2 border-dashed border-slate-300 p-4">
            This event has no check-in lists yet: an organiser makes them on the event's Check-in page.
          </p>
        ) : (
          <ul className="space-y-2">
            {lists.map((l) => (
              <li key={l.id}>
                <Link
                  to={`?list=${l.id}`}
                  reloadDocument
                  className="flex min-h-14 flex-col justify-center rounded-lg border-2 border-brand-600 px-4 py-2 hover:bg-brand-50"
                >
                  <span className="text-lg font-bold text-brand-800">{l.name}</span>
                  <span className="text-sm text-slate-700">{l.purpose}</span>
                </Link>
              </li>
            ))}
          </ul>
        )
      ) : device === undefined ? (
        <p className="text-slate-700">Opening the scanner…</p>
      ) : device === null || renaming ? (
        <DeviceNameForm
          eventId={event.id}
          current={device?.name}
          onNamed={named}
          onCancel={device ? () => setRenaming(false) : undefined}
        />
      ) : (
        <>
          <p className="flex items-center justify-between gap-2 text-base">
            <span className="min-w-0 break-words">
              This device: <strong>{device.name}</strong>
            </span>
            <button
              type="button"
              onClick={() => setRenaming(true)}
              className="min-h-11 rounded-md border-2 border-slate-400 bg-white px-3 text-sm font-semibold"
            >
              Rename
            </button>
          </p>
          <DoorScreen key={`${list.id}-${device.deviceId}`} listId={list.id} device={device} describeTime={describeTime} />
        </>
      )}

      {list && lists.length > 1 ? (
        <nav aria-label="Other lists" className="text-sm">
          Other lists:{" "}
          {lists
            .filter((l) => l.id !== list.id)
            .map((l, i) => (
              <span key={l.id}>
                {i > 0 ? " · " : null}
                <Link to={`?list=${l.id}`} reloadDocument className="text-brand-700 underline">
                  {l.name}
                </Link>
              </span>
            ))}
        </nav>
      ) : null}
      <p className="text-sm text-slate-700">
        {shell === "ready"
          ? "Works offline: this scanner is saved on this phone."
          : shell === "installing"
            ? "Saving the scanner for offline use…"
            : shell === "failed"
              ? "Couldn't save the scanner for offline use; it needs the network."
              : "This browser can't keep the scanner offline."}{" "}
        Install it from the browser's menu (“Add to Home screen”).
      </p>
    </div>
  );
}
