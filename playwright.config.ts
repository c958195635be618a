import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { APP_PORT, APP_URL, CATCHER_HTTP_PORT, CATCHER_URL, DATA_DIR, SMTP_PORT } from "./tests/e2e/support/env.ts";

const CI = Boolean(process.env.CI);

// Debian's chromium where it is installed (CI, this machine); Playwright's own browser elsewhere.
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  // *.e2e.ts, not *.spec.ts: Vitest's default pattern must not pick these up.
  testMatch: /.*\.e2e\.ts$/,
  outputDir: "test-results",
  fullyParallel: false,
  workers: 2,
  retries: CI ? 1 : 0,
  forbidOnly: CI,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
      args: [
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts$/ },
    { name: "chromium", dependencies: ["setup"] },
  ],
  webServer: [
    {
      command: "node_modules/.bin/tsx tests/smtp/catcher.ts",
      url: `${CATCHER_URL}/healthz`,
      env: { SMTP_CATCHER_SMTP_PORT: String(SMTP_PORT), SMTP_CATCHER_HTTP_PORT: String(CATCHER_HTTP_PORT) },
      reuseExistingServer: false,
      timeout: 30_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 3_000 },
    },
    {
      // A fresh embedded database every run; start.ts builds when the sources are newer than build/.
      command: `rm -rf '${DATA_DIR}' && exec node_modules/.bin/tsx scripts/start.ts start`,
      url: `${APP_URL}/healthz`,
      env: {
        PORT: String(APP_PORT),
        DATA_DIR,
        APP_URL,
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
        OUTBOX_POLL_MS: "200",
        // Empty means unset: never point the suite at a database from the caller's shell.
        DATABASE_URL: "",
        SESSION_SECRET: "",
      },
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    },
  ],
});
