import os from "node:os";
import path from "node:path";
import config from "../../playwright.config.ts";
import { decodeQrs, pdfToPngs, readPng } from "../support/raster.ts";
import { fitInto, solidImage, writeY4m } from "../support/y4m.ts";
import { deviceName, listSnapshot, notYetIn, openScanner, openStaffHome, snapScreen, verdict } from "./support/door.ts";
import { APP_PORT, APP_URL, DEMO_PASSWORD } from "./support/env.ts";
import { expect, snap, test } from "./support/fixtures.ts";

// The door scanner on a phone-sized screen, with Chromium's fake camera playing a video of
// the demo attendee's real badge: the PDF the attendee downloads, rasterised as a printer
// would, filmed on a grey desk — 1.5 s of desk, 2 s of badge, 4.5 s of desk, looped. The
// camera is only opened when the test starts scanning, by which time the video exists.
const VIDEO = path.join(os.tmpdir(), `summit-e2e-${APP_PORT}-badge.y4m`);
const FPS = 10;
const DESK = [96, 96, 96] as const;

const launchOptions = config.use?.launchOptions ?? {};
test.use({
  viewport: { width: 375, height: 812 },
  isMobile: true,
  hasTouch: true,
  permissions: ["camera"],
  launchOptions: {
    ...launchOptions,
    args: [
      ...(launchOptions.args ?? []),
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${VIDEO}`,
    ],
  },
});

const ALEX = { email: "attendee@summit.test", name: "Alex Attendee" };

test("a badge held up to the camera is admitted, then ALREADY CHECKED IN the next time it comes round", async ({
  page,
  a11y,
  playwright,
}) => {
  // Rendering and filming the badge, then two passes of the 8 s video loop.
  test.setTimeout(90_000);
  // The phone's buzzer, recorded at the browser's edge.
  await page.addInitScript(() => {
    const buzzes: unknown[] = [];
    Object.assign(window, { buzzes });
    navigator.vibrate = (pattern) => {
      buzzes.push(pattern);
      return true;
    };
  });
  const lists = await openStaffHome(page, a11y);
  await snap(page, "staff-home");

  // A list that admits Alex and hasn't seen them yet (the demo checks some people in).
  let target: { list: (typeof lists)[number]; registrationId: string } | undefined;
  for (const list of lists) {
    const alex = notYetIn(await listSnapshot(page.request, list.id)).find((e) => e.email === ALEX.email);
    if (alex) {
      target = { list, registrationId: alex.registrationId };
      break;
    }
  }
  if (!target) throw new Error(`No list of the summit admits ${ALEX.name} who is not checked in yet`);

  // The attendee downloads their badge; the video shows it as printed.
  const attendee = await playwright.request.newContext({ baseURL: APP_URL, extraHTTPHeaders: { Origin: APP_URL } });
  const loggedIn = await attendee.post("/login", { form: { email: ALEX.email, password: DEMO_PASSWORD } });
  expect(loggedIn.ok()).toBe(true);
  const pdf = await attendee.get(`/registrations/${target.registrationId}/badge.pdf`);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const [printed] = await pdfToPngs(await pdf.body(), { dpi: 150 });
  await attendee.dispose();
  const badge = readPng(printed);
  expect(decodeQrs(badge, { expect: 1 })).toHaveLength(1);
  const desk = solidImage(640, 480, DESK);
  writeY4m(
    VIDEO,
    [
      { image: desk, seconds: 1.5 },
      { image: fitInto(badge, 640, 480, { background: DESK }), seconds: 2 },
      { image: desk, seconds: 4.5 },
    ],
    FPS,
  );

  const device = deviceName("camera");
  await openScanner(page, a11y, target.list, device);
  // The big button is on the first screen of a phone, no scrolling.
  await expect(page.getByRole("button", { name: "Start scanning" })).toBeInViewport();
  await snapScreen(page, "scanner-ready");
  await page.getByRole("button", { name: "Start scanning" }).click();
  await expect(page.getByRole("button", { name: "Stop camera" })).toBeVisible();

  await expect(verdict(page)).toContainText("ADMIT", { timeout: 15_000 });
  await expect(verdict(page)).toContainText(ALEX.name);
  await expect(verdict(page)).toContainText("In-person");
  await snapScreen(page, "scanner-admit");
  expect(await page.evaluate(() => (window as unknown as { buzzes: unknown[] }).buzzes)).toEqual([[120]]);
  // It clears itself for the next person while the badge is still in view, and doesn't re-read it.
  await expect(verdict(page)).toHaveText("", { timeout: 4_000 });
  await expect(page.getByRole("button", { name: `Undo last check-in (${ALEX.name})` })).toBeEnabled();

  // The loop brings the same badge back after more than the 3 s de-dupe window.
  await expect(verdict(page)).toContainText("ALREADY CHECKED IN", { timeout: 20_000 });
  await expect(verdict(page)).toContainText(ALEX.name);
  await expect(verdict(page)).toContainText(device);
  await expect(verdict(page)).toContainText(/Checked in at \d{1,2}:\d{2} [AP]M E[SD]T/);
  await snapScreen(page, "scanner-already-checked-in");
  expect(await page.evaluate(() => (window as unknown as { buzzes: unknown[] }).buzzes)).toEqual([[120], [250, 120, 250]]);
  await page.getByRole("button", { name: "Stop camera" }).click();

  const server = await listSnapshot(page.request, target.list.id);
  expect(server.checkIns.filter((c) => c.registrationId === target.registrationId)).toEqual([
    expect.objectContaining({ deviceName: device }),
  ]);
  await a11y.check();
});

test("with the camera blocked, staff find a person by search, and a cancelled registration is NOT VALID", async ({
  page,
  a11y,
}) => {
  // A phone whose owner refused the camera: getUserMedia fails as browsers do then.
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
  });
  const lists = await openStaffHome(page, a11y);
  const [list] = lists;
  const cancelled = (await listSnapshot(page.request, list.id)).entries.find((e) => e.status === "CANCELLED");
  if (!cancelled) throw new Error("The demo summit should have a cancelled registration");

  await openScanner(page, a11y, list, deviceName("search"));
  await page.getByRole("button", { name: "Start scanning" }).click();
  await expect(page.getByRole("alert")).toContainText("Camera access is blocked");
  await expect(page.getByRole("button", { name: "Try the camera again" })).toBeVisible();

  // Keyboard only, from the search box.
  const search = page.getByRole("searchbox");
  await search.fill(cancelled.email);
  await expect(page.getByText(/^1 person found for/)).toBeVisible();
  await expect(page.getByRole("list").filter({ hasText: cancelled.email })).toContainText("Cancelled");
  await a11y.check();
  await snap(page, "scanner-search-camera-blocked");
  const checkIn = page.getByRole("button", { name: `Check in ${cancelled.name}` });
  await checkIn.focus();
  await page.keyboard.press("Enter");
  await expect(verdict(page)).toContainText("NOT VALID");
  await expect(verdict(page)).toContainText("This registration was cancelled.");
  // Next takes the focus, and gives it back.
  await expect(page.getByRole("button", { name: "Next" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(verdict(page)).toHaveText("");
  await expect(checkIn).toBeFocused();
  // Once more, to keep a picture: the red screen stays 2.5 s, then clears by itself.
  await page.keyboard.press("Enter");
  await expect(verdict(page)).toContainText("NOT VALID");
  await snapScreen(page, "scanner-not-valid");
  await expect(verdict(page)).toHaveText("", { timeout: 4_000 });

  // Nothing was recorded for a refusal.
  const server = await listSnapshot(page.request, list.id);
  expect(server.checkIns.some((c) => c.registrationId === cancelled.registrationId)).toBe(false);
});
