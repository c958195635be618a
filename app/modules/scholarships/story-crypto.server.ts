// Applicants' stories and financial need, encrypted at rest with AES-256-GCM.
//
//   v1.<keyId>.<iv>.<tag>.<ciphertext>      (iv, tag and ciphertext in base64url)
//
// The key id names which key of SCHOLARSHIP_STORY_KEYS sealed it, so keys can rotate: the
// first key encrypts, every listed key decrypts, and rotateStoryKeys re-seals old rows.
// Each ciphertext is bound to its application and field (GCM's additional data), so a
// ciphertext copied onto another application, or into the other field, fails to open.
// Errors never carry the plaintext.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { recordAudit } from "~/modules/audit/audit.server.ts";
import type { Db } from "~/shared/db.server.ts";
import type { StoryKey } from "~/shared/env.server.ts";

export type StoryKeys = readonly StoryKey[];
/** Which encrypted column a ciphertext belongs to. */
export type StoryField = "story" | "financialNeed";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class StoryCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoryCryptoError";
  }
}

const decoded = new Map<string, Buffer>();

function keyBytes(key: StoryKey): Buffer {
  let bytes = decoded.get(key.key);
  if (!bytes) {
    bytes = Buffer.from(key.key, "base64url");
    if (bytes.length !== 32) throw new StoryCryptoError(`Story key ${key.id} is not 32 bytes.`);
    decoded.set(key.key, bytes);
  }
  return bytes;
}

function currentKey(keys: StoryKeys): StoryKey {
  const key = keys[0];
  if (!key) throw new StoryCryptoError("No story key is configured.");
  return key;
}

const additionalData = (applicationId: string, field: StoryField) => Buffer.from(`${applicationId}:${field}`, "utf8");

/** Seals `plaintext` with the current (first) key for one application's field. */
export function encryptStory(keys: StoryKeys, plaintext: string, applicationId: string, field: StoryField): string {
  const key = currentKey(keys);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyBytes(key), iv);
  cipher.setAAD(additionalData(applicationId, field));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, key.id, iv.toString("base64url"), tag.toString("base64url"), body.toString("base64url")].join(".");
}

/** The id of the key that sealed a ciphertext; null when it is not one of ours. */
export function storyKeyId(sealed: string): string | null {
  const parts = sealed.split(".");
  return parts.length === 5 && parts[0] === VERSION ? parts[1] : null;
}

/** Opens a ciphertext with whichever configured key sealed it; altered, misplaced or unknown-key text throws. */
export function decryptStory(keys: StoryKeys, sealed: string, applicationId: string, field: StoryField): string {
  const parts = sealed.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new StoryCryptoError("This story is not in a format Summit can read.");
  const [, keyId, iv64, tag64, body64] = parts;
  const key = keys.find((k) => k.id === keyId);
  if (!key) throw new StoryCryptoError(`This story was sealed with key "${keyId}", which is not in SCHOLARSHIP_STORY_KEYS.`);
  const iv = Buffer.from(iv64, "base64url");
  const tag = Buffer.from(tag64, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new StoryCryptoError("This story's ciphertext is damaged.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyBytes(key), iv);
    decipher.setAAD(additionalData(applicationId, field));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(body64, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new StoryCryptoError("This story failed its integrity check: it was altered, moved or sealed with another key.");
  }
}

/** Seals an optional value (null and "" stay null: nothing to store). */
export function sealOptional(keys: StoryKeys, plaintext: string | null | undefined, applicationId: string, field: StoryField) {
  return plaintext ? encryptStory(keys, plaintext, applicationId, field) : null;
}

const ROTATE_BATCH = 200;

export type RotationResult = { rewritten: number; failed: string[] };

/**
 * Re-seals every stored story and financial need that an older key sealed with the current
 * key, in batches. A row someone changed meanwhile is left alone (its new text is already
 * sealed with the current key). Rows no configured key can open are reported, not changed.
 */
export async function rotateStoryKeys(db: Db, keys: StoryKeys): Promise<RotationResult> {
  const prefix = `${VERSION}.${currentKey(keys).id}.`;
  const stale = (column: "storyCipher" | "financialNeedCipher") => ({
    [column]: { not: null },
    NOT: { [column]: { startsWith: prefix } },
  });
  let rewritten = 0;
  const failed: string[] = [];
  let after = "";
  for (;;) {
    const rows = await db.scholarshipApplication.findMany({
      where: { id: { gt: after }, OR: [stale("storyCipher"), stale("financialNeedCipher")] },
      orderBy: { id: "asc" },
      take: ROTATE_BATCH,
      select: { id: true, storyCipher: true, financialNeedCipher: true },
    });
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    for (const row of rows) {
      const reseal = (sealed: string | null, field: StoryField) =>
        sealed && !sealed.startsWith(prefix)
          ? encryptStory(keys, decryptStory(keys, sealed, row.id, field), row.id, field)
          : sealed;
      let story: string | null;
      let financialNeed: string | null;
      try {
        story = reseal(row.storyCipher, "story");
        financialNeed = reseal(row.financialNeedCipher, "financialNeed");
      } catch {
        failed.push(row.id);
        continue;
      }
      const { count } = await db.scholarshipApplication.updateMany({
        where: { id: row.id, storyCipher: row.storyCipher, financialNeedCipher: row.financialNeedCipher },
        data: { storyCipher: story, financialNeedCipher: financialNeed },
      });
      rewritten += count;
    }
  }
  await recordAudit(db, {
    actorId: null,
    action: "story.keys-rotated",
    subjectType: "StoryKey",
    subjectId: currentKey(keys).id,
    detail: { rewritten, failed: failed.length },
  });
  return { rewritten, failed };
}
