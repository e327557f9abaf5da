import type { Run } from "../../db/schema";
import { runTool } from "../process/exec-tool";
import type { RunLog } from "../process/run-log";

/**
 * Callbacks run after every run ends (e.g. retention after a successful scheduled run). Other
 * modules push into this list; an error in a hook is logged and never changes the run.
 */
export type AfterRunHook = (run: Run) => void | Promise<void>;
const g = globalThis as unknown as { __lifeboatAfterRunHooks?: AfterRunHook[] };
export const afterRunHooks: AfterRunHook[] = (g.__lifeboatAfterRunHooks ??= []);

export async function callAfterRunHooks(run: Run): Promise<void> {
  for (const hook of [...afterRunHooks]) {
    try {
      await hook(run);
    } catch (e) {
      console.error(`[lifeboat] after-run hook failed for run ${run.id}`, e);
    }
  }
}

/** A target's pre/post hook: an absolute path to an executable, run without a shell. */
export async function runHook(
  kind: "pre-hook" | "post-hook",
  command: string,
  env: Record<string, string>,
  signal: AbortSignal,
  log: RunLog,
): Promise<void> {
  log.info(`${kind}: ${command}`);
  await runTool(command, [], { signal, log, env, label: kind });
}
