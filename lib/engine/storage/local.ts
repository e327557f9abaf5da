import fs from "node:fs";
import path from "node:path";
import type { App, Compression, Target } from "../../db/schema";
import { getSettings } from "../../settings/settings";
import { artifactFileName, expandTemplate, resolveUnder } from "./path-template";

export const EXTENSIONS: Record<Compression, string> = { zstd: ".tar.zst", gzip: ".tar.gz", none: ".tar" };

export interface ArtifactLocation {
  /** Absolute storage root. */
  root: string;
  /** Absolute final path of the artifact. */
  file: string;
  /** Path relative to the root (what the run row stores). */
  relative: string;
  /** `<file>.partial`: where it is written until complete. */
  partial: string;
  /** Scratch folder beside the artifact for spooled dumps (same filesystem, removed after). */
  workDir: string;
}

export function storageRootOf(target: Target): string {
  return path.resolve(target.storageRoot ?? getSettings().defaultStorageDir);
}

/** Where a run's artifact goes (local storage backend). Creates the folder. */
export function planArtifact(target: Target, app: App, runId: number, at: Date): ArtifactLocation {
  const settings = getSettings();
  const root = storageRootOf(target);
  const tz = settings.defaultTimezone;
  const dir = resolveUnder(root, expandTemplate(target.pathTemplate, { app: app.name, target: target.name, at, timeZone: tz }));
  const name = artifactFileName(app.name, target.name, at, tz, runId, EXTENSIONS[target.compression]);
  const file = path.join(dir, name);
  fs.mkdirSync(dir, { recursive: true });
  return {
    root,
    file,
    relative: path.relative(root, file),
    partial: `${file}.partial`,
    workDir: path.join(dir, `.lifeboat-run${runId}.tmp`),
  };
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
