import { dataDirError } from "../../data-dir";
import { StepError } from "../process/step";
import { typeModule } from "../types/registry";

/**
 * Saving a target already refuses these places; checked again before each run because the data
 * directory can move (LIFEBOAT_DATA_DIR) after a target was saved.
 */
export function refuseDataDir(type: string, source: Record<string, unknown>, storageRoot: string, remote = false): void {
  // A source on another server reads that server's paths, not this machine's data folder.
  const local = remote ? [] : (typeModule(type).localPaths?.(source) ?? []);
  const problem =
    local.map((l) => dataDirError(l.path, l.what)).find(Boolean) ??
    dataDirError(storageRoot, "storage folder", { allowInside: true });
  if (problem) throw new StepError(problem);
}
