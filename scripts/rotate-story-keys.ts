// `npm run scholarships:rotate-keys`: re-seals every stored scholarship story and financial
// need with the current (first) key of SCHOLARSHIP_STORY_KEYS. Rotate by putting the new key
// first and keeping the old ones after it; run this; then drop the old keys. Safe to re-run
// (already re-sealed rows are skipped) and to run while the app serves (a row edited
// meanwhile is left as the edit sealed it). On the embedded database, stop the app first
// (PGlite allows one process per folder).
import { rotateStoryKeys } from "~/modules/scholarships/story-crypto.server.ts";
import { getDatabase } from "~/shared/db.server.ts";
import { type Env, EnvError, env as readEnv } from "~/shared/env.server.ts";

async function main(): Promise<number> {
  let env: Env;
  try {
    env = readEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const [current, ...older] = env.scholarshipStoryKeys;
  console.log(
    `Re-sealing with key "${current.id}"${older.length ? `; reading keys ${older.map((k) => `"${k.id}"`).join(", ")}` : ""}.`,
  );
  const database = await getDatabase();
  try {
    const { rewritten, failed } = await rotateStoryKeys(database.db, env.scholarshipStoryKeys);
    console.log(`Re-sealed ${rewritten} application${rewritten === 1 ? "" : "s"}.`);
    if (failed.length) {
      console.error(
        `${failed.length} application${failed.length === 1 ? "" : "s"} could not be opened with any configured key (left unchanged): ${failed.join(", ")}`,
      );
      return 1;
    }
    console.log("Every stored story now uses the current key: older keys can be removed from SCHOLARSHIP_STORY_KEYS.");
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
