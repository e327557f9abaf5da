import type { Run } from "../../db/schema";
import type { RunLog } from "../process/run-log";
import { RestoreError } from "../restore/context";
import type { Resolved } from "../types/restore-shapes";
import { planUndo } from "../restore/undo-alternate";
import { snapshotPath } from "./ls";
import { restoreSnapshot } from "./restore";
import { withRunSnapshot } from "./run-access";

/**
 * The restore step for a restic run (the restore task's flow is unchanged: preview → safety
 * backup → this). Folder destinations only: restic writes into a scratch folder inside the
 * destination and moveInto() brings the files over with the folder restore's rules. `include`
 * narrows it to paths of the snapshot ("/cam1/2026-12-01"). An alternate folder the restore
 * created is removed again when it fails, as for the archive engine.
 */
export async function restoreRunSnapshot(run: Run, dest: Resolved, include: string[], signal: AbortSignal, log: RunLog, storageId?: number | null): Promise<string> {
  if (dest.kind !== "folder" || !dest.path) {
    throw new RestoreError(`A restic ${dest.type} snapshot is restored by downloading its file (GET /api/v1/runs/${run.id}/files/download) and loading it; Lifeboat restores restic snapshots into folders only. Nothing was changed.`);
  }
  const paths = include.map(snapshotPath);
  if (dest.deleteExtra) log.info("Note: deleting files that are not in the backup is not done for restic snapshots (files are added and replaced only)");
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
