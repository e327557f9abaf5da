import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { cancelRun } from "@/lib/services/runs/cancel";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { recoverInterruptedRuns } from "@/lib/engine/queue/recover";
import { readRunLog } from "@/lib/engine/process/log-read";
import { enqueueTask } from "@/lib/engine/tasks/task-rows";
import { kickQueue } from "@/lib/engine/queue/queue";
import { SCHEDULER } from "@/lib/auth/actor";
import { getDb } from "@/lib/db/client";
import { auditLog, events, runs, schedules, tasks } from "@/lib/db/schema";
import { updateSettings } from "@/lib/services/settings/settings";
import { writeInflight } from "@/lib/engine/queue/inflight";
import { RunLog, TRUNCATION_MARKER } from "@/lib/engine/process/run-log";
import { makeTarget, operator, script, tmpDir, unpack } from "@/test/backup/fixtures";
import { artifactAbsolutePath } from "@/lib/engine/storage/local";
import { statusSummary } from "@/lib/engine/status/status-summary";
import { loadTargetStatus } from "@/lib/engine/status/load-statuses";

const bin = tmpDir("lb-bin-");

async function until<T>(what: string, fn: () => T | null | undefined | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("crash recovery", () => {
  test("a run left running by a crash ends interrupted and its half-written files are removed", () => {
    const t = makeTarget({ type: "filesystem", source: { path: "/tmp" } });
    const dir = tmpDir("lb-store-");
    const file = path.join(dir, "shop-x-20250101-000000-run1.tar.zst");
    const run = getDb()
      .insert(runs)
      .values({ targetId: t.id, trigger: "manual", status: "running", queuedAt: new Date(), startedAt: new Date() })
      .returning()
      .get();
    fs.writeFileSync(`${file}.partial`, "half an artifact");
    fs.mkdirSync(path.join(dir, ".lifeboat-run1.tmp"));
    fs.writeFileSync(path.join(dir, ".lifeboat-run1.tmp/database.dump"), "spooled");
    writeInflight({ runId: run.id, file, partial: `${file}.partial`, workDir: path.join(dir, ".lifeboat-run1.tmp") });
    const queued = getDb().insert(runs).values({ targetId: t.id, trigger: "manual", status: "queued", queuedAt: new Date() }).returning().get();

    expect(recoverInterruptedRuns(new Date("2025-01-01T00:10:00Z"))).toEqual([run.id, queued.id]);
    const after = getDb().select().from(runs).where(eq(runs.id, run.id)).get()!;
    expect(after.status).toBe("interrupted");
    expect(after.errorSummary).toMatch(/^The console restarted during the run/);
    expect(after.finishedAt!.toISOString()).toBe("2025-01-01T00:10:00.000Z");
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(statusSummary(loadTargetStatus(t.id))).toMatchObject({ status: "failed", lastRunStatus: "interrupted" });
    expect(getDb().select().from(events).where(eq(events.runId, run.id)).get()!.type).toBe("run.failed");
  });
});

describe("queue", () => {
  test("the parallel limit queues the rest; a settings change applies at once", async () => {
    updateSettings({ type: "system", role: "admin" }, { maxParallelRuns: 1 });
    const storage = tmpDir("lb-store-");
    const cmd = script(bin, "q.sh", `echo x > "$LIFEBOAT_OUTPUT_FILE"; sleep 0.5`);
    const [a, b] = [1, 2].map(() => makeTarget({ type: "script", source: { command: cmd }, storageRoot: storage }));
    const op = operator();
    const ra = enqueueRun(op, a.id);
    const rb = enqueueRun(op, b.id);
    expect(getDb().select().from(runs).where(eq(runs.id, rb.id)).get()!.status).toBe("queued");
    const [fa, fb] = await Promise.all([waitForRun(ra.id), waitForRun(rb.id)]);
    expect(fa.status).toBe("success");
    expect(fb.status).toBe("success");
    expect(fb.startedAt!.getTime()).toBeGreaterThanOrEqual(fa.finishedAt!.getTime());
    updateSettings({ type: "system", role: "admin" }, { maxParallelRuns: 2 });
  });

  test("a duplicate scheduler slot is a conflict", async () => {
    const t = makeTarget({ type: "script", source: { command: script(bin, "s.sh", `echo x > "$LIFEBOAT_OUTPUT_FILE"`) }, storageRoot: tmpDir("lb-store-") });
    const s = getDb().insert(schedules).values({ targetId: t.id, kind: "daily" }).returning().get();
    const slot = new Date("2025-01-01T02:00:00Z");
    const first = enqueueRun(SCHEDULER, t.id, { scheduleId: s.id, scheduledFor: slot });
    await waitForRun(first.id);
    expect(() => enqueueRun(SCHEDULER, t.id, { scheduleId: s.id, scheduledFor: slot })).toThrow("slot already has a run");
  });

  test("a success queues its target's prune as a task that starts after the run ended; a failed prune does not change the run", async () => {
    // (This replaces the after-run hook list: what follows a run is a task of its own.)
    const t = makeTarget({ type: "script", source: { command: script(bin, "h.sh", `echo x > "$LIFEBOAT_OUTPUT_FILE"`) }, storageRoot: tmpDir("lb-store-") });
    const run = await waitForRun(enqueueRun(operator(), t.id).id);
    expect(run.status).toBe("success");
    const prune = await until("the prune task", () => {
      const p = getDb().select().from(tasks).where(and(eq(tasks.kind, "prune"), eq(tasks.targetId, t.id))).get();
      return p && p.status !== "queued" && p.status !== "running" ? p : null;
    });
    expect(prune.status).toBe("done");
    expect(prune.startedAt!.getTime()).toBeGreaterThanOrEqual(run.finishedAt!.getTime());

    const failed = enqueueTask({ kind: "prune", targetId: 999_999, priority: 10 });
    kickQueue();
    const f = await until("the bad prune", () => {
      const p = getDb().select().from(tasks).where(eq(tasks.id, failed.id)).get()!;
      return p.status !== "queued" && p.status !== "running" ? p : null;
    });
    expect(f.status).toBe("failed");
    expect(getDb().select().from(runs).where(eq(runs.id, run.id)).get()!.status).toBe("success");
  });
});

describe("partial runs", () => {
  test("a file growing while it is read is reported and the run ends partial", async () => {
    const src = tmpDir("lb-src-");
    const growing = path.join(src, "app.log");
    fs.writeFileSync(growing, Buffer.alloc(64 * 1024 * 1024, 1));
    fs.writeFileSync(path.join(src, "steady.txt"), "steady");
    const writer = spawn("bash", ["-c", `while true; do echo line >> "$1"; done`, "_", growing], { stdio: "ignore" });
    try {
      const t = makeTarget({ type: "filesystem", source: { path: src }, storageRoot: tmpDir("lb-store-"), compression: "none" });
      const run = await waitForRun(enqueueRun(operator(), t.id).id);
      expect(run.status).toBe("partial");
      expect(run.errorSummary).toMatch(/1 file\(s\) changed, vanished or could not be read/);
      expect(readRunLog(run.id, 0).text).toMatch(/WARNING app\.log: changed while being read/);
      const out = unpack(artifactAbsolutePath(run.storageRoot!, run.artifactPath!));
      const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
      expect(summary.warnings).toEqual([expect.stringMatching(/^app\.log: changed while being read/)]);
      expect(statusSummary(loadTargetStatus(t.id)).lastSuccessAt).toBeNull(); // partial is not a success
      expect(getDb().select().from(events).where(eq(events.runId, run.id)).get()!.type).toBe("run.partial");
    } finally {
      writer.kill("SIGKILL");
    }
  });
});

describe("run log", () => {
  test("is capped with a visible marker and masks secrets", () => {
    const log = new RunLog(999_001, ["hunter2-pass"], path.join(tmpDir(), "run.log"));
    log.info("connecting to postgres://app:hunter2-pass@db/x");
    for (let i = 0; i < 6000; i++) log.output(`line ${i} ${"x".repeat(1000)}`, "stdout");
    log.close();
    const text = fs.readFileSync(log.path, "utf8");
    expect(text).toContain("postgres://app:***@db/x");
    expect(text).not.toContain("hunter2");
    expect(text.trimEnd().endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(fs.statSync(log.path).size).toBeLessThan(5 * 1024 * 1024 + 1024);
  });
});

describe("cancel and progress", () => {
  test("cancelling a queued run ends it at once; the audit trail records both", async () => {
    updateSettings({ type: "system", role: "admin" }, { maxParallelRuns: 1 });
    try {
      const storage = tmpDir("lb-store-");
      const cmd = script(bin, "c.sh", `echo x > "$LIFEBOAT_OUTPUT_FILE"; sleep 0.5`);
      const [a, b] = [1, 2].map(() => makeTarget({ type: "script", source: { command: cmd }, storageRoot: storage }));
      const op = operator();
      const ra = enqueueRun(op, a.id);
      const rb = enqueueRun(op, b.id);
      cancelRun(op, rb.id);
      const cancelled = getDb().select().from(runs).where(eq(runs.id, rb.id)).get()!;
      expect(cancelled.status).toBe("cancelled");
      expect(cancelled.startedAt).toBeNull();
      expect((await waitForRun(ra.id)).status).toBe("success");
      const actions = getDb().select().from(auditLog).where(eq(auditLog.entityId, String(rb.id))).all().map((r) => r.action);
      expect(actions).toEqual(["run.trigger", "run.cancel"]);
      expect(() => cancelRun(op, rb.id)).toThrow(/already ended/);
    } finally {
      updateSettings({ type: "system", role: "admin" }, { maxParallelRuns: 2 });
    }
  });

  test("a finished folder run records bytes processed against the pre-scanned total", async () => {
    const src = tmpDir("lb-src-");
    fs.writeFileSync(path.join(src, "a.bin"), Buffer.alloc(3_000_000, 1));
    fs.writeFileSync(path.join(src, "b.txt"), "hello");
    const t = makeTarget({ type: "filesystem", source: { path: src }, storageRoot: tmpDir("lb-store-") });
    const run = await waitForRun(enqueueRun(operator(), t.id).id);
    expect(run.totalBytes).toBe(3_000_005);
    expect(run.bytesProcessed).toBe(3_000_005);
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(run.logPath).toMatch(/logs\/run-\d+\.log$/);
  });
});
