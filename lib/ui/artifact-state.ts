/** A run's artifact state as the run page shows it. */
export function artifactStateWords(state: string): string {
  if (state === "pruned") return "removed by retention";
  if (state === "deleted") return "deleted by an admin";
  if (state === "pitr") return "stored for point-in-time recovery";
  return state;
}
