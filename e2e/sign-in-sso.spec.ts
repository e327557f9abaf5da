import { spawnSync } from "node:child_process";
import { test, expect, type Browser, type BrowserContext, type Page, type Cookie } from "@playwright/test";
import { startConsole, type ConsoleInstance } from "./fixtures/console-instance";
import { startOidcProvider, type TestProvider } from "./fixtures/oidc-provider";

// Single sign-on against a real OpenID provider on loopback, through a console of its own.
const ADMIN = { email: "sso-admin@lifeboat.test", password: "sso-admin-password-1" };
let app: ConsoleInstance;
let idp: TestProvider;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  app = await startConsole({ LIFEBOAT_ADMIN_EMAIL: ADMIN.email, LIFEBOAT_ADMIN_PASSWORD: ADMIN.password });
  idp = await startOidcProvider(`${app.url}/api/auth/callback/oidc`, {
    dev: { email: "dev@example.com", email_verified: true, name: "Dev", groups: ["developers"] },
    sales: { email: "sales@example.com", email_verified: true, name: "Sales", groups: ["sales"] },
    "ops-unverified": { email: "ops@example.com", email_verified: false, name: "Ops?", groups: ["developers"] },
    ops: { email: "ops@example.com", email_verified: true, name: "Ops", groups: ["developers"] },
    victim: { email: "victim@example.com", email_verified: true, name: "V", groups: ["developers"] },
  });
});
test.afterAll(async () => {
  await app?.stop();
  await idp?.stop();
});

async function signInWithPassword(page: Page, email: string, password: string) {
  await page.goto(`${app.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("current-user")).toHaveText(email);
}

/** Click "Sign in with Team SSO" and get through the provider's own login and consent pages. */
async function ssoThroughProvider(page: Page, login: string) {
  await page.goto(`${app.url}/login`);
  await page.getByRole("button", { name: "Sign in with Team SSO" }).click();
  await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/`));
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

/** A sign-in stopped at the callback: its URL and the browser's check cookies (state, PKCE, nonce). */
async function stoppedAtCallback(browser: Browser, login: string): Promise<{ url: string; cookies: Cookie[] }> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  let url = "";
  // Playwright does not route a followed redirect, and the provider reaches the callback through a
  // chain of them. So its form posts are replayed here with the context's own cookies, following the
  // chain by hand: the hop that points at the callback is kept instead of followed.
  await page.route(`${idp.issuer}/**`, async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    let res = await ctx.request.fetch(route.request(), { maxRedirects: 0 });
    let hop = res.headers()["location"] ? new URL(res.headers()["location"]!, idp.issuer).toString() : "";
    while (hop.startsWith(idp.issuer)) {
      res = await ctx.request.get(hop, { maxRedirects: 0 });
      const loc = res.headers()["location"];
      if (!loc) return route.fulfill({ status: 303, headers: { location: hop } });
      hop = new URL(loc, idp.issuer).toString();
    }
    if (!hop.includes("/api/auth/callback/oidc")) return route.fulfill({ response: res });
    url = hop;
    return route.fulfill({ status: 200, contentType: "text/plain", body: "stopped at the callback" });
  });
  await page.goto(`${app.url}/login`);
  await page.getByRole("button", { name: "Sign in with Team SSO" }).click();
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("stopped at the callback")).toBeVisible();
  expect(url).toContain("code=");
  const cookies = (await ctx.cookies(app.url)).filter((c) => c.name.startsWith("authjs."));
  // One cookie per check: a check that is off (no nonce sent, say) fails here, not silently below.
  expect(cookies.map((c) => c.name)).toEqual(expect.arrayContaining(["authjs.nonce", "authjs.pkce.code_verifier", "authjs.state"]));
  await ctx.close();
  return { url, cookies };
}

const checkCookie = (cookies: Cookie[], kind: "state" | "pkce" | "nonce") => cookies.find((c) => c.name.includes(kind))!;

async function deliver(ctx: BrowserContext, url: string, cookies: Cookie[]) {
  await ctx.clearCookies();
  await ctx.addCookies(cookies.map((c) => ({ name: c.name, value: c.value, domain: c.domain, path: c.path, httpOnly: c.httpOnly, sameSite: c.sameSite, secure: c.secure, expires: c.expires })));
  const page = await ctx.newPage();
  await page.goto(url);
  return page;
}

