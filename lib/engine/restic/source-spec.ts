import type { Target } from "../../db/schema";
import type { DumpCommand } from "./backup-command";

/**
 * What a target type hands the restic engine (TargetTypeModule.restic): a folder restic reads
 * itself, or a dump tool whose stdout goes in through `backup --stdin` as one file. Dumps are
 * plain text (pg_dump -Fp, mariadb-dump), so consecutive dumps deduplicate.
 */
export type ResticSourceSpec =
  | { kind: "folder"; path: string; exclude: string[] }
  | { kind: "dump"; command: Omit<DumpCommand, "onStderr"> };

export type ResticSourceOf = (source: Record<string, unknown>, target: Target) => ResticSourceSpec;
