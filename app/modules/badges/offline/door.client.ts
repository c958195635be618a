import type { AdmittedPerson, Verdict } from "../verdict.ts";
import { type BadgeSignatureVerifier, badgeSignatureVerifier } from "./badge-signatures.ts";
import { DoorApiError, doorApi, type SyncResult, Unreachable, type WireScan } from "./door-api.client.ts";
import { type DoorDevice, doorStore, type QueuedScan } from "./door-store.client.ts";
import { judgeRegistrationOffline, judgeTokenOffline, type OfflineJudgement } from "./offline-judge.ts";
import {
  type CheckInSnapshot,
  type DoorIndex,
  type DuplicateAdmission,
  indexSnapshot,
  type LocalCheckIn,
  type SearchResult,
  searchIndex,
} from "./snapshot.ts";

/**
 * One phone at one door: scans go to the server when it answers (the fast path, and the
 * only one that knows about other doors right now) and are judged on the phone when it
 * doesn't, against the local copy of the list, with admissions queued under their nonce
 * until POST /api/check-in/sync takes them. The nonce is made before the first attempt, so
 * a scan the server did receive before the network dropped is recorded once either way.
 */
export type DoorOutcome = { verdict: Verdict; offline: boolean };

export type DoorNotice = { id: string; text: string };

export type DoorState = {
  /** Whether there is a local copy of the list to judge against. */
  copy: "loading" | "ready" | "missing";
  copyAt: string | null;
  online: boolean;
  pending: number;
  syncing: boolean;
  engine: BadgeSignatureVerifier["engine"] | null;
  lastAdmission: { nonce: string; name: string } | null;
  duplicates: DuplicateAdmission[];
  /** What the sync reported: duplicates and refusals of admissions made offline. */
  notices: DoorNotice[];
  /** Something staff must act on (signed out, device removed). */
  problem: string | null;
};

export class DoorProblem extends Error {}

const REFRESH_EVERY_MS = 30_000;
const PROBE_EVERY_MS = 10_000;
const SYNC_RETRY_MS = 10_000;
const SYNC_BATCH = 500;

type Options = { listId: string; device: DoorDevice; describeTime: (iso: string) => string };

export class Door {
  private state: DoorState = {
    copy: "loading",
    copyAt: null,
    online: true,
    pending: 0,
    syncing: false,
    engine: null,
    lastAdmission: null,
    duplicates: [],
    notices: [],
    problem: null,
  };
  private listeners = new Set<() => void>();
  private snapshot: CheckInSnapshot | null = null;
  private index: DoorIndex | null = null;
  private verifier: BadgeSignatureVerifier | null = null;
  private verifierKeys = "";
  /** Admissions this page made online since the copy was taken (the copy doesn't know them yet). */
  private admittedOnline = new Map<string, LocalCheckIn & { nonce: string }>();
  private reachable = true;
  private inFlight = new Set<string>();
  private syncing: Promise<void> | null = null;
  private lastRefresh = 0;
  private lastSyncTry = 0;

  constructor(private readonly options: Options) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getState = () => this.state;

