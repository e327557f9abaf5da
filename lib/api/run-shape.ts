import type { RunDto } from "../services/runs/dto";
import type { CursorRun } from "../services/runs/cursor-page";

/** A run in the API v1 contract (issue 7): exactly these fields, the columns the cursor page reads. */
export type ApiRun = CursorRun;

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
