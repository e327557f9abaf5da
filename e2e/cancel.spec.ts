import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { STATE } from "./fixtures/users";
import { createAppViaUi, createTargetViaUi } from "./fixtures/ui";

// The admin sets up a script target whose script prints a line and then takes a minute; an
// operator starts it, sees it running with that line in the live log, and cancels it.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const APP = `cancel-e2e-${stamp}`;
const LINE = `lifeboat-cancel-e2e started ${stamp}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-cancel-e2e-"));
const script = path.join(work, "slow-backup.sh");
let targetUrl = "";

test.beforeAll(() => {
  fs.writeFileSync(script, `#!/bin/sh\necho "${LINE}"\nsleep 60\necho done > "$LIFEBOAT_OUTPUT_DIR/late.txt"\n`);
  fs.chmodSync(script, 0o755);
});

test.describe("as admin", () => {
  test.use({ storageState: STATE.admin });
  test("[RUNS] the admin creates a script target whose backup takes a minute", async ({ page }) => {
    await createAppViaUi(page, APP);
    targetUrl = await createTargetViaUi(page, {
      app: APP,
      name: "slow-script",
      type: "script",
      fill: (p) => p.getByLabel("Script command").fill(script),
    });
  });
});

test.describe("as operator", () => {
  test.use({ storageState: STATE.operator });
  test("[RUNS] an operator cancels a running backup and the run ends cancelled", async ({ page }) => {
    await page.goto(targetUrl);
    await page.getByRole("button", { name: "Back up now" }).click();
    await expect(page).toHaveURL(/\/runs\/\d+$/);
    const runId = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.getByRole("heading", { name: `Run #${runId}` })).toBeVisible();

    // Running, with the script's first line in the live log while the script still sleeps.
    await expect(page.locator('[data-status="running"]').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("log", { name: "Run log" })).toContainText(LINE, { timeout: 30_000 });
    // A script reports no bytes: it shows how long it has been running, not "0 B processed".
    await expect(page.getByTestId("run-progress")).toContainText(/running for \d+ s/);
    await expect(page.getByTestId("run-progress")).not.toContainText("0 B processed");
    await expect(page.getByTestId("running-timer")).toContainText("running for");

    // The confirmation is a dialog that says what stops (was window.confirm).
    await page.getByRole("button", { name: "Cancel run" }).click();
    await page.getByRole("alertdialog", { name: `Cancel run #${runId}?` }).getByRole("button", { name: "Stop the run" }).click();

    // Well before the script's 60 s sleep would end.
    await expect(page.locator('[data-status="cancelled"]').first()).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('[data-status="running"]')).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
    await expect(page.getByText(/cancelled by operator@lifeboat\.test/).first()).toBeVisible();
  });
});
