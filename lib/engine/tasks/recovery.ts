import { killLeftoverChildren } from "../process/process-recovery";
import { now as clockNow } from "../clock";
import { TASK_KINDS } from "./registry";
import { enqueueTask } from "./task-rows";
import { PRIORITY } from "./task-kind";
import { resticLocations } from "../restic/maintenance-tasks";

export interface RecoveryReport {
  killed: string[];
  recovered: { kind: string; lines: string[] }[];
}

/**
 * Start-up recovery for every task kind, in one place (lib/boot.ts calls it before the queue
 * starts): first the tools a stopped console left running are killed (they may still write), then
 * each kind ends what was left queued or running and removes its scratch space. A kind that fails
 * does not stop the others.
 */
export function recoverAfterRestart(now: Date = clockNow()): RecoveryReport {
  const killed = killLeftoverChildren();
  const recovered: RecoveryReport["recovered"] = [];
  for (const kind of TASK_KINDS) {
    try {
      const lines = kind.recover(now);
      if (lines.length) recovered.push({ kind: kind.name, lines });
    } catch (e) {
      recovered.push({ kind: kind.name, lines: [`recovery failed: ${(e as Error).message}`] });
    }
  }
  // restic's stale locks of this machine: removed by a task that runs before anything else.
  try {
    if (resticLocations().length && enqueueTask({ kind: "restic-unlock", priority: PRIORITY.restore + 1 }, now).added) {
      recovered.push({ kind: "restic-unlock", lines: ["queued: remove this machine's stale restic locks"] });
    }
  } catch (e) {
    recovered.push({ kind: "restic-unlock", lines: [`could not queue: ${(e as Error).message}`] });
  }
  return { killed, recovered };
}
