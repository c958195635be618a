// The app's PostgreSQL pool outlives its connections: when the server closes an idle one (a
// restart, a failover, pg_terminate_backend), the process logs it and carries on instead of
// dying of an unhandled "error" event. PostgreSQL only: PGlite has no connections to lose.
import { expect, it, vi } from "vitest";
import { hotQuery } from "~/shared/hot-sql.server.ts";
import { adminQuery } from "../setup/postgres-admin.ts";
import { setupTestDatabase } from "../setup/test-database.ts";

const t = setupTestDatabase();

it("survives the server closing its idle connections, and answers on a new one", async () => {
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const [before] = await hotQuery<{ pid: number }>(t.db, "SELECT pg_backend_pid() AS pid", []);
    const database = new URL(t.url as string).pathname.slice(1);
    await adminQuery(
      process.env.TEST_DATABASE_URL as string,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`,
    );
    await vi.waitFor(() =>
      expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^\[database\] an idle connection was closed/)),
    );

    const [after] = await hotQuery<{ pid: number }>(t.db, "SELECT pg_backend_pid() AS pid", []);
    expect(after.pid).not.toBe(before.pid);
    expect(await t.db.user.count()).toBe(0);
  } finally {
    logged.mockRestore();
  }
});
