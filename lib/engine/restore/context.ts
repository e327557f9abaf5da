import type { ArtifactManifest } from "../archive/read";
import type { RunLog } from "../process/run-log";

/** What every type's restore step gets. */
export interface RestoreCtx {
  /** Absolute path of the artifact (already checked against its sha256). */
  artifact: string;
  manifest: ArtifactManifest;
  log: RunLog;
  signal: AbortSignal;
  /** A private scratch folder for this restore (removed afterwards). */
  workDir: string;
  /**
   * The artifact is a backup this console made (its run's trigger is not "upload"). Only then,
   * and only as root, do setuid/setgid/sticky bits and owners come back. Absent = untrusted.
   */
  trusted?: boolean;
}

/** A failure the user should read as is (no stack, no "Error:"). */
export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreError";
  }
}

/** The reason a restore's signal aborts when someone cancels it (it then ends `cancelled`). */
export class RestoreCancelled extends RestoreError {
  constructor(message: string) {
    super(message);
    this.name = "RestoreCancelled";
  }
}
