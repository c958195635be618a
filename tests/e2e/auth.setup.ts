import { expect, test as setup } from "@playwright/test";
import { ADMIN_STATE, DEMO, DEMO_PASSWORD } from "./support/env.ts";
import { submitLogIn } from "./support/users.ts";

// Logs the demo admin in once; the admin tests start from this saved browser state.
setup("log in as the demo admin", async ({ page }) => {
  await page.goto("/login");
  await submitLogIn(page, DEMO.admin.email, DEMO_PASSWORD);
  // The welcome flash is read (and its cookie cleared) before the state is saved.
  await expect(page.getByRole("status")).toHaveText(`Welcome back, ${DEMO.admin.name}.`);
  await expect(page.getByRole("link", { name: "Admin" })).toBeVisible();
  await page.context().storageState({ path: ADMIN_STATE });
});
