import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, documented } from "../api/testing";
import { ADMIN_CLI, seedApi } from "../api/fixtures";
import { startPgCluster, type PgCluster } from "../servers/pg-cluster";
import * as targetsRoute from "@/app/api/v1/targets/route";
import * as targetRoute from "@/app/api/v1/targets/[id]/route";
import * as runsRoute from "@/app/api/v1/runs/route";
import * as runRoute from "@/app/api/v1/runs/[id]/route";
import * as restoreRoute from "@/app/api/v1/targets/[id]/pitr/restore/route";
import * as restoreGetRoute from "@/app/api/v1/targets/[id]/pitr/restores/[restoreId]/route";
import { getDb } from "@/lib/db/client";
import { tasks } from "@/lib/db/schema";
import { pitrWal } from "@/lib/db/schema-pitr";
import { momentBetween, pitrRestoreEnded, until } from "@/lib/engine/pitr/pitr.testing";
import { listWal } from "@/lib/engine/pitr/wal-store";
import { listBaseBackups } from "@/lib/engine/pitr/base-rows";
import { stopAllWalStreams } from "@/lib/engine/pitr/streams";
import { registeredChildren } from "@/lib/engine/process/process-registry";
import { getTargetPitr } from "@/lib/services/pitr/status";
import type { PitrStatus } from "@/lib/services/pitr/status";

type Detail = { target: { pitr: PitrStatus | null } };
type Restore = { id: number; status: string; log: string; error: string | null };

let s: ReturnType<typeof seedApi>;
let pg: PgCluster;
beforeAll(async () => {
  s = seedApi();
  pg = await startPgCluster();
  await pg.sql("CREATE DATABASE shop");
  await pg.sql("CREATE TABLE orders (id serial primary key, batch text not null)", "shop");
  await pg.sql("CREATE ROLE plain LOGIN");
}, 120_000);
afterAll(async () => {
  await stopAllWalStreams();
  await pg?.cleanup();
});

const batch = (name: string) => pg.sql(`INSERT INTO orders (batch) SELECT '${name}' FROM generate_series(1, 3)`, "shop");
const detail = async (id: number) =>
  (await documented<Detail>(await call(targetRoute.GET, "GET", `/api/v1/targets/${id}`, { token: s.tokens.viewer, params: { id: String(id) } }), "/api/v1/targets/{id}", "get")).target.pitr;
const restore = (id: number, body: unknown, token = s.tokens.operator) =>
  call(restoreRoute.POST, "POST", `/api/v1/targets/${id}/pitr/restore`, { token, params: { id: String(id) }, body });
const getRestore = async (id: number, rid: number) =>
  (
    await documented<{ restore: Restore }>(
      await call(restoreGetRoute.GET, "GET", `/api/v1/targets/${id}/pitr/restores/${rid}`, { token: s.tokens.viewer, params: { id: String(id), restoreId: String(rid) } }),
      "/api/v1/targets/{id}/pitr/restores/{restoreId}",
      "get",
    )
  ).restore;

