import type { RunDto } from "../services/runs/dto";

/** A run in the API v1 contract (issue 7): exactly these fields. */
export interface ApiRun {
  id: number;
  targetId: number;
  status: RunDto["status"];
  trigger: RunDto["trigger"];
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  sizeBytes: number | null;
  sha256: string | null;
  exitCode: number | null;
  error: string | null;
}

export function toApiRun(r: RunDto): ApiRun {
  return {
    id: r.id,
    targetId: r.targetId,
    status: r.status,
    trigger: r.trigger,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    durationMs: r.durationMs,
    sizeBytes: r.sizeBytes,
    sha256: r.sha256,
    exitCode: r.exitCode,
    error: r.error,
  };
}
