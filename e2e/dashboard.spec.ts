import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect, type Page } from "@playwright/test";
import { STATE } from "./fixtures/users";
import { createAppViaUi, createFolderTargetViaUi } from "./fixtures/ui";

// The admin sets up an app with three folder targets; the operator backs two of them up (one
// fails); the dashboard then shows each one's status word, the counts, the failure with its
// reason (one click to the run), storage with a forecast, and the target page its trends.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const APP = `dash-e2e-${stamp}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-dash-e2e-"));
const good = path.join(work, "good");
const doomed = path.join(work, "doomed");
const urls: Record<string, string> = {};
let failedRunId = "";

test.beforeAll(() => {
  fs.mkdirSync(good, { recursive: true });
  fs.writeFileSync(path.join(good, "a.txt"), "dashboard e2e\n".repeat(1000));
  fs.mkdirSync(doomed, { recursive: true });
  fs.writeFileSync(path.join(doomed, "b.txt"), "b");
});

function createTarget(page: Page, name: string, folder: string): Promise<string> {
  return createFolderTargetViaUi(page, APP, name, folder);
}

function targetRow(page: Page, name: string) {
  return page.getByRole("table", { name: "Target health" }).getByRole("row").filter({ hasText: APP }).filter({ hasText: name });
}

async function backUpNow(page: Page, url: string, expected: "success" | "failed"): Promise<string> {
  await page.goto(url);
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  await expect(page.locator(`[data-status="${expected}"]`).first()).toBeVisible({ timeout: 60_000 });
  return new URL(page.url()).pathname.split("/").pop()!;
}

test.describe("as admin", () => {
  test.use({ storageState: STATE.admin });
  test("[DASHBOARD] a new target shows as never backed up, counted at the top", async ({ page }) => {
    await createAppViaUi(page, APP);
    urls.good = await createTarget(page, "good-files", good);
    urls.bad = await createTarget(page, "doomed-files", doomed);
    urls.never = await createTarget(page, "idle-files", good);
    fs.rmSync(doomed, { recursive: true, force: true });

    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(targetRow(page, "idle-files").locator('[data-status="never"]')).toBeVisible();
    await expect(targetRow(page, "idle-files")).toContainText("no runs yet");
    const never = page.getByRole("list", { name: "Targets by status" }).locator('[data-count="never"]');
    expect(Number(await never.locator("div").first().textContent())).toBeGreaterThanOrEqual(3);
  });
});

test.describe("as operator", () => {
  test.use({ storageState: STATE.operator });
  test("[DASHBOARD] after a good and a failed run, each target shows its status word", async ({ page }) => {
    await backUpNow(page, urls.good, "success");
    failedRunId = await backUpNow(page, urls.bad, "failed");

    await page.goto("/");
    const ok = targetRow(page, "good-files");
    await expect(ok.locator('[data-status="ok"]')).toBeVisible();
    // Last success as "… ago" with the exact time on hover; a size for the artifact.
    await expect(ok.locator("time").first()).toHaveText(/ago|just now/);
    await expect(ok.locator("time").first()).toHaveAttribute("title", /\d/);
    await expect(ok).toContainText(/\d+(\.\d)? (B|KiB|MiB)/);

    const bad = targetRow(page, "doomed-files");
    await expect(bad.locator('[data-status="failed"]').first()).toBeVisible();
    await expect(bad).toContainText("never"); // no success yet

    // Worst first: the failed target comes before the ok one.
    const names = await page.getByRole("table", { name: "Target health" }).getByRole("row").filter({ hasText: APP }).allTextContents();
    expect(names.findIndex((t) => t.includes("doomed-files"))).toBeLessThan(names.findIndex((t) => t.includes("good-files")));

    const tiles = page.getByRole("list", { name: "Targets by status" });
    expect(Number(await tiles.locator('[data-count="failed"] div').first().textContent())).toBeGreaterThanOrEqual(1);
    expect(Number(await tiles.locator('[data-count="ok"] div').first().textContent())).toBeGreaterThanOrEqual(1);
    await expect(page.getByRole("definition").filter({ hasText: /^\d+(\.\d)? %$/ }).first()).toBeVisible();
  });

  test("[DASHBOARD] the latest failure shows its reason and opens the run in one click", async ({ page }) => {
    await page.goto("/");
    const failures = page.getByRole("list", { name: "Latest failures" });
    const item = failures.getByRole("listitem").filter({ hasText: `${APP} / doomed-files` });
    await expect(item).toBeVisible();
    // The reason names the folder that vanished.
    await expect(item).toContainText(doomed);
    await item.getByRole("link", { name: `Run #${failedRunId} log` }).click();
    await expect(page).toHaveURL(new RegExp(`/runs/${failedRunId}$`));
  });

  test("[DASHBOARD] storage shows bytes used, free space and a forecast in words", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByText(/Lifeboat's artifacts use .+ in total/)).toBeVisible();
    const folders = page.getByRole("table", { name: "Storage folders" });
    await expect(folders.getByRole("row").nth(1)).toContainText(/full in ~\d+ days?|not filling up|full within a day|full now/);
    await expect(page.getByRole("figure", { name: "Total storage used over time" })).toBeVisible();
  });

  test("[DASHBOARD] the target page draws size, duration and success-rate trends for 30 or 90 days", async ({ page }) => {
    await page.goto(urls.good);
    const trends = page.getByRole("region", { name: "Trends" });
    await expect(trends.getByRole("figure", { name: "Artifact size" })).toContainText("1 run, 0 failed");
    await expect(trends.getByRole("figure", { name: "Run duration" })).toBeVisible();
    await expect(trends.getByRole("figure", { name: "Success rate per day" })).toContainText("100 % of 1 run succeeded");
    await trends.getByRole("button", { name: "90 days" }).click();
    await expect(trends.getByRole("button", { name: "90 days" })).toHaveAttribute("aria-pressed", "true");
    await expect(trends.locator(".recharts-surface").first()).toBeVisible();
  });
});
