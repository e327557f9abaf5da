import { eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "../db/client";
import { apps, targets, type RunStatus } from "../db/schema";
import { usedBytesByTarget } from "../engine/storage/space/usage";
import { loadTargetStatuses } from "../engine/status/load-statuses";
import { TARGET_STATUSES } from "../engine/status/target-status";
import type { Family, Sample } from "./prometheus";
import { storageUsage } from "./storage";

/** lifeboat_last_run_status encoding (documented in README): 1 success, 0.5 partial, 0 failed/interrupted. */
export function statusValue(status: RunStatus | null): number {
  if (status === "success") return 1;
  if (status === "partial") return 0.5;
  return 0;
}

/** Every metric of /api/metrics, computed from the database and the storage roots. */
export function collectMetrics(now: Date = new Date(), db: DbOrTx = getDb()): Family[] {
  const rows = db
    .select({ id: targets.id, name: targets.name, app: apps.name })
    .from(targets)
    .innerJoin(apps, eq(apps.id, targets.appId))
    .orderBy(apps.name, targets.name)
    .all();
  const usedBy = usedBytesByTarget(db);
  const statuses = loadTargetStatuses(now, undefined, db);

  const fam = (name: string, help: string): Family => ({ name, help, type: "gauge", samples: [] });
  const lastSuccess = fam("lifeboat_last_success_timestamp_seconds", "Unix time at which the last successful backup of the target started (0 = never).");
  const lastStatus = fam("lifeboat_last_run_status", "Status of the newest finished run: 1 = success, 0.5 = partial, 0 = failed or interrupted.");
  const lastBytes = fam("lifeboat_last_artifact_bytes", "Size in bytes of the artifact of the newest finished run.");
  const lastDuration = fam("lifeboat_last_run_duration_seconds", "Duration in seconds of the newest finished run.");
  const overdue = fam("lifeboat_target_overdue", "1 when a scheduled backup of the target is overdue (slot + grace passed without success), else 0.");
  const state = fam("lifeboat_target_status", "1 for the current status of the target (ok, failed, overdue, running, never, paused), 0 for the others.");
  const targetUsed = fam("lifeboat_target_used_bytes", "Bytes of the target's artifacts still kept in storage.");

  for (const t of rows) {
    const labels = { app: t.app, target: t.name };
    const push = (f: Family, value: number, extra: Record<string, string> = {}) => f.samples.push({ labels: { ...labels, ...extra }, value } as Sample);
    const info = statuses.get(t.id);
    // The same moment every view calls "last success": the start of the newest counted successful backup.
    const at = info?.lastSuccessStartedAt;
    push(lastSuccess, at ? Math.floor(at.getTime() / 1000) : 0);
    const lr = info?.lastFinished;
    if (lr) {
      push(lastStatus, statusValue(lr.status));
      if (lr.sizeBytes != null) push(lastBytes, lr.sizeBytes);
      if (lr.durationMs != null) push(lastDuration, lr.durationMs / 1000);
    }
    const st = info?.status ?? "never";
    push(overdue, st === "overdue" ? 1 : 0);
    for (const s of TARGET_STATUSES) push(state, s === st ? 1 : 0, { status: s });
    push(targetUsed, usedBy.get(t.id) ?? 0);
  }

  const storageUsed = fam("lifeboat_storage_used_bytes", "Bytes of the artifacts Lifeboat keeps under the storage root.");
  const storageFree = fam("lifeboat_storage_free_bytes", "Free bytes (available to Lifeboat) on the filesystem of the storage root.");
  const storageTotal = fam("lifeboat_storage_size_bytes", "Total size in bytes of the filesystem of the storage root.");
  for (const r of storageUsage(db)) {
    const labels = { storage_root: r.root };
    storageUsed.samples.push({ labels, value: r.usedBytes });
    if (r.freeBytes != null) storageFree.samples.push({ labels, value: r.freeBytes });
    if (r.totalBytes != null) storageTotal.samples.push({ labels, value: r.totalBytes });
  }
  const scrape = fam("lifeboat_scrape_timestamp_seconds", "Unix time at which these metrics were computed.");
  scrape.samples.push({ labels: {}, value: Math.floor(now.getTime() / 1000) });
  return [lastSuccess, lastStatus, lastBytes, lastDuration, overdue, state, targetUsed, storageUsed, storageFree, storageTotal, scrape];
}
