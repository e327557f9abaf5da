import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { STATE } from "./fixtures/users";
import { createAppViaUi, createTargetViaUi } from "./fixtures/ui";

// The admin sets up a folder target whose pre-hook can be made to take a minute; an operator
// backs it up, restores it over the original (so the safety backup runs that slow hook first),
// and cancels the restore from its page: it ends cancelled and nothing was changed.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const APP = `restore-cancel-e2e-${stamp}`;
const TARGET = "slowfiles";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-restore-cancel-e2e-"));
const folder = path.join(work, "data");
const hook = path.join(work, "pre-hook.sh");
const armed = path.join(work, "armed");

test.beforeAll(() => {
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, "notes.txt"), "backed up\n");
  fs.writeFileSync(hook, `#!/bin/sh\nif [ -f "${armed}" ]; then sleep 60; fi\n`);
  fs.chmodSync(hook, 0o755);
});

test.describe("as admin", () => {
  test.use({ storageState: STATE.admin });
  test("[RESTORE] the admin adds a folder target with a pre-hook", async ({ page }) => {
    await createAppViaUi(page, APP);
    await createTargetViaUi(page, {
      app: APP,
      name: TARGET,
      type: "filesystem",
      fill: async (p) => {
        await p.getByLabel("Folder path").fill(folder);
        await p.getByLabel("Pre-hook script").fill(hook);
      },
    });
  });
});

test.describe("as operator", () => {
  test.use({ storageState: STATE.operator });

  test("[RESTORE] an operator cancels a running restore from its page; it ends cancelled and nothing was changed", async ({ page }) => {
    await page.goto("/targets");
    // A click before React has hydrated the list is lost (the full run showed it: no navigation).
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    // This app's row: other specs (and a retry of this one) have targets named slowfiles too.
    await page.getByRole("row", { name: new RegExp(`^${APP} ${TARGET} `) }).getByRole("link", { name: TARGET, exact: true }).click();
    // Wait for the target page: the list has a "Back up now" on every row.
    await expect(page.getByRole("heading", { name: `${APP} / ${TARGET}` })).toBeVisible();
    await page.getByRole("button", { name: "Back up now" }).click();
    await expect(page).toHaveURL(/\/runs\/\d+$/);
    const runId = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.locator('[data-status="success"]')).toBeVisible({ timeout: 60_000 });

    // From now on the safety backup's pre-hook takes a minute; the live file has changed.
    fs.writeFileSync(armed, "");
    fs.writeFileSync(path.join(folder, "notes.txt"), "changed since\n");

    await page.getByRole("link", { name: "Restore…" }).click();
    await expect(page).toHaveURL(new RegExp(`/runs/${runId}/restore$`));
    await page.getByLabel(`Type the target name (${TARGET}) to confirm`).fill(TARGET);
    await page.getByRole("button", { name: "Restore", exact: true }).click();
    await expect(page).toHaveURL(/\/restores\/\d+$/);
    await expect(page.locator('[data-status="running"]').first()).toBeVisible();
    await expect(page.getByLabel("Restore log")).toContainText(/Safety backup is run #\d+/);

    // The confirmation is a dialog that says what happens (was window.confirm).
    await page.getByRole("button", { name: "Cancel restore" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Stop the restore" }).click();

    // Well before the hook's 60 s would end.
    await expect(page.locator('[data-status="cancelled"]').first()).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole("alert").filter({ hasText: "Cancelled by operator@lifeboat.test. Nothing was changed." })).toBeVisible();
    await expect(page.getByRole("button", { name: "Cancel restore" })).toHaveCount(0);
    await expect(page.getByLabel("Restore log")).toContainText("CANCELLED: Cancelled by operator@lifeboat.test");
    expect(fs.readFileSync(path.join(folder, "notes.txt"), "utf8")).toBe("changed since\n");

    // The safety backup that was running was cancelled with it.
    await page.getByRole("link", { name: /^run #\d+$/ }).last().click();
    await expect(page.locator('[data-status="cancelled"]').first()).toBeVisible();
  });
});
