import { SCHEDULER } from "../../audit/actor";
import { writeAudit } from "../../audit/write";
import { getDb } from "../../db/client";
import { now } from "../clock";
import { recordEvent } from "../events";
import { listBaseBackups } from "./base-rows";
import { pitrConfig } from "./config-rows";
import { insertPitrRestoreTask } from "./restore-task";
import { planPitrRestore } from "./restore-plan";
import { recoveryWindow } from "./status";
import { listWal } from "./wal-store";

const HOUR = 3_600_000;

/** "One hour ago", or the newest restorable moment when the window is shorter (or ends earlier). */
export function pitrTestMoment(window: { from: Date; to: Date }, at: Date): Date {
  const hourAgo = at.getTime() - HOUR;
  return hourAgo >= window.from.getTime() && hourAgo <= window.to.getTime() ? new Date(hourAgo) : window.to;
}

/**
 * A "test_restore" schedule slot of a target with PITR on: queue a point-in-time restore to
 * pitrTestMoment into a scratch database that the task drops again (`test: true`), with its
 * restore.test audit row (scheduler). A window that cannot be restored is a test_restore.failed
 * event now, not a task that fails later. Null when PITR is off for the target.
 */
export function queuePitrTestRestore(targetId: number, scheduleId: number | null, at: Date = now()): { id: number } | null {
  if (!pitrConfig(targetId)?.enabled) return null;
  const backups = listBaseBackups(targetId);
  const wal = listWal(targetId);
  const failed = (error: string) => {
    getDb().transaction((tx) => recordEvent(tx, { type: "test_restore.failed", targetId, payload: { scheduleId, pitr: true, error } }));
    return null;
  };
  const w = recoveryWindow(backups, wal);
  if (!w) return failed("Point-in-time test restore: nothing can be restored yet (no base backup with WAL after it)");
  const targetTime = pitrTestMoment(w, at);
  try {
    planPitrRestore(targetTime, backups, wal);
  } catch (e) {
    return failed(`Point-in-time test restore to ${targetTime.toISOString()}: ${(e as Error).message}`);
  }
  const database = `lifeboat_pitr_test_${at.getTime()}`;
  const params = { targetTime: targetTime.toISOString(), destination: { database }, keepServerMinutes: 0, test: true };
  return getDb().transaction((tx) => {
    const t = insertPitrRestoreTask(tx, targetId, params, at);
    writeAudit(tx, SCHEDULER, { action: "restore.test", entityType: "target", entityId: targetId, after: { pitrRestore: t.id, scheduleId, ...params } });
    return { id: t.id };
  });
}
