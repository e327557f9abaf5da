import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { pitrWal } from "@/lib/db/schema-pitr";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { startPgCluster, type PgCluster } from "@/test/servers/pg-cluster";
import { RunLog } from "../process/run-log";
import { LocalBackend } from "../storage/local/backend";
import { takeBaseBackup } from "./base-backup";
import { momentBetween, until } from "./pitr.testing";
import { WalReceiver } from "./receiver";
import { restoreToPointInTime } from "./restore";
import { PitrPlanError } from "./restore-plan";
import { listWal } from "./wal-store";


describe("point-in-time restore, end to end against a private PostgreSQL", () => {
  let pg: PgCluster;
  let rx: WalReceiver | undefined;
  beforeAll(async () => {
    pg = await startPgCluster();
    await pg.sql("CREATE DATABASE shop");
    await pg.sql("CREATE TABLE orders (id serial primary key, batch text not null, at timestamptz not null default clock_timestamp())", "shop");
  }, 180_000);
  afterAll(async () => {
    await rx?.stop();
    await pg?.cleanup();
  });

  const batch = (name: string, n = 3) => pg.sql(`INSERT INTO orders (batch) SELECT '${name}' FROM generate_series(1, ${n})`, "shop");

  it("restores exactly the rows committed before the chosen moment into a new database, up to the segment still being written; missing WAL is refused before anything is touched", async () => {
    const target = makeTarget({ type: "postgres", source: { url: pg.url("shop") } });
    const backend = new LocalBackend(tmpDir("lb-pitr-store-"));
    const prefix = `pitr/${target.id}`;
    rx = new WalReceiver({ targetId: target.id, url: pg.url("shop"), backend, prefix, spoolDir: path.join(tmpDir("lb-pitr-spool-"), "s"), tickMs: 200, statusEveryMs: 1000, partialEveryMs: 300 });
    await rx.start();
    const ac = new AbortController();
    const log = new RunLog(0, [], path.join(tmpDir("lb-pitr-log-"), "restore.log"));

    await batch("A");
    const backup = await takeBaseBackup({ targetId: target.id, url: pg.url("shop"), backend, prefix, workDir: tmpDir("lb-pitr-work-"), log, signal: ac.signal });
    expect(backup).toMatchObject({ status: "success", timeline: 1, walSegSize: 1 << 20 });
    expect(backup.startWal! <= backup.endWal!).toBe(true);
    expect(backup.files.map((f) => f.name)).toEqual(["backup_manifest", "base.tar"]);
    const between = await momentBetween(() => batch("B"), () => batch("C"), () => pg.sql("SELECT pg_switch_wal()"));
    await until("WAL past the chosen moment stored", () => listWal(target.id).some((w) => w.kind === "segment" && w.receivedAt > between), 30_000);

    const scratchRoot = tmpDir("lb-pitr-scratch-");
    const res = await restoreToPointInTime({ targetId: target.id, url: pg.url("shop"), backend, targetTime: between, destination: { database: "shop_pitr" }, scratchRoot, log, signal: ac.signal });
    expect(res).toMatchObject({ baseBackupId: backup.id, database: "shop_pitr", kept: null });
    expect(res.reached).toMatch(/recovery stopping before commit/);
    expect(await pg.sql("SELECT batch, count(*) FROM orders GROUP BY batch ORDER BY batch", "shop_pitr")).toEqual([["A", "3"], ["B", "3"]]);
    // The scratch cluster is gone.
    expect(fs.readdirSync(scratchRoot)).toEqual([]);
    const text = fs.readFileSync(log.path, "utf8");
    for (const phase of ["Phase 1/6", "Phase 2/6", "Phase 3/6", "Phase 4/6", "Phase 5/6", "Phase 6/6"]) expect(text).toContain(phase);

    // The newest rows are in no complete segment yet: the snapshot of the one being written holds them.
    await batch("D");
    const afterD = new Date();
    await until("a snapshot of the segment being written", () => listWal(target.id).some((w) => w.kind === "partial" && w.receivedAt >= afterD), 30_000);
    const latest = await restoreToPointInTime({ targetId: target.id, url: pg.url("shop"), backend, targetTime: afterD, destination: { database: "shop_latest" }, scratchRoot, log, signal: ac.signal });
    expect(latest.reached).toMatch(/end of the stored WAL/);
    expect(await pg.sql("SELECT batch, count(*) FROM orders GROUP BY batch ORDER BY batch", "shop_latest")).toEqual([["A", "3"], ["B", "3"], ["C", "3"], ["D", "3"]]);

    // A needed segment disappears: the restore says which, and touches nothing.
    const needed = listWal(target.id).find((w) => w.name === backup.endWal)!;
    getDb().delete(pitrWal).where(and(eq(pitrWal.targetId, target.id), eq(pitrWal.name, needed.name))).run();
    const err = await restoreToPointInTime({ targetId: target.id, url: pg.url("shop"), backend, targetTime: between, destination: { database: "shop_pitr2" }, scratchRoot, log, signal: ac.signal }).catch((e) => e);
    expect(err).toBeInstanceOf(PitrPlanError);
    expect(err.message).toContain(`WAL segment ${needed.name} is missing`);
    expect(fs.readdirSync(scratchRoot)).toEqual([]);
    expect(await pg.sql("SELECT 1 FROM pg_database WHERE datname = 'shop_pitr2'")).toEqual([]);
    // Three restores of a real cluster: a minute when the machine is quiet, more on a busy one.
  }, 300_000);
});
