import fsp from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { tasks } from "../../db/schema";
import { keptServerRecord, markKeptServerStopped, type KeptServerRecord } from "./kept-server-rows";
import { PITR_RESTORE_KIND, type PitrRestoreParams } from "./restore-task";
import { pgCtlRunning, pgCtlStop } from "./scratch-cluster";

/**
 * Private servers a point-in-time restore left running for inspection (`keepServerMinutes`). The
 * server is released from the console's process registry, so it outlives the console that
 * started it; its record in the restore task's params (`server`: port, data directory, scratch
 * folder, major version) is all any console needs to stop it: `pg_ctl stop -D <dir> -m fast` from
 * that major's bindir, then the scratch folder removed, then the record marked stopped. Each
 * console arms a timer for the ones it knows (the one that kept it; at start-up, every one still
 * recorded running: recoverKeptServers), so the time limit holds across restarts.
 */

const timers = new Map<number, NodeJS.Timeout>();

/** Stop it when its time is up (from this console). */
export function armKeptServer(taskId: number, until: Date): void {
  clearTimeout(timers.get(taskId));
  const timer = setTimeout(() => void stopKeptServer(taskId, "its time was up").catch((e) => console.error(`[lifeboat] could not stop the private server of point-in-time restore #${taskId}`, e)), Math.max(0, until.getTime() - Date.now()));
  timer.unref();
  timers.set(taskId, timer);
}

/** A timer is armed here for it (tests, diagnostics). */
export const keptServerArmed = (taskId: number) => timers.has(taskId);

/** Forget this console's timers (tests: a fresh console). */
export function disarmAllKeptServers(): void {
  for (const t of timers.values()) clearTimeout(t);
  timers.clear();
}

/**
 * Stop and remove it now, from whichever console: false when none is recorded running for this
 * task. The record is marked only once the server is down and its folder gone (a failed stop
 * leaves it running and says so).
 */
export async function stopKeptServer(taskId: number, reason = "stopped on request"): Promise<boolean> {
  clearTimeout(timers.get(taskId));
  timers.delete(taskId);
  const rec = keptServerRecord(taskId);
  if (!rec || rec.stoppedAt) return false;
  if (rec.dataDir && rec.scratchDir && rec.major) {
    checkRecordPaths(rec);
    if (await pgCtlRunning(rec.dataDir, rec.major, rec.scratchDir)) {
      const r = await pgCtlStop(rec.dataDir, rec.major, rec.scratchDir);
      if (!r.ok && (await pgCtlRunning(rec.dataDir, rec.major, rec.scratchDir))) throw new Error(`pg_ctl stop of ${rec.dataDir} failed: ${r.message}`);
    }
    await fsp.rm(rec.scratchDir, { recursive: true, force: true });
  }
  return markKeptServerStopped(taskId, reason);
}

/** Only ever a restore's own scratch folder (what restore.ts made): a record never names another folder to remove. */
function checkRecordPaths(rec: KeptServerRecord): void {
  const scratch = path.resolve(rec.scratchDir!);
  if (!/^pitr-restore-[A-Za-z0-9]{6}$/.test(path.basename(scratch)) || path.resolve(rec.dataDir!) !== path.join(scratch, "data")) {
    throw new Error(`The kept server's record names an unexpected folder (${rec.scratchDir}): not touched`);
  }
}

/**
 * Start-up: every server still recorded running. Its time ran out while no console watched → it
 * is stopped and removed now; it is no longer running (the machine rebooted) → its folder is
 * removed and it is recorded stopped; otherwise a timer is armed for the time left. A record
 * without a data directory (kept before servers outlived their console) died with its console.
 * Returns what was done, and the scratch folders still in use (start-up's scratch sweep keeps them).
 */
export async function recoverKeptServers(now: Date = new Date()): Promise<{ stopped: number[]; gone: number[]; armed: number[]; inUse: Set<string> }> {
  const out = { stopped: [] as number[], gone: [] as number[], armed: [] as number[], inUse: new Set<string>() };
  const rows = getDb().select({ id: tasks.id, params: tasks.params }).from(tasks).where(eq(tasks.kind, PITR_RESTORE_KIND)).all();
  for (const r of rows) {
    const rec = (r.params as Partial<PitrRestoreParams> | null)?.server as KeptServerRecord | undefined;
    if (!rec || rec.stoppedAt) continue;
    if (!rec.dataDir || !rec.scratchDir || !rec.major) {
      if (markKeptServerStopped(r.id, "the console stopped; its private servers stopped with it and their scratch folders were removed", now)) out.gone.push(r.id);
      continue;
    }
    try {
      checkRecordPaths(rec);
      if (new Date(rec.until) <= now) {
        if (await stopKeptServer(r.id, "its time ran out while the console was down")) out.stopped.push(r.id);
      } else if (!(await pgCtlRunning(rec.dataDir, rec.major, rec.scratchDir))) {
        await fsp.rm(rec.scratchDir, { recursive: true, force: true });
        if (markKeptServerStopped(r.id, "it was no longer running when the console started (the machine restarted?); its scratch folder was removed", now)) out.gone.push(r.id);
      } else {
        armKeptServer(r.id, new Date(rec.until));
        out.armed.push(r.id);
        out.inUse.add(rec.scratchDir);
      }
    } catch (e) {
      console.error(`[lifeboat] private server of point-in-time restore #${r.id}: start-up could not settle it`, e);
      out.inUse.add(rec.scratchDir);
    }
  }
  return out;
}

/** Stop every kept server recorded running (tests' teardown: a failed test must not leave one behind). Returns the task ids. */
export async function stopAllKeptServers(reason: string): Promise<number[]> {
  const out: number[] = [];
  for (const r of getDb().select({ id: tasks.id, params: tasks.params }).from(tasks).where(eq(tasks.kind, PITR_RESTORE_KIND)).all()) {
    const rec = (r.params as Partial<PitrRestoreParams> | null)?.server;
    if (rec?.dataDir && !rec.stoppedAt && (await stopKeptServer(r.id, reason).catch(() => false))) out.push(r.id);
  }
  return out;
}
