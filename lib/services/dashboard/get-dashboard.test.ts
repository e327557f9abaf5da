import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, runs, schedules, targets, type RunStatus } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { getDashboard, runsByStatusSinceQuery } from "./get-dashboard";
import { countStatuses, sortWorstFirst, successRate } from "./health";
import { activeRunsQuery, loadTargetStatuses, newestRunsQuery } from "../../engine/status/load-statuses";

const viewer: Actor = { type: "user", id: 1, email: "v@example.com", role: "viewer" };
const NOW = new Date("2025-06-10T10:30:00Z");
const H = 3_600_000;
const ids: Record<string, number> = {};
let failedRunId = 0;

function run(target: string, status: RunStatus, hoursAgo: number, extra: Partial<typeof runs.$inferInsert> = {}): number {
  const at = new Date(NOW.getTime() - hoursAgo * H);
  return getDb()
    .insert(runs)
    .values({ targetId: ids[target], trigger: "scheduler", status, queuedAt: at, startedAt: at, finishedAt: status === "running" ? null : new Date(at.getTime() + 60_000), ...extra })
    .returning()
    .get().id;
}

beforeAll(() => {
  const db = getDb();
  const shop = db.insert(apps).values({ name: "shop" }).returning().get().id;
  const cams = db.insert(apps).values({ name: "cams" }).returning().get().id;
  const t = (app: number, name: string, enabled = true) =>
    (ids[name] = db.insert(targets).values({ appId: app, name, type: "filesystem", source: { path: "/srv" }, enabled }).returning().get().id);
  t(shop, "db-ok");
  t(shop, "uploads-failed");
  t(shop, "cache-never");
  t(cams, "archive-paused", false);
  t(cams, "cctv-running");
  t(cams, "logs-overdue");

  run("db-ok", "success", 30, { sizeBytes: 111 });
  run("db-ok", "success", 20, { sizeBytes: 222 });
  run("db-ok", "success", 2, { sizeBytes: 333 });
  run("db-ok", "success", 1, { sizeBytes: 444 });
  run("uploads-failed", "failed", 240, { errorSummary: "old failure" });
  run("uploads-failed", "success", 72, { sizeBytes: 5 });
  failedRunId = run("uploads-failed", "failed", 3, { errorSummary: "tar: /srv/uploads: Permission denied" });
  run("uploads-failed", "cancelled", 2);
  // An artifact uploaded an hour ago and a failed safety backup: listed runs, not backups of the source.
  run("uploads-failed", "success", 1, { trigger: "upload", sizeBytes: 9_999, durationMs: 0 });
  run("db-ok", "failed", 0.5, { trigger: "safety", errorSummary: "safety backup failed" });
  run("archive-paused", "success", 500);
  run("cctv-running", "success", 25);
  run("cctv-running", "running", 0.1);
  run("logs-overdue", "success", 50);
  // Hourly at :00 with 5 min grace, last success 8 June 08:30: the 09:00 slot passed at 09:05 → overdue since then.
  const since = new Date("2025-06-01T00:00:00Z");
  db.insert(schedules).values({ targetId: ids["logs-overdue"], kind: "hourly", minute: 0, graceMinutes: 5, timezone: "UTC", enabledAt: since }).run();
  db.insert(schedules).values({ targetId: ids["db-ok"], kind: "daily", hour: 2, minute: 0, graceMinutes: 600, timezone: "UTC", enabledAt: since }).run();
});

