import fs from "node:fs";
import path from "node:path";
import { env } from "../../env";
import type { Run } from "../../db/schema";
import { artifactAbsolutePath } from "../storage/local";
import { NotFoundError } from "../../errors";
import { noArtifactReason } from "../storage/artifact-state";

export function restoreLogPath(restoreId: number): string {
  return path.join(env().dataDir, "logs", `restore-${restoreId}.log`);
}

const workRoot = () => path.join(env().dataDir, "restore-work");

/** A private scratch folder for one restore, under the data directory. */
export function restoreWorkDir(restoreId: number): string {
  const dir = path.join(workRoot(), String(restoreId));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** The artifact of a run on disk (checked to stay under its storage root), or NotFound. */
export function artifactFileOf(run: Run): string {
  if (run.artifactState !== "present" || !run.storageRoot || !run.artifactPath) {
    const why = noArtifactReason(run.artifactState);
    throw new NotFoundError(`Run ${run.id} has no artifact to restore: ${why}`);
  }
  return artifactAbsolutePath(run.storageRoot, run.artifactPath);
}

/**
 * Start-up: remove the scratch folders (extracted dumps, a private redis-server's files) of
 * restores that are not going on, i.e. left by a console that stopped mid-restore.
 */
export function removeRestoreScratch(isActive: (restoreId: number) => boolean): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(workRoot());
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (/^\d+$/.test(name) && isActive(Number(name))) continue;
    fs.rmSync(path.join(workRoot(), name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
