import { parseArgs } from "node:util";
import { enqueueRun } from "../services/runs/trigger";
import { waitForRun } from "../engine/runs/wait";
import { getRun } from "../services/runs/get";
import { cliActor } from "./actor";
import { findTargetId } from "./find-target";
import type { Io } from "./io";
import { UsageError } from "./usage";
import { formatBytes } from "../ui/units";

const human = (n: number | null) => (n == null ? "no size" : formatBytes(n));

/**
 * lifeboat backup <id | app/target>: run it in this process (the same engine the console uses),
 * wait, print the result. Exit 0 on success or partial, 1 otherwise.
 */
export async function backup(args: string[], io: Io): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {}, strict: true });
  if (positionals.length !== 1) throw new UsageError("backup needs one target: <id> or <app>/<target>");
  const actor = cliActor();
  const targetId = findTargetId(actor, positionals[0]!);
  const queued = await enqueueRun(actor, targetId, { trigger: "manual" });
  io.err(`Run ${queued.id} started for ${positionals[0]} …`);
  await waitForRun(queued.id);
  const run = getRun(actor, queued.id);
  const secs = run.durationMs != null ? `${(run.durationMs / 1000).toFixed(1)} s` : "?";
  const line = `Run ${run.id} ${run.status}: ${run.appName}/${run.targetName}, ${human(run.sizeBytes)} in ${secs}${
    run.artifactName ? `, artifact ${run.artifactName}` : ""
  }${run.sha256 ? `, sha256 ${run.sha256.slice(0, 12)}…` : ""}`;
  const good = run.status === "success" || run.status === "partial";
  if (good) io.out(line);
  else io.out(`${line}${run.error ? `\n  error: ${run.error}` : ""}${run.exitCode != null ? ` (exit code ${run.exitCode})` : ""}`);
  return good ? 0 : 1;
}
