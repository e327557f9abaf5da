import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect, type Page } from "@playwright/test";
import { OPERATOR, STATE } from "./fixtures/users";
import { createAppViaUi, createFolderTargetViaUi } from "./fixtures/ui";

// One story told in order: the admin sets up a folder target, an operator backs it up and
// downloads the artifact, which the real tar/zstd/sha256sum accept; a viewer can do neither.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const APP = `runs-e2e-${stamp}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-runs-e2e-"));
const src = path.join(work, "source");
const gone = path.join(work, "will-be-removed");
const FILES: Record<string, Buffer> = {
  "hello.txt": Buffer.from("hello from lifeboat\n"),
  "Tiếng Việt – ảnh 1.txt": Buffer.from("unicode name, with spaces\n"),
  "nested/deeper/data.bin": crypto.randomBytes(300_000),
};

let folderTargetUrl = "";
let goneTargetUrl = "";
let runUrl = "";
let runId = "";

test.beforeAll(() => {
  for (const [rel, data] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
    fs.writeFileSync(path.join(src, rel), data);
  }
  fs.mkdirSync(gone, { recursive: true });
  fs.writeFileSync(path.join(gone, "x.txt"), "x");
});

function createTarget(page: Page, name: string, folder: string): Promise<string> {
  return createFolderTargetViaUi(page, APP, name, folder);
}

test.describe("as admin", () => {
  test.use({ storageState: STATE.admin });
  test("[RUNS] the admin creates an app with a folder target and a target whose folder disappears", async ({ page }) => {
    await createAppViaUi(page, APP);
    folderTargetUrl = await createTarget(page, "files", src);
    goneTargetUrl = await createTarget(page, "vanished", gone);
    fs.rmSync(gone, { recursive: true, force: true });
  });
});

test.describe("as operator", () => {
  test.use({ storageState: STATE.operator });

  test("[RUNS] Back up now runs the folder backup and the run page shows it finish with its log", async ({ page }) => {
    await page.goto(folderTargetUrl);
    await page.getByRole("button", { name: "Back up now" }).click();
    await expect(page).toHaveURL(/\/runs\/\d+$/);
    runUrl = new URL(page.url()).pathname;
    runId = runUrl.split("/").pop()!;
    await expect(page.getByRole("heading", { name: `Run #${runId}` })).toBeVisible();
    // The status badge turns to success without a reload (the page polls).
    await expect(page.locator('[data-status="success"]')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("log", { name: "Run log" })).not.toBeEmpty();
    await expect(page.getByTestId("run-sha256")).toHaveText(/^[0-9a-f]{64}$/);
    await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
  });

  test("[RUNS] the operator downloads the artifact and its .sha256, which tar, zstd and sha256sum -c accept", async ({ page }) => {
    await page.goto(runUrl);
    const out = fs.mkdtempSync(path.join(work, "download-"));
    const save = async (name: string) => {
      const [dl] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
      const file = path.join(out, dl.suggestedFilename());
      await dl.saveAs(file);
      return file;
    };
    const artifact = await save("Download artifact");
    const sums = await save("Download .sha256");
    expect(path.basename(sums)).toBe(`${path.basename(artifact)}.sha256`);
    expect(path.basename(artifact)).toMatch(/\.tar\.zst$/);

    const check = execFileSync("sha256sum", ["-c", path.basename(sums)], { cwd: out, encoding: "utf8" });
    expect(check).toContain(`${path.basename(artifact)}: OK`);

    const tarFile = path.join(out, "artifact.tar");
    execFileSync("zstd", ["-q", "-d", artifact, "-o", tarFile]);
    const list = execFileSync("tar", ["-tf", tarFile], { encoding: "utf8" }).split("\n").filter(Boolean);
    expect(list[0]).toBe("manifest.json");
    const ex = path.join(out, "extracted");
    fs.mkdirSync(ex);
    execFileSync("tar", ["-xf", tarFile, "-C", ex]);
    const manifest = JSON.parse(fs.readFileSync(path.join(ex, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ app: APP, target: "files", type: "filesystem" });
    for (const [rel, data] of Object.entries(FILES)) {
      expect(fs.readFileSync(path.join(ex, "files", rel)).equals(data), rel).toBe(true);
    }

    // Resuming: a Range request gets exactly that piece of the same bytes.
    const whole = fs.readFileSync(artifact);
    const piece = await page.request.get(`/api/runs/${runId}/artifact`, { headers: { Range: "bytes=10-" } });
    expect(piece.status()).toBe(206);
    expect(piece.headers()["content-range"]).toBe(`bytes 10-${whole.length - 1}/${whole.length}`);
    expect(Buffer.from(await piece.body()).equals(whole.subarray(10))).toBe(true);
    const beyond = await page.request.get(`/api/runs/${runId}/artifact`, { headers: { Range: `bytes=${whole.length}-` } });
    expect(beyond.status()).toBe(416);
  });

  test("[RUNS] a run whose folder was removed fails and shows its error summary and log", async ({ page }) => {
    await page.goto(goneTargetUrl);
    await page.getByRole("button", { name: "Back up now" }).click();
    await expect(page).toHaveURL(/\/runs\/\d+$/);
    await expect(page.locator('[data-status="failed"]')).toBeVisible({ timeout: 60_000 });
    const summary = page.getByTestId("run-error");
    await expect(summary).toBeVisible();
    await expect(summary).toContainText(/will-be-removed|not found|no such file/i);
    await expect(page.getByRole("log", { name: "Run log" })).toContainText(/will-be-removed|not found|no such file/i);
    await expect(page.getByRole("link", { name: "Download artifact" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Retry" })).toBeVisible();

    // The runs list finds it through the status filter.
    await page.goto("/runs");
    await page.getByLabel("Status").selectOption("failed");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/status=failed/);
    await expect(page.getByRole("cell", { name: "vanished" }).first()).toBeVisible();
    await expect(page.locator('tbody [data-status="success"]')).toHaveCount(0);
  });
});

test.describe("as viewer", () => {
  test.use({ storageState: STATE.viewer });
  test("[RUNS] a viewer sees the run but no Download or Back up now, and the download URL answers 403", async ({ page }) => {
    await page.goto(runUrl);
    await expect(page.locator('[data-status="success"]')).toBeVisible();
    await expect(page.getByRole("link", { name: "Download artifact" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Download .sha256" })).toHaveCount(0);
    await page.goto(folderTargetUrl);
    await expect(page.getByRole("heading", { name: /files/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Back up now" })).toHaveCount(0);
    for (const part of ["artifact", "sha256"]) {
      const res = await page.request.get(`/api/runs/${runId}/${part}`);
      expect(res.status(), part).toBe(403);
    }
    // The log stays readable to viewers.
    const log = await page.request.get(`/api/runs/${runId}/log`);
    expect(log.status()).toBe(200);
    expect(log.headers()["content-type"]).toContain("text/plain");
  });
});

test.describe("as admin, afterwards", () => {
  test.use({ storageState: STATE.admin });
  test("[RUNS] each download is in the audit trail with who downloaded which run", async ({ page }) => {
    await page.goto(`/audit?action=artifact.download&entityType=run&entityId=${runId}`);
    const rows = page.getByRole("row").filter({ hasText: "artifact.download" });
    // The artifact, the .sha256 and the resumed piece; the 416 request sent no bytes and is not there.
    await expect(rows).toHaveCount(3);
    await expect(rows.filter({ hasText: OPERATOR.email })).toHaveCount(3);
  });
});
