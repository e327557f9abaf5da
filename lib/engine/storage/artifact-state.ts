/**
 * A run's artifact: `present` on disk; `pruned` by retention; `deleted` by an admin; `missing`
 * (the file vanished); `external` (a reported run's file lives where the team's script put it);
 * `none`. Pruned and deleted runs keep their row for history and charts.
 */
export type ArtifactState = "present" | "pruned" | "deleted" | "missing" | "external" | "none";

/** Why there is no artifact to download or restore, in words. */
export function noArtifactReason(state: string): string {
  if (state === "pruned") return "it was removed by retention";
  if (state === "deleted") return "an admin deleted it";
  if (state === "missing") return "the file is missing from storage";
  return "this run has no artifact";
}
