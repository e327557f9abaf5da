import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, targets } from "../../db/schema";
import { waitForRun } from "../runs/wait";
import { getSettings } from "../../settings/settings";
import { Scheduler } from "./tick";
import { enqueueWithRunner } from "./engine";
import { makeSchedule, makeTarget } from "../../../test/scheduler/fixtures";

// The loop with an injected clock against the REAL backup engine: tar of a real folder.

function sourceDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-src-"));
  fs.writeFileSync(path.join(dir, "a.txt"), "hello");
  fs.mkdirSync(path.join(dir, "sub"));
  fs.writeFileSync(path.join(dir, "sub", "b.txt"), "world");
  return dir;
}
const runsOf = (scheduleId: number) => getDb().select().from(runs).where(eq(runs.scheduleId, scheduleId)).orderBy(runs.id).all();
const at = (iso: string) => new Date(iso);
const artifactOnDisk = (r: { storageRoot: string | null; artifactPath: string | null }) =>
  fs.existsSync(path.resolve(r.storageRoot ?? getSettings().defaultStorageDir, r.artifactPath!));

async function until<T>(what: string, fn: () => T | null | undefined | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("scheduler loop with the real runner", () => {
  it("runs each slot exactly once across two instances, and prunes by policy after success, keeping the newest", async () => {
    const t = makeTarget({ source: { path: sourceDir() }, compression: "gzip", keepDays: null, keepLast: 1 });
    const s = makeSchedule(t.id, { kind: "hourly", minute: 0, timezone: "Asia/Ho_Chi_Minh" });
    const a = new Scheduler(enqueueWithRunner, at("2024-05-01T09:30:00Z"));
    const b = new Scheduler(enqueueWithRunner, at("2024-05-01T09:30:00Z"));

    await Promise.all([a.tick(at("2024-05-01T10:00:00Z")), b.tick(at("2024-05-01T10:00:00Z"))]);
    const first = runsOf(s.id);
    expect(first).toHaveLength(1);
    const r1 = await waitForRun(first[0].id, 60_000);
    expect(r1.status).toBe("success");
    expect(r1.trigger).toBe("scheduler");
    expect(r1.scheduledFor?.toISOString()).toBe("2024-05-01T10:00:00.000Z");
    expect(artifactOnDisk(r1)).toBe(true);
    // A later tick in the same hour starts nothing new.
    await Promise.all([a.tick(at("2024-05-01T10:01:00Z")), b.tick(at("2024-05-01T10:01:00Z"))]);
    expect(runsOf(s.id)).toHaveLength(1);

    await Promise.all([b.tick(at("2024-05-01T11:00:00Z")), a.tick(at("2024-05-01T11:00:00Z"))]);
    const second = runsOf(s.id);
    expect(second.map((r) => r.scheduledFor?.toISOString())).toEqual(["2024-05-01T10:00:00.000Z", "2024-05-01T11:00:00.000Z"]);
    const r2 = await waitForRun(second[1].id, 60_000);
    expect(r2.status).toBe("success");
    // keepLast 1: the prune task queued after the run prunes the first artifact, keeps the newest, keeps both rows.
    await until("run 1 pruned", () => getDb().select().from(runs).where(eq(runs.id, r1.id)).get()?.artifactState === "pruned");
    expect(artifactOnDisk(r1)).toBe(false);
    expect(fs.existsSync(path.resolve(r1.storageRoot ?? getSettings().defaultStorageDir, r1.artifactPath!) + ".sha256")).toBe(false);
    expect(artifactOnDisk(r2)).toBe(true);
    expect(getDb().select().from(runs).where(eq(runs.id, r2.id)).get()?.artifactState).toBe("present");
    // The target is no longer overdue and its summary is ok.
    expect(getDb().select().from(targets).where(eq(targets.id, t.id)).get()?.overdueSince).toBeNull();
  });

  it("catches up one missed slot at start-up when asked, and none otherwise", async () => {
    const t1 = makeTarget({ source: { path: sourceDir() }, compression: "gzip" });
    const plain = makeSchedule(t1.id, { kind: "daily", hour: 2, minute: 0 });
    const t2 = makeTarget({ source: { path: sourceDir() }, compression: "gzip" });
    const catchy = makeSchedule(t2.id, { kind: "daily", hour: 2, minute: 0, catchUp: true });
    const sch = new Scheduler(enqueueWithRunner, at("2024-05-03T10:00:00Z"));
    await sch.tick(at("2024-05-03T10:00:00Z"));
    await sch.tick(at("2024-05-03T10:01:00Z"));
    expect(runsOf(plain.id)).toHaveLength(0);
    const caught = runsOf(catchy.id);
    expect(caught.map((r) => r.scheduledFor?.toISOString())).toEqual(["2024-05-03T02:00:00.000Z"]);
    expect((await waitForRun(caught[0].id, 60_000)).status).toBe("success");
  });
});
