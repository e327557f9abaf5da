import type { StorageLocation } from "../../db/schema";
import type { RetentionPolicy } from "../retention/policy";
import { forgetByPolicy } from "./forget";
import { targetTag } from "./repo";
import { forgetSnapshots, listSnapshots } from "./snapshots";
import { withRepoOf } from "./target-repo";

/**
 * Which of a target's restic copies in a copy location its own retention drops: `restic forget
 * --dry-run` with the copy location's keep rules in that location's repository (restic's own
 * meaning of the rules, buckets in the schedule's timezone; the copies keep the original
 * snapshots' times). Returns the copied snapshot ids to forget; the caller keeps pinned runs,
 * runs a restore reads and the newest copy, and records the prune.
 */
export async function resticCopiesToForget(loc: StorageLocation, targetId: number, policy: RetentionPolicy, timezone: string, signal?: AbortSignal): Promise<Set<string>> {
  const plan = await withRepoOf(loc, (repo) => forgetByPolicy(repo, targetTag(targetId), policy, { dryRun: true, timezone, signal }), { signal });
  return new Set(plan.removed);
}

/** Forget one copied snapshot (the data goes with the location's next prune task); gone already is done. */
export async function forgetCopiedSnapshot(loc: StorageLocation, snapshotId: string, signal?: AbortSignal): Promise<void> {
  await forgetSnapshotsIn(loc, [snapshotId], signal);
}

/**
 * Forget snapshots of a location's repository in one call, by full id or the short one a backup
 * summary gives (a run's own snapshot); those gone already are done. The data goes with the next
 * prune task. Also how a deleted target's snapshots go (lib/engine/storage/artifact-delete.ts).
 */
export async function forgetSnapshotsIn(loc: StorageLocation, ids: string[], signal?: AbortSignal): Promise<void> {
  await withRepoOf(
    loc,
    async (repo) => {
      // Never a prefix shorter than restic's short id: an empty one would match every snapshot.
      const wanted = ids.filter((id) => /^[0-9a-f]{8,64}$/.test(id));
      const have = await listSnapshots(repo, {}, { signal });
      const full = have.filter((s) => wanted.some((id) => s.id.startsWith(id))).map((s) => s.id);
      await forgetSnapshots(repo, full, { signal });
    },
    { signal },
  );
}
