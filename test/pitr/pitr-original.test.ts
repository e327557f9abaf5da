import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, documented } from "../api/testing";
import { ADMIN_CLI, seedApi } from "../api/fixtures";
import { getRestoreLog, listRestores } from "@/lib/services/restores/query";
import { startPgCluster, type PgCluster } from "../servers/pg-cluster";
import * as targetsRoute from "@/app/api/v1/targets/route";
import * as targetRoute from "@/app/api/v1/targets/[id]/route";
import * as runsRoute from "@/app/api/v1/targets/[id]/runs/route";
import * as restoreRoute from "@/app/api/v1/targets/[id]/pitr/restore/route";
import * as restoreGetRoute from "@/app/api/v1/targets/[id]/pitr/restores/[restoreId]/route";
import * as cancelRoute from "@/app/api/v1/targets/[id]/pitr/restores/[restoreId]/cancel/route";
import * as stopServerRoute from "@/app/api/v1/targets/[id]/pitr/restores/[restoreId]/stop-server/route";
import { getDb } from "@/lib/db/client";
import { updateTarget } from "@/lib/services/targets/update";
import { auditLog, events, runs, tasks } from "@/lib/db/schema";
import { pitrWal } from "@/lib/db/schema-pitr";
import { scheduledTestRestore } from "@/lib/engine/restore/scheduled-test";
import { momentBetween, pitrRestoreEnded, until } from "@/lib/engine/pitr/pitr.testing";
import { listBaseBackups } from "@/lib/engine/pitr/base-rows";
import { stopAllWalStreams } from "@/lib/engine/pitr/streams";
import { stopAllKeptServers } from "@/lib/engine/pitr/kept-servers";
import type { PitrStatus } from "@/lib/services/pitr/status";

/**
 * Issue 15's `"destination": "original"` (after the normal safety backup, in one transaction) and
 * `keepServerMinutes` (how to connect; removed on cancel), through the API against a private cluster.
 */
type Detail = { target: { pitr: PitrStatus | null } };
type Server = { host: string; port: number; user: string; database: string; until: string; psql: string; running: boolean; stoppedAt: string | null; stopReason: string | null };
type Restore = { id: number; status: string; finishedAt: string | null; log: string; error: string | null; destination: unknown; database: string; safetyRunId: number | null; server: Server | null };
const PASSWORD = "pitr-secret";

let s: ReturnType<typeof seedApi>;
let targetId = 0;
let pg: PgCluster;
beforeAll(async () => {
  s = seedApi();
  pg = await startPgCluster();
  await pg.sql("CREATE DATABASE shop");
  await pg.sql("CREATE TABLE orders (id serial primary key, batch text not null)", "shop");
  // The source's hba trusts loopback; the private server asks for the source's passwords.
  await pg.sql(`ALTER ROLE postgres PASSWORD '${PASSWORD}'`);
}, 120_000);
afterAll(async () => {
  // Kept servers outlive the console (their record stops them): a failed test must not leave one running.
  await stopAllKeptServers("the test file ended");
  await stopAllWalStreams();
  await pg?.cleanup();
});

const batch = (name: string) => pg.sql(`INSERT INTO orders (batch) SELECT '${name}' FROM generate_series(1, 3)`, "shop");
const counts = (db = "shop") => pg.sql("SELECT batch, count(*) FROM orders GROUP BY batch ORDER BY batch", db);
const detail = async (id: number) =>
  (await documented<Detail>(await call(targetRoute.GET, "GET", `/api/v1/targets/${id}`, { token: s.tokens.viewer, params: { id: String(id) } }), "/api/v1/targets/{id}", "get")).target.pitr;
const post = (id: number, body: unknown, token = s.tokens.operator) => call(restoreRoute.POST, "POST", `/api/v1/targets/${id}/pitr/restore`, { token, params: { id: String(id) }, body });
const getRestore = async (id: number, rid: number) =>
  (
    await documented<{ restore: Restore }>(
      await call(restoreGetRoute.GET, "GET", `/api/v1/targets/${id}/pitr/restores/${rid}`, { token: s.tokens.viewer, params: { id: String(id), restoreId: String(rid) } }),
      "/api/v1/targets/{id}/pitr/restores/{restoreId}",
      "get",
    )
  ).restore;
