// "When the server is gone" for PITR (issue 13 × issue 15): WAL streamed and a base backup taken,
// copied to an age-encrypted S3 location (with the indexes beside them); then the console's data
// directory and the PITR location are wiped; a NEW console (another data directory, secret.key and
// empty database, in this process) imports the recovery kit, rescans the S3 location, which
// rebuilds the PITR copies from their indexes (target registered disabled), and restores the
// exact rows of a moment into a new database.
import fs from "node:fs";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { call } from "../api/testing";
import { ADMIN_CLI, seedApi } from "../api/fixtures";
import type { PgCluster } from "../servers/pg-cluster";
import type { S3TestServer } from "../servers/s3";
import { insertBatch, shopClusterForFile } from "./shop-cluster";
import { tmpDir } from "../backup/fixtures";
import * as targetsRoute from "@/app/api/v1/targets/route";
import * as restoreRoute from "@/app/api/v1/targets/[id]/pitr/restore/route";
import * as restoreGetRoute from "@/app/api/v1/targets/[id]/pitr/restores/[restoreId]/route";
import { closeDb, getDb } from "@/lib/db/client";
import { targets, tasks } from "@/lib/db/schema";
import { pitrCopies } from "@/lib/db/schema-pitr";
import { resetEnvForTests } from "@/lib/env";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { rescanLocation } from "@/lib/services/storage-locations/rescan";
import { exportRecoveryKit } from "@/lib/services/recovery-kit/export";
import { importRecoveryKit } from "@/lib/services/recovery-kit/import";
import { momentBetween, pitrRestoreEnded, until } from "@/lib/engine/pitr/pitr.testing";
import { listBaseBackups } from "@/lib/engine/pitr/base-rows";
import { superviseOnce } from "@/lib/engine/pitr/supervisor";
import { stopAllWalStreams } from "@/lib/engine/pitr/streams";
import { backendFor, closeBackends, getLocation, listLocations } from "@/lib/engine/storage/locations";
import { listPitrCopies } from "@/lib/engine/pitr/offsite";
import { getTargetPitr } from "@/lib/services/pitr/status";

let pg: PgCluster;
let s3: S3TestServer;
shopClusterForFile((c) => ({ pg, s3 } = c));

const batch = (name: string) => insertBatch(pg, name);

