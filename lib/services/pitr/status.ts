import { requirePermission, type Actor } from "../../auth/actor";
import { iso } from "../iso";
import { pitrStatus, type PitrStatus as EnginePitrStatus } from "../../engine/pitr/status";
import { pitrCopyStatus, storedPitrWindows, type PitrCopyStatus, type StoredPitrWindow } from "../../engine/pitr/offsite-status";
import { pitrConfig } from "../../engine/pitr/config-rows";
import { streamRow } from "../../engine/pitr/stream-rows";
import { listBaseBackups } from "../../engine/pitr/base-rows";
import { BASE_BACKUP_KIND } from "../../engine/pitr/base-schedule";
import { PITR_RESTORE_KIND, recentPitrTasks, type PitrRestoreParams } from "../../engine/pitr/restore-task";
import { getTarget } from "../targets/get";
import type { PitrSetting } from "./set-pitr";

/** The engine's status plus how far each copy location's WAL and window reach (pitr/offsite.ts). */
export type PitrStatus = EnginePitrStatus & { copies: PitrCopyStatus[] };
export type { PitrCopyStatus };

/** `pitr` of GET /api/v1/targets/{id}: null while PITR is off. The caller has checked the target is visible. */
export function apiPitrStatus(targetId: number, at?: Date): PitrStatus | null {
  return pitrConfig(targetId)?.enabled ? { ...pitrStatus(targetId, at), copies: pitrCopyStatus(targetId) } : null;
}

export interface PitrRestoreDto {
  id: number;
  status: string;
  targetTime: string;
  /** The database restored into: the new one, or the target's own when `destination` is "original". */
  database: string;
  destination: { database: string } | "original";
  /** Over the original: the safety backup run taken before it was replaced. */
  safetyRunId: number | null;
  /** Over the original: an admin chose to go on even if the safety backup fails. */
  overrideSafety: boolean;
  keepServerMinutes: number;
  /** keepServerMinutes > 0: the private server kept for inspection and how to connect (`running` until its time is up or it is cancelled). */
  server: { host: string; port: number; user: string; database: string; until: string; psql: string; running: boolean; stoppedAt: string | null; stopReason: string | null } | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface PitrBaseBackupDto {
  id: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  sizeBytes: number | null;
  error: string | null;
  /** Its row in runs (kind pitr-base): the run page shows its WAL range and log. */
  runId: number | null;
}

/** What the target page's PITR panel shows. */
export interface TargetPitrView {
  setting: PitrSetting | null;
  status: PitrStatus | null;
  restarts: number;
  lastGapFrom: string | null;
  lastGapMs: number | null;
  lastError: string | null;
  baseBackups: PitrBaseBackupDto[];
  restores: PitrRestoreDto[];
  baseBackupQueued: boolean;
  /** With PITR off: the locations still holding its base backups and WAL (after a rescan), each with the window it can restore. */
  stored: StoredPitrWindow[];
}

export function pitrRestoreDto(t: { id: number; status: string; params: Record<string, unknown> | null; queuedAt: Date; startedAt: Date | null; finishedAt: Date | null; error: string | null }): PitrRestoreDto {
  const p = (t.params ?? {}) as unknown as PitrRestoreParams;
  return {
    id: t.id,
    status: t.status,
    targetTime: p.targetTime,
    database: p.destination === "original" ? (p.originalDatabase ?? "") : p.destination?.database,
    destination: p.destination,
    safetyRunId: p.safetyRunId ?? null,
    overrideSafety: !!p.overrideSafety,
    keepServerMinutes: p.keepServerMinutes ?? 0,
    server: p.server
      ? {
          host: p.server.host,
          port: p.server.port,
          user: p.server.user,
          database: p.server.database,
          until: p.server.until,
          psql: `psql "host=${p.server.host} port=${p.server.port} user=${p.server.user} dbname=${p.server.database}"`,
          running: !p.server.stoppedAt,
          stoppedAt: p.server.stoppedAt ?? null,
          stopReason: p.server.stopReason ?? null,
        }
      : null,
    queuedAt: t.queuedAt.toISOString(),
    startedAt: iso(t.startedAt),
    finishedAt: iso(t.finishedAt),
    error: t.error,
  };
}

export function getTargetPitr(actor: Actor, targetId: number): TargetPitrView {
  requirePermission(actor, "read");
  getTarget(actor, targetId);
  const cfg = pitrConfig(targetId);
  const row = streamRow(targetId);
  const tasks = recentPitrTasks(targetId, BASE_BACKUP_KIND, 5);
  return {
    setting: cfg ? { enabled: cfg.enabled, baseBackupEveryHours: cfg.baseEveryHours } : null,
    status: cfg?.enabled ? apiPitrStatus(targetId) : null,
    restarts: row?.restarts ?? 0,
    lastGapFrom: iso(row?.lastGapFrom),
    lastGapMs: row?.lastGapMs ?? null,
    lastError: row?.lastError ?? null,
    baseBackups: listBaseBackups(targetId)
      .slice(-5)
      .reverse()
      .map((b) => ({ id: b.id, status: b.status, startedAt: b.startedAt.toISOString(), finishedAt: iso(b.finishedAt), sizeBytes: b.sizeBytes, error: b.error, runId: b.runId })),
    restores: recentPitrTasks(targetId, PITR_RESTORE_KIND, 5).map(pitrRestoreDto),
    baseBackupQueued: tasks.some((t) => t.status === "queued" || t.status === "running"),
    stored: cfg?.enabled ? [] : storedPitrWindows(targetId),
  };
}
