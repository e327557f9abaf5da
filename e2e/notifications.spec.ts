import crypto from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll } from "./notifications-receiver";
import Database from "better-sqlite3";
import { test, expect } from "@playwright/test";
import { STATE } from "./fixtures/users";

const run = Date.now().toString(36);
const receiver = beforeAll();
test.afterAll(afterAll);

/** Writes straight into the console's SQLite file, as the engine would: an app, a target, and a run.failed event. */
function recordFailureEvent(appName: string, targetName: string): void {
  const db = new Database(path.join(process.env.E2E_DATA_DIR!, "lifeboat.db"));
  db.pragma("busy_timeout = 5000");
  try {
    const appId = db.prepare("insert into apps (name) values (?)").run(appName).lastInsertRowid;
    const targetId = db
      .prepare("insert into targets (app_id, name, type, source) values (?, ?, 'postgres', '{}')")
      .run(appId, targetName).lastInsertRowid;
    db.prepare("insert into events (at, type, target_id, payload) values (?, 'run.failed', ?, ?)").run(
      Date.now(),
      targetId,
      JSON.stringify({ error: "pg_dump: connection refused (e2e)" }),
    );
  } finally {
    db.close();
  }
}

test.describe("admin", () => {
  test.use({ storageState: STATE.admin });

  test("[NOTIFY] a signed webhook channel: send test, then a real failure event is delivered by the notifier", async ({ page }) => {
    const r = await receiver;
    const name = `Hook ${run}`;
    await page.goto("/settings/notifications");
    await page.getByRole("link", { name: "Add channel" }).click();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Type", { exact: true }).selectOption("webhook");
    await page.getByLabel("Webhook URL").fill(r.url);
    await page.getByLabel("Signing secret (optional)").fill("e2e-signing-secret");
    // The receiver is on loopback: refused until an admin allows internal addresses.
    await page.getByRole("button", { name: "Create channel" }).click();
    await expect(page.getByText(/127\.0\.0\.1 is a loopback address/)).toBeVisible();
    await page.getByLabel("Webhook URL").fill(r.url);
    await page.getByLabel("Signing secret (optional)").fill("e2e-signing-secret");
    await page.getByLabel(/Allow internal addresses/).check();
    await page.getByRole("button", { name: "Create channel" }).click();
    await expect(page.getByText(`Channel “${name}” saved.`)).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row.getByText("Webhook, signed")).toBeVisible();

    await row.getByRole("button", { name: `Send test to ${name}` }).click();
    await expect(row.getByRole("status")).toHaveText("Test message sent (HTTP 200)");
    const test = r.requests.at(-1)!;
    expect(JSON.parse(test.rawBody).event).toBe("test");
    const sig = "sha256=" + crypto.createHmac("sha256", "e2e-signing-secret").update(test.rawBody).digest("hex");
    expect(test.headers["x-lifeboat-signature"]).toBe(sig);

    // The notifier started at boot picks the event up within a tick or two (every 15 s).
    recordFailureEvent(`shop-${run}`, "db");
    await expect
      .poll(() => r.requests.map((q) => JSON.parse(q.rawBody)).find((b) => b.event === "run.failed" && b.app === `shop-${run}`), {
        timeout: 45_000,
      })
      .toMatchObject({ target: "db", status: "failed", error: "pg_dump: connection refused (e2e)" });
    await page.reload();
    const log = page.getByRole("table", { name: "Delivery log" });
    const delivered = log.getByRole("row").filter({ hasText: `Backup failed — shop-${run}/db` });
    await expect(delivered.getByText("sent", { exact: true })).toBeVisible();
    await expect(log.getByRole("row").filter({ hasText: "Test message" }).first()).toBeVisible();

    // Editing shows the secrets as set, never their values.
    await row.getByRole("link", { name: `Edit ${name}` }).click();
    await expect(page.getByText("A secret is set.", { exact: false })).toBeVisible();
    const html = await page.content();
    expect(html).not.toContain("e2e-signing-secret");
    expect(html).not.toContain(new URL(r.url).pathname);
  });

  test("[NOTIFY] Send test on a dead SMTP server shows the reason at once", async ({ page }) => {
    const name = `Dead mail ${run}`;
    await page.goto("/settings/notifications/new");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("SMTP host").fill("127.0.0.1");
    await page.getByLabel("Port", { exact: true }).fill(String(await (await receiver).closedPort()));
    await page.getByLabel("From", { exact: true }).fill("lifeboat@example.com");
    await page.getByLabel("To", { exact: true }).fill("ops@example.com");
    await page.getByRole("button", { name: "Create channel" }).click();
    const row = page.getByRole("row").filter({ hasText: name });
    await row.getByRole("button", { name: `Send test to ${name}` }).click();
    await expect(row.getByRole("status")).toContainText(/Test failed: .*ECONNREFUSED/);
  });

  test("[NOTIFY] an ntfy channel: the form draws its fields, Send test publishes to the topic", async ({ page }) => {
    const r = await receiver;
    const name = `Phones ${run}`;
    await page.goto("/settings/notifications/new");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Type", { exact: true }).selectOption("ntfy");
    await expect(page.getByLabel("ntfy server")).toHaveValue("https://ntfy.sh");
    await page.getByLabel("ntfy server").fill(new URL(r.url).origin);
    await page.getByLabel("Topic").fill(`lifeboat-${run}`);
    await page.getByLabel(/Allow internal addresses/).check();
    await page.getByRole("button", { name: "Create channel" }).click();
    await expect(page.getByText(`Channel “${name}” saved.`)).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: name });
    await row.getByRole("button", { name: `Send test to ${name}` }).click();
    await expect(row.getByRole("status")).toHaveText("Test message sent (HTTP 200)");
    const body = JSON.parse(r.requests.at(-1)!.rawBody);
    expect(body).toMatchObject({ topic: `lifeboat-${run}`, title: `Test message for channel "${name}"` });
    await row.getByRole("link", { name: `Edit ${name}` }).click();
    await expect(page.getByText("A topic is set.")).toBeVisible();
    expect(await page.content()).not.toContain(`lifeboat-${run}`);
  });

  test("[NOTIFY] the form says what is missing", async ({ page }) => {
    await page.goto("/settings/notifications/new");
    await page.getByLabel("Type", { exact: true }).selectOption("webhook");
    await page.getByRole("button", { name: "Create channel" }).click();
    await expect(page.getByText("Give the channel a name")).toBeVisible();
  });

  test("[METRICS] off by default; an admin turns it on and protects it with a token shown once", async ({ page, request }) => {
    await page.goto("/settings/notifications");
    expect((await request.get("/api/metrics")).status()).toBe(404);
    await page.getByRole("button", { name: "Turn metrics on" }).click();
    await expect(page.getByRole("button", { name: "Turn metrics off" })).toBeVisible();
    const open = await request.get("/api/metrics");
    expect(open.status()).toBe(200);
    expect(await open.text()).toContain("# TYPE lifeboat_target_overdue gauge");

    await page.getByRole("button", { name: "Generate metrics token" }).click();
    const token = (await page.getByTestId("metrics-token").textContent())!.trim();
    expect(token).toMatch(/^lbm_/);
    expect((await request.get("/api/metrics")).status()).toBe(401);
    expect((await request.get("/api/metrics", { headers: { authorization: "Bearer nope" } })).status()).toBe(401);
    const ok = await request.get("/api/metrics", { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status()).toBe(200);
    expect(await ok.text()).toContain("lifeboat_storage_free_bytes");
    await page.reload();
    await expect(page.getByTestId("metrics-token")).toHaveCount(0);
    await page.getByRole("button", { name: "Turn metrics off" }).click();
    await expect(page.getByRole("button", { name: "Turn metrics on" })).toBeVisible();
    expect((await request.get("/api/metrics", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(404);
  });
});

test.describe("viewer", () => {
  test.use({ storageState: STATE.viewer });
  test("[NOTIFY] viewers cannot open notification settings", async ({ page }) => {
    await page.goto("/settings/notifications");
    await expect(page.getByText("This page is for admins only")).toBeVisible();
  });
});

test("[HEALTH] /api/health answers without sign-in and names the database and scheduler state", async ({ request }) => {
  const res = await request.get("/api/health");
  const body = await res.json();
  expect(body.db).toBe("ok");
  expect(typeof body.scheduler).toBe("string");
  expect(res.status()).toBe(body.status === "ok" ? 200 : 503);
});
