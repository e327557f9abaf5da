import type { ArtifactManifest } from "../archive/read";
import type { RunLog } from "../runner/run-log";

/** What every type's restore step gets. */
export interface RestoreCtx {
  /** Absolute path of the artifact (already checked against its sha256). */
  artifact: string;
  manifest: ArtifactManifest;
  log: RunLog;
  signal: AbortSignal;
  /** A private scratch folder for this restore (removed afterwards). */
  workDir: string;
}

/** A failure the user should read as is (no stack, no "Error:"). */
export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreError";
  }
}
