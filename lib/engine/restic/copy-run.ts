import type { Run, StorageLocation } from "../../db/schema";
import { getLocation } from "../storage/locations";
import { initCopyRepo } from "./copy";
import { bytesAddedSince, indexIds } from "./copy-size";
import { ResticError } from "./errors";
import { runRestic, type ResticCallOptions } from "./exec";
import { repoExists } from "./init";
import { withLocationRepo } from "./location-repo";
import { targetTag, type ResticRepo } from "./repo";
import { ensureRepoPassword, markRepoInitialized } from "./repo-password";
import { snapshotIdOf } from "./run-access";
import { listSnapshots } from "./snapshots";
import { locationSettingsOf, withRepoOf } from "./target-repo";

/**
 * A copy location's own repository (`<location>/restic`, its own generated sealed password like
 * any location's: in the recovery kit, shown once). Created on first use with the source's
 * chunker parameters, so `restic copy` moves only chunks the copy lacks. A repository already
 * there (the location is another target's primary) is used as it is. No lock retry here: the
 * caller's withRepoOf retries the whole copy.
 */
async function withCopyRepoOf<T>(dest: StorageLocation, source: ResticRepo, fn: (repo: ResticRepo) => Promise<T>, opts: ResticCallOptions): Promise<T> {
  const { password, row } = ensureRepoPassword(dest.id);
  return withLocationRepo(
    locationSettingsOf(dest),
    password,
    async (repo) => {
      if (!row.initializedAt) {
        if (!(await repoExists(repo, opts))) await initCopyRepo(repo, source, opts);
        markRepoInitialized(dest.id);
      }
      return fn(repo);
    },
    { signal: opts.signal },
  );
}

/**
 * The offsite copy of one restic run (the copy task, lib/engine/copies/copy-task.ts): `restic copy`
 * of exactly its snapshot from the primary's repository into the copy location's. restic skips a
 * snapshot it already copied (a retried task), so this is safe to repeat. Returns the full id of
 * the copy, found by its `original` (restic 0.14 prints it only as text), and the data the copy
 * added to that repository (copy-size.ts: the same measure as the run's own sizeBytes; 0 when a
 * retried copy found the snapshot there already).
 */
export async function copyRunSnapshot(run: Run, dest: StorageLocation, opts: ResticCallOptions = {}): Promise<{ snapshotId: string; addedBytes: number }> {
  const id = snapshotIdOf(run);
  const src = run.storageId != null ? getLocation(run.storageId) : undefined;
  if (!src) throw new ResticError(`Run ${run.id} has no storage location for its snapshot`, "no-repository");
  if (src.id === dest.id) throw new ResticError(`${dest.name} is the run's own repository: nothing to copy`);
  return withRepoOf(
    src,
    (from) =>
      withCopyRepoOf(
        dest,
        from,
        async (to) => {
          const before = await indexIds(dest);
          await runRestic(to, ["copy", id], "copy", { ...opts, from });
          const addedBytes = await bytesAddedSince(dest, to, before, opts);
          const copied = (await listSnapshots(to, { tags: [targetTag(run.targetId)] }, { signal: opts.signal })).find((s) => s.original?.startsWith(id));
          if (!copied) throw new ResticError(`restic copy ended, but no copy of snapshot ${id} is in ${dest.name}'s repository`);
          return { snapshotId: copied.id, addedBytes };
        },
        opts,
      ),
    { signal: opts.signal },
  );
}
