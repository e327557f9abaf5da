import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { auditLog, runs } from "@/lib/db/schema";
import { runCopies } from "@/lib/db/schema-copies";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { createApp } from "@/lib/services/apps/create";
import { createTarget } from "@/lib/services/targets/create";
import { updateTarget } from "@/lib/services/targets/update";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { backendFor, getLocation } from "@/lib/engine/storage/locations";
import { sha256KeyOf } from "@/lib/engine/storage/run-artifact";
import { copiesOfRun } from "@/lib/engine/copies/copy-rows";
import { sweepCopyRetention } from "@/lib/engine/copies/copy-retention";
import { startS3Server, type S3TestServer } from "@/test/servers/s3";
import { operator, tmpDir } from "@/test/backup/fixtures";
import { admin, waitForCopies } from "./fixtures";

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
});

async function until<T>(what: string, f: () => T | undefined | false, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const copyOf = (runId: number, storageId: number) => copiesOfRun(runId).find((c) => c.storageId === storageId)!;
const stateOf = (runId: number) => getDb().select({ s: runs.artifactState }).from(runs).where(eq(runs.id, runId)).get()!.s;

describe("[COPIES] retention per copy location (real S3 server and a local folder location)", () => {
  it("each location keeps by its own rules, independently of the primary; the sweep applies changed rules and finishes a half-done delete", async () => {
    const a = admin();
    const s3Loc = await createStorageLocation(a, { name: "Offsite S3 keep 3", kind: "s3", settings: s3.settings({ prefix: "ret" }), encryption: "age" });
    const nasDir = tmpDir("lb-copy-ret-nas-");
    const nasLoc = await createStorageLocation(a, { name: "NAS keep 1", kind: "local", settings: { path: nasDir } });
    const src = tmpDir("lb-copy-ret-src-");
    fs.writeFileSync(path.join(src, "data.bin"), crypto.randomBytes(200_000));
    const app = createApp(a, { name: `copy-retention-${process.pid}` });
    // Primary keeps 2; S3 keeps 3; the NAS keeps 1.
    const t = createTarget(a, {
      appId: app.id,
      name: "files",
      type: "filesystem",
      source: { path: src },
      retention: { keepLast: 2, keepDays: 0 },
      storage: { copies: [{ storageId: s3Loc.id, retention: { keepLast: 3 } }, { storageId: nasLoc.id, retention: { keepLast: 1 } }] },
    });

    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      fs.writeFileSync(path.join(src, "n.txt"), `backup ${i}`);
      const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
      expect(run.status).toBe("success");
      await waitForCopies(run.id);
      ids.push(run.id);
    }
    const [r1, r2, r3] = ids;
await until("the primary's retention to prune run 1", () => stateOf(r1) === "pruned");
    expect([stateOf(r2), stateOf(r3)]).toEqual(["present", "present"]);

    // S3 keeps all three: run 1, pruned from the primary, still has its offsite copy.
    expect([r1, r2, r3].map((id) => copyOf(id, s3Loc.id).status)).toEqual(["copied", "copied", "copied"]);
    const s3b = backendFor(getLocation(s3Loc.id)!);
    expect(await s3b.stat(copyOf(r1, s3Loc.id).key!)).not.toBeNull();

    // The NAS keeps only the newest: run 2's copy is gone there although the primary still has run 2.
    expect([r1, r2, r3].map((id) => copyOf(id, nasLoc.id).status)).toEqual(["pruned", "pruned", "copied"]);
    const nasFile = (id: number) => path.join(nasDir, copyOf(id, nasLoc.id).key!);
    expect(fs.existsSync(nasFile(r2))).toBe(false);
    expect(fs.existsSync(`${nasFile(r2)}.sha256`)).toBe(false);
    expect(fs.existsSync(nasFile(r3))).toBe(true);
    const run2 = getDb().select().from(runs).where(eq(runs.id, r2)).get()!;
    expect(fs.existsSync(path.join(run2.storageRoot!, run2.artifactPath!))).toBe(true);
    const audits = getDb().select().from(auditLog).where(and(eq(auditLog.action, "copy.prune"), eq(auditLog.entityId, String(r2)))).all();
    expect(audits.length).toBe(1);

    // Rules changed to keep 1 in S3: the daily sweep prunes runs 1 and 2 there, and leaves the primary alone.
    updateTarget(a, { id: t.id, storage: { copies: [{ storageId: s3Loc.id, retention: { keepLast: 1 } }, { storageId: nasLoc.id, retention: { keepLast: 1 } }] } });
    // A delete a crash left half done (marked, object still there) is finished by the same sweep.
    const strayKey = `${copyOf(r3, nasLoc.id).key}.stray`;
    await backendFor(getLocation(nasLoc.id)!).put(strayKey, (await import("node:stream")).Readable.from([Buffer.from("x")]));
    // (run 2's NAS row, put back to `pruning` with an object still under its key)
    getDb().update(runCopies).set({ status: "pruning", key: strayKey }).where(eq(runCopies.id, copyOf(r2, nasLoc.id).id)).run();

    const results = await sweepCopyRetention(new Date());
    const s3Result = results.find((r) => r.targetId === t.id && r.storageId === s3Loc.id)!;
    expect(s3Result.pruned.sort()).toEqual([copyOf(r1, s3Loc.id).id, copyOf(r2, s3Loc.id).id].sort());
    expect([r1, r2, r3].map((id) => copyOf(id, s3Loc.id).status)).toEqual(["pruned", "pruned", "copied"]);
    for (const id of [r1, r2]) {
      expect(await s3b.stat(copyOf(id, s3Loc.id).key!)).toBeNull();
      expect(await s3b.stat(sha256KeyOf(copyOf(id, s3Loc.id).key!))).toBeNull();
    }
    expect(await s3b.stat(copyOf(r3, s3Loc.id).key!)).not.toBeNull();
    expect(copyOf(r2, nasLoc.id).status).toBe("pruned");
    expect(fs.existsSync(path.join(nasDir, strayKey))).toBe(false);
    expect([stateOf(r2), stateOf(r3)]).toEqual(["present", "present"]);

  }, 240_000);
});
