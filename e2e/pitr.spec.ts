import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { STATE } from "./fixtures/users";
import { createAppViaUi, createTargetViaUi } from "./fixtures/ui";
import { startPgCluster, type PgCluster } from "../test/servers/pg-cluster";

// One story: the admin adds a local copy location and a PostgreSQL target pointing at a private
// cluster (wal_level=replica, replication allowed on loopback) that copies there, checks access,
// turns PITR on and sees it stream and reach the copy location; after rows written at known
// moments, a point-in-time restore read from the copy location into a new database holds exactly
// the rows of the chosen moment, and its kept private server is stopped by its record.
test.describe.configure({ mode: "serial" });
test.use({ storageState: STATE.admin, timezoneId: "UTC" });

const APP = `pitr-e2e-${Date.now().toString(36)}`;
const TARGET = "ordersdb";
const COPY = `PITR copy ${Date.now().toString(36)}`;
let pg: PgCluster;

test.beforeAll(async () => {
  pg = await startPgCluster();
  await pg.sql("CREATE DATABASE shop");
  await pg.sql("CREATE TABLE orders (id serial primary key, batch text not null)", "shop");
});
test.afterAll(async () => {
  await pg?.cleanup();
});

const batch = (name: string) => pg.sql(`INSERT INTO orders (batch) SELECT '${name}' FROM generate_series(1, 3)`, "shop");
const utcLocal = (d: Date) => d.toISOString().slice(0, 19);

test("[PITR] turn on point-in-time recovery, see it stream and go offsite, restore a moment into a new database from the copy location", async ({ page }) => {
  test.setTimeout(720_000);
  // A second local location the target copies to: its base backups and WAL go there too.
  await page.goto("/settings/storage");
  await page.getByRole("link", { name: "Add location" }).click();
  await page.getByLabel("Name", { exact: true }).fill(COPY);
  await page.getByLabel("Folder", { exact: true }).fill(fs.mkdtempSync(path.join(os.tmpdir(), "lb-e2e-pitr-copy-")));
  await page.getByRole("button", { name: "Add location" }).click();
  await expect(page.getByText(`Storage location “${COPY}” saved.`)).toBeVisible();
  await createAppViaUi(page, APP);
  await createTargetViaUi(page, {
    app: APP,
    name: TARGET,
    type: "postgres",
    fill: async (p) => {
      await p.getByRole("radio", { name: "One URL" }).check();
      await p.getByRole("textbox", { name: "Connection URL" }).fill(pg.url("shop"));
      await p.getByRole("button", { name: "Add a copy location" }).click();
      await p.getByLabel("Copy 1 to").selectOption({ label: `${COPY} (local)` });
    },
  });
  const panel = page.getByRole("region", { name: /Point-in-time recovery/ });
  await panel.getByRole("button", { name: "Check access" }).click();
  await expect(panel.getByText("The server allows streaming")).toBeVisible();
  await panel.getByRole("button", { name: "Turn on PITR" }).click();
  await expect(panel.locator('[data-status="streaming"]')).toBeVisible({ timeout: 60_000 });
  // The first base backup opens the recovery window.
  await expect(panel.getByTestId("pitr-window")).toContainText("any moment from", { timeout: 180_000 });
  // The base backup is a run of the target: its page names it and the WAL range it needs.
  await panel.getByRole("link", { name: /^run #\d+$/ }).first().click();
  await expect(page.getByRole("heading", { name: /^Run #\d+/ })).toBeVisible();
  await expect(page.getByText("PITR base backup (pg_basebackup)")).toBeVisible();
  await expect(page.getByTestId("run-wal-range")).toHaveText(/^[0-9A-F]{24} … [0-9A-F]{24}$/);
  await page.goBack();

  await batch("A");
  await new Promise((r) => setTimeout(r, 1500));
  const between = new Date();
  await new Promise((r) => setTimeout(r, 1500));
  await batch("B");
  await pg.sql("SELECT pg_switch_wal()");
  await expect
    .poll(async () => Date.parse((await panel.getByTestId("pitr-window").locator("time").last().getAttribute("datetime")) ?? "0"), { timeout: 60_000 })
    .toBeGreaterThan(between.getTime() + 1000);
  // The copy location's WAL reaches past the moment too (a batch every 15 s), from its own base backup.
  const copies = panel.getByTestId("pitr-copies");
  await expect(copies).toContainText(`${COPY}: WAL up to`, { timeout: 120_000 });
  // Its base backup comes with the next batch (every 15 s, one copy task at a time): more than the default 15 s wait.
  await expect(copies).toContainText("restorable from", { timeout: 120_000 });
  await expect
    .poll(async () => Date.parse((await copies.locator("time").first().getAttribute("datetime")) ?? "0"), { timeout: 120_000 })
    .toBeGreaterThan(between.getTime() + 1000);

  const form = page.getByRole("form", { name: "Restore to a point in time" });
  await form.getByLabel("Read from").selectOption({ label: `Copy location ${COPY}` });
  await form.getByLabel("Moment to restore to").fill(utcLocal(between));
  await form.getByLabel("New database name").fill("shop_pitr_e2e");
  await form.getByLabel("Keep the private server (minutes)").fill("10");
  await form.getByLabel(`Type "${TARGET}" to confirm`).fill(TARGET);
  await form.getByRole("button", { name: "Restore to this moment" }).click();
  const restores = panel.getByRole("list", { name: "Point-in-time restores" });
  await expect(restores.locator('[data-status="done"]')).toBeVisible({ timeout: 240_000 });
  expect(await pg.sql("SELECT batch, count(*) FROM orders GROUP BY batch ORDER BY batch", "shop_pitr_e2e")).toEqual([["A", "3"]]);
  // The private server stays up for inspection until an operator stops it.
  const keptItem = restores.getByRole("listitem").filter({ hasText: "shop_pitr_e2e" });
  await expect(keptItem.getByText(/private server until/)).toBeVisible();
  // Its psql command copies whole with the button beside it.
  const psql = (await keptItem.locator("code").filter({ hasText: /^psql / }).textContent())!;
  expect(psql).toMatch(/^psql "host=\S+ port=\d+ /);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
  await keptItem.getByRole("button", { name: "Copy the psql command" }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(psql);
  await keptItem.getByRole("button", { name: /Stop the private server of restore #\d+ now/ }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Stop server" }).click();
  await expect(keptItem.getByText(/private server stopped .*\(stopped by /)).toBeVisible({ timeout: 60_000 });

  // Over the original: no name to choose, the typed target name, a safety backup first.
  await form.getByRole("radio", { name: /The original database/ }).check();
  await expect(form.getByLabel("New database name")).toHaveCount(0);
  await form.getByLabel("Moment to restore to").fill(utcLocal(between));
  // The form keeps the 10 minutes of the first restore: a kept server outlives the console (its
  // record stops it), so this one keeps none — the spec leaves no private server behind.
  await form.getByLabel("Keep the private server (minutes)").fill("0");
  await form.getByLabel(`Type "${TARGET}" to confirm`).fill(TARGET);
  await form.getByRole("button", { name: "Replace the original with this moment" }).click();
  const overOriginal = restores.getByRole("listitem").filter({ hasText: "over the original" });
  await expect(overOriginal.locator('[data-status="done"]')).toBeVisible({ timeout: 300_000 });
  await expect(overOriginal.getByRole("link", { name: /safety backup run #\d+/ })).toBeVisible();
  expect(await pg.sql("SELECT batch, count(*) FROM orders GROUP BY batch ORDER BY batch", "shop")).toEqual([["A", "3"]]);
});
