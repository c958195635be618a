import type { AdmittedPerson, Verdict } from "../verdict.ts";
import type { CheckInSnapshot, SearchResult } from "./snapshot.ts";

/**
 * The check-in API as the scanner calls it (contract: /work/briefs/checkin-api.md). A call
 * that cannot reach the server — no network, a timeout, a 5xx from a proxy — throws
 * `Unreachable`, which sends the scanner down its offline path; a refusal by the server
 * throws `DoorApiError` with the server's message.
 */
export class Unreachable extends Error {
  constructor(message = "The server cannot be reached.") {
    super(message);
    this.name = "Unreachable";
  }
}

export class DoorApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "DoorApiError";
  }
}

async function call<T>(path: string, { body, timeoutMs }: { body?: unknown; timeoutMs: number }): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers:
        body === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
      // A door can't wait on a venue network that hangs: give up and judge on the phone.
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new Unreachable();
  }
  if (response.status >= 500) throw new Unreachable(`The server answered ${response.status}.`);
  const payload = (await response.json().catch(() => null)) as (T & { error?: string }) | null;
  if (!response.ok || payload === null) {
    const message = response.status === 401 ? "Your sign-in has ended: sign in again." : payload?.error;
    throw new DoorApiError(message ?? `The server answered ${response.status}.`, response.status);
  }
  return payload;
}

export type WireScan = { listId: string; nonce: string; scannedAt: string; token?: string; registrationId?: string };

export type SyncResult = {
  nonce: string;
  outcome: "ADMITTED" | "DUPLICATE" | "NOT_VALID";
  verdict: Verdict;
  duplicateOf?: { deviceName: string | null; scannedAt: string };
};

export const doorApi = {
  registerDevice: (eventId: string, name: string) =>
    call<{ id: string; name: string }>("/api/check-in/devices", { body: { eventId, name }, timeoutMs: 10_000 }),
  snapshot: (listId: string) =>
    call<CheckInSnapshot>(`/api/check-in/lists/${encodeURIComponent(listId)}/snapshot`, { timeoutMs: 20_000 }),
  scan: (scan: WireScan & { deviceId: string }) => call<Verdict>("/api/check-in/scan", { body: scan, timeoutMs: 2_500 }),
  sync: (deviceId: string, scans: WireScan[]) =>
    call<{ results: SyncResult[] }>("/api/check-in/sync", { body: { deviceId, scans }, timeoutMs: 20_000 }),
  undo: (deviceId: string, nonce: string) =>
    call<{ undone: true; person: AdmittedPerson }>("/api/check-in/undo", { body: { deviceId, nonce }, timeoutMs: 5_000 }),
  search: (listId: string, q: string) =>
    call<{ results: SearchResult[] }>(`/api/check-in/search?${new URLSearchParams({ listId, q })}`, { timeoutMs: 2_500 }),
};
