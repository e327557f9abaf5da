import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import { createApp } from "../lib/services/apps/create";
import { createTarget } from "../lib/services/targets/create";
import { listUsers } from "../lib/services/users/list";
import { verifyToken } from "../lib/services/tokens/verify";

const BIN = path.resolve(import.meta.dirname, "lifeboat.mjs");
const admin: Actor = { type: "cli", label: "test", role: "admin" };

/** Run the real bin (node bin/lifeboat.mjs …) on this test file's data directory, from another folder. */
function lifeboat(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: os.tmpdir(),
    input: input ?? "",
    env: { ...process.env, LIFEBOAT_DATA_DIR: process.env.LIFEBOAT_DATA_DIR },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("lifeboat CLI", () => {
  let folder: string;
  beforeAll(() => {
    const app = createApp(admin, { name: "shop" });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-cli-src-"));
    fs.writeFileSync(path.join(folder, "a.txt"), "data\n");
    createTarget(admin, { appId: app.id, name: "uploads", type: "filesystem", source: { path: folder } });
    createTarget(admin, { appId: app.id, name: "cron", type: "external", source: {} });
  });

  it("prints usage and exits 2 on an unknown command", () => {
    const r = lifeboat(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("Usage: lifeboat");
  });

  it("user create reads the password from stdin", () => {
    const r = lifeboat(["user", "create", "--email", "Ops@Example.com", "--role", "admin"], "long-password-1\n");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Created user ops@example.com (role admin");
    expect(listUsers(admin).map((u) => u.email)).toContain("ops@example.com");
    const short = lifeboat(["user", "create", "--email", "x@example.com", "--role", "viewer"], "short\n");
    expect(short.code).toBe(1);
    expect(short.err).toMatch(/password: Use at least 10 characters/);
    const badRole = lifeboat(["user", "create", "--email", "x@example.com", "--role", "root"], "long-password-1\n");
    expect(badRole.code).toBe(2);
  });

  it("token create prints the token once, and it works", () => {
    const r = lifeboat(["token", "create", "--name", "nightly", "--role", "operator", "--app", "shop"]);
    expect(r.code).toBe(0);
    const token = r.out.trim();
    expect(token).toMatch(/^lb_[A-Za-z0-9_-]{43}$/);
    expect(r.err).toContain("shown only this once");
    expect(verifyToken(token)).toMatchObject({ name: "nightly", role: "operator", appIds: [1] });
  });

  it("status --json lists every target with its status word; the table has a row per target", () => {
    const r = lifeboat(["status", "--json"]);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out) as { targets: { app: string; name: string; status: string }[] };
    expect(body.targets.map((t) => `${t.app}/${t.name}:${t.status}`)).toEqual(["shop/cron:never", "shop/uploads:never"]);
    const table = lifeboat(["status"]);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^ID\s+TARGET\s+TYPE\s+STATUS/);
    expect(table.out).toMatch(/shop\/uploads\s+filesystem\s+never/);
  });

  it("backup runs a filesystem target in-process: exit 0 and a success line", () => {
    const r = lifeboat(["backup", "shop/uploads"]);
    expect(r.err).toContain("started");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Run \d+ success: shop\/uploads, [\d.]+ (B|KB) in [\d.]+ s, artifact shop-uploads-.*\.tar\.zst/);
    const after = JSON.parse(lifeboat(["status", "--json"]).out) as { targets: { name: string; status: string }[] };
    expect(after.targets.find((t) => t.name === "uploads")!.status).toBe("ok");
  });

  it("backup exits 1 when it cannot run, and 2 for an unknown target", () => {
    const ext = lifeboat(["backup", "shop/cron"]);
    expect(ext.code).toBe(1);
    expect(ext.err).toMatch(/external target/);
    const missing = lifeboat(["backup", "shop/nope"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('No target "nope" in app "shop"');
  });
});
