import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { env } from "../../env";
import type { Run } from "../../db/schema";
import { artifactOf } from "../storage/run-artifact";
import { NotFoundError } from "../../errors";
import { noArtifactReason } from "../storage/artifact-state";
import { fetchCopyInto, preferredSource, type ArtifactSource } from "../copies/artifact-sources";

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

function storedArtifactOf(run: Run) {
  if (run.artifactState !== "present" || !run.artifactPath || (run.storageId == null && !run.storageRoot)) {
    const why = noArtifactReason(run.artifactState);
    throw new NotFoundError(`Run ${run.id} has no artifact to restore: ${why}`);
  }
  return artifactOf(run);
}

/**
 * The artifact of a run as a file on this machine, for the readers that need one (preview,
 * verify): the object's own file on a local location. A location without a local path is read
 * through `fetchArtifactInto` instead.
 */
export function artifactFileOf(run: Run): string {
  const { backend, key } = storedArtifactOf(run);
  if (!backend.localPath) throw new NotFoundError(`Run ${run.id}: its artifact is in ${backend.where}, which has no local file to read; it is fetched when restored`);
  return backend.localPath(key);
}

/**
 * Throws NotFoundError unless the run's artifact can be read from somewhere: its primary, or a
 * healthy copy (the primary pruned or missing). Returns where a restore would read it.
 */
export async function assertRestorableArtifact(run: Run, storageId?: number | null): Promise<ArtifactSource> {
  const source = await preferredSource(run, storageId);
  if (!source) {
    const why = run.artifactState === "present" ? "the file is missing from storage" : noArtifactReason(run.artifactState);
    throw new NotFoundError(`Run ${run.id} has no artifact to restore: ${why}, and no healthy copy`);
  }
  return source;
}

/**
 * The artifact as a file for a restore: the local file when the location has one, else the
 * object fetched into the restore's scratch folder (removed with it). When the primary is pruned
 * or missing, the nearest healthy copy is fetched instead (decrypted and checked against the
 * sha256 on the way: lib/engine/copies/artifact-sources.ts). `storageId` reads the source the user
 * chose (the primary's location or a copy's) instead of the nearest.
 */
export async function fetchArtifactInto(run: Run, scratchDir: string, opts: { signal?: AbortSignal; log?: (line: string) => void; storageId?: number | null } = {}): Promise<string> {
  const source = await assertRestorableArtifact(run, opts.storageId);
  if (source.role === "copy") {
    opts.log?.(`${opts.storageId != null ? "As chosen, fetching" : "The primary artifact is not available; fetching"} the copy in ${source.name} (${source.kind}${source.encrypted ? ", age-encrypted" : ""}) and checking its sha256 on the way…`);
    return fetchCopyInto(run, source.storageId!, scratchDir, opts.signal);
  }
  const { backend, key } = storedArtifactOf(run);
  if (backend.localPath) return backend.localPath(key);
  const file = path.join(scratchDir, `fetched-${key.split("/").pop()}`);
  await pipeline(await backend.open(key), fs.createWriteStream(file, { mode: 0o600 }));
  return file;
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
