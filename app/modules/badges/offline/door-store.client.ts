import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { AdmittedPerson } from "../verdict.ts";
import type { CheckInSnapshot } from "./snapshot.ts";

/**
 * What the scanner keeps on the phone, in IndexedDB so it survives reloads, a flat battery
 * and a lost network: the device's name per event, the latest copy of each list, and the
 * admissions made offline that the server has not confirmed yet.
 */
export type DoorDevice = { eventId: string; deviceId: string; name: string };

/** An admission made offline, waiting for POST /api/check-in/sync. */
export type QueuedScan = {
  nonce: string;
  listId: string;
  deviceId: string;
  deviceName: string;
  scannedAt: string;
  token?: string;
  registrationId?: string;
  /** Who was let in, to name them if the server later reports a duplicate or a refusal. */
  person: AdmittedPerson;
};

interface DoorDb extends DBSchema {
  devices: { key: string; value: DoorDevice };
  snapshots: { key: string; value: { listId: string; snapshot: CheckInSnapshot } };
  queue: { key: string; value: QueuedScan; indexes: { byList: string } };
}

let opened: Promise<IDBPDatabase<DoorDb>> | null = null;

function db() {
  opened ??= openDB<DoorDb>("summit-door", 1, {
    upgrade(database) {
      database.createObjectStore("devices", { keyPath: "eventId" });
      database.createObjectStore("snapshots", { keyPath: "listId" });
      database.createObjectStore("queue", { keyPath: "nonce" }).createIndex("byList", "listId");
    },
  });
  return opened;
}

export const doorStore = {
  async device(eventId: string) {
    return (await db()).get("devices", eventId);
  },
  async saveDevice(device: DoorDevice) {
    await (await db()).put("devices", device);
  },
  async forgetDevice(eventId: string) {
    await (await db()).delete("devices", eventId);
  },

  async snapshot(listId: string) {
    return (await (await db()).get("snapshots", listId))?.snapshot ?? null;
  },
  async saveSnapshot(snapshot: CheckInSnapshot) {
    await (await db()).put("snapshots", { listId: snapshot.list.id, snapshot });
  },

  async enqueue(scan: QueuedScan) {
    await (await db()).put("queue", scan);
  },
  async queued(nonce: string) {
    return (await db()).get("queue", nonce);
  },
  /** Every waiting admission, oldest first (any list: one phone may move between doors). */
  async allQueued() {
    const all = await (await db()).getAll("queue");
    return all.sort((a, b) => a.scannedAt.localeCompare(b.scannedAt));
  },
  async queuedForList(listId: string) {
    return (await db()).getAllFromIndex("queue", "byList", listId);
  },
  async dequeue(nonces: string[]) {
    const tx = (await db()).transaction("queue", "readwrite");
    await Promise.all([...nonces.map((n) => tx.store.delete(n)), tx.done]);
  },
};
