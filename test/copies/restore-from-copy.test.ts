import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { runCopies } from "@/lib/db/schema-copies";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { createApp } from "@/lib/services/apps/create";
import { createTarget } from "@/lib/services/targets/create";
import { createToken } from "@/lib/services/tokens/create";
import { getRestorePreview } from "@/lib/services/restores/preview";
import { backendFor, getLocation } from "@/lib/engine/storage/locations";
import { copiesOfRun } from "@/lib/engine/copies/copy-rows";
import * as restoreRoute from "@/app/api/v1/runs/[id]/restore/route";
import * as previewRoute from "@/app/api/v1/runs/[id]/restore/preview/route";
import { call, documented } from "@/test/api/testing";
import { ADMIN_CLI } from "@/test/api/fixtures";
import { startS3Server, type S3TestServer } from "@/test/servers/s3";
import { tmpDir } from "@/test/backup/fixtures";
import { backupNow, restoreAndWait, userActor, waitForRestore } from "@/test/restore/testing";
import { treeDigest } from "@/test/restic/fixture";
import { waitForCopies } from "./fixtures";

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
});

interface ApiPreview {
  preview: { warnings: string[]; source: { role: string; storageId: number | null; kind: string } | null; sources: { role: string; storageId: number | null; healthy: boolean; problem: string | null }[]; contents: { kind: string } | null };
}

