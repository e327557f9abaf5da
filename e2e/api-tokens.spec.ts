import { test, expect } from "@playwright/test";
import { STATE, ADMIN } from "./fixtures/users";

test.use({ storageState: STATE.admin });

test("[API] an admin creates a token once, scripts use it, a ping URL feeds a run, and revoking cuts it off", async ({ page, request }) => {
  // Create an operator token in Settings → API tokens; it is shown once.
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill("nightly cron");
  await page.getByLabel("Role").selectOption("admin");
  await page.getByRole("button", { name: "Create token" }).click();
  // Wait for the token itself (shown once), not the form.
  await expect(page.getByTestId("new-token")).toHaveText(/^lb_/);
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  await expect(page.getByRole("table", { name: "API tokens" }).getByRole("cell", { name: "nightly cron", exact: true })).toBeVisible();

  // Set-up as code: an app and an external target through the API.
  const auth = { Authorization: `Bearer ${token}` };
  const app = await request.post("/api/v1/apps", { headers: auth, data: { name: "legacy-e2e" } });
  expect(app.status()).toBe(201);
  const appId = (await app.json()).app.id;
  const target = await request.post("/api/v1/targets", { headers: auth, data: { appId, name: "cron-dump", type: "external", source: {} } });
  expect(target.status()).toBe(201);
  const targetId = (await target.json()).target.id;

  // The target page shows the ping URLs; the script pings start, then its exit code with its log.
  await page.goto(`/targets/${targetId}`);
  const snippet = (await page.getByLabel("At the end of the script (exit code of the last command)").textContent())!;
  const url = snippet.match(/(https?:\/\/\S+\/api\/v1\/ping\/[^/\s]+)\/\$\?/)![1]!;
  const key = url.split("/").pop()!;
  expect((await request.post(`/api/v1/ping/${key}/start`)).status()).toBe(201);
  const done = await request.post(`/api/v1/ping/${key}/0`, { data: "dumped 42 rows\n", headers: { "content-type": "text/plain" } });
  expect(done.status()).toBe(200);
  const run = (await done.json()).run;
  expect(run).toMatchObject({ status: "success", trigger: "api" });
  const log = await request.get(`/api/v1/runs/${run.id}/log`, { headers: auth });
  expect(await log.text()).toContain("dumped 42 rows");
  const list = await request.get("/api/v1/targets", { headers: auth });
  expect((await list.json()).targets.find((t: { id: number }) => t.id === targetId).status).toBe("ok");

  // Revoke: the very next call is refused.
  await page.goto("/settings/tokens");
  await page.getByRole("button", { name: "Revoke token nightly cron" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke token", exact: true }).click();
  await expect(page.getByRole("table", { name: "API tokens" }).getByText("revoked")).toBeVisible();
  const after = await request.get("/api/v1/apps", { headers: auth });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.code).toBe("unauthorized");

  // The audit trail shows the token's writes and the pings, and exports CSV.
  await page.goto("/audit?action=run.report");
  await expect(page.getByRole("table", { name: "Audit entries" }).getByRole("cell", { name: /^ping:target-/ }).first()).toBeVisible();
  await page.goto("/audit");
  await page.getByLabel("User").selectOption("token:nightly cron");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("table", { name: "Audit entries" }).getByText("target.create")).toBeVisible();
  const csv = await page.request.get("/api/audit/export?action=token.");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain("token.revoke");
  expect(ADMIN.email).toBeTruthy();
});

test.describe("as a viewer", () => {
  test.use({ storageState: STATE.viewer });
  test("[API] tokens and audit are admin-only", async ({ page, request }) => {
    await page.goto("/settings/tokens");
    await expect(page.getByText("Only admins can manage API tokens.")).toBeVisible();
    await page.goto("/audit");
    await expect(page.getByText("Only admins can see the audit trail.")).toBeVisible();
    expect((await request.get("/api/audit/export")).status()).toBe(403);
  });
});
