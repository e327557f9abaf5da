import path from "node:path";
import type { DriverContext, TreePayload } from "../backup-types";
import type { RestoreCtx } from "../../restore/context";
import type { Resolved, DestinationState } from "../restore-shapes";
import { runnerFor } from "../../servers/runner";
import { planRemoteUndo, pullFolder, pushFolder, remoteTarVersion, removeExtraOnServer } from "../../servers/remote-folder";
import type { Undo } from "../../restore/undo-alternate";
import { folderRestore } from "./folder-restore";
import { formatBytesExact } from "../../../ui/units";

/** A folder on another server: its `tar` streams it here, then it is archived like a local one. */
export async function produceRemoteFolder(ctx: DriverContext): Promise<TreePayload> {
  const runner = runnerFor(ctx.target.serverId);
  const root = String(ctx.source.path);
  const version = await remoteTarVersion(runner, ctx);
  const into = path.join(ctx.workDir, "remote-files");
  let bytes = 0;
  await pullFolder(runner, ctx, root, into, (n) => ctx.progress((bytes += n), null));
  ctx.log.info(`received ${formatBytesExact(bytes)} of tar stream from ${runner.where}`);
  return {
    kind: "tree",
    root: into,
    name: "files/",
    // Lifeboat's own exclude rules, applied as the folder is archived (same meaning as for a local folder).
    excludes: Array.isArray(ctx.source.exclude) ? (ctx.source.exclude as string[]) : [],
    tool: { name: "tar", version },
    server: null,
  };
}

/**
 * Restore files/ on the server: unpacked safely here (no links followed), then sent with tar.
 * An alternate folder notes first what it will create there, so a failed restore takes it back
 * (planUndo looks at local paths only). Delete-extra lists the folder on the server afterwards
 * and removes what the backup does not have (remote-folder.ts, removeExtraOnServer).
 */
export async function restoreRemoteFolder(ctx: RestoreCtx, dest: Resolved, undo?: Undo): Promise<string> {
  const runner = runnerFor(dest.serverId);
  const scratch = path.join(ctx.workDir, "remote-restore");
  const r = await folderRestore(ctx, scratch, { exclude: dest.exclude ?? [] });
  if (!dest.original && undo) await planRemoteUndo(runner, ctx, dest.path!, undo);
  await pushFolder(runner, ctx, scratch, dest.path!);
  const removed = dest.deleteExtra ? await removeExtraOnServer(runner, ctx, dest.path!, r.seen, dest.exclude ?? []) : 0;
  return `Restored ${r.files} file(s), ${r.bytes} bytes into ${dest.path} on ${runner.where}${removed ? `; removed ${removed} path(s) not in the backup` : ""}`;
}

/** What is at the destination on the server: whether the folder is there and empty. */
export async function probeRemoteFolder(dest: Resolved): Promise<DestinationState> {
  const runner = runnerFor(dest.serverId);
  const { RunLog } = await import("../../process/run-log");
  const log = new RunLog(0, [], "/dev/null");
  try {
    const { stdout } = await runner.run("sh", ["-c", 'if [ -d "$1" ]; then ls -A "$1" | head -n 1; echo yes; else echo no; fi', "sh", dest.path!], { signal: AbortSignal.timeout(30_000), log, capture: true });
    const lines = stdout.split("\n");
    if (lines.at(-1) === "no") return { exists: false, empty: true, sizeBytes: null, free: null };
    return { exists: true, empty: lines.length <= 1, sizeBytes: null, free: null };
  } catch (e) {
    return { exists: false, empty: false, sizeBytes: null, free: null, error: (e as Error).message };
  }
}
