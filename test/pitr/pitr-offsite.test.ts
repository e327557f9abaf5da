import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { call, documented } from "../api/testing";
import { ADMIN_CLI, seedApi } from "../api/fixtures";
import type { PgCluster } from "../servers/pg-cluster";
import type { S3TestServer } from "../servers/s3";
import { insertBatch, shopClusterForFile } from "./shop-cluster";
import { tmpDir } from "../backup/fixtures";
import * as targetsRoute from "@/app/api/v1/targets/route";
import * as targetRoute from "@/app/api/v1/targets/[id]/route";
import * as runRoute from "@/app/api/v1/runs/[id]/route";
import * as restoreRoute from "@/app/api/v1/targets/[id]/pitr/restore/route";
import * as restoreGetRoute from "@/app/api/v1/targets/[id]/pitr/restores/[restoreId]/route";
import * as stopServerRoute from "@/app/api/v1/targets/[id]/pitr/restores/[restoreId]/stop-server/route";
import { getDb } from "@/lib/db/client";
import { tasks } from "@/lib/db/schema";
import { pitrBaseBackups, pitrCopies } from "@/lib/db/schema-pitr";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { momentBetween, pitrRestoreEnded, until } from "@/lib/engine/pitr/pitr.testing";
import { listBaseBackups } from "@/lib/engine/pitr/base-rows";
import { pitrConfig } from "@/lib/engine/pitr/config-rows";
import { superviseOnce } from "@/lib/engine/pitr/supervisor";
import { disarmAllKeptServers, keptServerArmed, recoverKeptServers } from "@/lib/engine/pitr/kept-servers";
import { backendFor, getLocation } from "@/lib/engine/storage/locations";
import type { PitrRestoreParams } from "@/lib/engine/pitr/restore-task";
import type { PitrStatus } from "@/lib/services/pitr/status";

type Restore = { id: number; status: string; log: string; error: string | null; server: { port: number; running: boolean; stoppedAt: string | null; stopReason: string | null } | null };

let s: ReturnType<typeof seedApi>;
let pg: PgCluster;
let s3: S3TestServer;
beforeAll(() => {
  s = seedApi();
});
shopClusterForFile((c) => ({ pg, s3 } = c));

const batch = (name: string) => insertBatch(pg, name);
const counts = (db: string) => pg.sql("SELECT batch, count(*) FROM orders GROUP BY batch ORDER BY batch", db);
const detail = async (id: number) =>
  (await documented<{ target: { pitr: PitrStatus | null } }>(await call(targetRoute.GET, "GET", `/api/v1/targets/${id}`, { token: s.tokens.viewer, params: { id: String(id) } }), "/api/v1/targets/{id}", "get")).target.pitr!;
const restore = (id: number, body: unknown) => call(restoreRoute.POST, "POST", `/api/v1/targets/${id}/pitr/restore`, { token: s.tokens.operator, params: { id: String(id) }, body });
const getRestore = async (id: number, rid: number) =>
  (await documented<{ restore: Restore }>(await call(restoreGetRoute.GET, "GET", `/api/v1/targets/${id}/pitr/restores/${rid}`, { token: s.tokens.viewer, params: { id: String(id), restoreId: String(rid) } }), "/api/v1/targets/{id}/pitr/restores/{restoreId}", "get"))
    .restore;
async function restored(id: number, body: unknown): Promise<Restore> {
  const res = await restore(id, body);
  if (res.status !== 202) throw new Error(`restore refused: ${res.status} ${await res.text()}`);
  const rid = ((await res.json()) as { restore: { id: number } }).restore.id;
  return pitrRestoreEnded(() => getRestore(id, rid));
}
/** The kept server through its socket (trust there), as the restore's record says. */
async function keptRows(rid: number): Promise<string[][]> {
  const srv = (getDb().select().from(tasks).where(eq(tasks.id, rid)).get()!.params as unknown as PitrRestoreParams).server!;
  const r = await execa("psql", ["-X", "-A", "-t", "-q", "-F", "\t", "-h", srv.scratchDir!, "-p", String(srv.port), "-U", "postgres", "-d", "shop", "-c", "SELECT batch, count(*) FROM orders GROUP BY batch ORDER BY batch"], {
    env: { PGCONNECT_TIMEOUT: "3" },
    stdin: "ignore",
  });
  return r.stdout.trim().split("\n").map((l) => l.split("\t"));
}
const scratchOf = (rid: number) => (getDb().select().from(tasks).where(eq(tasks.id, rid)).get()!.params as unknown as PitrRestoreParams).server!.scratchDir!;

