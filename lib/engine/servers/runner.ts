import { runTool } from "../process/exec-tool";
import { StepError } from "../process/step";
import { ServerConnectError, ServerUnreachableError } from "./errors";
import { markReachable, markUnreachable } from "./reachability";
import { runRemote, type RemoteToolOptions } from "./remote-exec";
import { connOf, serverRow, whereOf } from "./server-conn";

/**
 * THE execution seam for type modules and hooks: run a tool where the target lives. Local runs
 * through runTool (execa, argument array, own process group); a server through its pooled SSH
 * connection (remote-exec.ts). Streams (`stdin`, `stdout`) are for remote runs: local drivers
 * read and write files directly.
 */
export interface ToolRunner {
  /** null: Local (this machine). */
  serverId: number | null;
  /** "this machine" or "server db2 (10.0.0.5:22)". */
  where: string;
  run(cmd: string, args: string[], opts: RemoteToolOptions): Promise<{ stdout: string; exitCode: number }>;
}

export const localRunner: ToolRunner = {
  serverId: null,
  where: "this machine",
  run(cmd, args, opts) {
    if (opts.stdin || opts.stdout) throw new Error("streams are for remote commands: local tools read and write files");
    return runTool(cmd, args, opts);
  },
};

/** The runner for a target's `serverId` (null: local). */
export function runnerFor(serverId: number | null | undefined): ToolRunner {
  if (serverId == null) return localRunner;
  const row = serverRow(serverId);
  if (!row) throw new ServerUnreachableError(serverId, `server ${serverId} no longer exists: choose another server for this target`);
  const conn = connOf(row);
  return {
    serverId,
    where: whereOf(conn),
    async run(cmd, args, opts) {
      try {
        const r = await runRemote(conn, cmd, args, opts);
        markReachable(serverId);
        return r;
      } catch (e) {
        if (!(e instanceof ServerConnectError)) {
          // The tool ran and answered (a non-zero exit): the server itself is there.
          if (e instanceof StepError && e.exitCode != null) markReachable(serverId);
          throw e;
        }
        const since = markUnreachable(serverId, e);
        throw new ServerUnreachableError(serverId, `server unreachable since ${since.toISOString()}: ${e.message}`);
      }
    },
  };
}
