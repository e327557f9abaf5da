import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, runs, schedules, targets, type RunStatus } from "../../db/schema";
import { activeRunsQuery, loadTargetStatus, loadTargetStatuses, newestRunsQuery } from "./load-statuses";

const NOW = new Date("2025-06-10T10:30:00Z");
const H = 3_600_000;
const ids: Record<string, number> = {};

function run(target: string, status: RunStatus, hoursAgo: number, extra: Partial<typeof runs.$inferInsert> = {}): number {
  const at = new Date(NOW.getTime() - hoursAgo * H);
  const finished = status === "running" || status === "queued" ? null : new Date(at.getTime() + 60_000);
  return getDb()
    .insert(runs)
    .values({ targetId: ids[target], trigger: "scheduler", status, queuedAt: at, startedAt: status === "queued" ? null : at, finishedAt: finished, ...extra })
    .returning()
    .get().id;
}

beforeAll(() => {
  const db = getDb();
  const app = db.insert(apps).values({ name: "shop" }).returning().get().id;
  for (const [name, enabled] of [["db", true], ["busy", true], ["off", false], ["empty", true]] as const) {
    ids[name] = db.insert(targets).values({ appId: app, name, type: "filesystem", source: { path: "/srv" }, enabled }).returning().get().id;
  }
  run("db", "success", 30, { sizeBytes: 10, durationMs: 1000 });
  run("db", "failed", 5, { errorSummary: "disk full", durationMs: 2000 });
  run("db", "cancelled", 1);
  run("busy", "success", 3);
  run("busy", "running", 0.5, { bytesProcessed: 5, totalBytes: 10 });
  run("busy", "queued", 0.1);
  run("off", "success", 2);
  const sched = (target: string, v: Partial<typeof schedules.$inferInsert>) =>
    db.insert(schedules).values({ targetId: ids[target], kind: "daily", hour: 2, minute: 0, graceMinutes: 60, timezone: "UTC", enabledAt: new Date("2025-06-01T00:00:00Z"), ...v }).run();
  sched("db", {});
  sched("db", { kind: "hourly", minute: 45 });
  sched("db", { kind: "hourly", minute: 15, purpose: "test_restore" });
  sched("db", { kind: "hourly", minute: 20, enabled: false });
  sched("off", { kind: "hourly", minute: 0 });
});

describe("loadTargetStatuses", () => {
  it("reads the newest run, newest finished run and newest success; cancelled runs do not count", () => {
    const s = loadTargetStatus(ids.db, NOW)!;
    expect(s.lastRun?.status).toBe("cancelled");
    expect(s.lastFinished).toMatchObject({ status: "failed", errorSummary: "disk full", durationMs: 2000 });
    expect(s.lastSuccess).toMatchObject({ status: "success", sizeBytes: 10 });
    expect(s.lastSuccessStartedAt).toEqual(new Date(NOW.getTime() - 30 * H));
    // The last success started 9 June 04:30: hourly :45 expected 04:45 (+60 min grace) → overdue since 05:45.
    expect(s.status).toBe("overdue");
    expect(s.overdue?.slot).toEqual(new Date("2025-06-09T04:45:00Z"));
    expect(s.overdueSince).toEqual(new Date("2025-06-09T05:45:00Z"));
    expect(s.expectedAt).toEqual(new Date("2025-06-09T04:45:00Z"));
  });

  it("uploads and safety backups are listed runs but never the last run, last success or size", () => {
    const t = getDb().insert(targets).values({ appId: getDb().select().from(apps).get()!.id, name: "mixed", type: "filesystem", source: { path: "/srv" } }).returning().get().id;
    ids.mixed = t;
    run("mixed", "success", 20, { sizeBytes: 100 });
    const real = run("mixed", "failed", 10, { errorSummary: "source gone" });
    run("mixed", "success", 5, { trigger: "upload", sizeBytes: 999, durationMs: 0 });
    run("mixed", "success", 4, { trigger: "safety", sizeBytes: 555 });
    const s = loadTargetStatus(t, NOW)!;
    expect(s.status).toBe("failed");
    expect(s.lastRun?.id).toBe(real);
    expect(s.lastSuccess?.sizeBytes).toBe(100);
    expect(s.lastSuccessStartedAt).toEqual(new Date(NOW.getTime() - 20 * H));
  });

  it("next run: the earliest enabled backup slot (test restores and disabled schedules do not count)", () => {
    expect(loadTargetStatus(ids.db, NOW)!.nextRunAt).toEqual(new Date("2025-06-10T10:45:00Z"));
    expect(loadTargetStatus(ids.off, NOW)!.nextRunAt).toBeNull();
    expect(loadTargetStatus(ids.empty, NOW)!.nextRunAt).toBeNull();
  });

  it("the run going now: running before queued", () => {
    const s = loadTargetStatus(ids.busy, NOW)!;
    expect(s.status).toBe("running");
    expect(s.activeRun).toMatchObject({ status: "running", bytesProcessed: 5, totalBytes: 10 });
  });

  it("paused, never, and a limit to some ids", () => {
    const all = loadTargetStatuses(NOW);
    expect([...all.keys()].sort()).toEqual(Object.values(ids).sort());
    expect(all.get(ids.off)?.status).toBe("paused");
    expect(all.get(ids.empty)).toMatchObject({ status: "never", lastRun: null, lastSuccess: null, activeRun: null });
    expect([...loadTargetStatuses(NOW, [ids.busy, ids.off]).keys()].sort()).toEqual([ids.busy, ids.off].sort());
    expect(loadTargetStatuses(NOW, []).size).toBe(0);
  });
});

describe("the loader's queries walk indexes (cost grows with targets, not history)", () => {
  const plan = (q: ReturnType<typeof sql>) =>
    getDb()
      .all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${q}`)
      .map((r) => r.detail);

  for (const [name, q] of [
    ["every target", () => newestRunsQuery()],
    ["some targets", () => newestRunsQuery([1, 2, 3])],
  ] as const) {
    it(`newest runs per target (${name}): three seeks into runs_target_id, no scan of runs`, () => {
      const p = plan(q());
      expect(p.filter((d) => /SEARCH r USING (COVERING )?INDEX runs_target_id \(target_id=\?\)/.test(d))).toHaveLength(3);
      expect(p.join(" | ")).not.toMatch(/SCAN r\b|TEMP B-TREE/);
    });
  }

  it("active runs: a range of runs_status", () => {
    const p = plan(activeRunsQuery()).join(" | ");
    expect(p).toMatch(/runs_status \(status=\?\)/);
    expect(p).not.toMatch(/SCAN runs\b/);
  });
});
