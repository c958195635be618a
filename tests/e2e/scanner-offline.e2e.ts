import {
  connection,
  deviceName,
  listSnapshot,
  nextPerson,
  notYetIn,
  openScanner,
  openStaffHome,
  snapScreen,
  verdict,
} from "./support/door.ts";
import { expect, snap, test } from "./support/fixtures.ts";

// The scanner keeps working when the venue's network drops: the page comes back from its
// service worker, people are judged against the phone's copy of the list, admissions wait in
// IndexedDB and reach the server once when the network returns. The server's view is read
// through its API (Node's own HTTP client, which the browser's offline switch doesn't touch).
test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

test("offline, a person is admitted on the phone, waits to sync and reaches the server exactly once", async ({
  page,
  context,
  a11y,
}) => {
  test.setTimeout(90_000);
  const lists = await openStaffHome(page, a11y);
  const list = lists[0];
  const device = deviceName("offline");
  await openScanner(page, a11y, list, device);
  await expect(page.getByText("Works offline: this scanner is saved on this phone.")).toBeVisible();

  // Two people not in yet, from the end of the alphabet (other tests take others); the first
  // listed access needs, which the verdict must show.
  const before = await listSnapshot(page.request, list.id);
  const candidates = notYetIn(before).filter((e) => e.email !== "attendee@summit.test");
  const first = candidates.findLast((e) => e.accessibilityNeeds.length > 0);
  const second = candidates.findLast((e) => e !== first);
  if (!first || !second) throw new Error("The demo list should have people with and without access needs still to come");

  await context.setOffline(true);
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker(), "the page comes from the service worker's cache").toBe(true);
  await expect(connection(page)).toHaveText("offline — 0 waiting to sync");
  await expect(page.getByText("Works offline: this scanner is saved on this phone.")).toBeVisible();
  await a11y.check();

  const search = page.getByRole("searchbox");
  await search.fill(first.email);
  await expect(page.getByText(/^1 person found for .* in this phone's copy \(offline\)\.$/)).toBeVisible();
  await page.getByRole("button", { name: `Check in ${first.name}` }).click();
  await expect(verdict(page)).toContainText("ADMIT");
  await expect(verdict(page)).toContainText(first.name);
  await expect(verdict(page)).toContainText("Checked on this phone (offline) — will sync.");
  await expect(verdict(page)).toContainText(`Access needs: ${first.accessibilityNeeds.join(", ")}`);
  await snapScreen(page, "scanner-admit-offline-access-needs");
  await nextPerson(page);
  await expect(connection(page)).toHaveText("offline — 1 waiting to sync");
  await snap(page, "scanner-offline-banner");

  // Admitted by mistake, taken back before it ever left the phone.
  await search.fill(second.email);
  await page.getByRole("button", { name: `Check in ${second.name}` }).click();
  await expect(verdict(page)).toContainText("ADMIT");
  await nextPerson(page);
  await expect(connection(page)).toHaveText("offline — 2 waiting to sync");
  await page.getByRole("button", { name: `Undo last check-in (${second.name})` }).click();
  await expect(page.getByText(`Undone: ${second.name} is no longer checked in.`)).toBeVisible();
  await expect(connection(page)).toHaveText("offline — 1 waiting to sync");

  // The same person again, still offline: the phone knows they are in.
  await search.fill(first.email);
  await page.getByRole("button", { name: `Check in ${first.name}` }).click();
  await expect(verdict(page)).toContainText("ALREADY CHECKED IN");
  await expect(verdict(page)).toContainText(device);
  await nextPerson(page);
  await expect(connection(page)).toHaveText("offline — 1 waiting to sync");
  await a11y.check();

  const whileOffline = await listSnapshot(page.request, list.id);
  expect(whileOffline.checkIns.some((c) => c.registrationId === first.registrationId)).toBe(false);

  await context.setOffline(false);
  await expect(connection(page)).toHaveText("online", { timeout: 20_000 });

  const after = await listSnapshot(page.request, list.id);
  expect(after.checkIns.filter((c) => c.registrationId === first.registrationId)).toEqual([
    expect.objectContaining({ deviceName: device }),
  ]);
  expect(after.checkIns.filter((c) => c.deviceName === device)).toHaveLength(1);
  expect(after.checkIns.some((c) => c.registrationId === second.registrationId)).toBe(false);
  expect(after.duplicates.some((d) => d.registrationId === first.registrationId)).toBe(false);

  // Another drop and return sends nothing twice.
  await context.setOffline(true);
  await expect(connection(page)).toHaveText("offline — 0 waiting to sync");
  await context.setOffline(false);
  await expect(connection(page)).toHaveText("online");
  const again = await listSnapshot(page.request, list.id);
  expect(again.checkIns.filter((c) => c.deviceName === device)).toHaveLength(1);
});

test("two phones offline let the same person in: the earlier stands, the later phone is told it was a duplicate", async ({
  page,
  context,
  browser,
  a11y,
}) => {
  // Two phones, each logged in and set up: twice the usual work.
  test.setTimeout(120_000);
  const lists = await openStaffHome(page, a11y);
  const list = lists[0];
  const first = deviceName("first");
  await openScanner(page, a11y, list, first);
  const person = notYetIn(await listSnapshot(page.request, list.id)).filter((e) => e.email !== "attendee@summit.test")[0];

  // A second phone at another door, its own browser profile.
  const other = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const phone = await other.newPage();
  await openStaffHome(phone, a11y);
  const second = deviceName("second");
  await openScanner(phone, a11y, list, second);

  await context.setOffline(true);
  await other.setOffline(true);
  for (const [p, expected] of [
    [page, 1],
    [phone, 1],
  ] as const) {
    await expect(connection(p)).toHaveText("offline — 0 waiting to sync");
    await p.getByRole("searchbox").fill(person.email);
    await p.getByRole("button", { name: `Check in ${person.name}` }).click();
    await expect(verdict(p)).toContainText("ADMIT");
    await nextPerson(p);
    await expect(connection(p)).toHaveText(`offline — ${expected} waiting to sync`);
  }

  // The first phone's admission (the earlier scan) reaches the server first; then the second's.
  await context.setOffline(false);
  await expect(connection(page)).toHaveText("online", { timeout: 20_000 });
  await other.setOffline(false);
  await expect(connection(phone)).toHaveText("online", { timeout: 20_000 });
  const notice = phone.getByRole("region", { name: "From the last sync" });
  await expect(notice).toContainText(`${person.name}: also admitted by ${first} at`);
  await expect(notice).toContainText("— duplicate.");
  // That admission didn't stand, so there is nothing of it to undo.
  await expect(phone.getByRole("button", { name: "Undo last check-in" })).toBeDisabled();
  await a11y.check(phone);
  await snap(phone, "scanner-duplicate-after-sync");

  const server = await listSnapshot(page.request, list.id);
  expect(server.checkIns.filter((c) => c.registrationId === person.registrationId)).toEqual([
    expect.objectContaining({ deviceName: first }),
  ]);
  expect(server.duplicates.filter((d) => d.registrationId === person.registrationId)).toEqual([
    expect.objectContaining({ deviceName: second }),
  ]);
  await other.close();
});
