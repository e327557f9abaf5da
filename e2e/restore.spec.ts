import { execFileSync } from "node:child_process";
import { test, expect, request as pwRequest } from "@playwright/test";
import { STATE } from "./fixtures/users";
import { createAppViaUi, createTargetViaUi } from "./fixtures/ui";

// One story in order: the admin adds a PostgreSQL target (a scratch database made here), an
// operator backs it up, previews the restore, confirms it by typing the name and watches it
// succeed; a viewer sees no restore button and a replayed restore action is refused.
test.describe.configure({ mode: "serial" });

const stamp = Date.now().toString(36);
const APP = `restore-e2e-${stamp}`;
const TARGET = "maindb";
const DB = `lb_e2e_restore_${stamp}`;
const psql = (sql: string, db = DB) => execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql]).toString().trim();

let runId = "";
let restoreUrl = "";
let captured: { url: string; actionId: string; body: string; contentType: string } | null = null;

test.beforeAll(() => {
  psql(`drop database if exists ${DB} with (force)`, "postgres");
  psql(`create database ${DB}`, "postgres");
  psql("create table items(id int primary key, name text); insert into items values (1,'one'),(2,'two'),(3,'three')");
});
test.afterAll(() => {
  psql(`drop database if exists ${DB} with (force)`, "postgres");
});

test.describe("as admin", () => {
  test.use({ storageState: STATE.admin });
  test("[RESTORE] the admin adds an app with a PostgreSQL target", async ({ page }) => {
    await createAppViaUi(page, APP);
    await createTargetViaUi(page, {
      app: APP,
      name: TARGET,
      type: "postgres",
      fill: async (p) => {
        await p.getByRole("radio", { name: "One URL" }).check();
        await p.getByRole("textbox", { name: "Connection URL" }).fill(`postgres://postgres@127.0.0.1:5432/${DB}`);
      },
    });
  });
});

test.describe("as operator", () => {
  test.use({ storageState: STATE.operator });

  test("[RESTORE] preview → confirm → restore of a PostgreSQL target → success", async ({ page }) => {
    await page.goto("/targets");
    // A click before React has hydrated the list is lost (the full run showed it twice: no navigation).
    await expect(page.locator("html[data-hydrated]")).toHaveCount(1);
    await page.getByRole("row", { name: new RegExp(`^${APP} ${TARGET} `) }).getByRole("link", { name: TARGET, exact: true }).click();
    await expect(page).toHaveURL(/\/targets\/\d+$/);
    await expect(page.getByRole("heading", { name: `${APP} / ${TARGET}` })).toBeVisible();
    await page.getByRole("button", { name: "Back up now" }).click();
    await expect(page).toHaveURL(/\/runs\/\d+$/);
    runId = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.locator('[data-status="success"]')).toBeVisible({ timeout: 60_000 });

    await page.getByRole("link", { name: "Restore…" }).click();
    await expect(page).toHaveURL(new RegExp(`/runs/${runId}/restore$`));
    await expect(page.getByRole("heading", { name: `Restore preview: run #${runId}` })).toBeVisible();
    const tables = page.getByRole("table", { name: "Tables in the backup" });
    await expect(tables.getByRole("row", { name: /public\.items\s+3/ })).toBeVisible();
    await expect(page.getByTestId("destination-label")).toHaveText(`database "${DB}" (the original)`);
    await expect(page.getByText("safety backup", { exact: false }).first()).toBeVisible();
    // The target logs in as the postgres superuser: the preview says what that means.
    await expect(page.getByTestId("restore-warnings")).toContainText('The PostgreSQL role "postgres" this restore logs in as is a superuser: a restored dump can run commands on the database server');

    // Someone breaks the live data after the backup.
    psql("delete from items where id = 2; update items set name = 'broken' where id = 1");

    const restore = page.getByRole("button", { name: "Restore", exact: true });
    await expect(restore).toBeDisabled();
    await page.getByLabel(`Type the target name (${TARGET}) to confirm`).fill(TARGET);
    page.on("request", (req) => {
      const id = req.headers()["next-action"];
      if (id && req.method() === "POST" && !captured) {
        captured = { url: req.url(), actionId: id, body: req.postData() ?? "", contentType: req.headers()["content-type"] ?? "text/plain;charset=UTF-8" };
      }
    });
    await restore.click();
    await expect(page).toHaveURL(/\/restores\/\d+$/);
    restoreUrl = new URL(page.url()).pathname;
    await expect(page.getByText("The restore finished successfully.")).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('[data-status="success"]')).toBeVisible();
    await expect(page.getByRole("region", { name: "Restore log" }).or(page.getByLabel("Restore log"))).toContainText("Safety backup run #");
    await expect(page.getByRole("link", { name: "Restore the safety backup" })).toBeVisible();
    expect(psql("select string_agg(id||':'||name, ',' order by id) from items")).toBe("1:one,2:two,3:three");

    await page.goto("/restores");
    // Other specs restore other apps' targets: count this app's rows.
    await expect(page.getByRole("table", { name: "Restores" }).getByRole("row").filter({ hasText: `${APP} / ${TARGET}` })).toHaveCount(1);
  });

  test("[RESTORE] verify by restoring: the run page shows the verification", async ({ page }) => {
    await page.goto(`/runs/${runId}`);
    await expect(page.getByTestId("run-verification")).toHaveCount(0);
    await page.getByRole("button", { name: "Verify by restoring" }).click();
    await expect(page).toHaveURL(/\/restores\/\d+$/);
    await expect(page.getByText("Verified: the backup restores and matches its manifest.")).toBeVisible({ timeout: 60_000 });
    await page.goto(`/runs/${runId}`);
    const verification = page.getByTestId("run-verification");
    await expect(verification).toContainText("Verified by restoring");
    await expect(verification).toContainText("1 table(s), 3 rows match the manifest");
  });
});

test.describe("as viewer", () => {
  test.use({ storageState: STATE.viewer });

  test("[RESTORE] a viewer has no restore button and a forged restore action is refused", async ({ page, baseURL }) => {
    await page.goto(`/runs/${runId}`);
    await expect(page.getByRole("heading", { name: `Run #${runId}` })).toBeVisible();
    await expect(page.getByRole("link", { name: "Restore…" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Verify" })).toHaveCount(0);
    await page.goto(`/runs/${runId}/restore`);
    await expect(page.getByText("Your role can preview but not restore.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Restore", exact: true })).toHaveCount(0);

    // Replay the operator's restore action with the viewer's cookies.
    expect(captured, "the operator's Next-Action request was captured").not.toBeNull();
    psql("update items set name = 'viewer-must-not-restore' where id = 1");
    const viewer = await pwRequest.newContext({ baseURL, storageState: STATE.viewer });
    const res = await viewer.post(captured!.url, {
      headers: { "next-action": captured!.actionId, "content-type": captured!.contentType, accept: "text/x-component" },
      data: captured!.body,
    });
    const text = await res.text();
    expect(text).toContain("does not allow this");
    await viewer.dispose();
    expect(psql("select name from items where id = 1")).toBe("viewer-must-not-restore");
    await page.goto("/restores");
    // This app's restore and test restore (other specs restore other apps' targets).
    await expect(page.getByRole("table", { name: "Restores" }).getByRole("row").filter({ hasText: `${APP} / ${TARGET}` })).toHaveCount(2);
    await page.goto(restoreUrl);
    await expect(page.getByRole("link", { name: "Restore the safety backup" })).toHaveCount(0);
  });
});
