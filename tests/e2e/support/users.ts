import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";

/** An address no other test (or earlier run) uses, so tests can run in parallel against one database. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}${randomBytes(3).toString("hex")}@example.com`;
}

export type NewAccount = { name: string; email: string; password: string };

export function newAccount(label: string): NewAccount {
  return {
    name: `Jordan ${label[0].toUpperCase()}${label.slice(1)}`,
    email: uniqueEmail(label),
    password: `correct horse ${randomBytes(4).toString("hex")}`,
  };
}

/** Fills and submits the sign-up form on the current /signup page. */
export async function submitSignUp(page: Page, account: NewAccount) {
  await page.getByLabel("Your name").fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

/** Fills and submits the login form on the current /login page. */
export async function submitLogIn(page: Page, email: string, password: string) {
  await expect(page.getByRole("heading", { name: "Log in", level: 1 })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}
