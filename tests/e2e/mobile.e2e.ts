import type { Page } from "@playwright/test";
import { ADMIN_STATE } from "./support/env.ts";
import { expect, snap, test } from "./support/fixtures.ts";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

/** The page scrolls only vertically: nothing sticks out to the right on a phone. */
async function expectNoHorizontalOverflow(page: Page) {
  const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    // Names the culprit when the check fails.
    const widest = [...document.body.querySelectorAll<HTMLElement>("*")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${[...el.classList].join(".")}`)
      .slice(0, 5);
    return { scrollWidth: root.scrollWidth, innerWidth: window.innerWidth, widest };
  });
  expect(
    scrollWidth,
    `page is ${scrollWidth}px wide in a ${innerWidth}px viewport; sticking out: ${widest.join(", ")}`,
  ).toBeLessThanOrEqual(innerWidth);
}

test("home and login fit a phone screen", async ({ page, a11y }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await a11y.check();
  await snap(page, "mobile-home");

  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Log in", level: 1 })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  await a11y.check();
  await snap(page, "mobile-login");
});

test.describe("signed in as the admin", () => {
  test.use({ storageState: ADMIN_STATE });

  test("the longer header and the admin pages fit a phone screen", async ({ page, a11y }) => {
    for (const path of [
      "/",
      "/admin",
      "/admin/events",
      "/admin/users",
      "/admin/events/new",
      "/events/social-media-summit-2027",
    ]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await a11y.check();
    }
    await snap(page, "mobile-event");
  });
});
