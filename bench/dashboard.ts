/**
 * Bench part "dashboard": 100,000 runs across 200 targets, then the server time of the runs page
 * query (listRuns, several filters, page 1 and a deep page), of THE status loader (lib/engine/status, which
 * the scheduler calls every minute), of the target list and of the dashboard queries, median and
 * p95 over 50 calls each. Budget: p95 < 300 ms. Run: `npm run bench dashboard`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { measure, printTable, type Timing } from "./_stats";

// Standalone (`tsx bench/dashboard.ts`) must not touch ./data: env() reads this lazily, on first use.
if (!process.env.LIFEBOAT_BENCH) {
  process.env.LIFEBOAT_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-bench-dashboard-"));
  process.env.LIFEBOAT_SCHEDULER = "off";
}

const APPS = 20;
const TARGETS_PER_APP = 10;
const RUNS_PER_TARGET = 500;
const BUDGET_MS = 300;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function main() {
  const { getDb } = await import("../lib/db/client");
  const { listRuns } = await import("../lib/services/runs/list");
  const { getDashboard } = await import("../lib/services/dashboard/get-dashboard");
  const { getStorageOverview } = await import("../lib/services/storage/overview");
  const { getTargetTrends } = await import("../lib/services/trends/target-trends");
  const { getStorageHistory } = await import("../lib/services/trends/storage-history");
  const { recordStorageSamples } = await import("../lib/engine/storage/space/sample");
  const { loadTargetStatuses } = await import("../lib/engine/status/load-statuses");
  const { listTargetOverview } = await import("../lib/services/targets/overview");

  const db = getDb();
  const sqlite = db.$client;
  const root = path.join(process.env.LIFEBOAT_DATA_DIR!, "backups");
  fs.mkdirSync(root, { recursive: true });
  const now = Date.now();

  // Deterministic pseudo-random numbers, so two bench runs seed the same history.
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

  const seedStart = performance.now();
  const appIds: number[] = [];
  const targetIds: number[] = [];
  sqlite.transaction(() => {
    const insApp = sqlite.prepare("INSERT INTO apps (name) VALUES (?)");
    const insTarget = sqlite.prepare(
      "INSERT INTO targets (app_id, name, type, source, keep_days, keep_last, storage_root) VALUES (?, ?, ?, '{}', ?, ?, ?)",
    );
    const insSchedule = sqlite.prepare(
      "INSERT INTO schedules (target_id, kind, minute, hour, timezone, grace_minutes) VALUES (?, ?, ?, ?, 'Asia/Ho_Chi_Minh', 60)",
    );
    const insRun = sqlite.prepare(`INSERT INTO runs
      (target_id, schedule_id, scheduled_for, trigger, status, queued_at, started_at, finished_at, duration_ms,
       storage_root, artifact_path, artifact_state, size_bytes, error_summary)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const types = ["postgres", "mysql", "filesystem", "redis", "sqlite"];
    for (let a = 0; a < APPS; a++) {
      const appId = Number(insApp.run(`app-${String(a).padStart(2, "0")}`).lastInsertRowid);
      appIds.push(appId);
      for (let t = 0; t < TARGETS_PER_APP; t++) {
        const hourly = t < 2; // 40 hourly targets (500 runs ≈ 21 days), 160 daily (≈ 500 days)
        const targetId = Number(
          insTarget.run(appId, `target-${t}`, types[t % types.length], 3, hourly ? 24 : null, root).lastInsertRowid,
        );
        targetIds.push(targetId);
        const scheduleId = Number(insSchedule.run(targetId, hourly ? "hourly" : "daily", 5, hourly ? null : 2).lastInsertRowid);
        const every = hourly ? HOUR : DAY;
        const baseSize = Math.floor(1e6 + rnd() * 4e9);
        for (let i = 0; i < RUNS_PER_TARGET; i++) {
          const slot = now - (RUNS_PER_TARGET - i) * every;
          const r = rnd();
          const status = r < 0.9 ? "success" : r < 0.95 ? "failed" : r < 0.98 ? "partial" : r < 0.99 ? "interrupted" : "cancelled";
          const trigger = r > 0.5 && r < 0.55 ? "manual" : r > 0.6 && r < 0.63 ? "api" : "scheduler";
          const duration = Math.floor(5_000 + rnd() * 600_000);
          const ok = status === "success" || status === "partial";
          const recent = i >= RUNS_PER_TARGET - (hourly ? 24 : 3);
          insRun.run(
            targetId,
            trigger === "scheduler" ? scheduleId : null,
            trigger === "scheduler" ? slot : null,
            trigger,
            status,
            slot,
            slot + 1000,
            slot + 1000 + duration,
            duration,
            root,
            ok ? `app-${a}/target-${t}/${i}.tar.zst` : null,
            ok ? (recent ? "present" : "pruned") : "none",
            ok ? Math.floor(baseSize * (0.9 + rnd() * 0.2) * (1 + i / RUNS_PER_TARGET)) : null,
            ok ? null : "pg_dump: error: connection to server failed: Connection refused",
          );
        }
      }
    }
  })();
  // 14 daily storage samples, as the sampler would have recorded them.
  for (let d = 14; d >= 1; d--) recordStorageSamples(new Date(now - d * DAY));
  const seedMs = performance.now() - seedStart;
  const total = (sqlite.prepare("SELECT count(*) AS n FROM runs").get() as { n: number }).n;
  console.log(`seeded ${total} runs across ${targetIds.length} targets (${APPS} apps) in ${(seedMs / 1000).toFixed(1)} s`);

  const admin = { type: "user" as const, id: 1, email: "bench@lifeboat.test", role: "admin" as const };
  const page = (out: { rows: unknown[]; total: number }) => `${out.rows.length} rows of ${out.total}`;
  const week = { from: new Date(now - 14 * DAY), to: new Date(now - 7 * DAY) };
  const runsCases: [string, Parameters<typeof listRuns>[1]][] = [
    ["runs: newest, page 1", {}],
    ["runs: newest, page 1000 (offset 49,950)", { page: 1000 }],
    ["runs: status=failed, page 1", { status: "failed" }],
    ["runs: status=failed, page 50", { status: "failed", page: 50 }],
    ["runs: app, page 1", { appId: appIds[7] }],
    ["runs: app, page 90 (deep)", { appId: appIds[7], page: 90 }],
    ["runs: target, page 1", { targetId: targetIds[42] }],
    ["runs: trigger=manual, page 1", { trigger: "manual" }],
    ["runs: 1 week (from/to), page 1", week],
    ["runs: app + status=failed", { appId: appIds[3], status: "failed" }],
    ["runs: 1 week + status=failed", { ...week, status: "failed" }],
    ["runs: sort duration desc, page 1", { sort: "durationMs.desc" }],
    ["runs: sort size asc, page 500", { sort: "sizeBytes.asc", page: 500 }],
  ];
  const rows: Timing[] = runsCases.map(([name, input]) => measure(name, () => listRuns(admin, input), page));

  const tally = (m: Map<number, { status: string }>) => {
    const n = new Map<string, number>();
    for (const { status } of m.values()) n.set(status, (n.get(status) ?? 0) + 1);
    return [...n].map(([s, c]) => `${c} ${s}`).join(", ");
  };
  rows.push(
    measure("status: loadTargetStatuses (200 targets)", () => loadTargetStatuses(), tally),
    measure("targets: listTargetOverview (200 targets)", () => listTargetOverview(admin), (l) => `${l.length} targets, ${l.filter((t) => t.nextRunAt).length} with a next run`),
  );
  rows.push(
    measure("dashboard: getDashboard (200 targets)", () => getDashboard(admin), (d) => `${d.rows.length} targets, ${d.latestFailures.length} failures, 7 d rate ${((d.successRate.last7d.rate ?? 0) * 100).toFixed(1)} %`),
    measure("dashboard: getStorageOverview", () => getStorageOverview(admin), (o) => `${o.targets.length} targets, ${o.volumes.length} volume(s): ${o.volumes.map((v) => v.words).join(", ")}`),
    measure("dashboard: getStorageHistory (90 d)", () => getStorageHistory(admin), (h) => `${h.length} days`),
    measure("trends: hourly target (30/90 d)", () => getTargetTrends(admin, targetIds[0]), (t) => `30 d ${t.ranges[30].series.mode} ${t.ranges[30].series.points.length} pts; 90 d ${t.ranges[90].series.mode} ${t.ranges[90].series.points.length} pts`),
    measure("trends: daily target (30/90 d)", () => getTargetTrends(admin, targetIds[5]), (t) => `30 d ${t.ranges[30].series.points.length} pts; 90 d ${t.ranges[90].series.points.length} pts`),
  );
  // The whole dashboard page: what one request computes on the server.
  rows.push(
    measure("dashboard page (all three above)", () => [getDashboard(admin), getStorageOverview(admin), getStorageHistory(admin)], () => "server time of one page render's data"),
  );

  const ok = printTable(`${total} runs, ${targetIds.length} targets — server time per call (50 calls each, 3 warm-up)`, rows, BUDGET_MS);
  console.log(ok ? `\nall p95 < ${BUDGET_MS} ms` : `\nSOME p95 ≥ ${BUDGET_MS} ms (marked SLOW)`);
  if (!ok) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
