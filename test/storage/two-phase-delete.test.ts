import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { orphanArtifacts, runs } from "@/lib/db/schema";
import { makeArtifactRun, makeTarget } from "@/test/scheduler/fixtures";
import { applyRetention } from "@/lib/engine/retention/apply";
import { finishPendingDeletes } from "@/lib/engine/storage/artifact-delete";
import { insertLocation } from "@/lib/engine/storage/locations";
import { locationForFolder } from "@/lib/engine/storage/folder-location";
import { registerRemoteLikeKind } from "@/lib/engine/storage/registry.testing";
import { openArtifact } from "@/lib/services/runs/artifact-file";
import { operator } from "@/test/backup/fixtures";

const undo = registerRemoteLikeKind();
afterAll(undo);
const root = () => fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-2phase-"));
const stateOf = (id: number) => getDb().select({ s: runs.artifactState }).from(runs).where(eq(runs.id, id)).get()!.s;
const onDisk = (dir: string, rel: string) => [fs.existsSync(path.join(dir, rel)), fs.existsSync(path.join(dir, `${rel}.sha256`))];

describe("[STORAGE] artifacts are deleted in two phases, outside transactions", () => {
  it("a console stopped between the mark and the delete: the row says `pruning`, the sweep deletes the files and confirms", async () => {
    const dir = root();
    const loc = locationForFolder(dir);
    const t = makeTarget({ keepDays: null, keepLast: 1 });
    const run = makeArtifactRun(t.id, dir, "2024-05-01T02:00:00.000Z", { storageId: loc.id });
    // What phase 1 leaves when the process dies right after its transaction committed:
    getDb().update(runs).set({ artifactState: "pruning" }).where(eq(runs.id, run.id)).run();
    expect(onDisk(dir, run.artifactPath!)).toEqual([true, true]);
    // Meanwhile nobody is offered the file being deleted.
    await expect(openArtifact(operator(), run.id, "artifact")).rejects.toThrow(/retention/);
    const orphan = getDb()
      .insert(orphanArtifacts)
      .values({ storageId: loc.id, storageRoot: dir, artifactPath: "gone/x.tar.zst", appName: "a", targetName: "t", orphanedAt: new Date(), deletingSince: new Date() })
      .returning()
      .get();
    fs.mkdirSync(path.join(dir, "gone"));
    fs.writeFileSync(path.join(dir, "gone/x.tar.zst"), "x");

    const swept = await finishPendingDeletes();
    expect(swept).toEqual({ runs: [run.id], orphans: [orphan.id], failed: [] });
    expect(stateOf(run.id)).toBe("pruned");
    expect(onDisk(dir, run.artifactPath!)).toEqual([false, false]);
    expect(fs.existsSync(path.join(dir, "gone/x.tar.zst"))).toBe(false);
    expect(getDb().select().from(orphanArtifacts).where(eq(orphanArtifacts.id, orphan.id)).get()).toBeUndefined();
    // Idempotent.
    expect(await finishPendingDeletes()).toEqual({ runs: [], orphans: [], failed: [] });
  });

  it("on a location without a local path, retention marks and the sweep deletes through the backend", async () => {
    const dir = root();
    const loc = insertLocation(getDb(), { name: "Remote-like prune", kind: "remote-like", settings: { path: dir } });
    const t = makeTarget({ keepDays: null, keepLast: 1 });
    const old = makeArtifactRun(t.id, dir, "2024-05-01T02:00:00.000Z", { storageId: loc.id, storageRoot: null });
    const newer = makeArtifactRun(t.id, dir, "2024-05-02T02:00:00.000Z", { storageId: loc.id, storageRoot: null });
    const res = applyRetention(t.id, new Date("2024-05-05T00:00:00Z"));
    // Not confirmed yet: the object is still being deleted.
    expect(res.pruned).toEqual([]);
    expect(stateOf(old.id)).toBe("pruning");
    await finishPendingDeletes();
    expect(stateOf(old.id)).toBe("pruned");
    expect(onDisk(dir, old.artifactPath!)).toEqual([false, false]);
    expect(stateOf(newer.id)).toBe("present");
    expect(onDisk(dir, newer.artifactPath!)).toEqual([true, true]);
  });

  it("a file that vanished on its own makes the run say `missing`", async () => {
    const dir = root();
    const t = makeTarget({ keepDays: null, keepLast: 5 });
    const run = makeArtifactRun(t.id, dir, "2024-05-01T02:00:00.000Z", { storageId: locationForFolder(dir).id });
    fs.rmSync(path.join(dir, run.artifactPath!));
    await expect(openArtifact(operator(), run.id, "artifact")).rejects.toThrow(/missing/);
    expect(stateOf(run.id)).toBe("missing");
  });
});
