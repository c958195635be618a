// Hot statements (hot-sql.server.ts) on both engines: a prepared statement answers like an
// unprepared one however often it runs (PostgreSQL switches to a generic plan after five), and
// a name is bound to one text, so a statement edited to vary per call fails in the tests
// (PGlite too) rather than in production on a pooled connection.
import { describe, expect, it } from "vitest";
import { hotQuery } from "~/shared/hot-sql.server.ts";
import { userFactory } from "../factories/index.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();

const BY_EMAIL = `SELECT id, email, "createdAt" FROM "User" WHERE email = $1`;

describe("hotQuery", () => {
  it("answers a prepared statement as an unprepared one, run after run, with UTC timestamps", async () => {
    const users = [];
    for (let i = 0; i < 8; i++) users.push(await userFactory(t.db, { email: `hot${i}@example.org` }));
    for (const user of users) {
      const prepared = await hotQuery<{ id: string; createdAt: Date }>(t.db, BY_EMAIL, [user.email], "test-user-by-email");
      const plain = await hotQuery<{ id: string; createdAt: Date }>(t.db, BY_EMAIL, [user.email]);
      expect(prepared).toEqual(plain);
      expect(prepared).toEqual([{ id: user.id, email: user.email, createdAt: user.createdAt }]);
    }
    expect(await hotQuery(t.db, BY_EMAIL, ["nobody@example.org"], "test-user-by-email")).toEqual([]);
  });

  it("refuses a prepared name given another text, running nothing", async () => {
    await userFactory(t.db, {});
    await hotQuery(t.db, `SELECT 1 AS one`, [], "test-fixed-text");
    await expect(hotQuery(t.db, `DELETE FROM "User" RETURNING id`, [], "test-fixed-text")).rejects.toThrow(
      /"test-fixed-text" was given another text/,
    );
    expect(await t.db.user.count()).toBe(1);
  });
});