describe("PITR when the server is gone", () => {
  it("a new console with the recovery kit rescans an encrypted copy location, rebuilds the PITR copies from their indexes and restores the exact rows of a moment", async () => {
    // The old console: PITR with the primary on a local folder and one age-encrypted S3 copy location.
    let s = seedApi();
    const primaryDir = tmpDir("lb-pitr-dr-primary-");
    const primary = await createStorageLocation(ADMIN_CLI, { name: "dr-primary", kind: "local", settings: { path: primaryDir } });
    const vault = await createStorageLocation(ADMIN_CLI, { name: "dr-vault", kind: "s3", settings: s3.settings({ prefix: "pitr-dr" }), encryption: "age" });
    const res = await call(targetsRoute.POST, "POST", "/api/v1/targets", {
      token: s.tokens.admin,
      body: { appId: s.alpha.id, name: "shop-dr", type: "postgres", source: { url: pg.url("shop") }, pitr: { enabled: true }, storage: { primary: primary.id, copies: [{ storageId: vault.id }] } },
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { target: { id: number } }).target.id;
    await batch("A");
    await until("a base backup", () => listBaseBackups(id).find((b) => b.status === "success"), 90_000);
    const between = await momentBetween(() => batch("B"), () => batch("C"), () => pg.sql("SELECT pg_switch_wal()"));
    await until(
      "the vault's WAL reaches past the moment",
      async () => {
        await superviseOnce();
        const rows = listPitrCopies(id, vault.id);
        const failed = getDb().select().from(tasks).where(and(eq(tasks.kind, "copy"), eq(tasks.status, "failed"))).all();
        if (failed.length) throw new Error(`a copy batch failed: ${failed[0]!.error}`);
        return rows.some((r) => r.kind === "base") && rows.some((r) => r.kind === "segment" && r.receivedAt.getTime() > between.getTime());
      },
      120_000,
      500,
    );
    // The streams stop and the last batch ends before the "disaster" (a batch still running would write on after the wipe).
    await stopAllWalStreams();
    await until("no copy batch queued or running", () => getDb().select().from(tasks).where(and(eq(tasks.kind, "copy"), inArray(tasks.status, ["queued", "running"]))).all().length === 0 || undefined, 60_000, 200);
    const oldRows = listPitrCopies(id, vault.id);
    // The indexes beside them: one per base backup, one per WAL batch, age ciphertext like the copies.
    const keys: string[] = [];
    for await (const o of backendFor(getLocation(vault.id)!).list("")) keys.push(o.key);
    const indexes = keys.filter((k) => k.endsWith(".pitr-index.json.age"));
    expect(indexes.some((k) => /\/base\/\d+\/index\.pitr-index\.json\.age$/.test(k))).toBe(true);
    expect(indexes.some((k) => /\/wal-index\/[0-9A-F]{24}-\d+\.pitr-index\.json\.age$/.test(k))).toBe(true);
    const sealed = await backendFor(getLocation(vault.id)!).open(indexes[0]);
    const head: Buffer[] = [];
    for await (const c of sealed) head.push(c as Buffer);
    expect(Buffer.concat(head).subarray(0, 21).toString()).toBe("age-encryption.org/v1");
    const kit = (await exportRecoveryKit(ADMIN_CLI)).body;

    // The server is gone: the data directory and the PITR location are wiped.
    const oldDataDir = process.env.LIFEBOAT_DATA_DIR!;
    closeBackends();
    closeDb();
    fs.rmSync(oldDataDir, { recursive: true, force: true });
    fs.rmSync(primaryDir, { recursive: true, force: true });
    process.env.LIFEBOAT_DATA_DIR = tmpDir("lb-pitr-dr-fresh-");
    resetEnvForTests();

    // A new console: the kit, then a rescan of the vault (decrypting its indexes with the kit's identity).
    s = seedApi();
    expect(getDb().select().from(targets).where(eq(targets.name, "shop-dr")).get()).toBeUndefined();
    importRecoveryKit(ADMIN_CLI, kit);
    const vaultId = listLocations().find((l) => l.name === "dr-vault")!.id;
    const scan = await rescanLocation(ADMIN_CLI, vaultId);
    expect(scan.unreadable).toEqual([]);
    expect(scan.registered).toEqual([]); // the base backup's base.tar.zst.age is no archive artifact
    expect(scan.pitr).toHaveLength(1);
    const found = scan.pitr[0]!;
    expect(found).toMatchObject({ app: "alpha", target: "shop-dr", baseBackups: 1, walFiles: oldRows.filter((r) => r.kind !== "base").length });
    const t = getDb().select().from(targets).where(eq(targets.id, found.targetId)).get()!;
    expect([t.type, t.enabled, (t.source as { url: string }).url]).toEqual(["postgres", false, pg.url("shop")]);
    const rebuilt = getDb().select().from(pitrCopies).where(eq(pitrCopies.targetId, found.targetId)).all();
    expect(rebuilt.filter((r) => r.kind !== "base").map((r) => [r.name, r.sha256, r.receivedAt.getTime()]).sort()).toEqual(
      oldRows.filter((r) => r.kind !== "base").map((r) => [r.name, r.sha256, r.receivedAt.getTime()]).sort(),
    );
    // Again: nothing new.
    expect((await rescanLocation(ADMIN_CLI, vaultId)).pitr).toEqual([{ ...found, baseBackups: 0, walFiles: 0 }]);

    // The target page (PITR off on this console) offers the restore over the vault's window, which holds the moment.
    const view = getTargetPitr(ADMIN_CLI, found.targetId);
    expect(view.setting?.enabled ?? false).toBe(false);
    expect(view.stored.map((w) => w.storage)).toEqual(["dr-vault"]);
    const w = view.stored[0]!;
    expect(new Date(w.windowFrom).getTime()).toBeLessThan(between.getTime());
    expect(new Date(w.windowTo).getTime()).toBeGreaterThan(between.getTime());

    // The restore to the moment, into a new database, read from the vault.
    const r = await call(restoreRoute.POST, "POST", `/api/v1/targets/${found.targetId}/pitr/restore`, {
      token: s.tokens.operator,
      params: { id: String(found.targetId) },
      body: { targetTime: between.toISOString(), destination: { database: "shop_after_disaster" }, confirm: "shop-dr" },
    });
    if (r.status !== 202) throw new Error(`restore refused: ${r.status} ${await r.text()}`);
    const rid = ((await r.json()) as { restore: { id: number } }).restore.id;
    const done = await pitrRestoreEnded(async () => {
      const g = await call(restoreGetRoute.GET, "GET", `/api/v1/targets/${found.targetId}/pitr/restores/${rid}`, { token: s.tokens.viewer, params: { id: String(found.targetId), restoreId: String(rid) } });
      return ((await g.json()) as { restore: { status: string; error: string | null; log: string } }).restore;
    });
    expect(done.error).toBeNull();
    expect(done.log).toContain('read from the copy location "dr-vault"');
    expect(await pg.sql("SELECT batch, count(*) FROM orders GROUP BY batch ORDER BY batch", "shop_after_disaster")).toEqual([
      ["A", "3"],
      ["B", "3"],
    ]);
  }, 400_000);
});
