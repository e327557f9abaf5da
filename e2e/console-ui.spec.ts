import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect, type Page } from "@playwright/test";
import { ADMIN, STATE } from "./fixtures/users";
import { createAppViaUi, createFolderTargetViaUi, createTargetViaUi } from "./fixtures/ui";
import { noHorizontalOverflow, noSolidRedButtons, PHONE, WIDE } from "./fixtures/layout";

// The console as people use it: on a phone and a wide screen, in dark mode, with the command
// palette, and with forms that keep what was typed when the server refuses it.
test.describe.configure({ mode: "serial" });
test.use({ storageState: STATE.admin });

const stamp = Date.now().toString(36);
const APP = `ui-${stamp}`;
const src = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-ui-e2e-"));
fs.writeFileSync(path.join(src, "a.txt"), "hello\n".repeat(500));
const urls: Record<string, string> = {};

/** The element is on screen without scrolling sideways. */
async function inView(page: Page, what: ReturnType<Page["locator"]>) {
  await expect(what).toBeVisible();
  const box = (await what.boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
}

test("[UI] the admin sets up an app with a folder target and backs it up", async ({ page }) => {
  urls.app = await createAppViaUi(page, APP);
  // Each change is confirmed by a toast (create here; delete in delete-target.spec, trigger below).
  await expect(page.getByText(`App ${APP} created`, { exact: true })).toBeVisible();
  urls.target = await createFolderTargetViaUi(page, APP, "files", src);
  await expect(page.getByText("Target files created", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  urls.run = new URL(page.url()).pathname;
  await expect(page.getByText(/Backup of .*files queued/)).toBeVisible();
  await expect(page.locator('[data-status="success"]')).toBeVisible({ timeout: 60_000 });
  // A record needs the moment, not only "just now": the exact time is written beside it.
  await expect(page.getByRole("definition").filter({ hasText: /\d{1,2}:\d{2}:\d{2}/ }).first()).toBeVisible();
});

test("[UI] a run restored into a new folder has a page of its own", async ({ page }) => {
  // A long destination path: the restore page must wrap it, also on a phone.
  const dest = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-ui-e2e-")), "restored-into-a-folder-whose-name-is-long-enough-to-need-wrapping-on-a-phone");
  await page.goto(`${urls.run}/restore?mode=alternate&path=${encodeURIComponent(dest)}`);
  await expect(page.getByTestId("destination-label")).toContainText(dest);
  await page.getByLabel("Type the target name (files) to confirm").fill("files");
  await page.getByRole("button", { name: "Restore", exact: true }).click();
  await expect(page).toHaveURL(/\/restores\/\d+$/);
  urls.restore = new URL(page.url()).pathname;
  await expect(page.getByText("The restore finished successfully.")).toBeVisible({ timeout: 60_000 });
  expect(fs.readdirSync(dest, { recursive: true })).toContain("a.txt");
});

for (const [name, size] of [
  ["390×844", PHONE],
  ["1440×900", WIDE],
] as const) {
  test(`[UI] at ${name} no main page scrolls sideways, no page shows a solid red button, and a target shows its status and "Back up now"`, async ({ page, browser }) => {
    // 24 pages, each loaded and measured: more than the default minute on a loaded machine.
    test.slow();
    await page.setViewportSize(size);
    const pages = [
      "/",
      "/apps",
      "/apps/new",
      urls.app,
      "/targets",
      urls.target,
      "/targets/new",
      "/schedules",
      "/schedules/new",
      "/runs",
      urls.run,
      `${urls.run}/restore`,
      "/restores",
      urls.restore,
      "/storage",
      "/users",
      "/users/new",
      "/account",
      "/audit",
      "/settings",
      "/settings/tokens",
      "/settings/notifications",
      "/settings/sign-in",
      "/settings/storage",
    ];
    for (const p of pages) {
      await page.goto(p);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await noHorizontalOverflow(page);
      // One button hierarchy; the restore preview's own Restore is the confirmed step it leads to.
      if (p !== `${urls.run}/restore`) await noSolidRedButtons(page);
    }

    // Signed out: the sign-in page, also with an error shown (a wrong password is not tried here: failed
    // sign-ins count towards the per-address limit other specs meet; the setup page is measured in auth.setup.ts).
    const signedOut = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: size });
    const login = await signedOut.newPage();
    await login.goto("/login");
    await expect(login.getByRole("heading", { name: "Sign in", level: 1 })).toBeVisible();
    await noHorizontalOverflow(login);
    await login.goto("/login?error=Configuration");
    await expect(login.getByText(/Single sign-on failed/)).toBeVisible();
    await noHorizontalOverflow(login);
    await signedOut.close();

    await page.goto("/targets");
    const row = page.getByTestId(`target-row-${urls.target.split("/").pop()}`);
    await inView(page, row.getByTestId("target-status").locator("[data-status]"));
    await inView(page, row.getByRole("button", { name: "Back up now" }));

    await page.goto(urls.target);
    await inView(page, page.getByRole("heading", { level: 1 }));
    await inView(page, page.getByTestId("target-status").first().locator("[data-status]"));
    await inView(page, page.getByRole("button", { name: "Back up now" }));

    // The run log spans the page width (minus the page padding), not a sliver beside the figures.
    await page.goto(urls.run);
    const log = (await page.getByRole("log", { name: "Run log" }).boundingBox())!;
    expect(log.width).toBeGreaterThan(size.width * (size === PHONE ? 0.85 : 0.6));
  });
}

test("[UI] the console has an icon, and Settings warns when notification links would point elsewhere", async ({ page, request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  await page.goto("/settings");
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /icon/);
  // These tests open the console at 127.0.0.1:<port> without LIFEBOAT_PUBLIC_URL: links would say localhost:3000.
  const warning = page.getByTestId("public-url-warning");
  await expect(warning).toContainText("http://localhost:3000");
  await expect(warning).toContainText(new URL(page.url()).origin);
});

test("[UI] the metrics scrape URL copies whole with the button beside it", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.goto("/settings/notifications");
  const shown = page.locator("p", { hasText: "Prometheus endpoint" }).locator("code");
  const url = (await shown.textContent())!;
  expect(url).toMatch(/^https?:\/\/[^/\s]+\/api\/metrics$/);
  await page.getByRole("button", { name: "Copy the scrape URL" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(url);
});

test("[UI] on a phone the menu button opens the navigation", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await page.getByRole("button", { name: "Open menu" }).click();
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Runs" }).click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByRole("heading", { name: "Runs", level: 1 })).toBeVisible();
  await expect(nav).toHaveCount(0);
  await expect(page).toHaveTitle("Runs · Lifeboat");
});

test("[UI] dark mode follows the system, the toggle overrides it, and charts stay readable", async ({ page }, testInfo) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(urls.target);
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(luminance(bg)).toBeLessThan(0.2);
  // Chart text is light on the dark background (axis labels drawn with the theme's colour).
  const tick = page.locator(".recharts-cartesian-axis-tick-value").first();
  await expect(tick).toBeVisible();
  expect(luminance(await tick.evaluate((el) => getComputedStyle(el).fill))).toBeGreaterThan(0.4);
  await page.screenshot({ path: testInfo.outputPath("target-dark.png"), fullPage: true });
  await page.goto("/");
  // The storage chart agrees with the total beside it (its last point is today's total).
  const total = (await page.getByText(/Lifeboat's artifacts use .+ in total/).locator("strong").textContent())!.trim();
  await expect(page.getByRole("figure", { name: "Total storage used over time" })).toContainText(`now ${total}`);
  await page.screenshot({ path: testInfo.outputPath("dashboard-dark.png"), fullPage: true });

  // The toggle wins over the system setting, and is remembered.
  await page.getByRole("button", { name: "Colour theme" }).click();
  await page.getByRole("menuitemradio", { name: "Light" }).click();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  expect(luminance(await page.evaluate(() => getComputedStyle(document.body).backgroundColor))).toBeGreaterThan(0.8);
  await page.screenshot({ path: testInfo.outputPath("dashboard-light.png"), fullPage: true });
  await page.getByRole("button", { name: "Colour theme" }).click();
  await page.getByRole("menuitemradio", { name: "System" }).click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
});

test("[UI] the command palette finds a target and backs it up; #id finds a run", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await expect(palette).toBeVisible();
  const search = palette.getByRole("combobox", { name: "Search apps, targets, runs, pages and actions" });
  await search.fill(`${APP}/files`);
  await expect(palette.getByRole("option", { name: new RegExp(`^${APP}/files`) })).toBeVisible();
  await palette.getByRole("option", { name: `Back up ${APP}/files` }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  const runId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByText(new RegExp(`Backup of ${APP}/files queued`))).toBeVisible();
  await expect(page.getByRole("heading", { name: `Run #${runId}` })).toBeVisible();
  await expect(page.locator('[data-status="success"]')).toBeVisible({ timeout: 60_000 });

  await page.goto("/targets");
  await page.getByRole("button", { name: "Search (Ctrl K)" }).click();
  await search.fill(`#${runId}`);
  await palette.getByRole("option", { name: new RegExp(`^Run #${runId} · ${APP}/files`) }).click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));

  // Apps and pages are found too.
  await page.keyboard.press("Control+k");
  await search.fill(APP);
  await palette.getByRole("option", { name: APP, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${urls.app}$`));
  await page.keyboard.press("Control+k");
  await search.fill("audit trail");
  await palette.getByRole("option", { name: "Audit trail", exact: true }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page).toHaveTitle("Audit trail · Lifeboat");
});

test("[UI] text search filters the targets list and the runs list", async ({ page }) => {
  await page.goto("/targets");
  await page.getByLabel("Search targets").fill(`${APP} files`);
  await expect(page.getByRole("link", { name: "files", exact: true })).toHaveCount(1);
  await page.getByLabel("Search targets").fill(`${APP} no-such-target`);
  await expect(page.getByText(/No target matches/)).toBeVisible();

  await page.goto("/runs");
  await page.getByLabel("Search", { exact: true }).fill(`${APP}/files`);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/q=/);
  const rows = page.getByRole("row").filter({ hasText: `${APP} / files` });
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole("row").filter({ hasNotText: `${APP} / files` })).toHaveCount(1); // the header row
});

test("[UI] an external target shows only what applies: no Lifeboat settings, no Back up now, no Run now, no Retry", async ({ page, request }) => {
  const url = await createTargetViaUi(page, { app: APP, name: "cron-dump", type: "external", fill: async () => {} });
  urls.external = url;
  await expect(page.getByText("made and reported by your own script")).toBeVisible();
  for (const term of ["Compression", "Path template", "Retention", "Pre-hook", "Timeout"]) {
    await expect(page.getByRole("term").filter({ hasText: new RegExp(`^${term}$`) })).toHaveCount(0);
  }
  await expect(page.getByRole("heading", { name: "Retention" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Back up now" })).toHaveCount(0);

  // Its script reports a failure through the ping URL: the run offers no Retry (Lifeboat cannot run it).
  const snippet = (await page.getByLabel("At the end of the script (exit code of the last command)").textContent())!;
  const key = snippet.match(/\/api\/v1\/ping\/([^/\s]+)\/\$\?/)![1]!;
  const failed = await request.post(`/api/v1/ping/${key}/1`, { data: "dump failed\n", headers: { "content-type": "text/plain" } });
  expect(failed.ok()).toBe(true);
  const runId = (await failed.json()).run.id;
  await page.goto(`/runs/${runId}`);
  await expect(page.locator('[data-status="failed"]').first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);

  // Its schedule is watched for overdue, but offers no "Run now".
  await page.goto(`/schedules/new?targetId=${url.split("/").pop()}`);
  await page.getByLabel("Repeat").selectOption("daily");
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page).toHaveURL(/\/schedules$/);
  const row = page.getByRole("row").filter({ hasText: `${APP} / cron-dump` });
  await expect(row.getByRole("button", { name: /^Disable schedule/ })).toBeVisible();
  await expect(row.getByRole("button", { name: /^Run now/ })).toHaveCount(0);
});

test("[UI] ping URLs are shown whole on a phone and copy with one click", async ({ page, context, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.setViewportSize(PHONE);
  await page.goto(urls.external);
  const block = page.getByLabel("At the end of the script (exit code of the last command)");
  const snippet = (await block.textContent())!;
  expect(snippet).toMatch(new RegExp(`^curl .* ${baseURL}/api/v1/ping/[^/\\s]+/\\$\\?$`));
  // Nothing is cut off: every code block wraps inside the window, none hides a part behind a scrollbar.
  const pres = page.locator("pre");
  expect(await pres.count()).toBeGreaterThanOrEqual(4);
  for (const pre of await pres.all()) {
    const m = await pre.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right, window: window.innerWidth }));
    expect(m.scroll, `${await pre.getAttribute("aria-label")} hides ${m.scroll - m.client}px`).toBeLessThanOrEqual(m.client);
    expect(m.right).toBeLessThanOrEqual(m.window);
  }
  await noHorizontalOverflow(page);
  // Every code block has its copy button; it copies the whole snippet.
  await expect(page.getByRole("button", { name: "Copy to clipboard" })).toHaveCount(await pres.count());
  await block.locator("..").getByRole("button", { name: "Copy to clipboard" }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
});

test("[UI] saving and deleting an app, a target and a schedule each end with a toast", async ({ page }) => {
  await page.goto(`${urls.app}/edit`);
  await page.getByLabel("Description").fill("edited in the console-ui spec");
  await page.getByRole("button", { name: "Save app" }).click();
  await expect(page).toHaveURL(new RegExp(`${urls.app}$`));
  await expect(page.getByText(`App ${APP} saved`, { exact: true })).toBeVisible();

  await page.goto(`${urls.target}/edit`);
  await page.getByLabel("Description").fill("edited in the console-ui spec");
  await page.getByRole("button", { name: "Save target" }).click();
  await expect(page).toHaveURL(new RegExp(`${urls.target}$`));
  await expect(page.getByText("Target files saved", { exact: true })).toBeVisible();

  await page.goto("/schedules");
  const row = page.getByRole("row").filter({ hasText: `${APP} / cron-dump` });
  await row.getByRole("link", { name: /^Edit schedule/ }).click();
  await expect(page).toHaveURL(/\/schedules\/\d+\/edit$/);
  await page.getByLabel("Grace (minutes)").fill("45");
  await page.getByRole("button", { name: "Save schedule" }).click();
  await expect(page).toHaveURL(/\/schedules$/);
  await expect(page.getByText("Schedule saved", { exact: true })).toBeVisible();
  await row.getByRole("button", { name: /^More actions for schedule/ }).click();
  await page.getByRole("menuitem", { name: "Delete schedule…" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete schedule" }).click();
  await expect(page.getByText(/^Schedule deleted: /)).toBeVisible();
  await expect(row).toHaveCount(0);

  // Deleting an app (a spare one: the others are used below); a target's is in delete-target.spec.
  const spare = `${APP}-spare`;
  await createAppViaUi(page, spare);
  await page.getByRole("button", { name: `More actions for ${spare}` }).click();
  await page.getByRole("menuitem", { name: "Delete app…" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete app" }).click();
  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.getByText(`App ${spare} deleted`, { exact: true })).toBeVisible();
});

test("[UI] forms keep what was typed when the server refuses it", async ({ page, browser }) => {
  // Sign-in: a wrong password keeps the email.
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const p = await ctx.newPage();
  await p.goto("/login");
  await p.getByLabel("Email").fill(ADMIN.email);
  await p.getByLabel("Password").fill("not-the-password");
  await p.getByRole("button", { name: "Sign in" }).click();
  await expect(p.getByText("Wrong email or password")).toBeVisible();
  await expect(p.getByLabel("Email")).toHaveValue(ADMIN.email);
  await ctx.close();

  // Apps: a taken name keeps name and description.
  await page.goto("/apps/new");
  await page.getByLabel("Name", { exact: true }).fill(APP);
  await page.getByLabel("Description").fill("a second one");
  await page.getByRole("button", { name: "Create app" }).click();
  await expect(page.locator("#app-name-error")).toHaveText("This name is taken");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(APP);
  await expect(page.getByLabel("Description")).toHaveValue("a second one");

  // Users: a short password keeps name, email and role.
  await page.goto("/users/new");
  await page.getByLabel("Name").fill("Bea Backup");
  await page.getByLabel("Email").fill(`bea-${stamp}@lifeboat.test`);
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Role").selectOption("operator");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.locator("#password-error")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Bea Backup");
  await expect(page.getByLabel("Email")).toHaveValue(`bea-${stamp}@lifeboat.test`);
  await expect(page.getByLabel("Role")).toHaveValue("operator");

  // Target form, common fields: a missing folder keeps name and description.
  await page.goto("/targets/new");
  await page.getByLabel("App", { exact: true }).selectOption({ label: APP });
  await page.getByLabel("Name", { exact: true }).fill("later");
  await page.getByLabel("Description").fill("kept after an error");
  await page.getByLabel("Folder path").fill(path.join(src, "missing"));
  await page.getByRole("button", { name: "Create target" }).click();
  await expect(page.locator("#source-path-error")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("later");
  await expect(page.getByLabel("Description")).toHaveValue("kept after an error");

  // Schedules: a cron error goes as soon as the expression is fixed, and the rule is said in words.
  await page.goto(`/schedules/new?targetId=${urls.target.split("/").pop()}`);
  await page.getByLabel("Repeat").selectOption("cron");
  await page.getByLabel("Cron expression").fill("0 */2 * *");
  await expect(page.locator("#cronExpr-error")).toContainText("5 fields");
  await page.getByLabel("Cron expression").fill("0 */2 * * *");
  await expect(page.locator("#cronExpr-error")).toHaveCount(0);
  await expect(page.getByTestId("rule-in-words")).toContainText("every 2 hours");
  await expect(page.getByRole("list", { name: "Next run times" }).getByRole("listitem")).toHaveCount(5);
  // A server-side refusal (grace out of range) keeps the rule and the other fields.
  await page.getByLabel("Grace (minutes)").fill("99999");
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page.locator("#graceMinutes-error")).toBeVisible();
  await expect(page.getByLabel("Cron expression")).toHaveValue("0 */2 * * *");
  await expect(page.getByLabel("Grace (minutes)")).toHaveValue("99999");
});

/** Lightness (0 black … 1 white) of a CSS colour as Chromium reports it: rgb(), lab(), oklch()/oklab(). */
function luminance(css: string): number {
  const rgb = /rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)/.exec(css);
  if (rgb) {
    const [r, g, b] = rgb.slice(1, 4).map((v) => Number(v) / 255);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  // Chromium reports colours from oklch() variables as lab()/oklch(): their L is the lightness.
  const lab = /^lab\(([\d.]+)/.exec(css);
  if (lab) return Number(lab[1]) / 100;
  const ok = /^ok(?:lch|lab)\(([\d.]+)(%?)/.exec(css);
  if (ok) return Number(ok[1]) / (ok[2] ? 100 : 1);
  throw new Error(`unknown colour ${css}`);
}