const cancel = (id: number, rid: number, token = s.tokens.operator) =>
  call(cancelRoute.POST, "POST", `/api/v1/targets/${id}/pitr/restores/${rid}/cancel`, { token, params: { id: String(id), restoreId: String(rid) } });

const stopServer = (id: number, rid: number, token = s.tokens.operator) =>
  call(stopServerRoute.POST, "POST", `/api/v1/targets/${id}/pitr/restores/${rid}/stop-server`, { token, params: { id: String(id), restoreId: String(rid) } });

async function start(id: number, body: unknown, token = s.tokens.operator): Promise<number> {
  const res = await post(id, body, token);
  expect(res.status).toBe(202);
  return (await documented<{ restore: { id: number } }>(res, "/api/v1/targets/{id}/pitr/restore", "post")).restore.id;
}
const finished = (id: number, rid: number): Promise<Restore> => pitrRestoreEnded(() => getRestore(id, rid));
async function connectKept(srv: Server): Promise<string[][]> {
  const uri = `postgresql://${srv.user}@${srv.host}:${srv.port}/${srv.database}`;
  const r = await execa("psql", ["-X", "-A", "-t", "-q", "-F", "\t", `--dbname=${uri}`, "-c", "SELECT batch, count(*) FROM orders GROUP BY batch ORDER BY batch"], { env: { PGPASSWORD: PASSWORD, PGCONNECT_TIMEOUT: "3" }, stdin: "ignore" });
  return r.stdout.trim().split("\n").map((l) => l.split("\t"));
}