  private set(patch: Partial<DoorState>) {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private get listId() {
    return this.options.listId;
  }

  private get device() {
    return this.options.device;
  }

  private isOnline() {
    return navigator.onLine && this.reachable;
  }

  private setReachable(reachable: boolean) {
    this.reachable = reachable;
    if (this.state.online !== this.isOnline()) this.set({ online: this.isOnline() });
  }

  /** Loads the local copy, then keeps it fresh and the queue moving until the returned stop. */
  start(): () => void {
    this.set({ online: navigator.onLine });
    void (async () => {
      const stored = await doorStore.snapshot(this.listId);
      if (stored) await this.adoptSnapshot(stored);
      else this.set({ copy: navigator.onLine ? "loading" : "missing" });
      await this.tick(true);
    })();
    const onOnline = () => {
      this.setReachable(true);
      void this.tick(true);
    };
    const onOffline = () => this.setReachable(false);
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    const timer = window.setInterval(() => void this.tick(false), 5_000);
    return () => {
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      window.clearInterval(timer);
    };
  }

  /** Syncs what waits and refreshes the copy when due; `now` forces both. */
  private async tick(now: boolean) {
    if (!navigator.onLine) return;
    const at = Date.now();
    if (this.state.pending > 0 && (now || at - this.lastSyncTry >= SYNC_RETRY_MS)) await this.syncNow();
    const refreshEvery = this.reachable ? REFRESH_EVERY_MS : PROBE_EVERY_MS;
    if (now || at - this.lastRefresh >= refreshEvery) await this.refresh();
  }

  /** Downloads the list again (every 30 s online): who may enter, keys, revocations, check-ins. */
  async refresh() {
    this.lastRefresh = Date.now();
    try {
      const snapshot = await doorApi.snapshot(this.listId);
      this.setReachable(true);
      await doorStore.saveSnapshot(snapshot);
      await this.adoptSnapshot(snapshot);
      if (this.state.problem) this.set({ problem: null });
      if (this.state.pending > 0 && !this.syncing) await this.syncNow();
    } catch (error) {
      this.handleFailure(error);
      if (!this.snapshot) this.set({ copy: "missing" });
    }
  }

  private async adoptSnapshot(snapshot: CheckInSnapshot) {
    const queued = await doorStore.queuedForList(this.listId);
    const taken = Date.parse(snapshot.generatedAt);
    const mine: LocalCheckIn[] = [
      ...queued.map((q) => ({ registrationId: q.person.registrationId, checkedInAt: q.scannedAt, deviceName: q.deviceName })),
      ...[...this.admittedOnline.values()].filter((a) => Date.parse(a.checkedInAt) > taken),
    ];
    const keys = JSON.stringify(snapshot.keys);
    if (keys !== this.verifierKeys) {
      this.verifier = await badgeSignatureVerifier(snapshot.keys);
      this.verifierKeys = keys;
    }
    this.snapshot = snapshot;
    this.index = indexSnapshot(snapshot, mine);
    this.set({
      copy: "ready",
      copyAt: snapshot.generatedAt,
      engine: this.verifier?.engine ?? null,
      duplicates: snapshot.duplicates,
      pending: (await doorStore.allQueued()).length,
    });
  }

  private handleFailure(error: unknown) {
    if (error instanceof Unreachable) {
      this.setReachable(false);
      return;
    }
    if (error instanceof DoorApiError) {
      this.setReachable(true);
      this.set({ problem: error.message });
      return;
    }
    throw error;
  }

  /** A QR text from the camera. */
  scanToken(token: string): Promise<DoorOutcome> {
    return this.admit({ token }, (index, verifier, now) => judgeTokenOffline(index, verifier, token, now));
  }

  /** A person picked from search (no badge with them). */
  checkIn(registrationId: string): Promise<DoorOutcome> {
    return this.admit({ registrationId }, (index) => judgeRegistrationOffline(index, registrationId));
  }

  private async admit(
    what: { token: string } | { registrationId: string },
    judgeLocally: (index: DoorIndex, verifier: BadgeSignatureVerifier, now: Date) => OfflineJudgement | Promise<OfflineJudgement>,
  ): Promise<DoorOutcome> {
    const now = new Date();
    const scan: WireScan = { listId: this.listId, nonce: crypto.randomUUID(), scannedAt: now.toISOString(), ...what };
    if (this.isOnline()) {
      try {
        const verdict = await doorApi.scan({ ...scan, deviceId: this.device.deviceId });
        this.setReachable(true);
        if (verdict.kind === "ADMIT") this.rememberOnline(verdict);
        if (verdict.kind === "ALREADY_CHECKED_IN") {
          const { person, checkedInAt, deviceName } = verdict;
          this.index?.checkIns.set(person.registrationId, { registrationId: person.registrationId, checkedInAt, deviceName });
        }
        return { verdict, offline: false };
      } catch (error) {
        if (!(error instanceof Unreachable)) {
          if (error instanceof DoorApiError && error.status !== 401) throw new DoorProblem(error.message);
          // Signed out: keep the door moving offline; the banner asks to sign in to sync.
          this.handleFailure(error);
        } else this.setReachable(false);
      }
    }
    const { index, verifier } = this;
    if (!index || !verifier)
      throw new DoorProblem("No copy of this list on this phone yet: connect to the network once to download it.");
    if (index.list.archived) throw new DoorProblem("This list is archived and takes no more check-ins: choose another list.");
    const judged = await judgeLocally(index, verifier, now);
    if (judged.kind !== "MAY_ADMIT") return { verdict: judged, offline: true };
    await this.enqueue({ ...scan, deviceId: this.device.deviceId, deviceName: this.device.name, person: judged.person });
    return { verdict: { kind: "ADMIT", person: judged.person, checkedInAt: scan.scannedAt, nonce: scan.nonce }, offline: true };
  }

  private rememberOnline(verdict: Extract<Verdict, { kind: "ADMIT" }>) {
    const checkIn = {
      registrationId: verdict.person.registrationId,
      checkedInAt: verdict.checkedInAt,
      deviceName: this.device.name,
    };
    this.admittedOnline.set(verdict.person.registrationId, { ...checkIn, nonce: verdict.nonce });
    this.index?.checkIns.set(checkIn.registrationId, checkIn);
    this.set({ lastAdmission: { nonce: verdict.nonce, name: verdict.person.name } });
  }

  private async enqueue(scan: QueuedScan) {
    await doorStore.enqueue(scan);
    this.index?.checkIns.set(scan.person.registrationId, {
      registrationId: scan.person.registrationId,
      checkedInAt: scan.scannedAt,
      deviceName: scan.deviceName,
    });
    this.set({ lastAdmission: { nonce: scan.nonce, name: scan.person.name }, pending: this.state.pending + 1 });
  }

  /** Takes back this phone's last admission: from the queue if it never left, else on the server. */
  async undoLast(): Promise<string> {
    const last = this.state.lastAdmission;
    if (!last) throw new DoorProblem("Nothing to undo.");
    // A sync carrying it right now would admit it after all: let that finish first.
    if (this.inFlight.has(last.nonce)) await this.syncing;
    const queued = await doorStore.queued(last.nonce);
    let person: AdmittedPerson;
    if (queued) {
      await doorStore.dequeue([last.nonce]);
      person = queued.person;
      this.set({ pending: Math.max(0, this.state.pending - 1) });
    } else {
      if (!navigator.onLine)
        throw new DoorProblem("This check-in has reached the server already: undo it when the network is back.");
      try {
        ({ person } = await doorApi.undo(this.device.deviceId, last.nonce));
        this.setReachable(true);
      } catch (error) {
        if (error instanceof Unreachable) {
          this.setReachable(false);
          throw new DoorProblem("The server can't be reached: undo this check-in when the network is back.");
        }
        if (error instanceof DoorApiError) throw new DoorProblem(error.message);
        throw error;
      }
      for (const [id, admitted] of this.admittedOnline) if (admitted.nonce === last.nonce) this.admittedOnline.delete(id);
      if (this.snapshot) {
        this.snapshot = {
          ...this.snapshot,
          checkIns: this.snapshot.checkIns.filter((c) => c.registrationId !== person.registrationId),
        };
      }
    }
    this.index?.checkIns.delete(person.registrationId);
    this.set({ lastAdmission: null });
    return `Undone: ${person.name} is no longer checked in.`;
  }

  /** Sends every waiting admission (any list of this phone); safe to repeat, each nonce counts once. */
  syncNow(): Promise<void> {
    this.syncing ??= this.syncQueue().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async syncQueue() {
    this.lastSyncTry = Date.now();
    const queue = await doorStore.allQueued();
    if (queue.length === 0) return;
    this.set({ syncing: true });
    try {
      const byDevice = new Map<string, QueuedScan[]>();
      for (const q of queue) byDevice.set(q.deviceId, [...(byDevice.get(q.deviceId) ?? []), q]);
      for (const [deviceId, scans] of byDevice) {
        for (let i = 0; i < scans.length; i += SYNC_BATCH) {
          const batch = scans.slice(i, i + SYNC_BATCH);
          for (const q of batch) this.inFlight.add(q.nonce);
          const { results } = await doorApi.sync(
            deviceId,
            batch.map(({ listId, nonce, scannedAt, token, registrationId }) => ({
              listId,
              nonce,
              scannedAt,
              token,
              registrationId,
            })),
          );
          this.setReachable(true);
          this.report(results, new Map(batch.map((q) => [q.nonce, q])));
          await doorStore.dequeue(results.map((r) => r.nonce));
          for (const q of batch) this.inFlight.delete(q.nonce);
        }
      }
      if (this.state.problem) this.set({ problem: null });
    } catch (error) {
      this.handleFailure(error);
    } finally {
      this.inFlight.clear();
      this.set({ syncing: false, pending: (await doorStore.allQueued()).length });
    }
  }

  private report(results: SyncResult[], sent: Map<string, QueuedScan>) {
    const notices: DoorNotice[] = [];
    for (const result of results) {
      const scan = sent.get(result.nonce);
      if (!scan || result.outcome === "ADMITTED") continue;
      const when = this.options.describeTime(scan.scannedAt);
      if (result.outcome === "DUPLICATE") {
        const other = result.duplicateOf;
        notices.push({
          id: result.nonce,
          text: other
            ? `${scan.person.name}: also admitted by ${other.deviceName ?? "another device"} at ${this.options.describeTime(other.scannedAt)} — duplicate.`
            : `${scan.person.name}: admitted twice — duplicate.`,
        });
        // The earlier admission stands: say so if they come back to this door.
        if (other) {
          this.index?.checkIns.set(scan.person.registrationId, {
            registrationId: scan.person.registrationId,
            checkedInAt: other.scannedAt,
            deviceName: other.deviceName,
          });
        }
      } else if (result.verdict.kind === "NOT_VALID") {
        this.index?.checkIns.delete(scan.person.registrationId);
        notices.push({
          id: result.nonce,
          text: `${scan.person.name}, admitted offline at ${when}, was refused by the server: ${result.verdict.message}`,
        });
      }
    }
    // Only an admission that stands can be undone.
    const last = this.state.lastAdmission;
    const lost = last && results.some((r) => r.nonce === last.nonce && r.outcome !== "ADMITTED");
    if (notices.length || lost)
      this.set({ notices: [...notices, ...this.state.notices].slice(0, 20), lastAdmission: lost ? null : last });
  }

  dismissNotice(id: string) {
    this.set({ notices: this.state.notices.filter((n) => n.id !== id) });
  }

  /** Name, email or order number: the server's answer online, the local copy's offline. */
  async search(query: string): Promise<{ results: SearchResult[]; offline: boolean }> {
    if (this.isOnline()) {
      try {
        const { results } = await doorApi.search(this.listId, query);
        this.setReachable(true);
        // Admissions still queued here are news to the server.
        return { results: results.map((r) => this.withLocalCheckIn(r)), offline: false };
      } catch (error) {
        if (!(error instanceof Unreachable)) {
          if (error instanceof DoorApiError) throw new DoorProblem(error.message);
          throw error;
        }
        this.setReachable(false);
      }
    }
    if (!this.index) throw new DoorProblem("No copy of this list on this phone yet: connect to the network once to download it.");
    return { results: searchIndex(this.index, query), offline: true };
  }

  private withLocalCheckIn(result: SearchResult): SearchResult {
    if (result.checkedInAt) return result;
    const local = this.index?.checkIns.get(result.registrationId);
    return local ? { ...result, checkedInAt: local.checkedInAt, deviceName: local.deviceName } : result;
  }
}