test("[SSO] an admin configures OpenID Connect; the client secret never reaches the browser", async ({ page }) => {
  const seen: string[] = [];
  page.on("response", async (r) => {
    if (r.url().startsWith(app.url)) seen.push(`${r.url()} ${await r.text().catch(() => "")}`);
  });
  page.on("request", (r) => seen.push(r.url()));
  await signInWithPassword(page, ADMIN.email, ADMIN.password);
  await page.goto(`${app.url}/settings/sign-in`);
  await expect(page.getByTestId("sso-callback-url")).toHaveText(`${app.url}/api/auth/callback/oidc`);
  // The copy button beside it takes the whole URI, to paste at the provider.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
  await page.getByRole("button", { name: "Copy the redirect URI" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`${app.url}/api/auth/callback/oidc`);
  await page.getByLabel("Offer single sign-on on the sign-in page").check();
  await page.getByLabel("Button name").fill("Team SSO");
  await page.getByLabel("Issuer URL").fill(idp.issuer);
  await page.getByLabel("Client id").fill(idp.clientId);
  await page.getByLabel("Client secret").fill(idp.clientSecret);
  await page.getByLabel("Scopes").fill("openid profile email groups");
  await page.getByLabel("Group 1", { exact: true }).fill("backup-admins");
  await page.getByLabel("Role for group 1").selectOption("admin");
  await page.getByRole("button", { name: "Add group" }).click();
  await page.getByLabel("Group 2", { exact: true }).fill("developers");
  await page.getByLabel("Role for group 2").selectOption("operator");
  await page.getByLabel("Users in none of these groups").selectOption("none");
  await page.getByRole("button", { name: "Save single sign-on" }).click();
  await expect(page.getByText("Single sign-on saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Client secret")).toHaveValue("");
  await expect(page.getByText("A secret is set (never shown)")).toBeVisible();
  // Through a whole SSO sign-in too: the secret is only ever sent server to provider.
  const ctx2 = page.context();
  await ctx2.clearCookies();
  await ssoThroughProvider(page, "dev");
  await expect(page.getByTestId("current-user")).toHaveText("dev@example.com");
  expect(seen.length).toBeGreaterThan(10);
  expect(seen.filter((s) => s.includes(idp.clientSecret))).toEqual([]);
});

test("[SSO] redirect, consent and callback sign a new user in with the role of their group", async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await ssoThroughProvider(page, "dev");
  await expect(page.getByTestId("current-user")).toHaveText("dev@example.com");
  await expect(page.getByText("role: operator")).toBeVisible();
  // The role follows the group at the next sign-in.
  idp.accounts.dev!.groups = ["backup-admins"];
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole("button", { name: "Sign in with Team SSO" }).click();
  // The provider remembers the login and the consent: straight back.
  await expect(page.getByTestId("current-user")).toHaveText("dev@example.com");
  await expect(page.getByText("role: admin")).toBeVisible();
  idp.accounts.dev!.groups = ["developers"];
  await ctx.close();
});

test("[SSO] someone in no mapped group is refused with a clear page", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await ssoThroughProvider(page, "sales");
  await expect(page.getByRole("heading", { name: "Access refused" })).toBeVisible();
  await expect(page.getByText("not in any group that has access to Lifeboat")).toBeVisible();
  await page.goto(`${app.url}/`);
  await expect(page).toHaveURL(/\/login/);
});

test("[SSO] an existing local user is linked only when the provider verified the email", async ({ page, browser }) => {
  await signInWithPassword(page, ADMIN.email, ADMIN.password);
  await page.goto(`${app.url}/users/new`);
  await page.getByLabel("Email").fill("ops@example.com");
  await page.getByLabel("Password").fill("ops-local-password-1");
  await page.getByLabel("Role").selectOption("viewer");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("cell", { name: "ops@example.com" })).toBeVisible();

  const unverified = await (await browser.newContext()).newPage();
  await ssoThroughProvider(unverified, "ops-unverified");
  await expect(unverified.getByText("did not confirm that the address is yours")).toBeVisible();

  const verified = await (await browser.newContext()).newPage();
  await ssoThroughProvider(verified, "ops");
  await expect(verified.getByTestId("current-user")).toHaveText("ops@example.com");
  await expect(verified.getByText("role: operator")).toBeVisible();
  // The same account, now linked (one row, marked SSO).
  await page.goto(`${app.url}/users`);
  const row = page.getByTestId("user-row-ops@example.com");
  await expect(row).toHaveCount(1);
  await expect(row.getByText("SSO")).toBeVisible();
});

