import { checkRepos, RESTIC_MAINTENANCE } from "../../restic/maintenance-tasks";
import { rowTaskKind } from "../row-kind";

/**
 * `restic check --read-data-subset` of the restic repositories (the verify step of the restic
 * engine): structure plus a share of the data re-read, so a weekly check covers everything over
 * a few weeks. Damage fails the task with restic's words. Recorded in `tasks`, cancellable.
 */
export const resticCheckKind = rowTaskKind("restic-check", async (ctx, task) => {
  const p = task.params ?? {};
  const subset = typeof p.readDataSubset === "string" && /^(\d{1,3}(\.\d+)?%|\d+\/\d+|\d+[KMGT]?)$/.test(p.readDataSubset) ? p.readDataSubset : RESTIC_MAINTENANCE.readDataSubset;
  await checkRepos(typeof p.storageId === "number" ? p.storageId : null, subset, ctx.signal, (l) => console.log(`[lifeboat] ${l}`));
});
