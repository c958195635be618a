import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Ports and paths shared by playwright.config.ts and the tests (both read this in every process).
// E2E_PORT moves the whole set, so two checkouts can run their suites side by side.
const base = Number(process.env.E2E_PORT ?? 3100);

export const APP_PORT = base;
export const APP_URL = `http://127.0.0.1:${APP_PORT}`;
export const SMTP_PORT = base + 25;
export const CATCHER_HTTP_PORT = base + 26;
export const CATCHER_URL = `http://127.0.0.1:${CATCHER_HTTP_PORT}`;

/** The app's embedded database for one run; the web server command empties it first. */
export const DATA_DIR = path.join(os.tmpdir(), `summit-e2e-${APP_PORT}`);

/** Logged-in browser state saved by auth.setup.ts (inside Playwright's output folder, which is git-ignored). */
export const ADMIN_STATE = fileURLToPath(new URL("../../../test-results/.auth/admin.json", import.meta.url));

/** Set SCREENSHOTS_DIR to keep full-page screenshots of the pages the tests visit (see snap()). */
export const SCREENSHOTS_DIR = process.env.SCREENSHOTS_DIR;

// The demo accounts created by prisma/seed.ts.
export const DEMO_PASSWORD = "summit-demo-2027";
export const DEMO = {
  admin: { email: "admin@summit.test", name: "Avery Admin" },
  organizer: { email: "organizer@summit.test", name: "Olivia Organizer" },
  attendee: { email: "attendee@summit.test", name: "Alex Attendee" },
} as const;
