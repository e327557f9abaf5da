import { killLeftoverChildren } from "../process/process-recovery";
import { now as clockNow } from "../clock";
import { TASK_KINDS } from "./registry";

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
  return { killed, recovered };
}
