import fs from "node:fs";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { startPgCluster, type PgCluster } from "./pg-cluster";

describe("private PostgreSQL cluster fixture", () => {
  let c: PgCluster | undefined;
  afterAll(async () => c?.cleanup());

  it("runs PostgreSQL 15 as postgres on a loopback port, with replication allowed, and goes away", async () => {
    c = await startPgCluster();
    expect(await c.sql("SHOW wal_level")).toEqual([["replica"]]);
    expect(await c.sql("SHOW server_version_num")).toEqual([[expect.stringMatching(/^15/)]]);
    // A physical replication connection is accepted (the pg_hba replication line).
    const r = await execa("psql", ["-X", "-At", `--dbname=postgresql://postgres@127.0.0.1:${c.port}/postgres?replication=true`, "-c", "IDENTIFY_SYSTEM"]);
    expect(r.stdout).toMatch(/^\d+\|1\|/);
    await c.stop();
    await expect(c.sql("SELECT 1")).rejects.toThrow();
    await c.start();
    expect(await c.sql("SELECT 1")).toEqual([["1"]]);
    const base = c.base;
    await c.cleanup();
    expect(fs.existsSync(base)).toBe(false);
    c = undefined;
  }, 180_000);

  it("without the replication line a replication connection is refused", async () => {
    c = await startPgCluster({ replicationHba: false });
    const r = await execa("psql", ["-X", "-At", `--dbname=postgresql://postgres@127.0.0.1:${c.port}/postgres?replication=true`, "-c", "IDENTIFY_SYSTEM"], { reject: false });
    expect(r.failed).toBe(true);
    expect(r.stderr).toMatch(/no pg_hba.conf entry for replication connection/);
  }, 120_000);
});
