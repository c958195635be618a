import { useId, useState } from "react";
import { deviceRequestSchema, MAX_DEVICE_NAME } from "~/modules/badges/check-in-api.schema.ts";
import { DoorApiError, doorApi, Unreachable } from "~/modules/badges/offline/door-api.client.ts";
import { type DoorDevice, doorStore } from "~/modules/badges/offline/door-store.client.ts";

/**
 * Each phone is named once per event ("Door 1 — Main hall"), so "already checked in" can say
 * where. Naming a device that exists picks it up again (a reinstalled phone keeps its name).
 */
export function DeviceNameForm({
  eventId,
  current,
  onNamed,
  onCancel,
}: {
  eventId: string;
  current?: string;
  onNamed(device: DoorDevice): void;
  onCancel?(): void;
}) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  return (
    <form
      aria-labelledby={`${id}-title`}
      className="space-y-3 rounded-xl border-2 border-slate-200 bg-white p-4"
      onSubmit={async (event) => {
        event.preventDefault();
        // The API's own schema, so the phone says exactly what the server would.
        const parsed = deviceRequestSchema.shape.name.safeParse(new FormData(event.currentTarget).get("name") ?? "");
        if (!parsed.success) {
          setError(parsed.error.issues[0].message);
          return;
        }
        const name = parsed.data;
        setBusy(true);
        setError(null);
        try {
          const named = await doorApi.registerDevice(eventId, name);
          const device = { eventId, deviceId: named.id, name: named.name };
          await doorStore.saveDevice(device);
          onNamed(device);
        } catch (failure) {
          if (failure instanceof Unreachable) setError("Naming a device needs the network once. Connect and try again.");
          else if (failure instanceof DoorApiError) setError(failure.message);
          else throw failure;
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id={`${id}-title`} className="text-xl font-bold">
        Name this device
      </h2>
      <p className="text-base text-slate-700">
        Staff at other doors see this name when someone was already checked in here. Use the door and the phone, e.g. “Door 1 —
        Main hall”.
      </p>
      <div>
        <label htmlFor={`${id}-name`} className="block text-base font-semibold">
          Device name
        </label>
        <input
          id={`${id}-name`}
          name="name"
          defaultValue={current}
          required
          maxLength={MAX_DEVICE_NAME}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="mt-1 min-h-12 w-full rounded-lg border-2 border-slate-400 px-3 text-lg"
        />
        {error ? (
          <p id={`${id}-error`} role="alert" className="mt-1 font-semibold text-red-800">
            {error}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2">
        <button
          type="submit"
          disabled={busy}
          className="min-h-12 rounded-lg bg-brand-700 px-5 text-lg font-bold text-white hover:bg-brand-800 disabled:opacity-60"
        >
          {busy ? "Saving…" : "Save name"}
        </button>
        {onCancel ? (
          <button
            type="button"
            onClick={onCancel}
            className="min-h-12 rounded-lg border-2 border-slate-400 bg-white px-5 text-lg font-semibold text-slate-900"
          >
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
