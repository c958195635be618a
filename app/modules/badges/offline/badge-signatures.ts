import { verifyAsync } from "@noble/ed25519";
import type { DecodedBadgeToken } from "../badge-token.ts";
import type { SnapshotKey } from "./snapshot.ts";

/**
 * Checks badge signatures in the browser against the public keys of the list's snapshot.
 * WebCrypto's Ed25519 is native and fast (Chromium 137+, Firefox 129+, Safari 17+); older
 * browsers lack it, and there @noble/ed25519 (pure JS, audited) does the same check.
 */
export type BadgeSignatureVerifier = {
  engine: "webcrypto" | "noble";
  verify(token: DecodedBadgeToken): Promise<boolean>;
};

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// The token's bytes are views on their own ArrayBuffer; TypeScript's DOM types want that said.
const bytes = (view: Uint8Array) => view as Uint8Array<ArrayBuffer>;

async function webCryptoKeys(subtle: SubtleCrypto, keys: SnapshotKey[]): Promise<Map<string, CryptoKey> | null> {
  try {
    const imported = await Promise.all(
      keys.map(
        async (k) =>
          [k.kid, await subtle.importKey("raw", fromBase64url(k.publicKey), { name: "Ed25519" }, false, ["verify"])] as const,
      ),
    );
    return new Map(imported);
  } catch {
    // NotSupportedError (no Ed25519 here) — or a key WebCrypto will not take; noble decides then.
    return null;
  }
}

export async function badgeSignatureVerifier(
  keys: SnapshotKey[],
  { subtle = globalThis.crypto?.subtle as SubtleCrypto | undefined, engine }: { subtle?: SubtleCrypto; engine?: "noble" } = {},
): Promise<BadgeSignatureVerifier> {
  const native = subtle && engine !== "noble" ? await webCryptoKeys(subtle, keys) : null;
  if (subtle && native) {
    return {
      engine: "webcrypto",
      async verify(token) {
        const key = native.get(token.claims.kid);
        if (!key) return false;
        return subtle.verify({ name: "Ed25519" }, key, bytes(token.signature), bytes(token.signed));
      },
    };
  }
  const raw = new Map(keys.map((k) => [k.kid, fromBase64url(k.publicKey)]));
  return {
    engine: "noble",
    async verify(token) {
      const key = raw.get(token.claims.kid);
      if (!key) return false;
      try {
        // RFC 8032's strict rules, as node:crypto applies them on the server (noble defaults to ZIP-215).
        return await verifyAsync(token.signature, token.signed, key, { zip215: false });
      } catch {
        return false;
      }
    },
  };
}
