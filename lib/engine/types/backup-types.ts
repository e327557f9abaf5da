import type { App, Target } from "../../db/schema";
import type { TableCount } from "../archive/manifest";
import type { RunLog } from "../process/run-log";

export interface DriverContext {
  runId: number;
  target: Target;
  app: App;
  /** The source with the real password put back (server side only). */
  source: Record<string, unknown>;
  /** A scratch folder beside the artifact (same filesystem), removed after the run. */
  workDir: string;
  /** The step signal: aborts on cancel or timeout (see process/step.ts). */
  signal: AbortSignal;
  log: RunLog;
  /** Report progress: bytes done so far, and the total when known. */
  progress: (bytes: number, total?: number | null) => void;
}

export interface ToolInfo {
  tool: { name: string; version: string };
  server: { version: string } | null;
}

/** A dump spooled to one file in the work dir, archived as one entry. */
export interface FilePayload extends ToolInfo {
  kind: "file";
  path: string;
  /** The archive entry name (one of the type's payloadNames, not a folder). */
  name: string;
  tables?: TableCount[];
  keys?: number;
  /** When the dump ended (the manifest's finishedAt). */
  finishedAt: Date;
}

/** A folder streamed into the archive as `files/…` (never spooled). */
export interface TreePayload extends ToolInfo {
  kind: "tree";
  root: string;
  name: "files/";
  excludes?: string[];
}

export type Payload = FilePayload | TreePayload;

/** The backup half of a target type (lib/engine/types/<type>/backup.ts). */
export interface Driver {
  type: string;
  /** The source for the manifest and the log: no secrets. */
  describe(source: Record<string, unknown>): Record<string, unknown>;
  produce(ctx: DriverContext): Promise<Payload>;
}
