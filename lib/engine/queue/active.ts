import type { StepError } from "../process/step";

/** Runs executing in this process: their abort controllers (cancel) — process-wide, survives HMR. */
const g = globalThis as unknown as { __lifeboatActive?: Map<number, AbortController> };
export const activeRuns: Map<number, AbortController> = (g.__lifeboatActive ??= new Map());

export function abortActiveRun(runId: number, reason: StepError): boolean {
  const ac = activeRuns.get(runId);
  if (!ac) return false;
  ac.abort(reason);
  return true;
}
