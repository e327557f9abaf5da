import type { Run } from "../../db/schema";
import type { RunLog } from "../process/run-log";
import { RestoreError } from "../restore/context";
import type { Resolved } from "../types/restore-shapes";
import { planUndo, Undo } from "../restore/undo-alternate";
import { snapshotPath } from "./ls";
import { restoreSnapshot } from "./restore";
import { withRunSnapshot } from "./run-access";
import path from "node:path";
import { runnerFor } from "../servers/runner";
import { planRemoteUndo, pushFolder } from "../servers/remote-folder";

/**
 * The restore step for a restic run (the restore task's flow is unchanged: preview → safety
 * backup → this). Folder destinations only: restic writes into a scratch folder inside the
 * destination and moveInto() brings the files over with the folder restore's rules. `include`
 * narrows it to paths of the snapshot ("/cam1/2026-12-01"). An alternate folder the restore
 * created is removed again when it fails, as for the archive engine.
 */
export async function restoreRunSnapshot(run: Run, dest: Resolved, include: string[], signal: AbortSignal, log: RunLog, storageId?: number | null, workDir?: string): Promise<string> {
  if (dest.kind !== "folder" || !dest.path) {
    throw new RestoreError(`A restic ${dest.type} snapshot is restored by downloading its file (GET /api/v1/runs/${run.id}/files/download) and loading it; Lifeboat restores restic snapshots into folders only. Nothing was changed.`);
  }
  const paths = include.map(snapshotPath);
  if (dest.deleteExtra) log.info("Note: deleting files that are not in the backup is not done for restic snapshots (files are added and replaced only)");
  if (dest.serverId != null) return restoreOnServer(run, dest, paths, signal, log, storageId, workDir);
  const undo = await planUndo(dest);
  try {
    return await withRunSnapshot(
      run,
      async (repo, id, source) => {
        const from = source.role !== "copy" ? "" : ` from its copy in ${source.name} (${source.kind})${storageId != null ? ", as chosen" : ": the primary's snapshot is not available"}`;
        log.info(`Restoring snapshot ${id}${from}${paths.length ? ` (only ${paths.join(", ")})` : ""} into ${dest.path}`);
        const r = await restoreSnapshot(repo, id, dest.path!, { include: paths, signal, onStderr: (l) => log.info(`restic: ${l}`) });
        return `Restored ${r.files} file(s), ${r.bytes} bytes from snapshot ${id.slice(0, 8)}${source.role === "copy" ? ` in ${source.name}` : ""} into ${dest.path}${paths.length ? ` (${paths.join(", ")})` : ""}`;
      },
      { signal, storageId },
    );
  } catch (e) {
    await undo.run(log);
    throw e;
  }
}

/**
 * A folder on another server (issue 17): restic restores here, into a fresh scratch folder of the
 * restore's work folder (nothing is there to follow), and the server's own `tar -x` writes it
 * into the destination, as the archive engine's restore of a remote folder does
 * (lib/engine/servers/remote-folder.ts): symlinks go as symlinks, never followed, and the tar
 * stream is made here, so it has no `..` or absolute member. The server needs no restic and
 * never sees the repository password for a restore.
 */
async function restoreOnServer(run: Run, dest: Resolved, paths: string[], signal: AbortSignal, log: RunLog, storageId: number | null | undefined, workDir: string | undefined): Promise<string> {
  if (!workDir) throw new RestoreError("A restore onto another server needs a work folder here");
  const runner = runnerFor(dest.serverId);
  if (dest.deleteExtra) log.info("Files not in the backup are kept on the server (removing them is done for local folders only)");
  const scratch = path.join(workDir, "remote-restore");
  return withRunSnapshot(
    run,
    async (repo, id, source) => {
      const from = source.role !== "copy" ? "" : ` from its copy in ${source.name} (${source.kind})`;
      log.info(`Restoring snapshot ${id}${from}${paths.length ? ` (only ${paths.join(", ")})` : ""} here, then into ${dest.path} on ${runner.where} with tar`);
      const r = await restoreSnapshot(repo, id, scratch, { include: paths, signal, onStderr: (l) => log.info(`restic: ${l}`) });
      // An alternate folder on the server: what the push creates there is taken back if it fails.
      const undo = new Undo();
      if (!dest.original) await planRemoteUndo(runner, { signal, log }, dest.path!, undo);
      try {
        await pushFolder(runner, { signal, log }, scratch, dest.path!);
      } catch (e) {
        await undo.run(log);
        throw e;
      }
      return `Restored ${r.files} file(s), ${r.bytes} bytes from snapshot ${id.slice(0, 8)}${source.role === "copy" ? ` in ${source.name}` : ""} into ${dest.path} on ${runner.where}${paths.length ? ` (${paths.join(", ")})` : ""}`;
    },
    { signal, storageId },
  );
}
