/** A run's artifact state as the run page shows it. */
export function artifactStateWords(state: string): string {
  if (state === "pruned") return "removed by retention";
  if (state === "deleted") return "deleted by an admin";
  return state;
}
