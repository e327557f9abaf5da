import { test, expect, type BrowserContext, type Page } from "@playwright/test";
import { generateSync } from "otplib";
import { startConsole, type ConsoleInstance } from "./fixtures/console-instance";

// Authenticator app, recovery codes, passkeys (Chromium's virtual authenticator) and the per-role
// requirement, on a console of its own (requiring 2FA must not touch the other specs' sessions).
const ADMIN = { email: "mfa-admin@lifeboat.test", password: "mfa-admin-password-1" };
const OPERATOR = { email: "mfa-operator@lifeboat.test", password: "mfa-operator-password-1" };
let app: ConsoleInstance;
let secret = "";
let recovery: string[] = [];
// The server accepts a code once per 30 s step (and one step of drift): the test never reuses one.
let lastStep = 0;

test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  app = await startConsole({ LIFEBOAT_ADMIN_EMAIL: ADMIN.email, LIFEBOAT_ADMIN_PASSWORD: ADMIN.password });
});
test.afterAll(async () => app?.stop());

/** A code the app would show: the current step, or the next one if the current was used already. */
async function freshCode(s = secret): Promise<string> {
  const now = () => Math.floor(Date.now() / 30_000);
  // Two codes already used in this step and the next: wait (for the clock, not a fixed time) until a new step starts.
  await expect.poll(now, { timeout: 35_000 }).toBeGreaterThanOrEqual(lastStep);
  const step = Math.max(now(), lastStep + 1);
  lastStep = step;
  return generateSync({ secret: s, epoch: step * 30 });
}

