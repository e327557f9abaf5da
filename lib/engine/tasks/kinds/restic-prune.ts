import { pruneRepos } from "../../restic/maintenance-tasks";
import { rowTaskKind } from "../row-kind";

/**
 * `restic prune --max-unused` of the restic repositories (params.storageId: just that one):
 * drops the data no snapshot uses since `forget`. Queued weekly by the daily sweep (off the busy
 * hours) or by hand; recorded in `tasks`, cancellable (restic is interrupted with SIGINT).
 */
export const resticPruneKind = rowTaskKind("restic-prune", async (ctx, task) => {
  const storageId = typeof task.params?.storageId === "number" ? task.params.storageId : null;
  await pruneRepos(storageId, ctx.signal, (l) => console.log(`[lifeboat] ${l}`));
});
