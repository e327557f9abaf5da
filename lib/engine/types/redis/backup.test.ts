import fs from "node:fs";
import path from "node:path";
import { execFileSync, spawn } from "node:child_process";
import { afterAll, describe, expect } from "vitest";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { artifactAbsolutePath } from "@/lib/engine/storage/local";
import { serviceTest } from "@/test/services";
import { makeTarget, operator, sha256sumCheck, tmpDir, unpack } from "@/test/backup/fixtures";
import { rand, redis } from "@/test/backup/db-helpers";

const test = await serviceTest("redis");
const acl: string[] = [];
afterAll(() => {
  for (const u of acl) redis("ACL", "DELUSER", u);
});

describe("redis driver", () => {
  test("redis-cli --rdb snapshot loads into a scratch redis-server with the same keys", async () => {
    const prefix = `lbit:${rand()}`;
    redis("-n", "5", "FLUSHDB");
    for (let i = 0; i < 50; i++) redis("-n", "5", "SET", `${prefix}:${i}`, `value ${i}`);
    redis("-n", "5", "HSET", `${prefix}:h`, "a", "1", "b", "2");
    const t = makeTarget({ type: "redis", source: { url: "redis://127.0.0.1:6379/5" }, storageRoot: tmpDir("lb-store-") });
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.errorSummary).toBeNull();
    expect(run.status).toBe("success");
    const file = artifactAbsolutePath(run.storageRoot!, run.artifactPath!);
    expect(sha256sumCheck(file)).toContain(": OK");
    const out = unpack(file);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
    expect(manifest.payload).toMatchObject({ name: "dump.rdb", keys: 51 });
    expect(manifest.server.version).toMatch(/^\d+\./);
    // Restore: a scratch redis-server on a free port loading the RDB.
    const dir = tmpDir("lb-redis-");
    fs.copyFileSync(path.join(out, "dump.rdb"), path.join(dir, "dump.rdb"));
    const port = 16379 + Math.floor(Math.random() * 1000);
    const srv = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--dbfilename", "dump.rdb", "--save", ""], { stdio: "ignore" });
    try {
      let ok = false;
      for (let i = 0; i < 50 && !ok; i++) {
        await new Promise((r) => setTimeout(r, 100));
        try {
          ok = execFileSync("redis-cli", ["-p", String(port), "PING"]).toString().includes("PONG");
        } catch {
          /* starting */
        }
      }
      const get = (...a: string[]) => execFileSync("redis-cli", ["-p", String(port), "-n", "5", ...a]).toString().trim();
      expect(get("DBSIZE")).toBe("51");
      expect(get("GET", `${prefix}:42`)).toBe("value 42");
      expect(get("HGET", `${prefix}:h`, "b")).toBe("2");
    } finally {
      srv.kill("SIGKILL");
    }
  });

  test("a wrong password fails with WRONGPASS and does not leak the password", async () => {
    const user = `lb${rand()}`;
    acl.push(user);
    redis("ACL", "SETUSER", user, "on", ">right-pass", "~*", "+@all");
    const t = makeTarget({ type: "redis", source: { url: `redis://${user}:Bad-Secret-123@127.0.0.1:6379/0` }, storageRoot: tmpDir("lb-store-") });
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toMatch(/WRONGPASS|invalid username-password/i);
    expect(fs.readFileSync(run.logPath!, "utf8") + run.errorSummary).not.toContain("Bad-Secret-123");
  });
});