describe("PITR restore over the original database, and a kept private server, through the API", () => {
  it("keeps the private server for inspection and says how to connect; cancel removes it. Over the original: refused without the typed name, blocks backups, a failing pg_restore rolls back and leaves the original and the safety backup; a good one replaces the original after its safety backup", async () => {
    const res = await call(targetsRoute.POST, "POST", "/api/v1/targets", { token: s.tokens.admin, body: { appId: s.alpha.id, name: "shop-orig", type: "postgres", source: { url: pg.url("shop") }, pitr: { enabled: true } } });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { target: { id: number } }).target.id;
    targetId = id;
    await until("a base backup", () => listBaseBackups(id).find((b) => b.status === "success"), 120_000);
    await until("a recovery window", async () => (await detail(id))?.windowFrom, 30_000);

    await batch("A");
    const between = await momentBetween(() => batch("B"), () => batch("C"), () => pg.sql("SELECT pg_switch_wal()"));
    await until("WAL past the moment", async () => Date.parse((await detail(id))?.windowTo ?? "0") > between.getTime(), 30_000);

    // keepServerMinutes: the restore ends "done", the private server answers with the source's password.
    const kid = await start(id, { targetTime: between.toISOString(), destination: { database: "shop_keep" }, confirm: "shop-orig", keepServerMinutes: 5 });
    const kept = await finished(id, kid);
    expect(kept.error).toBeNull();
    expect(kept.status).toBe("done");
    expect(kept.server).toMatchObject({ host: "127.0.0.1", user: "postgres", database: "shop", running: true });
    expect(kept.server!.psql).toBe(`psql "host=127.0.0.1 port=${kept.server!.port} user=postgres dbname=shop"`);
    expect(Date.parse(kept.server!.until) - Date.parse(kept.finishedAt!)).toBeGreaterThan(4 * 60_000);
    expect(kept.log).toContain(kept.server!.psql);
    expect(await connectKept(kept.server!)).toEqual([["A", "3"], ["B", "3"]]);
    expect(await counts("shop_keep")).toEqual([["A", "3"], ["B", "3"]]);
    // "Stop server now": operator only; stopped, recorded with why, and a second stop (or cancel) is a 409.
    expect((await stopServer(id, kid, s.tokens.viewer)).status).toBe(403);
    const stopped = await stopServer(id, kid);
    expect(stopped.status).toBe(200);
    const after = (await documented<{ restore: Restore }>(stopped, "/api/v1/targets/{id}/pitr/restores/{restoreId}/stop-server", "post")).restore;
    expect(after.server).toMatchObject({ running: false, stopReason: expect.stringMatching(/^stopped by /) });
    expect(after.server?.stoppedAt).not.toBeNull();
    expect(after.status).toBe("done");
    expect(await connectKept(kept.server!).catch((e: Error) => e)).toBeInstanceOf(Error);
    expect((await stopServer(id, kid)).status).toBe(409);
    expect((await cancel(id, kid)).status).toBe(409);
    expect(getDb().select().from(auditLog).where(eq(auditLog.action, "restore.pitr_stop_server")).all()).toHaveLength(1);

    // Over the original: the typed name is required.
    expect((await post(id, { targetTime: between.toISOString(), destination: "original", confirm: "shop" })).status).toBe(400);
    expect((await post(id, { targetTime: between.toISOString(), destination: "original", confirm: "shop-orig" }, s.tokens.viewer)).status).toBe(403);

    // A view created after the moment depends on orders: pg_restore --clean cannot drop the table,
    // the one transaction rolls back, the original keeps every row, the safety backup exists.
    await pg.sql("CREATE VIEW orders_c AS SELECT * FROM orders WHERE batch = 'C'", "shop");
    const fid = await start(id, { targetTime: between.toISOString(), destination: "original", confirm: "shop-orig" });
    // While it is queued or running no backup of the target may start (the normal restore's lock).
    const trig = await call(runsRoute.POST, "POST", `/api/v1/targets/${id}/runs`, { token: s.tokens.operator, params: { id: String(id) }, body: {} });
    expect(trig.status).toBe(409);
    const failed = await finished(id, fid);
    expect(failed.status).toBe("failed");
    expect(failed.destination).toBe("original");
    expect(failed.database).toBe("shop");
    expect(failed.error).toMatch(/rolled back and the original database is as it was/);
    expect(failed.safetyRunId).not.toBeNull();
    const safety1 = getDb().select().from(runs).where(eq(runs.id, failed.safetyRunId!)).get()!;
    expect(safety1).toMatchObject({ trigger: "safety", status: "success", targetId: id, pinned: true });
    expect(await counts()).toEqual([["A", "3"], ["B", "3"], ["C", "3"]]);
    expect(await pg.sql("SELECT count(*) FROM orders_c", "shop")).toEqual([["3"]]);

    // The safety backup override (overrideSafety) is an admin's, and only over the original.
    expect((await post(id, { targetTime: between.toISOString(), destination: "original", confirm: "shop-orig", overrideSafety: true })).status).toBe(403);
    expect((await post(id, { targetTime: between.toISOString(), destination: { database: "shop_x" }, confirm: "shop-orig", overrideSafety: true }, s.tokens.admin)).status).toBe(400);

    // Without the view: the original holds exactly the rows of the moment, after its safety backup
    // (an admin's override changes nothing when the safety backup succeeds; it is audited).
    await pg.sql("DROP VIEW orders_c", "shop");
    const oid = await start(id, { targetTime: between.toISOString(), destination: "original", confirm: "shop-orig", overrideSafety: true }, s.tokens.admin);
    const overrides = getDb().select().from(auditLog).where(eq(auditLog.action, "restore.override")).all();
    expect(overrides).toHaveLength(1);
    expect(overrides[0].after).toMatchObject({ pitrRestore: oid, overrideSafety: true, destination: "original" });
    const done = await finished(id, oid);
    expect((done as unknown as { overrideSafety: boolean }).overrideSafety).toBe(true);
    expect(done.error).toBeNull();
    expect(done.status).toBe("done");
    const safety2 = getDb().select().from(runs).where(eq(runs.id, done.safetyRunId!)).get()!;
    expect(safety2).toMatchObject({ trigger: "safety", status: "success", targetId: id, pinned: true });
    expect(done.log.indexOf(`Safety backup run #${safety2.id} finished`)).toBeGreaterThan(-1);
    expect(done.log.indexOf(`Safety backup run #${safety2.id} finished`)).toBeLessThan(done.log.indexOf("pg_restore"));
    expect(await counts()).toEqual([["A", "3"], ["B", "3"]]);
    // Streaming goes on against the replaced database.
    await batch("E");
    expect(await counts()).toEqual([["A", "3"], ["B", "3"], ["E", "3"]]);

    // The safety backup fails (a pre-hook that exits 1): the original is not touched; an admin's
    // override takes the failed safety backup as it is and replaces the original anyway.
    const hook = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lb-pitr-hook-")), "fail.sh");
    fs.writeFileSync(hook, "#!/bin/sh\necho 'the disk for safety backups is gone' >&2\nexit 1\n", { mode: 0o755 });
    updateTarget(ADMIN_CLI, { id, preHook: hook });
    const nid = await start(id, { targetTime: between.toISOString(), destination: "original", confirm: "shop-orig" });
    const refused = await finished(id, nid);
    expect(refused.status).toBe("failed");
    expect(refused.error).toMatch(/Safety backup run #\d+ ended failed.*The original database was not touched/s);
    expect(await counts()).toEqual([["A", "3"], ["B", "3"], ["E", "3"]]);
    const forced = await finished(id, await start(id, { targetTime: between.toISOString(), destination: "original", confirm: "shop-orig", overrideSafety: true }, s.tokens.admin));
    expect(forced.error).toBeNull();
    expect(forced.status).toBe("done");
    expect(getDb().select().from(runs).where(eq(runs.id, forced.safetyRunId!)).get()).toMatchObject({ trigger: "safety", status: "failed" });
    expect(forced.log).toMatch(/Going on anyway: an admin overrode the safety backup/);
    expect(await counts()).toEqual([["A", "3"], ["B", "3"]]);
    updateTarget(ADMIN_CLI, { id, preHook: null });
  }, 600_000);

  it("the test-restore schedule verifies a point-in-time restore to the newest restorable moment (the window is shorter than an hour) in a scratch database it drops; an unrestorable window is a test_restore.failed event", async () => {
    const id = targetId;
    expect(id).toBeGreaterThan(0);
    const window = (await detail(id))!;
    const out = (await scheduledTestRestore({ targetId: id, scheduleId: 0 })) as { pitrRestoreId: number };
    expect(out.pitrRestoreId).toBeGreaterThan(0);
    const r = await finished(id, out.pitrRestoreId);
    expect(r.error).toBeNull();
    expect(r.status).toBe("done");
    // Shorter than an hour: the newest moment of the window when the slot fired.
    expect(Date.parse((r as unknown as { targetTime: string }).targetTime)).toBeGreaterThanOrEqual(Date.parse(window.windowTo!));
    expect(r.log).toMatch(/Verified: 1 tables, \d+ rows restored/);
    expect(r.database).toMatch(/^lifeboat_pitr_test_\d+$/);
    expect(await pg.sql(`SELECT 1 FROM pg_database WHERE datname = '${r.database}'`)).toEqual([]);
    // Recorded like any test restore: a restores row (in /restores) on the base backup run, with its outcome and log.
    const row = listRestores(ADMIN_CLI, { targetId: id }).items.find((x) => x.destination.pitrTask === out.pitrRestoreId)!;
    expect(row).toMatchObject({ kind: "test", status: "success", error: null, targetId: id });
    const baseRun = getDb().select().from(runs).where(eq(runs.id, row.runId)).get()!;
    expect(baseRun).toMatchObject({ kind: "pitr-base", verifyStatus: "restore-verified" });
    expect(getRestoreLog(ADMIN_CLI, row.id)).toMatch(/Verified: 1 tables/);

    // A needed WAL segment is gone: no task, a test_restore.failed event that says why.
    const tasksBefore = getDb().select().from(tasks).all().length;
    const b = listBaseBackups(id).find((x) => x.status === "success")!;
    getDb().delete(pitrWal).where(and(eq(pitrWal.targetId, id), eq(pitrWal.name, b.endWal!))).run();
    await scheduledTestRestore({ targetId: id, scheduleId: 0 });
    expect(getDb().select().from(tasks).all().length).toBe(tasksBefore);
    const ev = getDb().select().from(events).where(and(eq(events.type, "test_restore.failed"), eq(events.targetId, id))).orderBy(desc(events.id)).get();
    expect(JSON.stringify(ev?.payload)).toMatch(/Point-in-time test restore/);
  }, 300_000);
});