describe("getDashboard", () => {
  it("counts every status word", () => {
    const d = getDashboard(viewer, NOW);
    expect(d.counts).toEqual({ ok: 1, failed: 1, overdue: 1, running: 1, never: 1, paused: 1, total: 6 });
  });

  it("lists the worst first: failed, overdue, never, running, paused, ok", () => {
    const d = getDashboard(viewer, NOW);
    expect(d.rows.map((r) => `${r.status}:${r.targetName}`)).toEqual([
      "failed:uploads-failed",
      "overdue:logs-overdue",
      "never:cache-never",
      "running:cctv-running",
      "paused:archive-paused",
      "ok:db-ok",
    ]);
  });

  it("agrees with lib/engine/status's batch loader on every target's status word", () => {
    const d = getDashboard(viewer, NOW);
    const theirs = loadTargetStatuses(NOW);
    for (const r of d.rows) expect(`${r.targetName}:${r.status}`).toBe(`${r.targetName}:${theirs.get(r.targetId)?.status}`);
  });

  it("shows last success, last run with its error, next run and artifact size", () => {
    const d = getDashboard(viewer, NOW);
    const ok = d.rows.find((r) => r.targetName === "db-ok")!;
    expect(ok.artifactSizeBytes).toBe(444);
    // The start of the newest successful backup (the data is as of then), as every view says it.
    expect(ok.lastSuccessAt).toBe(new Date(NOW.getTime() - H).toISOString());
    expect(ok.nextRunAt).toBe("2025-06-11T02:00:00.000Z");
    const failed = d.rows.find((r) => r.targetName === "uploads-failed")!;
    // The cancelled run is the newest run; the status still says failed (cancelled runs do not count).
    expect(failed.lastRun?.status).toBe("cancelled");
    // The upload an hour ago is neither the last run nor the size shown.
    expect(failed.artifactSizeBytes).toBe(5);
    expect(failed.lastSuccessAt).toBe(new Date(NOW.getTime() - 72 * H).toISOString());
    const overdue = d.rows.find((r) => r.targetName === "logs-overdue")!;
    expect([overdue.overdueSince, overdue.expectedAt]).toEqual(["2025-06-08T09:05:00.000Z", "2025-06-08T09:00:00.000Z"]);
    expect(d.rows.find((r) => r.targetName === "logs-overdue")!.nextRunAt).toBe("2025-06-10T11:00:00.000Z");
    expect(d.rows.find((r) => r.targetName === "cache-never")!.lastRun).toBeNull();
    expect(d.rows.find((r) => r.targetName === "archive-paused")!.nextRunAt).toBeNull();
  });

  it("computes success rates over 24 h and 7 d (cancelled and running runs, uploads and safety backups do not count)", () => {
    const d = getDashboard(viewer, NOW);
    // 24 h: db-ok 3 successes (20 h, 2 h, 1 h) + 1 failure (3 h) → 3/4.
    expect(d.successRate.last24h).toEqual({ success: 3, unsuccessful: 1, rate: 0.75 });
    // 7 d: + db-ok 30 h, uploads 72 h, cctv 25 h, logs 50 h → 7/8.
    expect(d.successRate.last7d).toEqual({ success: 7, unsuccessful: 1, rate: 7 / 8 });
  });

  it("lists the latest failures with their reason, newest first", () => {
    const d = getDashboard(viewer, NOW);
    expect(d.latestFailures.map((f) => f.id)[0]).toBe(failedRunId);
    expect(d.latestFailures[0].error).toBe("tar: /srv/uploads: Permission denied");
    expect(d.latestFailures[0].targetName).toBe("uploads-failed");
    expect(d.latestFailures.map((f) => f.error)).toEqual(["tar: /srv/uploads: Permission denied", "old failure"]);
  });

  it("limits an app-scoped token to its apps", () => {
    const token: Actor = { type: "token", id: 9, name: "t", role: "viewer", appIds: [getDb().select().from(apps).all().find((a) => a.name === "cams")!.id] };
    const d = getDashboard(token, NOW);
    expect(d.counts.total).toBe(3);
    expect(d.latestFailures).toEqual([]);
    expect(d.successRate.last24h.rate).toBeNull();
  });
});

describe("dashboard queries use the runs indexes", () => {
  const plan = (q: ReturnType<typeof sql>) =>
    getDb()
      .all<{ detail: string }>(sql`EXPLAIN QUERY PLAN ${q}`)
      .map((r) => r.detail)
      .join(" | ");

  it("success rates read a range of runs_queued_at", () => {
    expect(plan(runsByStatusSinceQuery(NOW, null))).toMatch(/USING (COVERING )?INDEX runs_queued_at \(queued_at>\?\)/);
  });
  it("the newest run per target walks runs_target_id", () => {
    const p = plan(newestRunsQuery());
    expect(p).toMatch(/runs_target_id \(target_id=\?\)/);
    expect(p).not.toMatch(/SCAN r\b/);
  });
  it("running targets come from a range of runs_status", () => {
    expect(plan(activeRunsQuery())).toMatch(/runs_status \(status=\?\)/);
  });
});

describe("pure helpers", () => {
  it("countStatuses and sortWorstFirst", () => {
    const rows = [
      { status: "ok" as const, appName: "a", targetName: "x" },
      { status: "overdue" as const, appName: "b", targetName: "y" },
      { status: "failed" as const, appName: "c", targetName: "z" },
      { status: "failed" as const, appName: "a", targetName: "z" },
    ];
    expect(sortWorstFirst(rows).map((r) => `${r.status}/${r.appName}`)).toEqual(["failed/a", "failed/c", "overdue/b", "ok/a"]);
    expect(countStatuses(rows)).toMatchObject({ failed: 2, overdue: 1, ok: 1, never: 0, total: 4 });
  });
  it("successRate is null with no finished runs, and counts partial as unsuccessful", () => {
    expect(successRate([{ status: "running", n: 3 }]).rate).toBeNull();
    expect(successRate([{ status: "success", n: 1 }, { status: "partial", n: 1 }]).rate).toBe(0.5);
  });
});
