import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect, type Browser, type Page } from "@playwright/test";
import { STATE } from "./fixtures/users";

// Unique names per run, so a retry never trips over what the first attempt created.
const run = Date.now().toString(36);
const tempFolder = () => fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-e2e-src-"));

async function createApp(page: Page, name: string) {
  await page.goto("/apps");
  await page.getByRole("link", { name: "New app" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Description").fill("made by the e2e test");
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page.getByRole("heading", { name, exact: true })).toBeVisible();
}

async function createFilesystemTarget(page: Page, app: string, name: string, folder: string) {
  await page.goto("/targets");
  await page.getByRole("link", { name: "New target" }).click();
  await page.getByLabel("App", { exact: true }).selectOption({ label: app });
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Type", { exact: true }).selectOption("filesystem");
  await page.getByLabel("Folder path").fill(folder);
  await page.getByRole("button", { name: "Create target" }).click();
  await expect(page.getByRole("heading", { name: `${app} / ${name}` })).toBeVisible();
}

async function asAdmin<T>(browser: Browser, fn: (page: Page) => Promise<T>): Promise<T> {
  const ctx = await browser.newContext({ storageState: STATE.admin });
  try {
    return await fn(await ctx.newPage());
  } finally {
    await ctx.close();
  }
}

test.describe("admin", () => {
  test.use({ storageState: STATE.admin });

  test("[TARGETS] an admin creates an app and a filesystem target and sees it in the target list", async ({ page }) => {
    const app = `shop-${run}`;
    const folder = tempFolder();
    await createApp(page, app);
    await createFilesystemTarget(page, app, "uploads", folder);
    // The target page shows its definition.
    await expect(page.getByText(folder)).toBeVisible();
    await expect(page.getByText("{app}/{target}/{date}")).toBeVisible();

    await page.getByRole("link", { name: "Targets", exact: true }).click();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "uploads", exact: true }) }).filter({ hasText: app });
    await expect(row).toHaveCount(1);
    await expect(row.getByRole("cell", { name: "folder" })).toBeVisible();
    await expect(row.getByText("enabled")).toBeVisible();
    await expect(row.getByTestId("target-status").locator("[data-status]")).toHaveText("never");

    // Filter by type: a folder target is not a PostgreSQL one.
    await page.getByLabel("Type").selectOption("postgres");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/type=postgres/);
    await expect(page.getByRole("link", { name: "uploads", exact: true })).toHaveCount(0);
  });

  test("[TARGETS] bad input shows its error beside the field", async ({ page }) => {
    const app = `crm-${run}`;
    await createApp(page, app);
    await page.getByRole("link", { name: "New target" }).click();
    await page.getByLabel("Name", { exact: true }).fill("files");

    // A folder that does not exist, and an unknown placeholder, both reported at once.
    const missing = path.join(os.tmpdir(), `lifeboat-no-such-${run}`);
    await page.getByLabel("Folder path").fill(missing);
    await page.getByLabel("Path template").fill("{app}/{foo}/{date}");
    await page.getByRole("button", { name: "Create target" }).click();
    await expect(page.getByLabel("Folder path")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#source-path-error")).toHaveText(`Folder not found: ${missing}`);
    await expect(page.getByLabel("Path template")).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#pathTemplate-error")).toContainText("Unknown placeholder {foo}");

    // A malformed PostgreSQL URL.
    await page.getByLabel("Path template").fill("{app}/{target}/{date}");
    await page.getByLabel("Type", { exact: true }).selectOption("postgres");
    await page.getByRole("radio", { name: "One URL" }).check();
    await page.getByLabel("Connection URL").fill("postgres//user:pw@db:5432");
    await page.getByRole("button", { name: "Create target" }).click();
    await expect(page.locator("#source-url-error")).toContainText("Not a valid URL");
    await expect(page.getByLabel("Connection URL")).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/targets\/new/);
  });

  test("[TARGETS] a stored database password is never shown back, and an empty password keeps it", async ({ page }) => {
    const app = `billing-${run}`;
    const secret = `pw-${run}-Secret`;
    await createApp(page, app);
    await page.getByRole("link", { name: "New target" }).click();
    await page.getByLabel("Name", { exact: true }).fill("db");
    await page.getByLabel("Type", { exact: true }).selectOption("postgres");
    await page.getByLabel("Host").fill("127.0.0.1");
    await page.getByLabel("User", { exact: true }).fill("billing");
    await page.getByLabel("Password", { exact: true }).fill(secret);
    await page.getByLabel("Database", { exact: true }).fill("billing");
    await page.getByRole("button", { name: "Create target" }).click();
    await expect(page.getByText("postgres://billing:***@127.0.0.1:5432/billing")).toBeVisible();
    await expect(page.getByText("set (stored encrypted)")).toBeVisible();
    expect(await page.content()).not.toContain(secret);

    await page.getByRole("link", { name: "Edit" }).click();
    await expect(page.getByText("A password is set — leave empty to keep it")).toBeVisible();
    await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
    expect(await page.content()).not.toContain(secret);
    await page.getByLabel("Host").fill("localhost");
    await page.getByRole("button", { name: "Save target" }).click();
    await expect(page.getByText("postgres://billing:***@localhost:5432/billing")).toBeVisible();
    await expect(page.getByText("set (stored encrypted)")).toBeVisible();
  });
});

