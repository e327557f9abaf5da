import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { serviceTest } from "@/test/services";
import { script, tmpDir } from "@/test/backup/fixtures";
import { userActor } from "@/test/restore/testing";
import { createServer } from "@/lib/services/servers/create";
import { testTargetConnection } from "@/lib/services/targets/test-connection";
import { ValidationError } from "@/lib/errors";
import { closeAllConnections } from "@/lib/engine/servers/pool";
import { resetContactThrottle } from "@/lib/engine/servers/reachability";
import { startSshd, type SshdServer } from "./sshd";
import { createNetns, type Netns } from "./netns";

// "Test connection" on the target form for a target on server B (issue 17): the checks run on B
// over SSH. B is a network namespace with its own address: 127.0.0.1:5432 there is B's own
// loopback, where no PostgreSQL listens, while this machine's PostgreSQL is reached through the
// forward at B's gateway address. So a check that ran here instead of on B would answer the
// opposite way.
const test = await serviceTest("postgres");
const DB = `lb_testconn_${process.pid}`;
const psql = (sql: string, db = "postgres") => execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atq", "-c", sql]).toString().trim();

let ns: Netns;
let sshd: SshdServer;
let serverId: number;
let pgPort: number;
const admin = () => userActor("admin");

describe("Test connection from the target's server", () => {
  beforeAll(async () => {
    ns = await createNetns();
    sshd = await startSshd({ netns: ns.name, listenAddress: ns.nsAddress });
    pgPort = (await ns.forward(5432)).port;
    psql(`drop database if exists ${DB} with (force)`);
    psql(`create database ${DB}`);
    serverId = createServer(admin(), { name: "conn-b", host: ns.nsAddress, port: sshd.port, username: sshd.user, privateKey: sshd.privateKey, hostKeyFingerprint: sshd.hostKeyFingerprint }).id!;
  }, 60_000);
  afterAll(async () => {
    closeAllConnections();
    await sshd?.stop();
    await ns?.remove();
    psql(`drop database if exists ${DB} with (force)`);
  });

  test("PostgreSQL: psql on server B connects with the URL as B sees it", async () => {
    const viaB = `postgres://postgres@${ns.hostAddress}:${pgPort}/${DB}`;
    const [ok] = await testTargetConnection(admin(), { type: "postgres", source: { url: viaB }, serverId });
    expect(ok).toMatchObject({ what: "PostgreSQL", ok: true });
    expect(ok!.message).toMatch(new RegExp(`^Connected from server conn-b \\(${ns.nsAddress.replace(/\./g, "\\.")}:${sshd.port}\\): PostgreSQL 15\\.`));

    // 127.0.0.1:5432 answers here but not on B: the check ran on B.
    const loopback = `postgres://postgres@127.0.0.1:5432/${DB}`;
    const [here] = await testTargetConnection(admin(), { type: "postgres", source: { url: loopback } });
    expect(here!.ok).toBe(true);
    const [onB] = await testTargetConnection(admin(), { type: "postgres", source: { url: loopback }, serverId: String(serverId) as never });
    expect(onB!.ok).toBe(false);
    expect(onB!.message).toMatch(/psql failed on server conn-b.*(Connection refused|could not connect)/i);

    // A password typed in the URL never comes back in the answer.
    const [secret] = await testTargetConnection(admin(), { type: "postgres", source: { url: `postgres://nobody:S3cretPw@127.0.0.1:5432/${DB}` }, serverId });
    expect(secret!.ok).toBe(false);
    expect(JSON.stringify(secret)).not.toContain("S3cretPw");
  });

  test("folder, script and hooks are looked for on server B", async () => {
    const dir = tmpDir("lb-testconn-");
    fs.writeFileSync(path.join(dir, "a.txt"), "a");
    fs.writeFileSync(path.join(dir, "b.txt"), "b");
    const [folder] = await testTargetConnection(admin(), { type: "filesystem", source: { path: dir }, serverId });
    expect(folder).toMatchObject({ ok: true, message: `Found and readable on server conn-b (${ns.nsAddress}:${sshd.port}): 2 entries at the top level` });
    const [missing] = await testTargetConnection(admin(), { type: "filesystem", source: { path: path.join(dir, "it's not there") }, serverId });
    expect(missing).toMatchObject({ ok: false, message: `Folder not found on server conn-b (${ns.nsAddress}:${sshd.port}): ${path.join(dir, "it's not there")}` });
    const [file] = await testTargetConnection(admin(), { type: "filesystem", source: { path: path.join(dir, "a.txt") }, serverId });
    expect(file!.message).toMatch(/^Not a folder on server conn-b/);

    const bin = tmpDir("lb-testconn-bin-");
    const run = script(bin, "backup.sh", "echo hi");
    const notExec = path.join(bin, "plain.sh");
    fs.writeFileSync(notExec, "echo no\n", { mode: 0o644 });
    const checks = await testTargetConnection(admin(), { type: "script", source: { command: run }, serverId, preHook: notExec, postHook: run });
    expect(checks.map((c) => [c.what, c.ok])).toEqual([
      ["Custom script", true],
      ["pre-hook", false],
      ["post-hook", true],
    ]);
    expect(checks[1]!.message).toBe(`The pre-hook is not executable on server conn-b (${ns.nsAddress}:${sshd.port}) (chmod +x ${notExec})`);
  });

  test("a type that runs on Local only is refused beside the Server field; operators may not test", async () => {
    await expect(testTargetConnection(admin(), { type: "sqlite", source: { path: "/srv/app/data/app.db" }, serverId })).rejects.toSatisfy(
      (e: unknown) => e instanceof ValidationError && /Local only/.test(e.fieldErrors.serverId ?? ""),
    );
    await expect(testTargetConnection(userActor("operator"), { type: "filesystem", source: { path: "/tmp" }, serverId })).rejects.toThrow();
  });

  test("server B down: the check fails saying the server is unreachable (not an error page)", async () => {
    await sshd.faults.pause();
    closeAllConnections();
    try {
      const [down] = await testTargetConnection(admin(), { type: "filesystem", source: { path: "/tmp" }, serverId });
      expect(down!.ok).toBe(false);
      expect(down!.message).toMatch(/^server unreachable since \d{4}-/);
    } finally {
      await sshd.faults.resume();
      resetContactThrottle();
    }
    const [up] = await testTargetConnection(admin(), { type: "filesystem", source: { path: "/tmp" }, serverId });
    expect(up!.ok).toBe(true);
  });
});
