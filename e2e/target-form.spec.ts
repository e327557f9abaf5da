import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { STATE } from "./fixtures/users";
import { createAppViaUi } from "./fixtures/ui";

// The target form is drawn from each type's field list; these check what issue 12 asked of it.
const run = Date.now().toString(36);
const temp = () => fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-form-"));

test.use({ storageState: STATE.admin });

test("[TARGETS] an external target's form shows only what applies; Test connection checks a folder, a script and the hooks", async ({ page }) => {
  const app = `form-${run}`;
  await createAppViaUi(page, app);
  await page.goto("/targets/new");
  await page.getByLabel("App", { exact: true }).selectOption({ label: app });

  await page.getByLabel("Type", { exact: true }).selectOption("external");
  await expect(page.getByText("Lifeboat runs nothing for it")).toBeVisible();
  for (const label of ["Compression", "Path template", "Timeout (seconds)", "Pre-hook script", "Keep days"]) {
    await expect(page.getByLabel(label, { exact: true })).toHaveCount(0);
  }
  await expect(page.getByRole("button", { name: "Test connection" })).toHaveCount(0);

  const folder = temp();
  fs.writeFileSync(path.join(folder, "a.txt"), "a");
  await page.getByLabel("Type", { exact: true }).selectOption("filesystem");
  await expect(page.getByLabel("Compression", { exact: true })).toBeVisible();
  await page.getByLabel("Folder path").fill(folder);
  const hook = path.join(folder, "hook.sh");
  fs.writeFileSync(hook, "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  await page.getByLabel("Pre-hook script").fill(hook);
  await page.getByRole("button", { name: "Test connection" }).click();
  const results = page.getByRole("status", { name: "Connection test results" });
  await expect(results).toContainText("OK (Folder (filesystem)): Found and readable: 2 entries");
  await expect(results).toContainText(`OK (pre-hook): The pre-hook ${hook} is there and executable (found, executable)`);

  await page.getByLabel("Folder path").fill(path.join(folder, "missing"));
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(results).toContainText(`Failed (Folder (filesystem)): Folder not found: ${path.join(folder, "missing")}`);
});

test("[TARGETS] a SQLite path with no file yet is a warning, not an error, and the target can be saved", async ({ page }) => {
  const app = `sqlite-${run}`;
  await createAppViaUi(page, app);
  await page.goto("/targets/new");
  await page.getByLabel("App", { exact: true }).selectOption({ label: app });
  await page.getByLabel("Name", { exact: true }).fill("db");
  await page.getByLabel("Type", { exact: true }).selectOption("sqlite");
  const file = path.join(temp(), "app.db");
  await page.getByLabel("Database file path").fill(file);
  await page.getByLabel("Database file path").blur();
  const results = page.getByRole("status", { name: "Connection test results" });
  await expect(results).toContainText(`Warning (SQLite): No file there yet: ${file}`);
  // No error beside any field (the page's own route announcer is an alert too: look in the form).
  await expect(page.locator("form").getByRole("alert")).toHaveCount(0);
  await page.getByRole("button", { name: "Create target" }).click();
  await expect(page.getByRole("heading", { name: `${app} / db` })).toBeVisible();
});

test("[TARGETS] Test connection reaches a PostgreSQL server and says its version; a wrong password fails without showing it", async ({ page }) => {
  await page.goto("/targets/new");
  await page.getByLabel("Type", { exact: true }).selectOption("postgres");
  await page.getByLabel("Host").fill("127.0.0.1");
  await page.getByLabel("User", { exact: true }).fill("postgres");
  await page.getByLabel("Database", { exact: true }).fill("test");
  await page.getByRole("button", { name: "Test connection" }).click();
  const results = page.getByRole("status", { name: "Connection test results" });
  await expect(results).toContainText(/OK \(PostgreSQL\): Connected: PostgreSQL \d+/);

  await page.getByLabel("Database", { exact: true }).fill(`no_such_db_${run}`);
  await page.getByLabel("Password", { exact: true }).fill(`pw-${run}-secret`);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(results).toContainText("Failed (PostgreSQL)");
  expect(await page.content()).not.toContain(`pw-${run}-secret</`);
});
