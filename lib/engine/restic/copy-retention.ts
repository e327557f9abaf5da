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
  await withRepoOf(
    loc,
    async (repo) => {
      const have = await listSnapshots(repo, {}, { signal });
      if (have.some((s) => s.id === snapshotId)) await forgetSnapshots(repo, [snapshotId], { signal });
    },
    { signal },
  );
}