describe("[COPIES] restore from a copy when the primary artifact is missing or pruned (real S3 server, real files)", () => {
  it("the preview offers the copies and prefers the nearest healthy one; the restore fetches it (age-decrypted from S3), checks it and restores the same data", async () => {
    const op = userActor("operator");
    const s3Loc = await createStorageLocation(ADMIN_CLI, { name: "Offsite S3", kind: "s3", settings: s3.settings({ prefix: "rfc" }), encryption: "age" });
    const nasLoc = await createStorageLocation(ADMIN_CLI, { name: "NAS", kind: "local", settings: { path: tmpDir("lb-rfc-nas-") } });
    const src = tmpDir("lb-rfc-src-");
    fs.mkdirSync(path.join(src, "sub"));
    fs.writeFileSync(path.join(src, "sub", "data.bin"), crypto.randomBytes(1_500_000));
    fs.writeFileSync(path.join(src, "notes.txt"), "restore me from offsite\n");
    const before = treeDigest(src);
    const app = createApp(ADMIN_CLI, { name: `restore-from-copy-${process.pid}` });
    // S3 listed first: the preview must still prefer the nearer NAS.
    const t = createTarget(ADMIN_CLI, { appId: app.id, name: "files", type: "filesystem", source: { path: src }, storage: { copies: [{ storageId: s3Loc.id }, { storageId: nasLoc.id }] } });
    const run = await backupNow(op, t.id);
    expect((await waitForCopies(run.id)).map((c) => c.status)).toEqual(["copied", "copied"]);

    // The primary is healthy: it is the source.
    const p0 = await getRestorePreview(op, run.id);
    expect(p0.source).toMatchObject({ role: "primary", healthy: true });
    expect(p0.sources.map((s) => [s.role, s.storageId, s.healthy])).toEqual([
      ["primary", run.storageId, true],
      ["copy", nasLoc.id, true],
      ["copy", s3Loc.id, true],
    ]);

    // The primary's file vanishes (a disk swapped): the preview and the restore use the NAS copy.
    fs.rmSync(path.join(run.storageRoot!, run.artifactPath!));
    const token = createToken(ADMIN_CLI, { name: `rfc-${process.pid}`, role: "operator" }).token;
    const prev = await documented<ApiPreview>(
      await call(previewRoute.POST, "POST", `/api/v1/runs/${run.id}/restore/preview`, { token, params: { id: String(run.id) }, body: {} }),
      "/api/v1/runs/{id}/restore/preview",
      "post",
    );
    expect(prev.preview.source).toMatchObject({ role: "copy", storageId: nasLoc.id, kind: "local" });
    expect(prev.preview.sources[prev.preview.sources.length - 1]).toMatchObject({ role: "primary", healthy: false, problem: "the file is missing from storage" });
    expect(prev.preview.contents?.kind).toBe("folder");
    expect(prev.preview.warnings).toEqual([]);

    const alt1 = path.join(tmpDir("lb-rfc-alt1-"), "out");
    const res = await call(restoreRoute.POST, "POST", `/api/v1/runs/${run.id}/restore`, { token, params: { id: String(run.id) }, body: { confirm: "files", destination: { path: alt1 } } });
    expect(res.status).toBe(202);
    const r1 = await waitForRestore(((await res.json()) as { restore: { id: number } }).restore.id);
    expect(r1.errorSummary).toBeNull();
    expect(r1.status).toBe("success");
    expect(treeDigest(alt1)).toEqual(before);
    expect(fs.readFileSync(r1.logPath!, "utf8")).toMatch(/fetching the copy in NAS/);

    // The NAS copy pruned too: the S3 copy (age-encrypted) is fetched, decrypted and checked.
    getDb().update(runCopies).set({ status: "pruned" }).where(eq(runCopies.id, copiesOfRun(run.id).find((c) => c.storageId === nasLoc.id)!.id)).run();
    const p2 = await getRestorePreview(op, run.id);
    expect(p2.source).toMatchObject({ role: "copy", storageId: s3Loc.id, kind: "s3", encrypted: true });
    expect(p2.problem).toBeNull();
    // A small remote copy is fetched, decrypted and checked for the preview: its files are listed.
    expect(p2.contents?.kind).toBe("folder");
    expect(p2.restorable).toBe(true);
    const alt2 = path.join(tmpDir("lb-rfc-alt2-"), "out");
    const r2 = await restoreAndWait(op, { runId: run.id, destination: { mode: "alternate", path: alt2 }, confirmName: "files" });
    expect(r2.errorSummary).toBeNull();
    expect(treeDigest(alt2)).toEqual(before);

    // A damaged S3 copy (other bytes under its key) fails the restore before anything is written.
    const s3Copy = copiesOfRun(run.id).find((c) => c.storageId === s3Loc.id)!;
    await backendFor(getLocation(s3Loc.id)!).put(s3Copy.key!, Readable.from([crypto.randomBytes(4096)]));
    const alt3 = path.join(tmpDir("lb-rfc-alt3-"), "out");
    const r3 = await restoreAndWait(op, { runId: run.id, destination: { mode: "alternate", path: alt3 }, confirmName: "files" });
    expect(r3.status).toBe("failed");
    expect(fs.existsSync(alt3)).toBe(false);

    // No copy left at all: the restore is refused up front.
    getDb().update(runCopies).set({ status: "failed" }).where(eq(runCopies.id, s3Copy.id)).run();
    await expect(restoreAndWait(op, { runId: run.id, destination: { mode: "alternate", path: path.join(tmpDir("lb-rfc-alt4-"), "out") }, confirmName: "files" })).rejects.toThrow(/no healthy copy/);
  }, 240_000);

  it("the user chooses the source: the S3 copy while the primary is healthy (API `storage`), and an unknown or unreadable choice is refused before anything runs", async () => {
    const op = userActor("operator");
    const s3Loc = await createStorageLocation(ADMIN_CLI, { name: "Offsite S3 (chosen)", kind: "s3", settings: s3.settings({ prefix: "rfc-choose" }), encryption: "age" });
    const src = tmpDir("lb-rfc-choose-src-");
    fs.writeFileSync(path.join(src, "a.txt"), "read me from S3 on purpose\n");
    fs.writeFileSync(path.join(src, "b.bin"), crypto.randomBytes(300_000));
    const before = treeDigest(src);
    const app = createApp(ADMIN_CLI, { name: `restore-choose-copy-${process.pid}` });
    const t = createTarget(ADMIN_CLI, { appId: app.id, name: "chosen", type: "filesystem", source: { path: src }, storage: { copies: [{ storageId: s3Loc.id }] } });
    const run = await backupNow(op, t.id);
    expect((await waitForCopies(run.id)).map((c) => c.status)).toEqual(["copied"]);
    const token = createToken(ADMIN_CLI, { name: `rfc-choose-${process.pid}`, role: "operator" }).token;

    // The preview with `storage`: the S3 copy is the source though the primary is healthy.
    const prev = await documented<ApiPreview>(
      await call(previewRoute.POST, "POST", `/api/v1/runs/${run.id}/restore/preview`, { token, params: { id: String(run.id) }, body: { storage: s3Loc.id } }),
      "/api/v1/runs/{id}/restore/preview",
      "post",
    );
    expect(prev.preview.source).toMatchObject({ role: "copy", storageId: s3Loc.id, kind: "s3" });
    expect(prev.preview.sources[0]).toMatchObject({ role: "primary", healthy: true });

    const alt = path.join(tmpDir("lb-rfc-choose-alt-"), "out");
    const res = await call(restoreRoute.POST, "POST", `/api/v1/runs/${run.id}/restore`, { token, params: { id: String(run.id) }, body: { confirm: "chosen", destination: { path: alt }, storage: s3Loc.id } });
    expect(res.status).toBe(202);
    const r = await waitForRestore(((await res.json()) as { restore: { id: number } }).restore.id);
    expect(r.errorSummary).toBeNull();
    expect(r.status).toBe("success");
    expect(treeDigest(alt)).toEqual(before);
    expect(fs.readFileSync(r.logPath!, "utf8")).toMatch(/As chosen, fetching the copy in Offsite S3 \(chosen\) \(s3, age-encrypted\)/);

    // A location the run has nothing in: 400 naming `storage`, nothing written.
    const alt2 = path.join(tmpDir("lb-rfc-choose-alt2-"), "out");
    const bad = await call(restoreRoute.POST, "POST", `/api/v1/runs/${run.id}/restore`, { token, params: { id: String(run.id) }, body: { confirm: "chosen", destination: { path: alt2 }, storage: 999_999 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/storage/);
    // The copy marked damaged by a scrub: choosing it is refused with the reason; the preview says so.
    getDb().update(runCopies).set({ scrubOk: false }).where(eq(runCopies.runId, run.id)).run();
    const bad2 = await call(restoreRoute.POST, "POST", `/api/v1/runs/${run.id}/restore`, { token, params: { id: String(run.id) }, body: { confirm: "chosen", destination: { path: alt2 }, storage: s3Loc.id } });
    expect(bad2.status).toBe(400);
    expect(JSON.stringify(await bad2.json())).toMatch(/the last scrub found it damaged/);
    const p3 = await getRestorePreview(op, run.id, { mode: "alternate", path: alt2 }, { storageId: s3Loc.id });
    expect(p3.problem).toMatch(/the last scrub found it damaged/);
    expect(p3.restorable).toBe(false);
    expect(fs.existsSync(alt2)).toBe(false);
  }, 240_000);
});
