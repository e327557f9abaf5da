import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { auditLog, restores, runs } from "../../db/schema";
import { makeArtifactRun, makeTarget } from "../../../test/scheduler/fixtures";
import { applyRetention } from "./apply";
import { artifactAbsolutePath as artifactFile } from "../storage/local";

const root = () => fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-retention-"));
const exists = (r: { storageRoot: string | null; artifactPath: string | null }) => fs.existsSync(path.join(r.storageRoot!, r.artifactPath!));

describe("applyRetention", () => {
  it("deletes exactly the expected files and their .sha256, keeps the rows, audits each deletion", () => {
    const dir = root();
    const t = makeTarget({ keepDays: null, keepLast: 2 });
    const list = ["2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04"].map((d) => makeArtifactRun(t.id, dir, `${d}T02:00:00.000Z`));
    const res = applyRetention(t.id, new Date("2024-05-05T00:00:00Z"));
    expect(res.pruned.sort()).toEqual([list[0].id, list[1].id].sort());
    expect(list.map(exists)).toEqual([false, false, true, true]);
    expect(fs.existsSync(path.join(dir, list[0].artifactPath!) + ".sha256")).toBe(false);
    expect(fs.existsSync(path.join(dir, list[2].artifactPath!) + ".sha256")).toBe(true);
    const states = getDb().select({ id: runs.id, s: runs.artifactState }).from(runs).where(eq(runs.targetId, t.id)).all();
    expect(states.map((r) => r.s)).toEqual(["pruned", "pruned", "present", "present"]);
    const audits = getDb().select().from(auditLog).where(eq(auditLog.action, "artifact.prune")).all();
    expect(audits.map((a) => Number(a.entityId)).sort()).toEqual(res.pruned.sort());
    expect(audits[0].actorType).toBe("scheduler");
  });

  it("never deletes the newest successful artifact, even when newer failed-partial ones fill the policy", () => {
    const dir = root();
    const t = makeTarget({ keepDays: null, keepLast: 1 });
    const good = makeArtifactRun(t.id, dir, "2024-05-01T02:00:00.000Z");
    const partial = makeArtifactRun(t.id, dir, "2024-05-02T02:00:00.000Z", { status: "partial" });
    applyRetention(t.id, new Date("2024-05-05T00:00:00Z"));
    expect(exists(good)).toBe(true);
    expect(exists(partial)).toBe(true);
  });

  it("keeps pinned artifacts and artifacts a restore is reading", () => {
    const dir = root();
    const t = makeTarget({ keepDays: null, keepLast: 1 });
    const pinned = makeArtifactRun(t.id, dir, "2024-05-01T02:00:00.000Z", { pinned: true });
    const read = makeArtifactRun(t.id, dir, "2024-05-02T02:00:00.000Z");
    const old = makeArtifactRun(t.id, dir, "2024-05-03T02:00:00.000Z");
    makeArtifactRun(t.id, dir, "2024-05-04T02:00:00.000Z");
    getDb().insert(restores).values({ runId: read.id, targetId: t.id, destination: { mode: "original" }, status: "running", queuedAt: new Date() }).run();
    const res = applyRetention(t.id, new Date("2024-05-05T00:00:00Z"));
    expect(res.pruned).toEqual([old.id]);
    expect([pinned, read, old].map(exists)).toEqual([true, true, false]);
  });

  it("refuses a path that leaves the storage root", () => {
    expect(() => artifactFile("/srv/backups", "../etc/passwd")).toThrow(/leaves its storage root/);
    expect(artifactFile("/srv/backups", "a/b.tar")).toBe("/srv/backups/a/b.tar");
    const dir = root();
    const t = makeTarget({ keepDays: null, keepLast: 1 });
    const evil = makeArtifactRun(t.id, dir, "2024-05-01T02:00:00.000Z");
    getDb().update(runs).set({ artifactPath: "../outside.tar" }).where(eq(runs.id, evil.id)).run();
    makeArtifactRun(t.id, dir, "2024-05-02T02:00:00.000Z");
    const res = applyRetention(t.id, new Date("2024-05-05T00:00:00Z"));
    expect(res.pruned).toEqual([]);
    expect(res.skipped[0].reason).toMatch(/leaves its storage root/);
    expect(getDb().select({ s: runs.artifactState }).from(runs).where(eq(runs.id, evil.id)).get()?.s).toBe("present");
  });
});
