import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { startSshd, type SshdServer } from "../test/servers/sshd";
import { STATE } from "./fixtures/users";
import { createAppViaUi, createTargetViaUi, fillServerForm } from "./fixtures/ui";

// One story: the admin adds a server reachable over SSH (Debian's sshd on a loopback port, the
// test fixture of test/servers), confirms its host key, sees its tools, puts a folder target on it
// and backs it up: tar runs on that server, over SSH.
test.describe.configure({ mode: "serial" });
test.use({ storageState: STATE.admin });

const run = Date.now().toString(36);
const SERVER = `app-2-${run}`;
const APP = `servers-e2e-${run}`;
let sshd: SshdServer;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "lb-e2e-remote-"));

test.beforeAll(async () => {
  sshd = await startSshd();
  fs.writeFileSync(path.join(folder, "hello.txt"), "hello from the other server\n");
});
test.afterAll(async () => {
  await sshd?.stop();
  fs.rmSync(folder, { recursive: true, force: true });
});

test("[SERVERS] add a server, confirm its host key, check its tools, back up a folder on it", async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto("/settings/servers");
  // Local, the built-in server, is always listed.
  await expect(page.getByRole("listitem", { name: "Local" })).toBeVisible();
  await page.getByRole("link", { name: "Add server" }).click();
  await fillServerForm(page, SERVER, sshd);

  // First connect: the key is shown to compare, nothing is trusted yet.
  await expect(page.getByTestId("host-key")).toHaveText(sshd.hostKeyFingerprint);
  await expect(page.getByRole("textbox", { name: "Private key" })).toHaveValue("");
  await page.getByRole("button", { name: "Trust this key and save" }).click();
  await expect(page.getByText(`Server “${SERVER}” saved.`)).toBeVisible();

  const item = page.getByRole("listitem", { name: SERVER });
  await expect(item.locator('[data-status="reachable"]')).toBeVisible();
  await expect(item.getByTestId("host-key-pinned")).toHaveText(sshd.hostKeyFingerprint);
  await expect(item.getByRole("list", { name: `Tools on ${SERVER}` })).toContainText("tar");
  expect(await page.content()).not.toContain(sshd.privateKey.split("\n")[1]!);
  await item.getByRole("button", { name: `Check ${SERVER}` }).click();
  await expect(item.getByRole("status")).toContainText(/Reachable: \d+ tool\(s\) found \(.*tar.*\)/);

  // The edit form never shows the key back.
  await item.getByRole("link", { name: `Edit ${SERVER}` }).click();
  await expect(page.getByRole("textbox", { name: "Private key" })).toHaveValue("");
  await expect(page.getByText("Set. Leave empty to keep it")).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();

  // A folder target on that server: tar runs there, over SSH.
  await createAppViaUi(page, APP);
  const targetPath = await createTargetViaUi(page, {
    app: APP,
    name: "uploads",
    type: "filesystem",
    fill: async (p) => {
      await p.getByLabel("Server", { exact: true }).selectOption({ label: SERVER });
      await p.getByLabel("Folder path").fill(folder);
      // Test connection looks at the folder on that server, over SSH.
      await p.getByRole("button", { name: "Test connection" }).click();
      await expect(p.getByRole("status", { name: "Connection test results" })).toContainText(`Found and readable on server ${SERVER} (${sshd.host}:${sshd.port}): 1 entry`);
    },
  });
  await page.goto(targetPath);
  // The target page names its server, linked to Settings → Servers.
  await expect(page.getByTestId("target-server")).toHaveText(`Runs on ${SERVER}`);
  await expect(page.getByTestId("target-server").getByRole("link", { name: SERVER })).toHaveAttribute("href", /^\/settings\/servers#server-\d+$/);
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  await expect(page.locator('[data-status="success"]').first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole("log", { name: "Run log" })).toContainText(`on server ${SERVER} (${sshd.host}:${sshd.port})`);

  // A server with targets is not deleted: the dialog says why.
  await page.goto("/settings/servers");
  const again = page.getByRole("listitem", { name: SERVER });
  await again.getByRole("button", { name: `More actions for ${SERVER}` }).click();
  await page.getByRole("menuitem", { name: "Delete server…" }).click();
  await page.getByRole("button", { name: "Delete server" }).click();
  await expect(page.getByRole("alertdialog").getByRole("alert")).toContainText(`1 target(s) run on server ${SERVER}`);
  await page.getByRole("button", { name: "Cancel" }).click();

  // Works on a phone: nothing wider than the screen, on the list and the form.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const url of ["/settings/servers", "/settings/servers/new"]) {
    await page.goto(url);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), url).toBeLessThanOrEqual(390);
  }
});

test("[SERVERS] a restic folder target on that server: its restic backs up into the console's repository", async ({ page }) => {
  test.setTimeout(180_000);
  const targetPath = await createTargetViaUi(page, {
    app: APP,
    name: "uploads-restic",
    type: "filesystem",
    fill: async (p) => {
      await p.getByLabel("Server", { exact: true }).selectOption({ label: SERVER });
      await p.getByLabel("Folder path").fill(folder);
      await p.getByLabel("Backup engine").selectOption("restic");
      await expect(p.getByText("On another server a folder is read by the restic installed there")).toBeVisible();
    },
  });
  await page.goto(targetPath);
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  await expect(page.locator('[data-status="success"]').first()).toBeVisible({ timeout: 90_000 });
  const log = page.getByRole("log", { name: "Run log" });
  await expect(log).toContainText(`restic runs on server ${SERVER} (${sshd.host}:${sshd.port})`);
  await expect(log).toContainText("into the repository");
});

test("[SERVERS] a Local-only type refuses another server beside the field", async ({ page }) => {
  await page.goto("/targets/new");
  await page.getByLabel("App", { exact: true }).selectOption({ label: APP });
  await page.getByLabel("Name", { exact: true }).fill("app-db");
  await page.getByLabel("Type", { exact: true }).selectOption("sqlite");
  await page.getByLabel("Server", { exact: true }).selectOption({ label: SERVER });
  await page.getByRole("textbox", { name: "Database file path", exact: true }).fill("/srv/app/data/app.db");
  await page.getByRole("button", { name: "Create target" }).click();
  await expect(page.locator("#serverId-error")).toContainText("run on Local only");
});
