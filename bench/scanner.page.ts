// The page side of bench/scanner.bench.ts: bundled by Vite and run in Chromium, it times the
// scanner's own offline path and, on the same bytes, the bare WebCrypto verify it is built on.
import { decodeBadgeToken } from "../app/modules/badges/badge-token.ts";
import { badgeSignatureVerifier } from "../app/modules/badges/offline/badge-signatures.ts";
import { judgeTokenOffline } from "../app/modules/badges/offline/offline-judge.ts";
import { type CheckInSnapshot, indexSnapshot } from "../app/modules/badges/offline/snapshot.ts";

/** Per-item milliseconds after a warm-up, and how many of each answer the timed items got. */
async function time<T>(items: T[], warmup: number, work: (item: T) => Promise<string>) {
  for (const item of items.slice(0, warmup)) await work(item);
  const samples: number[] = [];
  const answers: Record<string, number> = {};
  for (const item of items) {
    const started = performance.now();
    const answer = await work(item);
    samples.push(performance.now() - started);
    answers[answer] = (answers[answer] ?? 0) + 1;
  }
  return { samples, answers };
}

export async function measure({
  snapshot,
  tokens,
  warmup,
  nobleN,
}: {
  snapshot: CheckInSnapshot;
  tokens: string[];
  warmup: number;
  nobleN: number;
}) {
  const now = new Date();
  const index = indexSnapshot(snapshot);
  const verifier = await badgeSignatureVerifier(snapshot.keys);
  const noble = await badgeSignatureVerifier(snapshot.keys, { engine: "noble" });
  const decoded = tokens.map((t) => {
    const d = decodeBadgeToken(t);
    if (!d) throw new Error("a bench token did not decode");
    return d;
  });
  const raw = Uint8Array.from(atob(snapshot.keys[0].publicKey.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);

  const app = await time(tokens, warmup, async (token) => (await judgeTokenOffline(index, verifier, token, now)).kind);
  const baseline = await time(decoded, warmup, async (d) =>
    String(await crypto.subtle.verify({ name: "Ed25519" }, key, d.signature as BufferSource, d.signed as BufferSource)),
  );
  const fallback = await time(
    tokens.slice(0, nobleN),
    Math.min(warmup, nobleN),
    async (token) => (await judgeTokenOffline(index, noble, token, now)).kind,
  );
  return { engine: verifier.engine, crossOriginIsolated, userAgent: navigator.userAgent, app, baseline, fallback };
}