describe("PITR offsite: base backups and WAL copied to a second local location and an age-encrypted S3 location, restored from them when the primary is lost", () => {
  it("copies, reports each location's reach, restores the exact rows of a moment from a copy after the primary's files are deleted (default: the nearest that has them; or the one asked), and a kept server is stopped after a simulated console restart", async () => {
    const primaryDir = tmpDir("lb-pitr-primary-");
    const primary = await createStorageLocation(ADMIN_CLI, { name: "pitr-primary", kind: "local", settings: { path: primaryDir } });
    const copyDir = tmpDir("lb-pitr-copy-");
    const local2 = await createStorageLocation(ADMIN_CLI, { name: "pitr-copy-local", kind: "local", settings: { path: copyDir } });
    const offsite = await createStorageLocation(ADMIN_CLI, { name: "pitr-copy-s3", kind: "s3", settings: s3.settings({ prefix: "pitr" }), encryption: "age" });
    const res = await call(targetsRoute.POST, "POST", "/api/v1/targets", {
      token: s.tokens.admin,
      body: { appId: s.alpha.id, name: "shop-off", type: "postgres", source: { url: pg.url("shop") }, pitr: { enabled: true }, storage: { primary: primary.id, copies: [{ storageId: local2.id }, { storageId: offsite.id }] } },
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { target: { id: number } }).target.id;
    expect(pitrConfig(id)?.storageId).toBe(primary.id);

    await batch("A");
    const base = await until("a base backup", () => listBaseBackups(id).find((b) => b.status === "success"), 90_000);
    const between = await momentBetween(() => batch("B"), () => batch("C"), () => pg.sql("SELECT pg_switch_wal()"));
    // The supervisor's look queues one batch per copy location when something is new.
    await until(
      "both copy locations reach past the moment",
      async () => {
        await superviseOnce();
        const c = (await detail(id)).copies;
        return c.length === 2 && c.every((x) => x.windowFrom && Date.parse(x.windowTo ?? "0") > between.getTime());
      },
      120_000,
      500,
    );
    const status = await detail(id);
    expect(status.copies.map((c) => [c.storageId, c.storage, c.baseBackups, c.lastError])).toEqual([
      [local2.id, "pitr-copy-local", 1, null],
      [offsite.id, "pitr-copy-s3", 1, null],
    ]);
    for (const c of status.copies) {
      expect(Date.parse(c.windowFrom!)).toBeLessThanOrEqual(between.getTime());
      expect(c.walFiles).toBeGreaterThan(0);
    }
    // The base backup's run went offsite like any run: its files are in both locations; S3 holds age ciphertext.
    const rows = getDb().select().from(pitrCopies).where(eq(pitrCopies.targetId, id)).all();
    const baseRows = rows.filter((r) => r.kind === "base");
    expect(baseRows.map((r) => [r.storageId, r.baseBackupId, r.encryption])).toEqual([
      [local2.id, base.id, "none"],
      [offsite.id, base.id, "age"],
    ]);
    expect(fs.existsSync(path.join(copyDir, base.files.find((f) => f.name === "base.tar")!.key))).toBe(true);
    const { run } = await documented<{ run: { kind: string; pitrBase: { copies: { storageId: number; storage: string; encryption: string }[] } } }>(
      await call(runRoute.GET, "GET", `/api/v1/runs/${base.runId}`, { token: s.tokens.viewer, params: { id: String(base.runId) } }),
      "/api/v1/runs/{id}",
      "get",
    );
    expect(run.pitrBase.copies.map((c) => [c.storageId, c.storage, c.encryption])).toEqual([
      [local2.id, "pitr-copy-local", "none"],
      [offsite.id, "pitr-copy-s3", "age"],
    ]);
    const s3Wal = rows.find((r) => r.storageId === offsite.id && r.kind === "segment")!;
    expect(s3Wal.key).toMatch(/\.zst\.age$/);
    const sealed = await backendFor(getLocation(offsite.id)!).open(s3Wal.key!);
    const head: Buffer[] = [];
    for await (const c of sealed) head.push(c as Buffer);
    expect(Buffer.concat(head).subarray(0, 21).toString()).toBe("age-encryption.org/v1");

    // The primary location is lost: its PITR folder deleted. A restore that asks for it is refused, naming what is gone.
    fs.rmSync(path.join(primaryDir, "pitr"), { recursive: true, force: true });
    const refused = await restore(id, { targetTime: between.toISOString(), destination: { database: "shop_x" }, confirm: "shop-off", storage: primary.id });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/planned file\(s\) are gone from the PITR location "pitr-primary"/);

    // Default: the nearest location that has everything — the local copy.
    const fromLocal = await restored(id, { targetTime: between.toISOString(), destination: { database: "shop_from_copy" }, confirm: "shop-off" });
    expect(fromLocal.error).toBeNull();
    expect(fromLocal.log).toContain('read from the copy location "pitr-copy-local"');
    expect(await counts("shop_from_copy")).toEqual([["A", "3"], ["B", "3"]]);

    // Asked for: the encrypted S3 copy (decrypted, sha256-checked), and its private server kept for inspection.
    const fromS3 = await restored(id, { targetTime: between.toISOString(), destination: { database: "shop_from_s3" }, confirm: "shop-off", storage: offsite.id, keepServerMinutes: 30 });
    expect(fromS3.error).toBeNull();
    expect(fromS3.log).toContain('read from the copy location "pitr-copy-s3"');
    expect(await counts("shop_from_s3")).toEqual([["A", "3"], ["B", "3"]]);
    expect(await keptRows(fromS3.id)).toEqual([["A", "3"], ["B", "3"]]);

    // A console restart: this process forgets its timers (the server is no child of the console
    // any more); start-up recovery finds it running with time left and watches it again; then
    // "Stop server now" stops it by its record (pg_ctl stop -D, scratch removed).
    disarmAllKeptServers();
    expect(keptServerArmed(fromS3.id)).toBe(false);
    const rec = await recoverKeptServers();
    expect(rec.armed).toContain(fromS3.id);
    expect(rec.inUse.has(scratchOf(fromS3.id))).toBe(true);
    expect(keptServerArmed(fromS3.id)).toBe(true);
    const stop = await call(stopServerRoute.POST, "POST", `/api/v1/targets/${id}/pitr/restores/${fromS3.id}/stop-server`, { token: s.tokens.operator, params: { id: String(id), restoreId: String(fromS3.id) } });
    expect(stop.status).toBe(200);
    expect((await getRestore(id, fromS3.id)).server).toMatchObject({ running: false, stopReason: expect.stringMatching(/^stopped by /) });
    await expect(keptRows(fromS3.id)).rejects.toThrow();
    expect(fs.existsSync(scratchOf(fromS3.id))).toBe(false);

    // A kept server whose time ran out while no console ran: start-up stops and removes it.
    const expiring = await restored(id, { targetTime: between.toISOString(), destination: { database: "shop_expiring" }, confirm: "shop-off", keepServerMinutes: 30 });
    expect(expiring.error).toBeNull();
    expect(await keptRows(expiring.id)).toEqual([["A", "3"], ["B", "3"]]);
    disarmAllKeptServers();
    const t = getDb().select().from(tasks).where(eq(tasks.id, expiring.id)).get()!;
    const p = t.params as unknown as PitrRestoreParams;
    getDb().update(tasks).set({ params: { ...p, server: { ...p.server!, until: new Date(Date.now() - 1000).toISOString() } } }).where(eq(tasks.id, expiring.id)).run();
    const later = await recoverKeptServers();
    expect(later.stopped).toContain(expiring.id);
    expect((await getRestore(id, expiring.id)).server).toMatchObject({ running: false, stopReason: "its time ran out while the console was down" });
    await expect(keptRows(expiring.id)).rejects.toThrow();
    expect(fs.existsSync(scratchOf(expiring.id))).toBe(false);

    // The PITR location's row of the base backup goes (as its retention does): the run still says what it was, from its copies.
    getDb().delete(pitrBaseBackups).where(eq(pitrBaseBackups.id, base.id)).run();
    const again = await documented<{ run: { pitrBase: { baseBackupId: number; startWal: string; copies: unknown[] } } }>(
      await call(runRoute.GET, "GET", `/api/v1/runs/${base.runId}`, { token: s.tokens.viewer, params: { id: String(base.runId) } }),
      "/api/v1/runs/{id}",
      "get",
    );
    expect(again.run.pitrBase).toMatchObject({ baseBackupId: base.id, startWal: base.startWal });
    expect(again.run.pitrBase.copies).toHaveLength(2);
  }, 400_000);
});
