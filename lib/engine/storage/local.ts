import fs from "node:fs";
import path from "node:path";
import type { App, Compression, Target } from "../../db/schema";
import { env } from "../../env";
import { getSettings } from "../../settings/settings";
import type { StorageBackend } from "./backend";
import { artifactFileName, expandTemplate, resolveUnder } from "./path-template";

export const EXTENSIONS: Record<Compression, string> = { zstd: ".tar.zst", gzip: ".tar.gz", none: ".tar" };

export interface ArtifactLocation {
  /** The key in the run's storage location (what the run row stores as artifact_path). */
  key: string;
  /** Where the archive writer writes: the object's own file on a local location, a scratch file otherwise. */
  file: string;
  /** `<file>.partial`: where it is written until complete. */
  partial: string;
  /** Scratch folder for spooled dumps (beside the artifact on a local location, same filesystem; removed after). */
  workDir: string;
  /** false: `file` is a scratch copy that must be `put` under `key` once written. */
  inPlace: boolean;
}

/** The target's storage folder (its own or the default); the data-directory guard checks it. */
export function storageRootOf(target: Target): string {
  return path.resolve(target.storageRoot ?? getSettings().defaultStorageDir);
}

/** The key of a run's artifact: the target's path template, then the artifact file name. */
export function artifactKey(target: Target, app: App, runId: number, at: Date, where = "/storage"): string {
  const tz = getSettings().defaultTimezone;
  // resolveUnder refuses a template that climbs out (naming the location's folder in its message);
  // relative to that folder it yields the key's folder.
  const base = path.isAbsolute(where) ? where : "/storage";
  const dir = path.relative(base, resolveUnder(base, expandTemplate(target.pathTemplate, { app: app.name, target: target.name, at, timeZone: tz })));
  const name = artifactFileName(app.name, target.name, at, tz, runId, EXTENSIONS[target.compression]);
  return [...(dir ? dir.split(path.sep) : []), name].join("/");
}

/**
 * Where a run's artifact goes. A local location gets the fast path: written in place under its
 * key (`localPath`), the dump spooled beside it. Any other backend: written into scratch space
 * under the data directory, then `put`.
 */
export function planArtifact(target: Target, app: App, runId: number, at: Date, backend: StorageBackend): ArtifactLocation {
  const key = artifactKey(target, app, runId, at, backend.where);
  if (backend.localPath) {
    const file = backend.localPath(key);
    return { key, file, partial: `${file}.partial`, workDir: path.join(path.dirname(file), `.lifeboat-run${runId}.tmp`), inPlace: true };
  }
  const scratch = path.join(env().dataDir, "backup-work", String(runId));
  fs.mkdirSync(scratch, { recursive: true, mode: 0o700 });
  const file = path.join(scratch, key.split("/").pop()!);
  return { key, file, partial: `${file}.partial`, workDir: path.join(scratch, "work"), inPlace: false };
}

/** Absolute path of a stored artifact from the run row's (root, relative path), checked to stay under the root. */
export function artifactAbsolutePath(storageRoot: string, relative: string): string {
  const root = path.resolve(storageRoot);
  const abs = path.resolve(root, relative);
  if (!abs.startsWith(root + path.sep)) {
    throw new Error(`Artifact path ${JSON.stringify(relative)} leaves its storage root ${root}`);
  }
  return abs;
}
