import path from "node:path";
import type { DriverContext, TreePayload } from "../backup-types";
import type { RestoreCtx } from "../../restore/context";
import type { Resolved, DestinationState } from "../restore-shapes";
import { runnerFor } from "../../servers/runner";
import { pullFolder, pushFolder, remoteTarVersion } from "../../servers/remote-folder";
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

/** Restore files/ on the server: unpacked safely here (no links followed), then sent with tar. */
export async function restoreRemoteFolder(ctx: RestoreCtx, dest: Resolved): Promise<string> {
  const runner = runnerFor(dest.serverId);
  const scratch = path.join(ctx.workDir, "remote-restore");
  const r = await folderRestore(ctx, scratch, { exclude: dest.exclude ?? [] });
  if (dest.deleteExtra) ctx.log.info("Files not in the backup are kept on the server (removing them is done for local folders only)");
  await pushFolder(runner, ctx, scratch, dest.path!);
  return `Restored ${r.files} file(s), ${r.bytes} bytes into ${dest.path} on ${runner.where}`;
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
