import { markKeptServerStopped } from "./kept-server-rows";

/**
 * Private servers a point-in-time restore left running for inspection (`keepServerMinutes`), by
 * the restore's task id: removed when their time is up or when someone stops them. They are
 * children of this console (they die with it; start-up recovery removes their scratch folders and
 * marks them stopped in their task: kept-server-rows.ts).
 */
interface Kept {
  until: Date;
  timer: NodeJS.Timeout;
  remove: () => Promise<void>;
}

const kept = new Map<number, Kept>();

export function keepServer(taskId: number, until: Date, remove: () => Promise<void>): void {
  const ms = Math.max(0, until.getTime() - Date.now());
  const timer = setTimeout(() => void removeKeptServer(taskId, "its time was up"), ms);
  timer.unref();
  kept.set(taskId, { until, timer, remove });
}

export function keptServerRunning(taskId: number): boolean {
  return kept.has(taskId);
}

/** Stop and remove it now; false when none is kept for this task (any more). */
export async function removeKeptServer(taskId: number, reason = "stopped on request"): Promise<boolean> {
  const k = kept.get(taskId);
  if (!k) return false;
  kept.delete(taskId);
  clearTimeout(k.timer);
  try {
    await k.remove();
  } finally {
    markKeptServerStopped(taskId, reason);
  }
  return true;
}
