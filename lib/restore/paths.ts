import fs from "node:fs";
import path from "node:path";
import { env } from "../env";
import type { Run } from "../db/schema";
import { artifactAbsolutePath } from "../storage/local";
import { NotFoundError } from "../errors";

export function restoreLogPath(restoreId: number): string {
  return path.join(env().dataDir, "logs", `restore-${restoreId}.log`);
}

/** A private scratch folder for one restore, under the data directory. */
export function restoreWorkDir(restoreId: number): string {
  const dir = path.join(env().dataDir, "restore-work", String(restoreId));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** The artifact of a run on disk (checked to stay under its storage root), or NotFound. */
export function artifactFileOf(run: Run): string {
  if (run.artifactState !== "present" || !run.storageRoot || !run.artifactPath) {
    const why = run.artifactState === "pruned" ? "it was removed by retention" : "this run has no artifact";
    throw new NotFoundError(`Run ${run.id} has no artifact to restore: ${why}`);
  }
  return artifactAbsolutePath(run.storageRoot, run.artifactPath);
}
