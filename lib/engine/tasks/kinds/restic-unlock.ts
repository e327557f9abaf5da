import { unlockRepos } from "../../restic/maintenance-tasks";
import { rowTaskKind } from "../row-kind";

/**
 * Start-up clean-up of the restic repositories: the stale locks this machine's restic left when
 * Lifeboat stopped mid-backup (only ours: this host, process gone). Queued by tasks/recovery.ts
 * before anything else runs (restic clean-up is asynchronous; recovery itself is not).
 */
export const resticUnlockKind = rowTaskKind("restic-unlock", async (ctx) => {
  await unlockRepos(ctx.signal, (l) => console.log(`[lifeboat] ${l}`));
});