test("[SSO] a replayed or tampered callback is refused (state, nonce and PKCE are checked)", async ({ browser }) => {
  test.setTimeout(180_000); // eight sign-ins through the provider
  // Replay: a completed callback URL delivered again, in the same browser and in another.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  let callback = "";
  page.on("request", (r) => {
    if (r.url().includes("/api/auth/callback/oidc")) callback = r.url();
  });
  await ssoThroughProvider(page, "victim");
  await expect(page.getByTestId("current-user")).toHaveText("victim@example.com");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto(callback);
  await expect(page.getByRole("heading", { name: "Sign-in failed" })).toBeVisible();
  const other = await (await browser.newContext()).newPage();
  await other.goto(callback);
  await expect(other.getByRole("heading", { name: "Sign-in failed" })).toBeVisible();
  await other.goto(`${app.url}/`);
  await expect(other).toHaveURL(/\/login/);

  // Each check on its own: the callback of sign-in B, with B's cookies except one taken from sign-in A.
  const a = await stoppedAtCallback(browser, "victim");
  for (const kind of ["state", "pkce", "nonce"] as const) {
    const b = await stoppedAtCallback(browser, "victim");
    const mixed = b.cookies.map((c) => (c.name === checkCookie(b.cookies, kind).name ? checkCookie(a.cookies, kind) : c));
    const p = await deliver(await browser.newContext(), b.url, mixed);
    await expect(p.getByRole("heading", { name: "Sign-in failed" }), `${kind} from another sign-in`).toBeVisible();
  }
  // A tampered state parameter.
  const t = await stoppedAtCallback(browser, "victim");
  const tampered = new URL(t.url);
  tampered.searchParams.set("state", tampered.searchParams.get("state")!.slice(0, -4) + "AAAA");
  await expect((await deliver(await browser.newContext(), tampered.toString(), t.cookies)).getByRole("heading", { name: "Sign-in failed" })).toBeVisible();
  // Control: the untouched callback with all of its own cookies signs in (the refusals above are the checks, not a broken flow).
  const ok = await stoppedAtCallback(browser, "victim");
  const signedIn = await deliver(await browser.newContext(), ok.url, ok.cookies);
  await expect(signedIn.getByTestId("current-user")).toHaveText("victim@example.com");
});

test("[SSO] password sign-in turned off: SSO only, plus the break-glass admin set with the CLI", async ({ page, browser }) => {
  await signInWithPassword(page, ADMIN.email, ADMIN.password);
  await page.goto(`${app.url}/settings/sign-in`);
  await page.getByLabel("Allow sign-in with a password").uncheck();
  await page.getByRole("button", { name: "Save sign-in settings" }).click();
  await expect(page.getByText("Set a break-glass admin first")).toBeVisible();
  // On the server: the real command, on this console's data directory.
  const cli = spawnSync(process.execPath, ["bin/lifeboat.mjs", "user", "break-glass", "--email", ADMIN.email], {
    env: { ...process.env, LIFEBOAT_DATA_DIR: app.dataDir },
    encoding: "utf8",
  });
  expect(cli.stderr).toBe("");
  expect(cli.stdout).toContain(`${ADMIN.email} is a break-glass admin`);
  await page.getByRole("button", { name: "Save sign-in settings" }).click();
  await expect(page.getByText("Sign-in settings saved.")).toBeVisible();

  const anon = await (await browser.newContext()).newPage();
  await anon.goto(`${app.url}/login`);
  await expect(anon.getByRole("button", { name: "Sign in with Team SSO" })).toBeVisible();
  await expect(anon.getByLabel("Password")).toHaveCount(0);
  await anon.getByRole("link", { name: "Emergency sign-in (break-glass admin)" }).click();
  // A local account that is not break-glass gets nowhere with its (right) password.
  await anon.getByLabel("Email").fill("ops@example.com");
  await anon.getByLabel("Password").fill("ops-local-password-1");
  await anon.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(anon.getByText("Wrong email or password")).toBeVisible();
  await anon.getByLabel("Email").fill(ADMIN.email);
  await anon.getByLabel("Password").fill(ADMIN.password);
  await anon.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(anon.getByTestId("current-user")).toHaveText(ADMIN.email);
});
