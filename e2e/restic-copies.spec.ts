import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect, type Page } from "@playwright/test";
import { STATE } from "./fixtures/users";
import { createAppViaUi, createTargetViaUi } from "./fixtures/ui";

// Offsite copies of a restic target as people use them (issues 13/14), with the real restic: an
// admin adds two folder locations and a restic folder target that keeps one snapshot itself and
// copies each to both; an operator backs it up twice, sees each copy "copied" with its snapshot,
// and restores the first backup — whose own snapshot retention has forgotten — from a copy.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const APP = `restic-copies-e2e-${stamp}`;
const TARGET = `cams-${stamp}`;
const NEAR = `Restic copies A ${stamp}`;
const SECOND = `Restic copies B ${stamp}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-e2e-restic-copies-"));
/** A location's folder (Storage lists a deleted target's snapshots by it). */
const folderOf = (name: string) => path.join(tmp, name.replace(/\W+/g, "-"));
const src = path.join(tmp, "src");
const out = path.join(tmp, "restored");
const day1 = crypto.randomBytes(400_000);
let targetPath = "";
const runIds: string[] = [];

test.beforeAll(() => {
  fs.mkdirSync(path.join(src, "cam1"), { recursive: true });
  fs.writeFileSync(path.join(src, "cam1", "day1.bin"), day1);
  fs.writeFileSync(path.join(src, "notes.txt"), "day one\n");
});
test.afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Reload until `check` passes: the page shows a background task's outcome after it ends. */
async function reloadUntil(page: Page, check: () => Promise<void>, timeout = 90_000) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout });
}

test.describe("as admin", () => {
  test.use({ storageState: STATE.admin });

  test("[RESTIC] two folder locations and a restic target keeping one snapshot, copied to both", async ({ page }) => {
    for (const name of [NEAR, SECOND]) {
      await page.goto("/settings/storage/new");
      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByLabel("Folder", { exact: true }).fill(folderOf(name));
      await page.getByRole("button", { name: "Add location" }).click();
      await expect(page.getByText(`Storage location “${name}” saved.`)).toBeVisible();
    }
    await createAppViaUi(page, APP);
    targetPath = await createTargetViaUi(page, {
      app: APP,
      name: TARGET,
      type: "filesystem",
      fill: async (p) => {
        await p.getByLabel("Folder path").fill(src);
        await p.getByLabel("Backup engine").selectOption("restic");
        // The primary repository keeps only the newest snapshot; the copy locations keep every one.
        await p.getByLabel("Keep days", { exact: true }).fill("");
        await p.getByLabel("Keep last", { exact: true }).fill("1");
        await p.getByRole("button", { name: "Add a copy location" }).click();
        await p.getByLabel("Copy 1 to").selectOption({ label: `${NEAR} (local)` });
        await p.getByRole("button", { name: "Add a copy location" }).click();
        await p.getByLabel("Copy 2 to").selectOption({ label: `${SECOND} (local)` });
      },
    });
  });
});

test.describe("as operator", () => {
  test.use({ storageState: STATE.operator });

  async function backUpAndSeeCopies(page: Page): Promise<void> {
    await page.goto(targetPath);
    await page.getByRole("button", { name: "Back up now" }).click();
    await expect(page).toHaveURL(/\/runs\/\d+$/);
    runIds.push(new URL(page.url()).pathname.split("/").pop()!);
    await expect(page.locator('[data-status="success"]')).toBeVisible({ timeout: 120_000 });
    const copies = page.getByRole("list", { name: "Copies" });
    for (const name of [NEAR, SECOND]) {
      const item = copies.getByRole("listitem").filter({ hasText: name });
      await reloadUntil(page, () => expect(item).toContainText("copied", { timeout: 2_000 }));
      // The copy's own snapshot id in that location's repository, and the data it added there.
      await expect(item).toContainText(/snapshot [0-9a-f]{8}/);
      await expect(item).toContainText(/\d+(\.\d+)? (B|KiB|MiB) added/);
      // A snapshot is not a file: no download link from a copy location's repository.
      await expect(item.getByRole("link", { name: /^Download from/ })).toHaveCount(0);
    }
  }

  test("[RESTIC] each backup is copied into both locations' repositories: 'copied', with its snapshot id", async ({ page }) => {
    test.setTimeout(240_000);
    await backUpAndSeeCopies(page);
    fs.writeFileSync(path.join(src, "cam1", "day2.bin"), crypto.randomBytes(200_000));
    fs.writeFileSync(path.join(src, "notes.txt"), "day two\n");
    await backUpAndSeeCopies(page);
  });

  test("[RESTIC] the first backup, forgotten in the primary by retention, is restored from the copy chosen with 'Read from here'", async ({ page }) => {
    test.setTimeout(180_000);
    const sources = page.getByRole("list", { name: "Artifact sources" });
    const primary = sources.getByTestId("artifact-source").filter({ hasText: "Primary" });
    // Retention runs after the second backup: the first one's snapshot leaves the primary repository.
    await page.goto(`/runs/${runIds[0]}/restore`);
    await reloadUntil(page, () => expect(primary).toContainText("cannot be read: the snapshot is pruned", { timeout: 2_000 }));
    await expect(sources.getByTestId("artifact-source").filter({ hasText: NEAR })).toContainText("used");
    await sources.getByRole("link", { name: `Read from ${SECOND}` }).click();
    await expect(page).toHaveURL(/storage=\d+/);
    await expect(sources.getByTestId("artifact-source").filter({ hasText: SECOND })).toContainText("chosen");

    await page.getByLabel("An alternate destination that does not exist yet or is empty").check();
    await page.getByLabel("Alternate folder").fill(out);
    await page.getByRole("button", { name: "Check destination" }).click();
    await expect(page).toHaveURL(/storage=\d+/);
    await expect(page.getByTestId("destination-label")).toContainText(out);
    await page.getByLabel(`Type the target name (${TARGET}) to confirm`).fill(TARGET);
    await page.getByRole("button", { name: "Restore", exact: true }).click();
    await expect(page).toHaveURL(/\/restores\/\d+$/);
    await expect(page.getByText("The restore finished successfully.")).toBeVisible({ timeout: 90_000 });
    await expect(page.getByLabel("Restore log")).toContainText(`from its copy in ${SECOND} (local), as chosen`);
    // The first backup's files, byte for byte; the second one's file was not in it.
    expect(fs.readFileSync(path.join(out, "cam1", "day1.bin")).equals(day1)).toBe(true);
    expect(fs.readFileSync(path.join(out, "notes.txt"), "utf8")).toBe("day one\n");
    expect(fs.existsSync(path.join(out, "cam1", "day2.bin"))).toBe(false);
  });
});

test.describe("as admin, afterwards", () => {
  test.use({ storageState: STATE.admin });

  test("[STORAGE] the deleted restic target's snapshots, primary and copied, are listed on Storage and forgotten from there", async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(targetPath);
    await page.getByRole("button", { name: /^More actions for / }).click();
    await page.getByRole("menuitem", { name: "Delete target…" }).click();
    const dialog = page.getByRole("alertdialog");
    // Run 2's snapshot in the primary repository (run 1's was forgotten by retention) and 2 × 2 copies.
    await expect(dialog.getByRole("checkbox", { name: /Also delete its 5 backup files/ })).not.toBeChecked();
    await expect(dialog).toContainText("5 of them are restic snapshots: deleting one forgets it in its repository");
    await dialog.getByRole("button", { name: "Delete target" }).click();
    await expect(page).toHaveURL(/\/targets$/);

    await page.goto("/storage");
    const table = page.getByRole("table", { name: "Files not belonging to any target" });
    const rows = table.getByRole("row").filter({ hasText: `${APP} / ${TARGET}` });
    await expect(rows).toHaveCount(5);
    for (const r of await rows.all()) await expect(r).toContainText(/restic snapshot [0-9a-f]{8}/);
    await expect(rows.filter({ hasText: folderOf(NEAR) })).toHaveCount(2);
    await expect(rows.filter({ hasText: folderOf(SECOND) })).toHaveCount(2);

    await rows.filter({ hasText: folderOf(NEAR) }).first().getByRole("button", { name: /^More actions for restic snapshot / }).click();
    await page.getByRole("menuitem", { name: "Forget snapshot…" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Yes, forget the snapshot" }).click();
    await expect(page.getByText("Snapshot being forgotten", { exact: true })).toBeVisible();
    // The row goes once restic forget has run in that repository.
    await reloadUntil(page, () => expect(rows).toHaveCount(4, { timeout: 2_000 }), 60_000);
    await expect(rows.filter({ hasText: folderOf(NEAR) })).toHaveCount(1);
  });
});