test.describe("users", () => {
  test.use({ storageState: STATE.admin });

  test("[USERS] an admin adds a user, changes the role, resets the password, disables and deletes them", async ({ page, browser }) => {
    const email = `temp-${run}@lifeboat.test`;
    await page.goto("/users");
    await page.getByRole("link", { name: "Add user" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create user" }).click();
    await expect(page.locator("#password-error")).toHaveText("Use at least 10 characters");

    await page.getByLabel("Password").fill("first-password-1");
    await page.getByLabel("Role").selectOption("viewer");
    await page.getByRole("button", { name: "Create user" }).click();
    const row = page.getByTestId(`user-row-${email}`);
    await expect(row.getByRole("cell", { name: email })).toBeVisible();
    await expect(row.getByRole("cell", { name: "viewer", exact: true })).toBeVisible();

    // A role change is asked again (what the new role may do), then applies.
    await row.getByLabel(`Role of ${email}`).selectOption("operator");
    const ask = page.getByRole("alertdialog", { name: `Make ${email} an operator?` });
    await expect(ask).toContainText("can also back up now");
    await ask.getByRole("button", { name: "Change role to operator" }).click();
    await expect(row.getByRole("cell", { name: "operator", exact: true })).toBeVisible();

    await row.getByRole("button", { name: "Reset password" }).click();
    await row.getByLabel(`New password for ${email}`).fill("second-password-2");
    await row.getByRole("button", { name: "Set password" }).click();
    await expect(row.getByRole("status")).toHaveText("Password changed");

    // The new password works, with the new role.
    // A fresh context: contexts made in a test inherit the admin's storageState otherwise.
    const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const p = await ctx.newPage();
    await p.goto("/login");
    await p.getByLabel("Email").fill(email);
    await p.getByLabel("Password").fill("second-password-2");
    await p.getByRole("button", { name: "Sign in" }).click();
    await expect(p.getByTestId("current-user")).toHaveText(email);
    await expect(p.getByText("role: operator")).toBeVisible();

    // Disabling applies at once, even to a session that is already open.
    await row.getByRole("button", { name: "Disable" }).click();
    await expect(row.getByText("disabled")).toBeVisible();
    await p.goto("/targets");
    await expect(p).toHaveURL(/\/login/);
    await ctx.close();

    // Delete sits in the row's ⋯ menu, behind a dialog.
    await row.getByRole("button", { name: "More actions for this user" }).click();
    await page.getByRole("menuitem", { name: "Delete user…" }).click();
    await page.getByRole("alertdialog", { name: `Delete ${email}?` }).getByRole("button", { name: "Delete user" }).click();
    await expect(page.getByTestId(`user-row-${email}`)).toHaveCount(0);
  });
});

test.describe("viewer", () => {
  test.use({ storageState: STATE.viewer });

  test("[TARGETS] a viewer sees no admin buttons and cannot open the users page", async ({ page, browser }) => {
    const app = `wiki-${run}`;
    await asAdmin(browser, async (admin) => {
      await createApp(admin, app);
      await createFilesystemTarget(admin, app, "pages", tempFolder());
    });

    await page.goto("/targets");
    await expect(page.getByRole("heading", { name: "Targets" })).toBeVisible();
    await expect(page.getByRole("link", { name: "pages", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "New target" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /^Edit/ })).toHaveCount(0);

    await page.goto("/apps");
    await expect(page.getByRole("link", { name: app })).toBeVisible();
    await expect(page.getByRole("link", { name: "New app" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: /^Edit/ })).toHaveCount(0);

    await page.getByRole("link", { name: app }).click();
    await expect(page.getByRole("heading", { name: app, exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: /^More actions/ })).toHaveCount(0);
    await page.getByRole("link", { name: "pages", exact: true }).click();
    await expect(page.getByRole("heading", { name: `${app} / pages` })).toBeVisible();
    await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^More actions/ })).toHaveCount(0);

    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Targets" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
    await page.goto("/users");
    await expect(page.getByText("This page is for admins only")).toBeVisible();
    await expect(page.getByRole("link", { name: "Add user" })).toHaveCount(0);
    await expect(page.getByRole("cell", { name: "admin@lifeboat.test" })).toHaveCount(0);
    await page.goto("/targets/new");
    await expect(page.getByText("This page is for admins only")).toBeVisible();
  });

  test("[TARGETS] a forged call of the create-app server action as a viewer is refused", async ({ page, browser, baseURL }) => {
    // 1. As admin, create an app through the form and capture the server action request it sends.
    const adminCtx = await browser.newContext({ storageState: STATE.admin });
    const admin = await adminCtx.newPage();
    const adminApp = `real-${run}`;
    let captured: { url: string; action: string; contentType: string; body: string } | null = null;
    admin.on("request", (req) => {
      const action = req.headers()["next-action"];
      if (req.method() === "POST" && action && !captured) {
        captured = { url: req.url(), action, contentType: req.headers()["content-type"] ?? "", body: req.postData() ?? "" };
      }
    });
    await createApp(admin, adminApp);
    expect(captured).not.toBeNull();
    const req = captured!;
    expect(req.body).toContain(adminApp);

    const replay = (request: typeof page.request, name: string) =>
      request.post(req.url, {
        headers: { "next-action": req.action, "content-type": req.contentType, accept: "text/x-component", origin: baseURL! },
        data: req.body.replace(adminApp, name),
      });

    // 2. The same request with the viewer's session: refused by the role check.
    const forged = `forged-${run}`;
    const res = await replay(page.request, forged);
    const text = await res.text();
    expect(text).toContain("does not allow this");
    expect(text).not.toContain('"ok":true');

    // 3. Control: the replay itself is well-formed, since the admin's session creates an app with it.
    const control = `control-${run}`;
    const ok = await replay(adminCtx.request, control);
    expect(await ok.text()).toContain('"ok":true');

    await admin.goto("/apps");
    await expect(admin.getByRole("link", { name: control, exact: true })).toBeVisible();
    await expect(admin.getByRole("link", { name: forged, exact: true })).toHaveCount(0);
    await adminCtx.close();
  });
});
