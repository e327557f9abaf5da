import type { TargetType } from "../../db/schema";
import { dataDirError } from "../../data-dir";
import { StepError } from "../process/step";

/**
 * Saving a target already refuses these places; checked again before each run because the data
 * directory can move (LIFEBOAT_DATA_DIR) after a target was saved.
 */
export function refuseDataDir(type: TargetType, source: Record<string, unknown>, storageRoot: string): void {
  const problem =
    (type === "filesystem" ? dataDirError(String(source.path), "folder") : null) ??
    (type === "sqlite" ? dataDirError(String(source.path), "database file") : null) ??
    dataDirError(storageRoot, "storage folder", { allowInside: true });
  if (problem) throw new StepError(problem);
}