async function passwordStep(page: Page, email: string, password: string) {
  await page.goto(`${app.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

async function virtualAuthenticator(ctx: BrowserContext, page: Page) {
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
}

test("[2FA] enrol an authenticator app with a QR code and a confirmation code; ten recovery codes", async ({ page }) => {
  await passwordStep(page, ADMIN.email, ADMIN.password);
  await expect(page.getByTestId("current-user")).toHaveText(ADMIN.email);
  await page.getByRole("link", { name: "Your account" }).click();
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  // The key for typing in by hand has a copy button.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
  await page.getByRole("button", { name: "Copy the key" }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "does not match" })).toBeVisible();
  await page.getByLabel("Code from the app").fill(await freshCode());
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  recovery = await list.getByRole("listitem").allTextContents();
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("10");
});

test("[2FA] the password is not enough: the code from the app completes the sign-in", async ({ page }) => {
  await passwordStep(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(/\/login\/verify/);
  // No session yet: every page sends back to sign-in, the cookie-authenticated routes say 401.
  for (const path of ["/", "/targets", "/users", "/settings", "/account"]) {
    await page.goto(`${app.url}${path}`);
    await expect(page, path).toHaveURL(/\/login/);
  }
  expect((await page.request.get(`${app.url}/api/audit/export`)).status()).toBe(401);
  await page.goto(`${app.url}/login/verify`);
  await page.getByLabel("Authentication code").fill("123456");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That code does not match")).toBeVisible();
  await page.getByLabel("Authentication code").fill(await freshCode());
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(ADMIN.email);
  await signOut(page);
});

test("[2FA] a recovery code works once only", async ({ page }) => {
  for (const expectOk of [true, false]) {
    await passwordStep(page, ADMIN.email, ADMIN.password);
    await page.getByRole("button", { name: "Use a recovery code" }).click();
    await page.getByLabel("Recovery code").fill(recovery[0]!);
    await page.getByRole("button", { name: "Verify" }).click();
    if (expectOk) {
      await expect(page.getByTestId("current-user")).toHaveText(ADMIN.email);
      await signOut(page);
    } else {
      await expect(page.getByText("That recovery code is wrong or already used")).toBeVisible();
    }
  }
});

test("[PASSKEYS] register several, sign in with one, use one as the second factor, remove one", async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await virtualAuthenticator(ctx, page);
  test.setTimeout(120_000);
  // A recovery code here: the authenticator's codes were used in the tests above (one per 30 s step).
  await passwordStep(page, ADMIN.email, ADMIN.password);
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(recovery[2]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(ADMIN.email);
  await page.goto(`${app.url}/account`);
  await page.getByLabel("Passkey name").fill("laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("status")).toHaveText('Passkey "laptop" added');
  await expect(page.getByRole("list", { name: "Your passkeys" }).getByText("laptop", { exact: true })).toBeVisible();

  // A second one, from another device (its own authenticator).
  const ctx2 = await browser.newContext({ storageState: await ctx.storageState() });
  const page2 = await ctx2.newPage();
  await virtualAuthenticator(ctx2, page2);
  await page2.goto(`${app.url}/account`);
  await page2.getByLabel("Passkey name").fill("phone");
  await page2.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page2.getByRole("list", { name: "Your passkeys" }).getByRole("listitem")).toHaveCount(2);

  // The passkey is the whole sign-in: no email, no password.
  await signOut(page);
  await page.getByRole("button", { name: "Continue with a passkey" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(ADMIN.email);

  // Or the second factor after the password.
  await signOut(page);
  await passwordStep(page, ADMIN.email, ADMIN.password);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(ADMIN.email);

  // Remove the phone's passkey.
  await page.goto(`${app.url}/account`);
  await page.getByRole("button", { name: "Remove phone" }).click();
  await page.getByRole("button", { name: "Yes, remove it" }).click();
  await expect(page.getByRole("list", { name: "Your passkeys" }).getByRole("listitem")).toHaveCount(1);
  // The removed passkey no longer signs in.
  await page2.getByRole("button", { name: "Sign out" }).click();
  await page2.getByRole("button", { name: "Continue with a passkey" }).click();
  await expect(page2.getByText("The passkey was not accepted")).toBeVisible();
  await ctx2.close();
  await ctx.close();
});

test("[2FA] an admin requires 2FA for operators: nothing is reachable before enrolling; the admin sees and resets it", async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await passwordStep(admin, ADMIN.email, ADMIN.password);
  await admin.getByRole("button", { name: "Use a recovery code" }).click();
  await admin.getByLabel("Recovery code").fill(recovery[1]!);
  await admin.getByRole("button", { name: "Verify" }).click();
  await expect(admin.getByTestId("current-user")).toHaveText(ADMIN.email);
  await admin.goto(`${app.url}/users/new`);
  await admin.getByLabel("Email").fill(OPERATOR.email);
  await admin.getByLabel("Password").fill(OPERATOR.password);
  await admin.getByLabel("Role").selectOption("operator");
  await admin.getByRole("button", { name: "Create user" }).click();
  await expect(admin.getByRole("cell", { name: OPERATOR.email })).toBeVisible();

  // The operator signs in before the rule: a session with one factor.
  const opCtx = await browser.newContext();
  const op = await opCtx.newPage();
  await passwordStep(op, OPERATOR.email, OPERATOR.password);
  await expect(op.getByTestId("current-user")).toHaveText(OPERATOR.email);

  await admin.goto(`${app.url}/settings/sign-in`);
  await admin.getByLabel("operators").check();
  await admin.getByRole("button", { name: "Save sign-in settings" }).click();
  await expect(admin.getByText("Sign-in settings saved.")).toBeVisible();

  // The existing one-factor session no longer counts: pages, routes and actions are closed.
  await op.goto(`${app.url}/runs`);
  await expect(op).toHaveURL(/\/login/);
  await expect(op.getByText("Your role now requires two-factor authentication")).toBeVisible();
  expect((await op.request.get(`${app.url}/api/runs/1/log`)).status()).toBe(401);

  // Signing in again leads to enrolment, and only then to the console.
  await passwordStep(op, OPERATOR.email, OPERATOR.password);
  await expect(op.getByRole("heading", { name: "Set up two-factor authentication" })).toBeVisible();
  await op.goto(`${app.url}/targets`);
  await expect(op).toHaveURL(/\/login/);
  await op.goto(`${app.url}/login/verify`);
  await op.getByRole("button", { name: "Set up an authenticator app" }).click();
  const opSecret = (await op.getByTestId("totp-secret").textContent())!.trim();
  await op.getByLabel("Code from the app").fill(generateSync({ secret: opSecret }));
  await op.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await expect(op.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await op.getByRole("button", { name: "Continue to the console" }).click();
  await expect(op.getByTestId("current-user")).toHaveText(OPERATOR.email);

  // Who has it, and the admin's reset (audited).
  await admin.goto(`${app.url}/users`);
  const cell = admin.getByTestId(`two-factor-${OPERATOR.email}`);
  await expect(cell.getByText("on: app")).toBeVisible();
  await expect(cell.getByText("required")).toBeVisible();
  await cell.getByRole("button", { name: "Reset 2FA" }).click();
  // The confirmation is a dialog (outside the cell).
  await admin.getByRole("alertdialog").getByRole("button", { name: "Yes, reset" }).click();
  await expect(cell.getByText("off")).toBeVisible();
  // The reset ends the operator's open session: the factors may have been stolen with it.
  await op.goto(`${app.url}/targets`);
  await expect(op).toHaveURL(/\/login/);

  // The audit records each sign-in's methods.
  const csv = await (await admin.request.get(`${app.url}/api/audit/export`)).text();
  // (CSV quoting doubles the quotes inside the JSON columns.)
  for (const m of ["password+totp", "password+recovery_code", '[""passkey""]', "password+passkey", "user.passkey_add", "user.passkey_remove", "user.reset_2fa", '""authenticatorApp"":true']) {
    expect(csv, m).toContain(m);
  }
  await opCtx.close();
  await adminCtx.close();
});
