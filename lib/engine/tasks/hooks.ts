import type { RunLog } from "../process/run-log";
import { runnerFor } from "../servers/runner";

/** A target's pre/post hook: an absolute path to an executable, run without a shell, on the target's server. */
export async function runHook(
  kind: "pre-hook" | "post-hook",
  command: string,
  env: Record<string, string>,
  signal: AbortSignal,
  log: RunLog,
  serverId: number | null = null,
): Promise<void> {
  const runner = runnerFor(serverId);
  log.info(`${kind}: ${command}${serverId != null ? ` (on ${runner.where})` : ""}`);
  await runner.run(command, [], { signal, log, env, label: kind });
}
