import { SYSTEM } from "../../../audit/actor";
import { RunLog } from "../../process/run-log";
import { restoreToPointInTime } from "../../pitr/restore";
import { armKeptServer } from "../../pitr/kept-servers";
import { choosePitrSource } from "../../pitr/restore-source";
import { PITR_RESTORE_KIND, updatePitrRestoreParams, type PitrRestoreParams } from "../../pitr/restore-task";
import { pitrScratchRoot, pitrTargetUrl, pitrTaskLogPath } from "../../pitr/target-stream";
import { takeSafetyBackup } from "../../restore/safety-backup";
import { rowTaskKind } from "../row-kind";
import { finishPitrTestRestoreRow, openPitrTestRestoreRow } from "../../pitr/test-restore-row";
import { getDb } from "../../../db/client";
import { recordEvent } from "../../events";
import { pgDropDatabase, pgTableCounts } from "../../types/postgres/restore";

/**
 * A point-in-time restore (lib/engine/pitr/restore.ts: plan → unpack → fetch WAL → replay in a
 * private server → copy → remove), into a new database or over the original — the latter after
 * the normal safety backup of the target (restore/safety-backup.ts), which runs in this task's
 * slot; if it fails, the original is not touched. Every phase is a line of the task's log; a
 * failure ends the task `failed` with PostgreSQL's or the plan's words.
 */
export const pitrRestoreKind = rowTaskKind(PITR_RESTORE_KIND, async (ctx, task) => {
  const targetId = task.targetId;
  if (targetId == null) throw new Error("a point-in-time restore needs a target");
  const p = task.params as unknown as PitrRestoreParams;
  const { url } = pitrTargetUrl(targetId);
  const log = new RunLog(task.id, [decodeURIComponent(new URL(url).password)], pitrTaskLogPath(task.id));
  // A test restore is recorded like the others: a restores row (kind test) on its base backup run.
  const testRow =
    p.test && p.destination !== "original"
      ? openPitrTestRestoreRow({ taskId: task.id, targetId, targetTime: p.targetTime, database: p.destination.database, queuedAt: task.queuedAt, at: ctx.clock(), logPath: pitrTaskLogPath(task.id) })
      : null;
  let verified: string | null = null;
  try {
    // Chosen again now (the request checked it): a location may have lost files meanwhile.
    const { source } = await choosePitrSource(targetId, new Date(p.targetTime), { storageId: p.storageId ?? null, signal: ctx.signal });
    const res = await restoreToPointInTime({
      targetId,
      taskId: task.id,
      url,
      source,
      targetTime: new Date(p.targetTime),
      destination: p.destination,
      beforeReplace: async () => {
        log.info("Taking a safety backup of the target as it is now…");
        const safety = await takeSafetyBackup(p.requestedBy ?? SYSTEM, targetId, null, ctx.kick, (id) => {
          updatePitrRestoreParams(task.id, { safetyRunId: id });
          log.info(`Safety backup is run #${id}`);
        });
        ctx.signal.throwIfAborted();
        if (!safety.ok) {
          const why = `Safety backup run #${safety.runId} ended ${safety.status}${safety.error ? `: ${safety.error}` : ""}`;
          if (!p.overrideSafety) throw new Error(`${why}. The original database was not touched. An admin may restore anyway with the safety backup override.`);
          log.info(`${why}. Going on anyway: an admin overrode the safety backup (overrideSafety).`);
          return;
        }
        log.info(`Safety backup run #${safety.runId} finished (${safety.status}); it is pinned so retention keeps it`);
      },
      scratchRoot: pitrScratchRoot(),
      keepServerMinutes: p.keepServerMinutes,
      log,
      signal: ctx.signal,
    });
    if (p.test) {
      const tables = await pgTableCounts(url, res.database, true);
      verified = `${tables.length} tables, ${tables.reduce((n, t) => n + t.rows, 0)} rows restored as of ${p.targetTime}`;
      log.info(`Verified: ${verified}; dropping the scratch database "${res.database}"`);
    }
    if (res.kept) {
      updatePitrRestoreParams(task.id, { server: { ...res.kept, until: res.kept.until.toISOString() } });
      armKeptServer(task.id, res.kept.until);
    }
    log.info(`Success: database "${res.database}" holds the state of ${p.targetTime} (base backup ${res.baseBackupId}, ${res.segments} WAL segments; ${res.reached})`);
    if (testRow != null) finishPitrTestRestoreRow(testRow, "success", null, ctx.clock(), verified);
  } catch (e) {
    log.info(`Failed: ${(e as Error).message}`);
    if (testRow != null) finishPitrTestRestoreRow(testRow, ctx.signal.aborted ? "cancelled" : "failed", log.mask((e as Error).message).slice(0, 2000), ctx.clock(), null);
    if (p.test && !ctx.signal.aborted) {
      const error = `Point-in-time test restore to ${p.targetTime} failed: ${log.mask((e as Error).message)}`;
      getDb().transaction((tx) => recordEvent(tx, { type: "test_restore.failed", targetId, payload: { pitr: true, pitrRestore: task.id, error } }));
    }
    throw e;
  } finally {
    // A test restore's database is scratch: it never outlives the task.
    if (p.test && p.destination !== "original") await pgDropDatabase(url, p.destination.database).catch(() => {});
    log.close();
  }
});
