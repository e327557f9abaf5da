import type { RestoreDto } from "../services/restores/dto";
import type { RestorePreview } from "../services/restores/preview";
import { formatBytes } from "../ui/units";

/** A restore in the API v1 contract (issue 10): exactly these fields. */
export interface ApiRestore {
  id: number;
  runId: number;
  targetId: number;
  status: RestoreDto["status"];
  safetyRunId: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export function toApiRestore(r: RestoreDto): ApiRestore {
  return {
    id: r.id,
    runId: r.runId,
    targetId: r.targetId,
    status: r.status,
    safetyRunId: r.safetyRunId,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    error: r.error,
  };
}

/** The restore preview in the API v1 contract: what the preview page shows, warnings in words. */
export interface ApiRestorePreview {
  manifest: RestorePreview["manifest"];
  contents: RestorePreview["contents"];
  destination: {
    label: string;
    original: boolean;
    safetyBackup: boolean;
    state: NonNullable<RestorePreview["destination"]["state"]> | null;
    error: string | null;
  };
  freeBytes: number | null;
  neededBytes: number | null;
  warnings: string[];
  /** Where the artifact can be read: the primary and its copies, healthy nearest first. */
  sources: RestorePreview["sources"];
  /** The one a restore uses: the primary if present, else the nearest healthy copy. */
  source: RestorePreview["source"];
}

/** Everything the page would show in red or amber, as sentences a script can print. */
function warningsOf(p: RestorePreview): string[] {
  // The service's own: an untrusted upload, what the restoring login may do on the server.
  const out: string[] = [...p.warnings];
  if (p.problem) out.push(p.problem);
  else if (!p.restorable) out.push(`Lifeboat cannot restore ${p.run.targetType} targets: download the artifact and restore it by hand`);
  if (p.destination.error) out.push(p.destination.error);
  if (p.destination.state?.error) out.push(`The destination could not be inspected: ${p.destination.state.error}`);
  if (p.space.enough === false) {
    const free = p.space.free ? `${formatBytes(p.space.free.freeBytes)} free at ${p.space.free.path}` : "free space unknown";
    out.push(`Not enough free space: the restore needs at least ${formatBytes(p.space.needBytes)} (${free}; scratch space in the data directory: ${formatBytes(p.space.workFree?.freeBytes)} free)`);
  }
  if (p.run.verifyStatus === "failed" || p.run.verifyStatus === "restore-failed") out.push(`The last verification of this run failed: ${p.run.verifyMessage ?? p.run.verifyStatus}`);
  return out;
}

export function toApiPreview(p: RestorePreview): ApiRestorePreview {
  return {
    manifest: p.manifest,
    contents: p.contents,
    destination: {
      label: p.destination.label,
      original: p.destination.original,
      safetyBackup: p.destination.safetyBackup,
      state: p.destination.state,
      error: p.destination.error,
    },
    freeBytes: p.space.free?.freeBytes ?? null,
    neededBytes: p.space.needBytes,
    warnings: warningsOf(p),
    sources: p.sources,
    source: p.source,
  };
}
