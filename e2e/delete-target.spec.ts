import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect, type Page } from "@playwright/test";
import { STATE } from "./fixtures/users";
import { createAppViaUi, createFolderTargetViaUi, createTargetViaUi } from "./fixtures/ui";

// The admin deletes a target: the dialog asks about its backup files, a running backup blocks it,
// and files left behind show on Storage as not belonging to any target until deleted there.
test.describe.configure({ mode: "serial" });
test.use({ storageState: STATE.admin });

const stamp = Date.now().toString(36);
const APP = `del-e2e-${stamp}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-del-e2e-"));
const src = path.join(work, "src");
const slow = path.join(work, "slow.sh");
fs.mkdirSync(src);
fs.writeFileSync(path.join(src, "notes.txt"), "keep me");
fs.writeFileSync(slow, `#!/bin/sh\necho started\nsleep 60\n`, { mode: 0o755 });

async function backUpNow(page: Page, url: string, expected: "success" | "running"): Promise<string> {
  await page.goto(url);
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  await expect(page.locator(`[data-status="${expected}"]`).first()).toBeVisible({ timeout: 60_000 });
  return new URL(page.url()).pathname.split("/").pop()!;
}

test("[TARGETS] a running backup blocks deleting its target, and the dialog says which run", async ({ page }) => {
  await createAppViaUi(page, APP);
  const url = await createTargetViaUi(page, { app: APP, name: "slow", type: "script", fill: (p) => p.getByLabel("Script command").fill(slow) });
  const runId = await backUpNow(page, url, "running");

  await page.goto(url);
  await openDeleteDialog(page);
  const dialog = page.getByRole("alertdialog");
  await expect(dialog.getByTestId("delete-blockers")).toContainText(`run #${runId} is running`);
  await expect(dialog.getByRole("link", { name: `run #${runId}` })).toHaveAttribute("href", `/runs/${runId}`);
  await expect(dialog.getByRole("button", { name: "Delete target" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await page.goto(`/runs/${runId}`);
  await page.getByRole("button", { name: "Cancel run" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Stop the run" }).click();
  await expect(page.locator('[data-status="cancelled"]').first()).toBeVisible({ timeout: 20_000 });
});

test("[STORAGE] a deleted target's kept backup file is listed as not belonging to any target, and an admin deletes it", async ({ page }) => {
  const url = await createFolderTargetViaUi(page, APP, "files", src);
  await backUpNow(page, url, "success");

  await page.goto(url);
  await openDeleteDialog(page);
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText(`Delete target ${APP}/files?`);
  const box = dialog.getByRole("checkbox", { name: /Also delete its 1 backup file/ });
  await expect(box).not.toBeChecked();
  await expect(dialog).toContainText("listed under Storage as not belonging to any target");
  await dialog.getByRole("button", { name: "Delete target" }).click();
  await expect(page).toHaveURL(/\/targets$/);
  // A toast says it was done (issue 12: feedback after create/update/delete/trigger).
  await expect(page.getByText(`Target ${APP}/files deleted`, { exact: true })).toBeVisible();
  // Other specs have targets named "files" in their own apps: look at this app's rows only.
  await expect(page.getByRole("row").filter({ hasText: APP }).getByRole("link", { name: "files", exact: true })).toHaveCount(0);

  // The dashboard's total still counts it and points to Storage.
  await page.goto("/");
  await page.getByRole("link", { name: "do not belong to any target" }).click();
  await expect(page).toHaveURL(/\/storage$/);
  const row = page.getByRole("table", { name: "Files not belonging to any target" }).getByRole("row").filter({ hasText: `${APP} / files` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(".tar.zst");
  // Deleting is in the row's ⋯ menu (one button hierarchy: no Delete button on every row), then a dialog.
  await row.getByRole("button", { name: /^More actions for / }).click();
  await page.getByRole("menuitem", { name: "Delete file…" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Yes, delete the file" }).click();
  await expect(page.getByText("Backup file deleted", { exact: true })).toBeVisible();
  await expect(page.getByRole("table", { name: "Files not belonging to any target" }).getByRole("row").filter({ hasText: `${APP} / files` })).toHaveCount(0);
});

test("[TARGETS] ticking the box deletes the target's backup files with it", async ({ page }) => {
  const url = await createFolderTargetViaUi(page, APP, "gone", src);
  await backUpNow(page, url, "success");
  await page.goto(url);
  await openDeleteDialog(page);
  const dialog = page.getByRole("alertdialog");
  await dialog.getByRole("checkbox", { name: /Also delete its 1 backup file/ }).check();
  await expect(dialog).toContainText("The files are deleted from the storage folder.");
  await dialog.getByRole("button", { name: "Delete target" }).click();
  await expect(page).toHaveURL(/\/targets$/);
  await page.goto("/storage");
  await expect(page.getByText(`${APP} / gone`)).toHaveCount(0);
});

/** Delete sits in the target page's ⋯ menu; it opens the delete dialog. */
async function openDeleteDialog(page: Page) {
  await page.getByRole("button", { name: /^More actions for / }).click();
  await page.getByRole("menuitem", { name: "Delete target…" }).click();
}
