import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../lib/auth/actor";
import { createApp } from "../lib/services/apps/create";
import { createTarget } from "../lib/services/targets/create";
import { listUsers } from "../lib/services/users/list";
import { verifyToken } from "../lib/services/tokens/verify";
import { getDb } from "../lib/db/client";
import { auditLog, restores, runs, targets } from "../lib/db/schema";
import { createUser } from "../lib/services/users/create";
import { confirmTotpEnrolment, startTotpEnrolment } from "../lib/services/two-factor/enrol";
import { twoFactorOf } from "../lib/services/two-factor/status";
import { generateSync } from "otplib";

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

  it("schedule create makes a schedule (console default timezone unless given) and schedule list shows it; bad rules name the option", () => {
    const r = lifeboat(["schedule", "create", "shop/uploads", "--kind", "weekly", "--weekday", "mon", "--hour", "2", "--minute", "30", "--timezone", "UTC", "--grace", "90"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Created schedule \d+ for shop\/uploads: every Monday at 02:30, UTC; next run \d{4}-\d\d-\d\d 02:30Z/);
    const cron = lifeboat(["schedule", "create", "shop/cron", "--kind", "cron", "--cron", "*/10 * * * *"]);
    expect(cron.code).toBe(0);
    // The rule in words (cronstrue) with the expression itself, then the console's default timezone.
    expect(cron.out).toContain("every 10 minutes (cron */10 * * * *), Asia/Ho_Chi_Minh");

    const bad = lifeboat(["schedule", "create", "shop/uploads", "--kind", "cron", "--cron", "* * *"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--cron: A cron expression has exactly 5 fields/);
    const badTz = lifeboat(["schedule", "create", "shop/uploads", "--kind", "daily", "--hour", "1", "--minute", "0", "--timezone", "Nowhere/Land"]);
    expect(badTz.code).toBe(1);
    expect(badTz.err).toMatch(/--timezone: Unknown timezone "Nowhere\/Land"/);
    expect(lifeboat(["schedule", "create", "shop/uploads", "--kind", "yearly"]).code).toBe(2);
    expect(lifeboat(["schedule", "create", "shop/nope", "--kind", "manual"]).code).toBe(2);

    const json = JSON.parse(lifeboat(["schedule", "list", "--json"]).out) as { schedules: Record<string, unknown>[] };
    expect(json.schedules.map((x) => [x.kind, x.weekday, x.hour, x.minute, x.timezone, x.graceMinutes, x.cron])).toEqual([
      ["cron", null, null, null, "Asia/Ho_Chi_Minh", 60, "*/10 * * * *"],
      ["weekly", 1, 2, 30, "UTC", 90, null],
    ]);
    const table = lifeboat(["schedule", "list", "--target", "shop/uploads"]);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^ID\s+TARGET\s+PURPOSE\s+RULE/);
    expect(table.out).toMatch(/shop\/uploads\s+backup\s+every Monday at 02:30, UTC\s+yes\s+90 min/);
    expect(table.out).not.toContain("shop/cron");
  });

  it("restore without --yes prints the preview and changes nothing; with --yes it restores (safety backup first); --to restores elsewhere", () => {
    const uploads = getDb().select().from(targets).where(eq(targets.name, "uploads")).get()!;
    const run = getDb().select().from(runs).where(and(eq(runs.targetId, uploads.id), eq(runs.status, "success"))).orderBy(desc(runs.id)).get()!;
    fs.writeFileSync(path.join(folder, "a.txt"), "changed\n");

    const dry = lifeboat(["restore", String(run.id)]);
    expect(dry.code).toBe(1);
    expect(dry.out).toContain(`Restore run ${run.id} of shop/uploads (filesystem)`);
    expect(dry.out).toMatch(/In the backup: 1 file\(s\), 5 B/);
    expect(dry.out).toContain(`Into: ${folder} (the original) — a safety backup of it is taken first`);
    expect(dry.err).toContain(`Not restored: add --yes to restore run ${run.id} into ${folder} (the original).`);
    expect(fs.readFileSync(path.join(folder, "a.txt"), "utf8")).toBe("changed\n");
    expect(getDb().select().from(restores).all()).toEqual([]);

    const real = lifeboat(["restore", String(run.id), "--yes"]);
    expect(real.err).toContain("started");
    expect(real.code).toBe(0);
    expect(real.out).toMatch(new RegExp(`Restore \\d+ success: ${folder.replace(/[/.-]/g, "\\$&")} \\(the original\\) in .+, safety backup run \\d+`));
    expect(fs.readFileSync(path.join(folder, "a.txt"), "utf8")).toBe("data\n");

    const alt = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-cli-alt-")), "copy");
    const elsewhere = lifeboat(["restore", String(run.id), "--to", alt, "--yes"]);
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.out).toContain("no safety backup");
    expect(fs.readFileSync(path.join(alt, "a.txt"), "utf8")).toBe("data\n");
    const full = lifeboat(["restore", String(run.id), "--to", alt, "--yes"]);
    expect(full.code).toBe(1);
    expect(full.out).toMatch(/Warnings:\n  - This destination already holds data/);
    expect(full.err).toMatch(/already holds data/);
    const wrongKind = lifeboat(["restore", String(run.id), "--to", "otherdb", "--yes"]);
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.err).toMatch(/absolute path/);
    expect(lifeboat(["restore", "abc"]).code).toBe(2);
    expect(lifeboat(["restore", "999999"]).code).toBe(1);
  });

  it("Ctrl-C during a restore cancels it: the safety backup's hook is killed, exit 130, the restore ends cancelled", async () => {
    const app = createApp(admin, { name: "slowapp" });
    const src = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-cli-slow-"));
    fs.writeFileSync(path.join(src, "f.txt"), "before\n");
    const hookDir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-cli-hook-"));
    const hook = path.join(hookDir, "hook.sh");
    // Slow only once armed, and it leaves its pid to check it is gone afterwards.
    fs.writeFileSync(hook, `#!/bin/sh\nif [ -f ${hookDir}/armed ]; then echo $$ > ${hookDir}/pid; exec sleep 60; fi\n`);
    fs.chmodSync(hook, 0o755);
    const t = createTarget(admin, { appId: app.id, name: "slow", type: "filesystem", source: { path: src }, preHook: hook });
    expect(lifeboat(["backup", "slowapp/slow"]).code).toBe(0);
    const run = getDb().select().from(runs).where(eq(runs.targetId, t.id)).orderBy(desc(runs.id)).get()!;
    fs.writeFileSync(path.join(hookDir, "armed"), "");

    const child = spawn(process.execPath, [BIN, "restore", String(run.id), "--yes"], { cwd: os.tmpdir(), env: process.env });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!fs.existsSync(path.join(hookDir, "pid")) || !fs.readFileSync(path.join(hookDir, "pid"), "utf8").trim()) {
      if (Date.now() > deadline) throw new Error(`the safety backup's hook never started: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const hookPid = Number(fs.readFileSync(path.join(hookDir, "pid"), "utf8"));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(err).toMatch(/Cancelling restore \d+/);
    expect(out).toMatch(/Restore \d+ cancelled: .* \(the original\) in .*, safety backup run \d+\n  Cancelled by cli:.*\. Nothing was changed\./);
    const r = getDb().select().from(restores).where(eq(restores.targetId, t.id)).get()!;
    expect(r.status).toBe("cancelled");
    expect(getDb().select().from(runs).where(eq(runs.id, r.safetyRunId!)).get()!.status).toBe("cancelled");
    expect(() => process.kill(hookPid, 0)).toThrow(/ESRCH/);
    expect(fs.readFileSync(path.join(src, "f.txt"), "utf8")).toBe("before\n");
  });

  it("user reset-2fa removes a user's second factors (audited); user break-glass marks an admin", async () => {
    const u = await createUser(admin, { email: "lost-phone@example.com", password: "long-password-1", role: "operator" });
    const me: Actor = { type: "user", id: u.id, email: u.email, role: u.role };
    const { secret } = await startTotpEnrolment(me);
    confirmTotpEnrolment(me, generateSync({ secret }));
    expect(twoFactorOf(getDb(), u.id)).toMatchObject({ totp: true, recoveryCodesLeft: 10 });
    const r = lifeboat(["user", "reset-2fa", "--email", "Lost-Phone@example.com"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Reset two-factor authentication of lost-phone@example.com: authenticator app removed, 0 passkey(s) and 10 recovery code(s) removed");
    expect(twoFactorOf(getDb(), u.id)).toMatchObject({ totp: false, recoveryCodesLeft: 0 });
    const audit = getDb().select().from(auditLog).all().filter((a) => a.action === "user.reset_2fa");
    expect(audit.at(-1)).toMatchObject({ actorType: "cli", entityId: String(u.id) });
    expect(lifeboat(["user", "reset-2fa", "--email", "nobody@example.com"])).toMatchObject({ code: 1 });
    expect(lifeboat(["user", "reset-2fa"])).toMatchObject({ code: 2 });

    expect(lifeboat(["user", "break-glass", "--email", "lost-phone@example.com"]).err).toMatch(/only an admin can be break-glass/);
    const bg = lifeboat(["user", "break-glass", "--email", "ops@example.com"]);
    expect(bg.code).toBe(0);
    expect(bg.out).toContain("ops@example.com is a break-glass admin");
    expect(listUsers(admin).find((x) => x.email === "ops@example.com")?.breakGlass).toBe(true);
  });
});
