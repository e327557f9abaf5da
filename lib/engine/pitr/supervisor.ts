import { onExit } from "signal-exit";
import { now } from "../clock";
import { kickQueue } from "../queue/queue";
import { engineState } from "../tasks/engine-state";
import { queueBaseBackupIfDue } from "./base-schedule";
import { enabledPitrTargets } from "./config-rows";
import { queuePitrCopies } from "./offsite";
import { PitrLeaseError } from "./receiver";
import { releaseLease } from "./stream-rows";
import { activeWalStreams, stopAllWalStreams, stopWalStream } from "./streams";
import { startTargetStream } from "./target-stream";

/**
 * Keeps every target with PITR on streaming from this console: started at boot (lib/boot.ts), it
 * looks every `everyMs` for enabled targets without a stream here and starts them — a target
 * whose start fails (server down, slot busy, another console holds the lease) is tried again with
 * a doubling back-off up to 5 min — stops streams of targets turned off, and queues base backups
 * that are due and the offsite copies of new WAL (one batch per copy location: offsite.ts).
 * pg_receivewal's own restarts are the receiver's (receiver.ts).
 */

const g = globalThis as unknown as { __lifeboatPitrSupervisor?: { timer: NodeJS.Timeout; retry: Map<number, { n: number; nextAt: number }> } };
const MAX_BACKOFF_MS = 5 * 60_000;

export function startPitrSupervisor(everyMs = 15_000): void {
  if (g.__lifeboatPitrSupervisor) return;
  const retry = new Map<number, { n: number; nextAt: number }>();
  const timer = setInterval(() => void superviseOnce(retry), everyMs);
  timer.unref();
  g.__lifeboatPitrSupervisor = { timer, retry };
  // Stopped with the console: pg_receivewal dies with it (process registry); the lease is released
  // at once so a console started right after does not wait for it to go stale.
  onExit(() => {
    for (const [id, rx] of engineState().walStreams) releaseLease(id, rx.owner, now());
  });
  void superviseOnce(retry);
}

export async function stopPitrSupervisor(): Promise<void> {
  const s = g.__lifeboatPitrSupervisor;
  if (s) clearInterval(s.timer);
  g.__lifeboatPitrSupervisor = undefined;
  await stopAllWalStreams();
}

let running = false;

export async function superviseOnce(retry = g.__lifeboatPitrSupervisor?.retry ?? new Map<number, { n: number; nextAt: number }>()): Promise<void> {
  if (running) return;
  running = true;
  try {
    const at = now();
    const enabled = enabledPitrTargets();
    const ids = new Set(enabled.map((c) => c.targetId));
    for (const id of activeWalStreams()) if (!ids.has(id)) await stopWalStream(id).catch(() => {});
    let queued = false;
    for (const cfg of enabled) {
      const r = retry.get(cfg.targetId);
      if (!activeWalStreams().includes(cfg.targetId) && (!r || r.nextAt <= at.getTime())) {
        try {
          await startTargetStream(cfg.targetId);
          retry.delete(cfg.targetId);
        } catch (e) {
          const n = (r?.n ?? 0) + 1;
          retry.set(cfg.targetId, { n, nextAt: at.getTime() + Math.min(15_000 * 2 ** (n - 1), MAX_BACKOFF_MS) });
          if (!(e instanceof PitrLeaseError) || n === 1) console.warn(`[lifeboat] pitr target ${cfg.targetId}: cannot start streaming (${(e as Error).message}); trying again later`);
        }
      }
      try {
        // New WAL (and base backups a failed batch left) to the copy locations, in one batch per location.
        if (queuePitrCopies(cfg.targetId, at).length) queued = true;
      } catch (e) {
        console.error(`[lifeboat] pitr target ${cfg.targetId}: could not queue its offsite copies`, e);
      }
      try {
        if (queueBaseBackupIfDue(cfg, at) != null) queued = true;
      } catch (e) {
        console.error(`[lifeboat] pitr target ${cfg.targetId}: could not queue a base backup`, e);
      }
    }
    if (queued) kickQueue();
  } finally {
    running = false;
  }
}
