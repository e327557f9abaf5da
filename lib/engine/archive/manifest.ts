import type { Compression } from "../../db/schema";

export const ARTIFACT_FORMAT = "lifeboat-artifact";
export const FORMAT_VERSION = 1;

/** The payload entry's name; each target type lists its own (lib/engine/types/<type>/index.ts, FORMAT.md). */
export type PayloadName = string;

export interface TableCount {
  schema?: string;
  name: string;
  rows: number;
}

/** The first entry of every artifact (see FORMAT.md). */
export interface Manifest {
  format: typeof ARTIFACT_FORMAT;
  formatVersion: typeof FORMAT_VERSION;
  runId: number;
  app: string;
  target: string;
  targetId: number;
  /** The target type (a key of lib/engine/types/registry.ts). */
  type: string;
  compression: Compression;
  /** The source described without secrets (masked URL, path, excludes…). */
  source: Record<string, unknown>;
  tool: { name: string; version: string };
  server: { version: string } | null;
  startedAt: string;
  finishedAt: string;
  payload: {
    name: PayloadName;
    sizeBytes: number;
    fileCount?: number;
    tables?: TableCount[];
    keys?: number;
  };
}

/** The trailing entry of streamed-folder artifacts: what was actually written. */
export interface ArchiveSummary {
  fileCount: number;
  bytes: number;
  warnings: string[];
  finishedAt: string;
}
