import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { serviceTest } from "@/test/services";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { backupNow, restoreAndWait, runRow, userActor } from "../../../../test/restore/testing";
import { runTestRestore } from "../../../services/restores/start-test";
import { RespClient } from "./resp-client";
import { startRedisFromRdb } from "./restore";

// A database number of its own, so other tests on the shared server are not disturbed.
const DB = 11;
const cli = (...args: string[]) => execFileSync("redis-cli", ["-n", String(DB), ...args]).toString().trim();
const BIN_KEY = Buffer.from([0x00, 0xff, 0x0a, 0x41]);

const test = await serviceTest("redis");

async function binGet(): Promise<Buffer | null> {
  const c = await RespClient.connect(`redis://127.0.0.1:6379/${DB}`);
  try {
    return (await c.ok(["GET", BIN_KEY])) as Buffer | null;
  } finally {
    c.close();
  }
}

describe("Redis restore round trip", () => {
  beforeAll(async () => {
    cli("FLUSHDB");
    cli("SET", "a", "1");
    cli("SET", "b", "2");
    cli("HSET", "h", "f", "v");
    cli("SET", "ttl", "x", "EX", "3600");
    const c = await RespClient.connect(`redis://127.0.0.1:6379/${DB}`);
    await c.ok(["SET", BIN_KEY, Buffer.from([1, 2, 3])]);
    c.close();
  });
  afterAll(() => cli("FLUSHDB"));

  test("live restore through a private redis-server, safety backup, roll back, test restore, rdb file", async () => {
    const op = userActor("operator");
    const t = makeTarget({ type: "redis", source: { url: `redis://127.0.0.1:6379/${DB}` }, storageRoot: tmpDir("lb-redis-store-") });
    const base = await backupNow(op, t.id);

    cli("SET", "a", "changed");
    cli("SET", "new", "n");
    cli("DEL", "h");
    const r = await restoreAndWait(op, { runId: base.id, destination: { mode: "original" }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(cli("GET", "a")).toBe("1");
    expect(cli("EXISTS", "new")).toBe("0");
    expect(cli("HGET", "h", "f")).toBe("v");
    expect(Number(cli("TTL", "ttl"))).toBeGreaterThan(3000);
    expect(await binGet()).toEqual(Buffer.from([1, 2, 3]));
    const safety = runRow(r.safetyRunId!);
    expect(safety).toMatchObject({ trigger: "safety", status: "success" });
    expect((safety.manifest as { payload: { keys: number } }).payload.keys).toBe(5); // a, b, ttl, bin, new (h deleted)

    const back = await restoreAndWait(op, { runId: safety.id, destination: { mode: "original" }, confirmName: t.name });
    expect(back.errorSummary).toBeNull();
    expect(cli("GET", "a")).toBe("changed");
    expect(cli("GET", "new")).toBe("n");
    expect(cli("EXISTS", "h")).toBe("0");

    const verified = await runTestRestore(op, base.id);
    expect(verified.errorSummary).toBeNull();
    expect(runRow(base.id).verifyStatus).toBe("restore-verified");

    // For a stopped server: write dump.rdb where its data file lives; a redis-server then loads it.
    const dataDir = tmpDir("lb-redis-data-");
    fs.writeFileSync(path.join(dataDir, "dump.rdb"), "old");
    const file = await restoreAndWait(op, { runId: base.id, destination: { mode: "rdb_file", path: path.join(dataDir, "dump.rdb") }, confirmName: t.name });
    expect(file.errorSummary).toBeNull();
    expect(file.safetyRunId).toBeNull();
    expect(fs.readdirSync(dataDir).some((f) => f.startsWith("dump.rdb.before-restore-"))).toBe(true);
    const temp = await startRedisFromRdb(dataDir);
    try {
      const c = await RespClient.connect(temp.url.replace(/\/0$/, `/${DB}`));
      expect(await c.ok(["GET", "a"])).toEqual(Buffer.from("1"));
      c.close();
    } finally {
      await temp.stop();
    }
  });
});
