import tsconfigPaths from "vite-tsconfig-paths";
import { configDefaults, defineConfig } from "vitest/config";

// Integration tests run once per database engine: always on PGlite (the embedded
// default), and on PostgreSQL too when TEST_DATABASE_URL is set (CI sets it).
const engines = ["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])];

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // Tests run under a zone that is none of the campuses', so code that leaks the
    // process's local time shows up as wrong wall-clock times.
    env: { TZ: "Asia/Kolkata" },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["app/**/*.test.ts", "app/**/*.test.tsx", "tests/unit/**/*.test.ts"] },
      },
      ...engines.map((engine) => ({
        extends: true as const,
        test: {
          name: `integration:${engine}`,
          include: ["tests/integration/**/*.test.ts"],
          // *.pg.test.ts need PostgreSQL itself (several server processes on one database; PGlite is single-process).
          exclude: [...configDefaults.exclude, ...(engine === "pglite" ? ["tests/integration/**/*.pg.test.ts"] : [])],
          env: { SUMMIT_TEST_DB: engine },
          globalSetup: ["tests/setup/global-database.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
});
