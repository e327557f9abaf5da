import { test as setup, expect } from "@playwright/test";
import { ADMIN, OPERATOR, VIEWER, STATE } from "./fixtures/users";
import { noHorizontalOverflow, PHONE, WIDE } from "./fixtures/layout";

// First run: the setup page creates the admin; the admin then creates an operator and a viewer.
setup("[SETUP] first run creates the admin, who adds an operator and a viewer", async ({ page, browser }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup/);
  // The setup page exists only before the first admin: its phone/wide check is here (issue 12).
  const usual = page.viewportSize()!;
  for (const size of [PHONE, WIDE]) {
    await page.setViewportSize(size);
    await expect(page.getByRole("heading", { name: "Welcome: create the first admin", level: 1 })).toBeVisible();
    await noHorizontalOverflow(page);
  }
  await page.setViewportSize(PHONE);
  await page.getByLabel("Name").fill("Ada Admin");
  await page.getByLabel("Email").fill(ADMIN.email);
  // A refused first try (passwords differ) keeps the name and email that were typed.
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill("something-else-1");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.locator("#confirm-error")).toHaveText("The passwords do not match");
  await expect(page.getByLabel("Name")).toHaveValue("Ada Admin");
  await expect(page.getByLabel("Email")).toHaveValue(ADMIN.email);
  await noHorizontalOverflow(page); // with the error shown, on a phone
  await page.setViewportSize(usual);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Confirm password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await page.context().storageState({ path: STATE.admin });

  for (const u of [OPERATOR, VIEWER]) {
    await page.goto("/users");
    await page.getByRole("link", { name: "Add user" }).click();
    await page.getByLabel("Email").fill(u.email);
    await page.getByLabel("Password").fill(u.password);
    await page.getByLabel("Role").selectOption(u.role);
    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByRole("cell", { name: u.email })).toBeVisible();
  }

  for (const u of [OPERATOR, VIEWER]) {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto("/login");
    await p.getByLabel("Email").fill(u.email);
    await p.getByLabel("Password").fill(u.password);
    await p.getByRole("button", { name: "Sign in" }).click();
    await expect(p.getByTestId("current-user")).toHaveText(u.email);
    await ctx.storageState({ path: STATE[u.role] });
    await ctx.close();
  }
});
