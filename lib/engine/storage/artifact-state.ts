/**
 * A run's artifact: `present` in its storage location; `pruning` / `deleting` while retention /
 * an admin deletes it (marked in a transaction, the object deleted after it: see
 * artifact-delete.ts); `pruned` by retention; `deleted` by an admin; `missing` (the object
 * vanished on its own); `external` (a reported run's file lives where the team's script put it);
 * `snapshot` (a restic run: its data is a snapshot in the location's repository, forgotten by
 * `restic forget` → `pruned`); `none`. Pruned and deleted runs keep their row for history and charts.
 */
export type ArtifactState = "present" | "pruning" | "deleting" | "pruned" | "deleted" | "missing" | "external" | "snapshot" | "none";

/** Why there is no artifact to download or restore, in words. */
export function noArtifactReason(state: string): string {
  if (state === "pruned" || state === "pruning") return "it was removed by retention";
  if (state === "deleting") return "an admin deleted it";
  if (state === "deleted") return "an admin deleted it";
  if (state === "missing") return "the file is missing from storage";
  return "this run has no artifact";
}
