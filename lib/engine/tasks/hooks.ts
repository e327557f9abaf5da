import { runTool } from "../process/exec-tool";
import type { RunLog } from "../process/run-log";

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
