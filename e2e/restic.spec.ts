import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { ADMIN, STATE } from "./fixtures/users";
import { createAppViaUi, createTargetViaUi } from "./fixtures/ui";

// One story in order: a folder target on the restic engine is backed up twice from the console;
// the second run adds only what changed; the run page browses the snapshot and downloads a file;
// the repository's password is shown once to the admin.
test.describe.configure({ mode: "serial" });
test.use({ storageState: STATE.admin });

const stamp = Date.now().toString(36);
const APP = `restic-e2e-${stamp}`;
const src = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-restic-e2e-"));
const video = crypto.randomBytes(2_000_000);
let targetUrl = "";
let secondRunUrl = "";

test.beforeAll(() => {
  fs.mkdirSync(path.join(src, "cam1", "2026-12-01"), { recursive: true });
  fs.writeFileSync(path.join(src, "cam1", "2026-12-01", "0800.mp4"), video);
  fs.writeFileSync(path.join(src, "readme.txt"), "cctv export\n");
});

async function backUp(page: import("@playwright/test").Page): Promise<string> {
  await page.goto(targetUrl);
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  await expect(page.locator('[data-status="success"]')).toBeVisible({ timeout: 120_000 });
  return new URL(page.url()).pathname;
}

test("[RESTIC] a folder target on the restic engine: snapshots, the second one adds only the new file", async ({ page }) => {
  await createAppViaUi(page, APP);
  targetUrl = await createTargetViaUi(page, {
    app: APP,
    name: "cctv",
    type: "filesystem",
    fill: async (p) => {
      await p.getByLabel("Folder path").fill(src);
      await p.getByLabel("Backup engine").selectOption("restic");
    },
  });
  const first = await backUp(page);
  await expect(page.getByText(/Snapshot/).first()).toBeVisible();
  await expect(page.locator("dd").filter({ hasText: /2 new, 0 changed, 0 unmodified/ })).toBeVisible();

  fs.writeFileSync(path.join(src, "cam1", "2026-12-01", "0900.mp4"), crypto.randomBytes(500_000));
  const second = await backUp(page);
  expect(second).not.toBe(first);
  secondRunUrl = second;
  await expect(page.locator("dd").filter({ hasText: /1 new, 0 changed, 2 unmodified/ })).toBeVisible();
});

test("[RESTIC] the run page browses the snapshot's folders and downloads a file exactly", async ({ page }) => {
  await page.goto(secondRunUrl);
  const files = page.getByRole("table", { name: "Snapshot files" });
  await expect(files.getByRole("link", { name: "cam1/" })).toBeVisible();
  await expect(files.getByText("readme.txt")).toBeVisible();
  await files.getByRole("link", { name: "cam1/" }).click();
  await page.getByRole("table", { name: "Snapshot files" }).getByRole("link", { name: "2026-12-01/" }).click();
  const row = page.getByRole("table", { name: "Snapshot files" }).getByRole("row").filter({ hasText: "0800.mp4" });
  await expect(row).toBeVisible();
  const [dl] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: "Download" }).click()]);
  const file = path.join(src, "..", `dl-${stamp}.bin`);
  await dl.saveAs(file);
  expect(fs.readFileSync(file).equals(video)).toBe(true);
});

test("[RESTIC] the repository's password is shown once to the admin, after their password", async ({ page }) => {
  await page.goto("/settings/storage");
  await expect(page.getByRole("heading", { name: "Print the restic repository passwords" })).toBeVisible();
  const show = page.getByRole("button", { name: /^Show the password of .+ once$/ }).first();
  await expect(show).toBeDisabled();
  const shownName = (await show.getAttribute("aria-label")) ?? (await show.textContent())!;
  await page.getByLabel(/^Your password \(repository in/).first().fill("not my password");
  await show.click();
  await expect(page.getByText("Not your password")).toBeVisible();
  await page.getByLabel(/^Your password \(repository in/).first().fill(ADMIN.password);
  await show.click();
  const code = page.getByLabel(/^restic password of /);
  await expect(code).toHaveText(/^\S{20,}$/);
  const password = (await code.textContent())!;
  // Shown once: a copy button beside it takes it whole.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
  await page.getByRole("button", { name: "Copy the password" }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(password);
  await page.reload();
  // That repository's password is not offered again (other specs may have made more repositories:
  // restic-copies.spec's copy locations), and it is nowhere on the page.
  await expect(page.getByRole("button", { name: shownName.trim(), exact: true })).toHaveCount(0);
  expect(await page.content()).not.toContain(password);
  // Once every repository's password was shown, the card is gone.
  const heading = page.getByRole("heading", { name: "Print the restic repository passwords" });
  for (let i = 0; i < 10 && (await heading.count()) > 0; i++) {
    await page.getByLabel(/^Your password \(repository in/).first().fill(ADMIN.password);
    await page.getByRole("button", { name: /^Show the password of .+ once$/ }).first().click();
    await expect(page.getByLabel(/^restic password of /)).toHaveText(/^\S{20,}$/);
    await page.reload();
  }
  await expect(heading).toHaveCount(0);
});
