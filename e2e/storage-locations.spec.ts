import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { startS3Server, type S3TestServer } from "../test/servers/s3";
import { ADMIN, STATE } from "./fixtures/users";
import { fillS3LocationForm } from "./fixtures/ui";

const run = Date.now().toString(36);
let s3: S3TestServer;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "lb-e2e-storage-"));

test.beforeAll(async () => {
  s3 = await startS3Server();
});
test.afterAll(async () => {
  await s3?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

test.describe("admin", () => {
  test.use({ storageState: STATE.admin });

  test("[STORAGE] add a local and an S3 location, test both, the secret stays masked, download the recovery kit", async ({ page }) => {
    test.setTimeout(180_000);
    const local = `Local ${run}`;
    const offsite = `Offsite ${run}`;
    await page.goto("/settings/storage");
    await page.getByRole("link", { name: "Add location" }).click();
    await page.getByLabel("Name", { exact: true }).fill(local);
    await page.getByLabel("Folder", { exact: true }).fill(folder);
    await page.getByRole("button", { name: "Add location" }).click();
    await expect(page.getByText(`Storage location “${local}” saved.`)).toBeVisible();
    const localItem = page.getByRole("listitem", { name: local });
    await localItem.getByRole("button", { name: `Test ${local}` }).click();
    await expect(localItem.getByRole("status")).toContainText(/Works: wrote, read back and deleted a test object in \d+ ms/);

    await page.getByRole("link", { name: "Add location" }).click();
    await fillS3LocationForm(page, offsite, s3);
    const s3Item = page.getByRole("listitem", { name: offsite });
    await expect(s3Item.getByText("encrypted (age)")).toBeVisible();
    await expect(s3Item.getByText("***")).toBeVisible();
    expect(await page.content()).not.toContain(s3.secretAccessKey);
    await s3Item.getByRole("button", { name: `Test ${offsite}` }).click();
    await expect(s3Item.getByRole("status")).toContainText(/Works:/);

    // The edit form never shows the secret back; saving without typing it keeps it.
    await s3Item.getByRole("link", { name: `Edit ${offsite}` }).click();
    await expect(page.getByLabel("Secret access key")).toHaveValue("");
    await expect(page.getByText("Set. Leave empty to keep it")).toBeVisible();
    await page.getByLabel("Prefix (optional)").fill("e2e");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText(`Storage location “${offsite}” saved.`)).toBeVisible();
    await page.getByRole("listitem", { name: offsite }).getByRole("button", { name: `Test ${offsite}` }).click();
    await expect(page.getByRole("listitem", { name: offsite }).getByRole("status")).toContainText(/Works:/);

    // Works on a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The banner nags until the kit is downloaded; the download asks for the password again.
    const banner = page.getByRole("region", { name: "Recovery kit reminder" });
    await expect(banner).toBeVisible();
    await page.getByLabel("Your password", { exact: true }).fill("not-my-password");
    await page.getByRole("button", { name: "Download recovery kit" }).click();
    await expect(page.getByText("Not your password")).toBeVisible();
    await page.getByLabel("Your password", { exact: true }).fill(ADMIN.password);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download recovery kit" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^lifeboat-recovery-kit-.*\.json$/);
    const kit = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
    const loc = kit.locations.find((l: { name: string }) => l.name === offsite);
    expect(loc.settings.secretAccessKey).toBe(s3.secretAccessKey);
    expect(loc.ageIdentity).toMatch(/^AGE-SECRET-KEY-1/);
    await expect(banner).toBeHidden();
  });
});
