// Issue 10 item 5, over real HTTP against the console's own server (server.mjs): X-Forwarded-For
// is believed only from a trusted proxy. e2e/serve.mjs trusts 127.0.0.2; other loopback source
// addresses play direct clients (Linux routes all of 127.0.0.0/8 to lo). The browser of the
// other specs connects from 127.0.0.1, which this spec never locks.
import http from "node:http";
import path from "node:path";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";
import { test, expect } from "@playwright/test";
import { ADMIN } from "./fixtures/users";

const base = new URL(process.env.E2E_BASE_URL!);

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(from: string, method: string, p: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: base.hostname, port: base.port, path: p, method, headers, localAddress: from }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** One sign-in through Auth.js's credentials endpoint; the outcome code from its redirect. */
async function signIn(from: string, email: string, password: string, xff?: string): Promise<string> {
  const extra: Record<string, string> = xff ? { "x-forwarded-for": xff } : {};
  const csrf = await send(from, "GET", "/api/auth/csrf", extra);
  const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const form = new URLSearchParams({ email, password, csrfToken: JSON.parse(csrf.body).csrfToken }).toString();
  const res = await send(from, "POST", "/api/auth/callback/credentials", { ...extra, cookie, "content-type": "application/x-www-form-urlencoded" }, form);
  expect(res.status).toBe(302);
  const location = new URL(String(res.headers.location), base);
  return location.searchParams.get("code") ?? (location.searchParams.get("error") ? "error" : "signed-in");
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

test.describe.configure({ mode: "serial" });

test("[SECURITY] a new X-Forwarded-For per attempt no longer escapes the per-IP sign-in limit", async () => {
  let last = "";
  for (let i = 0; i < 21; i++) last = await signIn("127.0.0.3", stranger(), "wrong-password", spoofed());
  expect(last).toBe("too_many_requests");
});

test("[SECURITY] spoofing someone's IP cannot lock them out, and the audit records the real address", async () => {
  const email = stranger();
  await signIn("127.0.0.5", email, "wrong-password", "127.0.0.4");
  for (let i = 0; i < 24; i++) await signIn("127.0.0.5", stranger(), "wrong-password", "127.0.0.4");
  expect(await signIn("127.0.0.4", ADMIN.email, ADMIN.password)).toBe("signed-in");
  expect(auditIps(email)).toEqual(["127.0.0.5"]);
});

test("[SECURITY] a trusted proxy's X-Forwarded-For is honoured", async () => {
  const email = stranger();
  // The proxy appends the address it saw; a client's own header stays at the left, unbelieved.
  expect(await signIn("127.0.0.2", email, "wrong-password", "6.6.6.6, 203.0.113.9")).toBe("unauthorized");
  expect(auditIps(email)).toEqual(["203.0.113.9"]);
  // A header naming this console's own peer header is replaced by the real socket address.
  const forged = stranger();
  await send("127.0.0.6", "GET", "/api/health", {});
  const csrf = await send("127.0.0.6", "GET", "/api/auth/csrf", {});
  const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const form = new URLSearchParams({ email: forged, password: "x", csrfToken: JSON.parse(csrf.body).csrfToken }).toString();
  await send("127.0.0.6", "POST", "/api/auth/callback/credentials", { cookie, "content-type": "application/x-www-form-urlencoded", "x-lifeboat-peer": "127.0.0.2", "x-forwarded-for": "203.0.113.10" }, form);
  expect(auditIps(forged)).toEqual(["127.0.0.6"]);
});

test("[SECURITY] an API token's use is recorded with the connection's address, not a spoofed one", async () => {
  const name = `ip-${crypto.randomBytes(3).toString("hex")}`;
  const out = execFileSync(process.execPath, ["bin/lifeboat.mjs", "token", "create", "--name", name, "--role", "viewer"], {
    env: { ...process.env, LIFEBOAT_DATA_DIR: process.env.E2E_DATA_DIR },
  }).toString();
  const token = /lb_[A-Za-z0-9_-]+/.exec(out)![0];
  const res = await send("127.0.0.7", "GET", "/api/v1/apps", { authorization: `Bearer ${token}`, "x-forwarded-for": "198.51.100.200" });
  expect(res.status).toBe(200);
  expect(auditRows("token.use").filter((r) => r.actor_label === `token:${name}`).map((r) => r.ip)).toEqual(["127.0.0.7"]);
});