describe("PITR through the API, against a private PostgreSQL", () => {
  it("refuses to turn PITR on for a role without REPLICATION, says what to grant, and creates no target", async () => {
    const url = pg.url("shop").replace("postgres@", "plain@");
    const res = await call(targetsRoute.POST, "POST", "/api/v1/targets", { token: s.tokens.admin, body: { appId: s.alpha.id, name: "plain-db", type: "postgres", source: { url }, pitr: { enabled: true } } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain('ALTER ROLE "plain" REPLICATION;');
    const list = (await (await call(targetsRoute.GET, "GET", "/api/v1/targets", { token: s.tokens.viewer })).json()) as { targets: { name: string }[] };
    expect(list.targets.map((t) => t.name)).not.toContain("plain-db");
  });

  it("turned on: streams, takes a base backup, restores the exact rows of a moment into a new database; missing WAL is refused before anything is touched; a killed receiver comes back with its gap; turned off drops the slot", async () => {
    const res = await call(targetsRoute.POST, "POST", "/api/v1/targets", { token: s.tokens.admin, body: { appId: s.alpha.id, name: "shop-db", type: "postgres", source: { url: pg.url("shop") }, pitr: { enabled: true } } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { target: { id: number; pitr: unknown } };
    const id = created.target.id;
    expect(created.target.pitr).toEqual({ enabled: true, baseBackupEveryHours: 24 });
    expect(await pg.sql("SELECT slot_name FROM pg_replication_slots")).toEqual([[`lifeboat_${id}`]]);
    await until("streaming", async () => (await detail(id))?.state === "streaming", 30_000);
    // The first base backup was queued when PITR was turned on: a task of the one queue.
    await until("a base backup", () => listBaseBackups(id).find((b) => b.status === "success"), 90_000);
    await until("a recovery window", async () => (await detail(id))?.windowFrom, 30_000);

    // The base backup is a run of the target: listed, with its size, sha256 and the WAL range it needs.
    const base = listBaseBackups(id).find((x) => x.status === "success")!;
    expect(base.runId).not.toBeNull();
    const listed = (await (await call(runsRoute.GET, "GET", `/api/v1/runs?targetId=${id}`, { token: s.tokens.viewer })).json()) as { runs: { id: number; status: string }[] };
    expect(listed.runs.map((x) => x.id)).toContain(base.runId);
    const { run } = await documented<{ run: Record<string, unknown> & { pitrBase: { startWal: string; endWal: string; startLsn: string; files: { name: string; sha256: string }[] } } }>(
      await call(runRoute.GET, "GET", `/api/v1/runs/${base.runId}`, { token: s.tokens.viewer, params: { id: String(base.runId) } }),
      "/api/v1/runs/{id}",
      "get",
    );
    expect(run).toMatchObject({ kind: "pitr-base", status: "success", trigger: "pitr", sizeBytes: base.sizeBytes });
    expect(run.sha256).toBe(base.files.find((f) => f.name === "base.tar")!.sha256);
    expect(run.pitrBase).toMatchObject({ baseBackupId: base.id, startWal: base.startWal, endWal: base.endWal, startLsn: base.startLsn });
    expect(run.pitrBase.files.map((f) => f.name)).toEqual(["backup_manifest", "base.tar"]);

    await batch("A");
    const between = await momentBetween(() => batch("B"), () => batch("C"), () => pg.sql("SELECT pg_switch_wal()"));
    await until("WAL past the moment", async () => Date.parse((await detail(id))?.windowTo ?? "0") > between.getTime(), 30_000);
    const status = (await detail(id))!;
    expect(Date.parse(status.windowFrom!)).toBeLessThan(between.getTime());
    expect(status.lastWalAt).not.toBeNull();

    // Wrong name, then a viewer: refused.
    expect((await restore(id, { targetTime: between.toISOString(), destination: { database: "shop_pitr" }, confirm: "nope" })).status).toBe(400);
    expect((await restore(id, { targetTime: between.toISOString(), destination: { database: "shop_pitr" }, confirm: "shop-db" }, s.tokens.viewer)).status).toBe(403);

    const started = await restore(id, { targetTime: between.toISOString(), destination: { database: "shop_pitr" }, confirm: "shop-db" });
    expect(started.status).toBe(202);
    const { restore: ref } = await documented<{ restore: { id: number; status: string } }>(started, "/api/v1/targets/{id}/pitr/restore", "post");
    expect(ref.status).toBe("queued");
    const r = await pitrRestoreEnded(() => getRestore(id, ref.id));
    expect(r.error).toBeNull();
    expect(r.status).toBe("done");
    for (const phase of ["Phase 1/6", "Phase 2/6", "Phase 3/6", "Phase 4/6", "Phase 5/6", "Phase 6/6", "Success"]) expect(r.log).toContain(phase);
    expect(await pg.sql("SELECT batch, count(*) FROM orders GROUP BY batch ORDER BY batch", "shop_pitr")).toEqual([["A", "3"], ["B", "3"]]);

    // The database exists now: 409, nothing queued.
    expect((await restore(id, { targetTime: between.toISOString(), destination: { database: "shop_pitr" }, confirm: "shop-db" })).status).toBe(409);

    // A needed segment is gone: a 400 that names it, no task, no database.
    const b = listBaseBackups(id).find((x) => x.status === "success")!;
    getDb().delete(pitrWal).where(and(eq(pitrWal.targetId, id), eq(pitrWal.name, b.endWal!))).run();
    const taskCount = getDb().select().from(tasks).where(eq(tasks.kind, "pitr-restore")).all().length;
    const missing = await restore(id, { targetTime: between.toISOString(), destination: { database: "shop_pitr2" }, confirm: "shop-db" });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain(`WAL segment ${b.endWal} is missing`);
    expect(getDb().select().from(tasks).where(eq(tasks.kind, "pitr-restore")).all()).toHaveLength(taskCount);
    expect(await pg.sql("SELECT 1 FROM pg_database WHERE datname = 'shop_pitr2'")).toEqual([]);

    // Kill pg_receivewal: the stream starts it again and the target's PITR view reports the gap.
    const child = await until("pg_receivewal", () => registeredChildren().find((c) => c.label === "pg_receivewal"));
    process.kill(-child.pgid!, "SIGKILL");
    await until("restarted", () => {
      const v = getTargetPitr(ADMIN_CLI, id);
      return v.restarts >= 1 && v.lastGapMs != null && v.status?.state === "streaming";
    }, 30_000);
    expect(getTargetPitr(ADMIN_CLI, id).lastGapFrom).not.toBeNull();
    await batch("D");
    await pg.sql("SELECT pg_switch_wal()");
    const before = listWal(id).length;
    await until("WAL stored after the restart", () => listWal(id).length > before, 30_000);

    // Off: streaming stops, the slot is dropped, GET says null.
    const off = await call(targetRoute.PATCH, "PATCH", `/api/v1/targets/${id}`, { token: s.tokens.admin, params: { id: String(id) }, body: { pitr: { enabled: false } } });
    expect(off.status).toBe(200);
    expect(((await off.json()) as { target: { pitr: unknown } }).target.pitr).toEqual({ enabled: false, baseBackupEveryHours: 24 });
    expect(await pg.sql("SELECT slot_name FROM pg_replication_slots")).toEqual([]);
    expect(await detail(id)).toBeNull();
  }, 400_000);
});
