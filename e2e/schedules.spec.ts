import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { test, expect, type Page } from "@playwright/test";
import { STATE } from "./fixtures/users";
import { createAppViaUi, createFolderTargetViaUi } from "./fixtures/ui";

const APP = `sched-${Date.now().toString(36)}`;
const src = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-sched-"));
fs.writeFileSync(path.join(src, "a.txt"), "hello");

async function createTarget(page: Page, name: string): Promise<number> {
  const url = await createFolderTargetViaUi(page, APP, name, src);
  return Number(url.split("/").pop());
}

/** Writes straight into the console's SQLite file: the target's schedules promised backups since `at`. */
function setScheduleEnabledAt(targetId: number, at: Date): void {
  const db = new Database(path.join(process.env.E2E_DATA_DIR!, "lifeboat.db"));
  db.pragma("busy_timeout = 5000");
  try {
    db.prepare("update schedules set enabled_at = ? where target_id = ?").run(at.getTime(), targetId);
  } finally {
    db.close();
  }
}

const scheduleRow = (page: Page, target: string) => page.getByRole("row").filter({ hasText: `${APP} / ${target}` });

test.describe.serial("schedules", () => {
  test.describe("as admin", () => {
    test.use({ storageState: STATE.admin });

    test("[SCHEDULES] the admin creates a schedule and sees it in words with its next 5 run times", async ({ page }) => {
      await createAppViaUi(page, APP);
      const id = await createTarget(page, "nightly");

      await page.goto(`/schedules/new?targetId=${id}`);
      await page.getByLabel("Repeat").selectOption("cron");
      await page.getByLabel("Cron expression").fill("61 * * * *");
      await expect(page.locator("#cronExpr-error")).toContainText("61");
      await expect(page.getByLabel("Cron expression")).toHaveAttribute("aria-invalid", "true");

      await page.getByLabel("Repeat").selectOption("daily");
      await page.getByLabel("Hour (0-23)").fill("2");
      await page.getByLabel("Minute (0-59)").fill("0");
      await page.getByLabel("Timezone").fill("Mars/Olympus");
      await expect(page.locator("#timezone-error")).toContainText("Unknown timezone");
      await page.getByLabel("Timezone").fill("Asia/Ho_Chi_Minh");
      await expect(page.getByTestId("rule-in-words")).toHaveText("every day at 02:00, Asia/Ho_Chi_Minh");
      await expect(page.getByRole("list", { name: "Next run times" }).getByRole("listitem")).toHaveCount(5);

      await page.getByRole("button", { name: "Create schedule" }).click();
      await expect(page).toHaveURL(/\/schedules$/);
      const row = scheduleRow(page, "nightly");
      await expect(row).toContainText("every day at 02:00, Asia/Ho_Chi_Minh");
      await expect(row.getByRole("cell").nth(2).locator("time")).toHaveCount(1);
      await expect(row.getByRole("link", { name: /^Edit schedule/ })).toBeVisible();
      // Delete is in the row's ⋯ menu.
      await row.getByRole("button", { name: /^More actions for schedule/ }).click();
      await expect(page.getByRole("menuitem", { name: "Delete schedule…" })).toBeVisible();
      await page.keyboard.press("Escape");
    });

    test("[SCHEDULES] a new schedule is not overdue for a slot before it existed; one that missed its expected slot says since when", async ({ page }) => {
      const id = await createTarget(page, "late");
      // A daily slot 10 minutes ago (UTC), grace 0: due, missed (not fresh, so not started), never backed up.
      const slot = new Date(Date.now() - 10 * 60_000);
      slot.setUTCSeconds(0, 0);
      await page.goto(`/schedules/new?targetId=${id}`);
      await page.getByLabel("Repeat").selectOption("daily");
      await page.getByLabel("Hour (0-23)").fill(String(slot.getUTCHours()));
      await page.getByLabel("Minute (0-59)").fill(String(slot.getUTCMinutes()));
      await page.getByLabel("Timezone").fill("UTC");
      await page.getByLabel("Grace (minutes)").fill("0");
      await expect(page.getByTestId("rule-in-words")).toContainText("every day at");
      await page.getByRole("button", { name: "Create schedule" }).click();
      await expect(page).toHaveURL(/\/schedules$/);
      // That slot came before the schedule existed: nothing was promised for it.
      await expect(scheduleRow(page, "late").locator('[data-status="never"]')).toBeVisible();

      // The same schedule, in place for two days (as the console's database would hold it).
      const yesterdaysSlot = new Date(slot.getTime() - 86_400_000);
      setScheduleEnabledAt(id, new Date(Date.now() - 2 * 86_400_000));
      await page.reload();
      const row = scheduleRow(page, "late");
      await expect(row.locator('[data-status="overdue"]')).toBeVisible();
      await expect(row.getByTestId("overdue-since").locator("time").first()).toHaveAttribute("datetime", yesterdaysSlot.toISOString());
      await expect(row.getByTestId("overdue-since")).toContainText("expected");

      // The loop that records overdue moments runs in the console process.
      const health = await (await page.request.get("/api/health")).json();
      expect(health.scheduler).toBe("running");
      // The dashboard and the target's page show the same words for the same target.
      await page.goto("/");
      const dash = page.locator(`tr[data-target-id="${id}"]`);
      await expect(dash.locator('[data-status="overdue"]')).toBeVisible();
      await expect(dash.getByTestId("overdue-since").locator("time").last()).toHaveAttribute("datetime", yesterdaysSlot.toISOString());
      await page.goto(`/targets/${id}`);
      await expect(page.getByTestId("target-status").first().locator('[data-status="overdue"]')).toBeVisible();
      await expect(page.getByTestId("overdue-since").first()).toContainText("since");
    });

    test("[SETTINGS] the admin changes the console defaults; a bad value gets an error beside its field", async ({ page }) => {
      await page.goto("/settings");
      await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API tokens" })).toBeVisible();
      await page.getByLabel("Daily retention sweep time").fill("25:00");
      await page.getByRole("button", { name: "Save settings" }).click();
      await expect(page.locator("#retentionSweepTime-error")).toContainText("HH:MM");
      await page.getByLabel("Daily retention sweep time").fill("03:30");
      await page.getByLabel("Default timezone").fill("Europe/Berlin");
      await page.getByRole("button", { name: "Save settings" }).click();
      // The form's own alert (a toast says it too).
      await expect(page.getByRole("alert").filter({ hasText: "Settings saved" })).toBeVisible();
      await page.reload();
      await expect(page.getByLabel("Default timezone")).toHaveValue("Europe/Berlin");
      await expect(page.getByLabel("Daily retention sweep time")).toHaveValue("03:30");
      // New schedules start from the new default timezone.
      await page.goto("/schedules/new");
      await expect(page.getByLabel("Timezone")).toHaveValue("Europe/Berlin");
    });
  });

  test.describe("as operator", () => {
    test.use({ storageState: STATE.operator });
    test("[SCHEDULES] an operator can disable and enable a schedule but not edit or delete it", async ({ page }) => {
      await page.goto("/schedules");
      const row = scheduleRow(page, "nightly");
      await expect(row.getByRole("link", { name: /^Edit schedule/ })).toHaveCount(0);
      await expect(row.getByRole("button", { name: /^More actions for schedule/ })).toHaveCount(0);
      await row.getByRole("button", { name: /^Disable schedule/ }).click();
      await expect(row.getByText("disabled", { exact: true })).toBeVisible();
      await row.getByRole("button", { name: /^Enable schedule/ }).click();
      await expect(row.getByText("disabled", { exact: true })).toHaveCount(0);
    });
  });

  test.describe("as viewer", () => {
    test.use({ storageState: STATE.viewer });
    test("[SCHEDULES] a viewer sees schedules without any action button", async ({ page }) => {
      await page.goto("/schedules");
      const row = scheduleRow(page, "nightly");
      await expect(row).toContainText("every day at 02:00");
      await expect(row.getByRole("button")).toHaveCount(0);
    });
  });
});
