// Issue 10 item 5, over real HTTP against the console's own server (server.mjs): X-Forwarded-For
// is believed only from a trusted proxy. e2e/serve.mjs trusts 127.0.0.2; other loopback source
// addresses play direct clients (Linux routes all of 127.0.0.0/8 to lo). The browser signs in on
// the real login page through a TCP forwarder whose connections to the console leave from the
// chosen address. The other specs' browser connects from 127.0.0.1, which this spec never locks.
import http from "node:http";
import net from "node:net";
import path from "node:path";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";
import { test, expect, type Browser } from "@playwright/test";
import { ADMIN } from "./fixtures/users";

const base = new URL(process.env.E2E_BASE_URL!);
const forwarders: net.Server[] = [];
test.afterAll(() => forwarders.forEach((s) => s.close()));

/** A loopback port whose connections reach the console from `from` (a client, or a proxy). */
async function via(from: string): Promise<string> {
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: base.hostname, port: Number(base.port), localAddress: from });
    client.pipe(upstream).pipe(client);
    const close = () => (client.destroy(), upstream.destroy());
    client.on("error", close);
    upstream.on("error", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  forwarders.push(server);
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** One sign-in on the login page, the way a person does it; what the page answers. */
async function signIn(browser: Browser, origin: string, email: string, password: string, xff?: string): Promise<"signed-in" | "locked" | "refused"> {
  const context = await browser.newContext({ baseURL: origin, extraHTTPHeaders: xff ? { "x-forwarded-for": xff } : {} });
  try {
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const outcome = page.getByText(/Too many failed sign-ins|Wrong email or password/).or(page.getByRole("heading", { name: "Dashboard" }));
    await expect(outcome).toBeVisible();
    if (await page.getByRole("heading", { name: "Dashboard" }).isVisible()) return "signed-in";
    return (await page.getByText(/Too many failed sign-ins/).isVisible()) ? "locked" : "refused";
  } finally {
    await context.close();
  }
}

function send(from: string, p: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, path: p, headers, localAddress: from }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

const spoofed = () => `198.51.100.${crypto.randomInt(1, 255)}`;
const stranger = () => `nobody-${crypto.randomBytes(4).toString("hex")}@lifeboat.test`;

function auditRows(action: string): { after: string | null; ip: string | null; actor_label: string }[] {
  const db = new Database(path.join(process.env.E2E_DATA_DIR!, "lifeboat.db"), { readonly: true });
  try {
    return db.prepare("select after, ip, actor_label from audit_log where action = ?").all(action) as { after: string | null; ip: string | null; actor_label: string }[];
  } finally {
    db.close();
  }
}

function auditIps(email: string): string[] {
  return auditRows("auth.sign_in_failed")
    .map((r) => JSON.parse(r.after ?? "{}") as { email?: string; ip?: string })
    .filter((a) => a.email === email)
    .map((a) => a.ip ?? "");
}

// Each test signs in 21–26 times in a fresh browser context through the forwarder: ~60 s on a
// loaded 2-core machine, over 3 min at load 15 (bcrypt cost 12 per attempt), so these get 6 minutes.
test.describe.configure({ mode: "serial", timeout: 360_000 });

test("[SECURITY] a new X-Forwarded-For per attempt no longer escapes the per-IP sign-in limit", async ({ browser }) => {
  const attacker = await via("127.0.0.3");
  let last = "";
  for (let i = 0; i < 21; i++) last = await signIn(browser, attacker, stranger(), "wrong-password", spoofed());
  expect(last).toBe("locked");
});

test("[SECURITY] spoofing someone's IP cannot lock them out, and the audit records the real address", async ({ browser }) => {
  const attacker = await via("127.0.0.5");
  const email = stranger();
  await signIn(browser, attacker, email, "wrong-password", "127.0.0.4");
  for (let i = 0; i < 24; i++) await signIn(browser, attacker, stranger(), "wrong-password", "127.0.0.4");
  expect(await signIn(browser, await via("127.0.0.4"), ADMIN.email, ADMIN.password)).toBe("signed-in");
  expect(auditIps(email)).toEqual(["127.0.0.5"]);
});

test("[SECURITY] a trusted proxy's X-Forwarded-For is honoured; the console's own peer header cannot be forged", async ({ browser }) => {
  const email = stranger();
  // The proxy appends the address it saw; a client's own header stays at the left, unbelieved.
  expect(await signIn(browser, await via("127.0.0.2"), email, "wrong-password", "6.6.6.6, 203.0.113.9")).toBe("refused");
  expect(auditIps(email)).toEqual(["203.0.113.9"]);
  // A client claiming to be the trusted proxy through server.mjs's internal header.
  const forged = stranger();
  const context = await browser.newContext({ baseURL: await via("127.0.0.6"), extraHTTPHeaders: { "x-lifeboat-peer": "127.0.0.2", "x-forwarded-for": "203.0.113.10" } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(forged);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/Wrong email or password/)).toBeVisible();
  await context.close();
  expect(auditIps(forged)).toEqual(["127.0.0.6"]);
});

test("[SECURITY] an API token's use is recorded with the connection's address, not a spoofed one", async () => {
  const name = `ip-${crypto.randomBytes(3).toString("hex")}`;
  const out = execFileSync(process.execPath, ["bin/lifeboat.mjs", "token", "create", "--name", name, "--role", "viewer"], {
    env: { ...process.env, LIFEBOAT_DATA_DIR: process.env.E2E_DATA_DIR },
  }).toString();
  const token = /lb_[A-Za-z0-9_-]+/.exec(out)![0];
  expect(await send("127.0.0.7", "/api/v1/apps", { authorization: `Bearer ${token}`, "x-forwarded-for": "198.51.100.200" })).toBe(200);
  expect(auditRows("token.use").filter((r) => r.actor_label === `token:${name}`).map((r) => r.ip)).toEqual(["127.0.0.7"]);
});
