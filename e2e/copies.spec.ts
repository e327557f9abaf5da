import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect, type Page } from "@playwright/test";
import { startS3Server, type S3TestServer } from "../test/servers/s3";
import { STATE } from "./fixtures/users";
import { createAppViaUi, createTargetViaUi, fillS3LocationForm } from "./fixtures/ui";

// Offsite copies as people use them (issue 13): an admin adds an encrypted S3 location and a
// folder target that copies there; an operator backs it up, sees the copy on the run page and the
// dashboard, chooses the S3 copy in the restore preview and restores from it byte-exact.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const APP = `copies-e2e-${stamp}`;
const TARGET = `files-${stamp}`;
const LOCATION = `Offsite copies ${stamp}`;
const src = fs.mkdtempSync(path.join(os.tmpdir(), "lb-e2e-copies-src-"));
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lb-e2e-copies-out-")), "restored");
const payload = crypto.randomBytes(200_000);
let s3: S3TestServer;
let targetPath = "";
let runId = "";

test.beforeAll(async () => {
  s3 = await startS3Server();
  fs.writeFileSync(path.join(src, "photo.bin"), payload);
  fs.writeFileSync(path.join(src, "notes.txt"), "kept offsite\n");
});
test.afterAll(async () => {
  await s3?.stop();
  fs.rmSync(src, { recursive: true, force: true });
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
});

/** Reload until `check` passes: the page shows a background task's outcome after it ends. */
async function reloadUntil(page: Page, check: () => Promise<void>, timeout = 90_000) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout });
}

test.describe("as admin", () => {
  test.use({ storageState: STATE.admin });

  test("[COPIES] an encrypted S3 location and a folder target that copies there", async ({ page }) => {
    await page.goto("/settings/storage/new");
    await fillS3LocationForm(page, LOCATION, s3);

    await createAppViaUi(page, APP);
    targetPath = await createTargetViaUi(page, {
      app: APP,
      name: TARGET,
      type: "filesystem",
      fill: async (p) => {
        await p.getByLabel("Folder path").fill(src);
        await p.getByRole("button", { name: "Add a copy location" }).click();
        await p.getByLabel("Copy 1 to").selectOption({ label: `${LOCATION} (s3, encrypted)` });
      },
    });
  });
});

test.describe("as operator", () => {
  test.use({ storageState: STATE.operator });

  test("[COPIES] back up: the run shows its S3 copy and the dashboard counts it as offsite", async ({ page }) => {
    await page.goto(targetPath);
    await page.getByRole("button", { name: "Back up now" }).click();
    await expect(page).toHaveURL(/\/runs\/\d+$/);
    runId = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.locator('[data-status="success"]')).toBeVisible({ timeout: 60_000 });
    const copies = page.getByRole("list", { name: "Copies" });
    await reloadUntil(page, () => expect(copies.getByRole("listitem").filter({ hasText: LOCATION })).toContainText("copied", { timeout: 2_000 }));
    await expect(copies).toContainText("s3, encrypted (age)");
    await expect(copies.getByRole("link", { name: `Download from ${LOCATION}` })).toBeVisible();

    await page.goto("/");
    const row = page.getByRole("table", { name: "Target health" }).getByRole("row").filter({ hasText: TARGET });
    const cell = row.getByTestId("copies-cell");
    await expect(cell).toContainText(`${LOCATION} ×1`);
    await expect(cell.getByText("offsite", { exact: true })).toBeVisible();
    await expect(cell).not.toContainText("lagging");
  });

  test("[COPIES] the restore preview offers the copy; restoring from S3 brings the same bytes back", async ({ page }) => {
    await page.goto(`/runs/${runId}/restore`);
    const sources = page.getByRole("list", { name: "Artifact sources" });
    await expect(sources.getByTestId("artifact-source")).toHaveCount(2);
    await expect(sources.getByTestId("artifact-source").first()).toContainText("Primary");
    await expect(sources.getByTestId("artifact-source").first()).toContainText("used");
    await sources.getByRole("link", { name: `Read from ${LOCATION}` }).click();
    await expect(page).toHaveURL(/storage=\d+/);
    await expect(sources.getByTestId("artifact-source").filter({ hasText: LOCATION })).toContainText("chosen");

    // Into a new folder: the destination chooser keeps the chosen source.
    await page.getByLabel("An alternate destination that does not exist yet or is empty").check();
    await page.getByLabel("Alternate folder").fill(out);
    await page.getByRole("button", { name: "Check destination" }).click();
    await expect(page).toHaveURL(/storage=\d+/);
    await expect(page.getByTestId("destination-label")).toContainText(out);
    await page.getByLabel(`Type the target name (${TARGET}) to confirm`).fill(TARGET);
    await page.getByRole("button", { name: "Restore", exact: true }).click();
    await expect(page).toHaveURL(/\/restores\/\d+$/);
    await expect(page.getByText("The restore finished successfully.")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByLabel("Restore log")).toContainText(`As chosen, fetching the copy in ${LOCATION} (s3, age-encrypted)`);
    expect(fs.readFileSync(path.join(out, "photo.bin")).equals(payload)).toBe(true);
    expect(fs.readFileSync(path.join(out, "notes.txt"), "utf8")).toBe("kept offsite\n");
  });
});
