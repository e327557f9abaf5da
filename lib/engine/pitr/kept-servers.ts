/**
 * Private servers a point-in-time restore left running for inspection (`keepServerMinutes`), by
 * the restore's task id: removed when their time is up or when someone cancels them. They are
 * children of this console (they die with it; start-up recovery removes their scratch folders).
 */
interface Kept {
  until: Date;
  timer: NodeJS.Timeout;
  remove: () => Promise<void>;
}

const kept = new Map<number, Kept>();

export function keepServer(taskId: number, until: Date, remove: () => Promise<void>): void {
  const ms = Math.max(0, until.getTime() - Date.now());
  const timer = setTimeout(() => void removeKeptServer(taskId), ms);
  timer.unref();
  kept.set(taskId, { until, timer, remove });
}

export function keptServerRunning(taskId: number): boolean {
  return kept.has(taskId);
}

/** Stop and remove it now; false when none is kept for this task (any more). */
export async function removeKeptServer(taskId: number): Promise<boolean> {
  const k = kept.get(taskId);
  if (!k) return false;
  kept.delete(taskId);
  clearTimeout(k.timer);
  await k.remove();
  return true;
}
